"""Write stage, build state: what a build was made from, so an unchanged site is not built again.

Input: the site's input files, the engine's own source and the build options. Output: a
small JSON file in the output folder; a build whose inputs, engine and options all match it
(and whose output files are all still there) is a no-op that replays the last report.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..load.files import INPUT_FOLDERS
from ..problems import Group, Location, Problem

STATE = ".penjelas-state.json"
ENGINE = Path(__file__).resolve().parent.parent  # the penjelas package


def hash_files(root: Path) -> dict[str, str]:
    """Return site path -> SHA-256 of every input file of the site."""
    hashes = {}
    for folder in INPUT_FOLDERS:
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else []:
            if path.is_file():
                hashes[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def engine_version(engine: Path = ENGINE) -> str:
    """Return a hash of the engine's own files (every module in every sub-folder, and the
    starter's data): a changed engine rebuilds everything."""
    digest = hashlib.sha256()
    for path in sorted(engine.rglob("*")):
        name = path.relative_to(engine)
        if path.is_file() and "__pycache__" not in name.parts:
            digest.update(name.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def describe_build(inputs: dict[str, str], options: dict[str, Any], problems: list[Problem],
                   pages: dict[str, int], files: list[str]) -> dict[str, Any]:
    """Return the state to store beside a finished build (inputs: hash_files before it read them)."""
    return {"engine": engine_version(), "options": options, "inputs": inputs, "pages": list(pages.items()),
            "files": sorted(files),
            "problems": [[p.location.path, p.location.line, p.location.col, p.severity, p.message, p.hint,
                          [p.group.key, p.group.summary, p.group.hint] if p.group else None]
                         for p in problems]}


def write_state(folder: Path, state: dict[str, Any]) -> None:
    """Store the state in an output (or staging) folder."""
    (folder / STATE).write_text(json.dumps(state, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def forget_state(out: Path) -> None:
    """Drop the state after the output was changed in place (the dev server's rebuilds)."""
    (out / STATE).unlink(missing_ok=True)


def unchanged_build(out: Path, inputs: dict[str, str], options: dict[str, Any]) -> dict[str, Any] | None:
    """Return the last build's state if nothing it was made from has changed, else None."""
    try:
        state = json.loads((out / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if state.get("options") != options or state.get("engine") != engine_version():
        return None
    if state.get("inputs") != inputs:
        return None
    if not all((out / name).is_file() for name in state.get("files", [])):
        return None  # someone deleted part of the output
    return state


def replay_problems(state: dict[str, Any]) -> list[Problem]:
    """Return the problems the unchanged build reported."""
    return [Problem(Location(path, line, col), severity, message, hint, Group(*group) if group else None)
            for path, line, col, severity, message, hint, group in state.get("problems", [])]
