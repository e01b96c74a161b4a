"""Build stage, dependencies: which outputs a change affects, from the inputs each output
recorded while rendering.

Input: the previous build's outputs and the site paths that changed. Output: the output
paths to render again, or the reason a full rebuild is needed (correct first, then fast).
"""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any, Iterable

from ..model import Site
from ..render.assets import ASSETS, is_copied
from ..render.page_context import entry_key
from ..render.renderer import Output


class DependencyIndex:
    """Which outputs used each input (a file, or an entry 'file#id'), so that what a change
    affects is found by lookup, whatever the size of the site."""

    def __init__(self, outputs: Iterable[Output] = ()):
        self.by_key: dict[str, set[str]] = {}  # input key -> output paths
        self.by_file: dict[str, set[str]] = {}  # file part of a key -> output paths
        self.inputs_of: dict[str, frozenset] = {}
        for output in outputs:  # by key first: far fewer keys than (output, key) pairs to split
            self.inputs_of[output.path] = output.inputs
            for key in output.inputs:
                self.by_key.setdefault(key, set()).add(output.path)
        for key, paths in self.by_key.items():
            self.by_file.setdefault(key.partition("#")[0], set()).update(paths)

    def add(self, output: Output) -> None:
        """Index an output's inputs (replacing what it used before)."""
        self.remove(output.path)
        self.inputs_of[output.path] = output.inputs
        for key in output.inputs:
            self.by_key.setdefault(key, set()).add(output.path)
            self.by_file.setdefault(key.partition("#")[0], set()).add(output.path)

    def remove(self, path: str) -> None:
        for key in self.inputs_of.pop(path, ()):
            self.by_key[key].discard(path)
            self.by_file[key.partition("#")[0]].discard(path)

    def knows(self, site_path: str) -> bool:
        """Tell whether some output was made from this file (or an entry of it)."""
        return bool(self.by_file.get(site_path))

    def affected(self, changed: set[str]) -> set[str]:
        """Return the outputs whose recorded inputs include a changed file or entry.

        A whole file that changed affects the outputs that used any of its entries too, and a
        changed entry affects the outputs that used its whole file (the sources page lists all).
        """
        found: set[str] = set()
        for key in changed:
            file, hash_, _ = key.partition("#")
            if hash_:
                found |= self.by_key.get(key, set()) | self.by_key.get(file, set())
            else:
                found |= self.by_file.get(key, set())
        return found


def full_rebuild_reason(index: DependencyIndex | None, changed: set[str], root: Path) -> str | None:
    """Say why the change needs a full rebuild, or None when an incremental one is enough."""
    if index is None:
        return "no previous build"
    for path in sorted(changed):
        if is_asset(path):
            continue
        if not (root / path).exists():
            return f"{path} was removed"
        if not index.knows(path):
            return f"{path} is new"
    return None


def order_change_reason(old: Site, new: Site) -> str | None:
    """Say so when the story order of sections changed (every section shows its number)."""
    for lang in new.config.codes:
        if [d.key for d in old.sections(lang)] != [d.key for d in new.sections(lang)]:
            return f"the order of the sections in '{lang}' changed"
    return None


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
            if (getattr(record, "when", None), getattr(record, "place", None)) != \
                    (getattr(previous, "when", None), getattr(previous, "place", None)):
                keys.add(entry_key(path, "dates"))  # the span of days the timeline covers
            section = getattr(record, "section", None)
            if section != getattr(previous, "section", None):  # an event moved between sections
                keys |= {entry_key(path, f"section:{s}") for s in (section, previous.section) if s}
    return keys


def document_changes(path: str, old: Any, new: Any) -> set[str]:
    """Name what changed in a Markdown file: the whole file when its head (title, slug,
    summary, dates) changed, else 'file#body': what only the document's own page shows."""
    if old is None or new is None or old.head() != new.head():
        return {path}
    return {entry_key(path, "body")}


def expand_changes(old: Site | None, new: Site, changed: set[str]) -> set[str]:
    """Replace changed timeline, sources and Markdown files by what really changed in them,
    and add the documents whose translation became stale or up to date."""
    if old is None:
        return changed
    records = {"content/timeline.yaml": lambda site: list(site.timeline),
               "content/sources.yaml": lambda site: list(site.sources.values())}
    expanded = set()
    for path in changed:
        if path in records:
            expanded |= entry_changes(path, records[path](old), records[path](new))
        elif path.endswith(".md"):
            expanded |= document_changes(path, old.document_at(path), new.document_at(path))
        else:
            expanded.add(path)
    for key, lang in old.stale ^ new.stale:  # its own page shows a notice, or no longer does
        if (key, lang) in new.documents:
            expanded.add(entry_key(new.documents[key, lang].path, "body"))
    return expanded


def is_asset(site_path: str) -> bool:
    """Tell whether a file is copied as it is (a stylesheet, an image of assets/ or content/images/)."""
    return is_copied(site_path)


def changed_assets(changed: set[str], fingerprinted: bool = False) -> set[str]:
    """Return the changed files that are copied as they are (stylesheets, images); with
    `fingerprinted`, only those published under a hashed name (assets/)."""
    return {path for path in changed if is_asset(path) and (not fingerprinted or path.startswith(ASSETS))}
