"""Dependencies: which outputs a change affects, from the inputs each output recorded while rendering.

Input: the previous build's outputs and the site paths that changed. Output: the output
paths to render again, or the reason a full rebuild is needed (correct first, then fast).
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

from .render import Output

ASSETS = "assets/"


def known_inputs(outputs: Mapping[str, Output]) -> set[str]:
    """Return every site file some output was made from."""
    known: set[str] = set()
    for output in outputs.values():
        known |= output.inputs
    return known


def full_rebuild_reason(outputs: Mapping[str, Output], changed: set[str], root: Path) -> str | None:
    """Say why the change needs a full rebuild, or None when an incremental one is enough."""
    if not outputs:
        return "no previous build"
    known = known_inputs(outputs)
    for path in sorted(changed):
        if path.startswith(ASSETS):
            continue
        if not (root / path).exists():
            return f"{path} was removed"
        if path not in known:
            return f"{path} is new"
    return None


def affected_outputs(outputs: Mapping[str, Output], changed: set[str]) -> set[str]:
    """Return the outputs whose recorded inputs include a changed file."""
    return {path for path, output in outputs.items() if output.inputs & changed}


def changed_assets(changed: set[str]) -> set[str]:
    """Return the changed files that are copied as they are (stylesheets, images)."""
    return {path for path in changed if path.startswith(ASSETS)}
