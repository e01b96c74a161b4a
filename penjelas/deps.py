"""Dependencies: which outputs a change affects, from the inputs each output recorded while rendering.

Input: the previous build's outputs and the site paths that changed. Output: the output
paths to render again, or the reason a full rebuild is needed (correct first, then fast).
"""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any, Mapping

from .model import Site
from .page_context import entry_key
from .render import Output

ASSETS = "assets/"


def known_inputs(outputs: Mapping[str, Output]) -> set[str]:
    """Return every site file some output was made from (entry keys count for their file)."""
    known: set[str] = set()
    for output in outputs.values():
        known |= output.inputs
    return known | {key.partition("#")[0] for key in known}


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
    """Return the outputs whose recorded inputs include a changed file or entry.

    A whole file that changed affects the outputs that used any of its entries too, and a
    changed entry affects the outputs that used its whole file (the sources page lists all).
    """
    prefixes = tuple(key + "#" for key in changed if "#" not in key)
    files = {key.partition("#")[0] for key in changed}
    return {path for path, output in outputs.items()
            if output.inputs & (changed | files) or any(key.startswith(prefixes) for key in output.inputs)}


def _content(record: Any) -> tuple:
    """The fields of a record that show on a page (not where it sits in its file)."""
    return tuple(getattr(record, f.name) for f in fields(record) if f.name not in ("location", "at"))


def entry_changes(path: str, old: list, new: list) -> set[str]:
    """Name what changed in a file of records with ids: the changed entries, or the whole
    file when entries were added, removed or reordered."""
    if [r.id for r in old] != [r.id for r in new]:
        return {path}
    before = {r.id: r for r in old}
    keys: set[str] = set()
    for record in new:
        previous = before[record.id]
        if _content(previous) != _content(record):
            keys.add(entry_key(path, record.id))
            section = getattr(record, "section", None)
            if section != getattr(previous, "section", None):  # an event moved between sections
                keys |= {entry_key(path, f"section:{s}") for s in (section, previous.section) if s}
    return keys


def expand_changes(old: Site | None, new: Site, changed: set[str]) -> set[str]:
    """Replace changed timeline and sources files by the entries that really changed."""
    if old is None:
        return changed
    records = {"content/timeline.yaml": lambda site: list(site.timeline),
               "content/sources.yaml": lambda site: list(site.sources.values())}
    expanded = set()
    for path in changed:
        if path in records:
            expanded |= entry_changes(path, records[path](old), records[path](new))
        else:
            expanded.add(path)
    return expanded


def changed_assets(changed: set[str]) -> set[str]:
    """Return the changed files that are copied as they are (stylesheets, images)."""
    return {path for path in changed if path.startswith(ASSETS)}
