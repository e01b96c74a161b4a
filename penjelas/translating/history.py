"""Translating, history: find the version of an original that a stale translation follows.

Input: a stale Status and the site's git history. Output: a unified diff of the original's
text (title, summary, key points, body; or an entry's texts) from that version to now.
"""
from __future__ import annotations

import difflib
import subprocess
from pathlib import Path
from typing import Any

from ..check import records
from ..check.fields import Fields
from ..check.translation import Status, entry_text
from ..fingerprint import document_text, fingerprint
from ..load.files import split_front_matter
from ..load.yaml_loader import parse_yaml
from ..problems import Location, ProblemLog
from .mark import _find_entry, entry_file

READERS = {"timeline": records.read_event, "sources": records.read_source, "people": records.read_person,
           "quotes": records.read_quote, "places": records.read_place, "updates": records.read_update}


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def original_text(site: Any, status: Status, file_text: str) -> str | None:
    """Return the translatable text of the status's original as it is in file_text."""
    problems = ProblemLog()
    default = site.config.default_language
    if "." not in status.item:
        split = split_front_matter(file_text, status.original_path, problems)
        if split is None or not isinstance(split.front, dict):
            return None
        front = split.front
        return document_text(front.get("title"), front.get("summary"), front.get("key_points"), split.body)
    stem = status.item.partition(".")[0]
    _, entry_id = entry_file(status.item)
    entry = _find_entry(parse_yaml(file_text, status.original_path, problems), entry_id, default)
    if entry is None:
        return None
    record = READERS[stem](Fields(entry, Location(status.original_path), "entry", problems, site.config.codes))
    return entry_text(record, default) if record is not None else None


def describe_change(root: Path, site: Any, status: Status) -> str:
    """Return the diff of an original since the committed version its translation follows."""
    title = f"== {status.item}.{status.lang}: {status.original_path} since {status.recorded}"
    current_file = (root / status.original_path).read_text(encoding="utf-8-sig")
    current = original_text(site, status, current_file) or ""
    log = _git(root, "log", "--format=%H %as", "--", status.original_path)
    if log is None:
        return f"{title}\n(no git history here: cannot show what changed)"
    for line in log.splitlines():
        commit, _, day = line.partition(" ")
        old_file = _git(root, "show", f"{commit}:./{status.original_path}")
        old = original_text(site, status, old_file) if old_file is not None else None
        if old is not None and fingerprint(old) == status.recorded:
            diff = difflib.unified_diff(old.splitlines(), current.splitlines(),
                                        f"{status.original_path} @ {commit[:10]} ({day})",
                                        f"{status.original_path} (now)", lineterm="")
            return title + "\n" + "\n".join(diff)
    return f"{title}\n(no committed version of {status.original_path} has fingerprint {status.recorded})"
