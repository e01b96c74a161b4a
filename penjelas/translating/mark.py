"""Translating, marking: record an original's current fingerprint in a translation.

Input: an item name and language (`harbour.en`, `timeline.opening.en`) and the fingerprint.
Output: the one file changed in one place: the `translation_of` line of a front matter or
YAML entry is rewritten or inserted; every other byte of the file stays as it was. The
fingerprint is written quoted: unquoted, YAML would read '364804772760' as a number.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..check.records import raw_event_id
from ..check.translation import ENTRY_FILES
from ..load.yaml_loader import YamlMap, parse_yaml
from ..problems import ProblemLog

FIELD = "translation_of"


class MarkFailed(Exception):
    """The item cannot be marked; the message says why."""


def _lines(path: Path) -> tuple[list[str], str]:
    data = path.read_bytes().decode("utf-8")
    newline = "\r\n" if "\r\n" in data else "\n"
    # split on "\n" only: YAML counts lines that way (str.splitlines would also split on U+2028)
    return [line for line in re.split(r"(?<=\n)", data) if line], newline


def mark_document(path: Path, fingerprint: str) -> None:
    """Set `translation_of: FINGERPRINT` in a Markdown file's front matter."""
    lines, newline = _lines(path)
    if not lines or lines[0].lstrip("\ufeff").rstrip("\r\n").rstrip() != "---":
        raise MarkFailed(f"{path.name} has no front matter")
    for index in range(1, len(lines)):
        text = lines[index].rstrip("\r\n")
        if text.rstrip() == "---":
            lines.insert(index, f'{FIELD}: "{fingerprint}"{newline}')
            break
        if re.match(rf"^{FIELD}\s*:", text):
            ending = lines[index][len(text):]
            lines[index] = f'{FIELD}: "{fingerprint}"{ending}'
            break
    else:
        raise MarkFailed(f"{path.name}: front matter is not closed")
    path.write_bytes("".join(lines).encode("utf-8"))


def mark_entry(path: Path, site_path: str, entry_id: str, lang: str, fingerprint: str, default: str) -> None:
    """Set `translation_of: {LANG: FINGERPRINT}` in one entry of a YAML file (`default`: the
    original language, whose title an event without `id:` takes its id from)."""
    lines, newline = _lines(path)
    problems = ProblemLog()
    data = parse_yaml("".join(lines), site_path, problems)
    entry = _find_entry(data, entry_id, default)
    if entry is None:
        raise MarkFailed(f"no entry '{entry_id}' in {site_path}")
    if FIELD in entry.key_locations:
        where = entry.key_locations[FIELD]
        index = where.line - 1
        value = entry[FIELD]
        if isinstance(value, YamlMap) and value.location.line > where.line:  # a block mapping below the key
            if lang in value.key_locations:
                inner = value.key_locations[lang]
                line = lines[inner.line - 1]
                lines[inner.line - 1] = " " * (inner.col - 1) + f'{lang}: "{fingerprint}"' + _ending(line)
            else:
                column = value.location.col - 1
                lines.insert(value.location.line - 1, " " * column + f'{lang}: "{fingerprint}"{newline}')
        else:
            marks = dict(value) if isinstance(value, dict) else {}
            marks[lang] = fingerprint
            flow = ", ".join(f'{key}: "{mark}"' for key, mark in marks.items())
            lines[index] = " " * (where.col - 1) + f"{FIELD}: {{{flow}}}" + _ending(lines[index])
    else:
        first = min(entry.key_locations.values(), key=lambda loc: (loc.line, loc.col))
        text = " " * (first.col - 1) + f'{FIELD}: {{{lang}: "{fingerprint}"}}{newline}'
        if lines[first.line - 1][: first.col - 1].strip().startswith("-"):
            lines.insert(first.line, text)  # after "- id: ..." of a list item
        else:
            lines.insert(first.line - 1, text)  # before the first key of a keyed entry
    path.write_bytes("".join(lines).encode("utf-8"))


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")):]


def _find_entry(data: object, entry_id: str, default: str) -> YamlMap | None:
    if isinstance(data, list):  # a list of records: by `id:`, or by the id an event without one gets
        return next((item for item in data if isinstance(item, YamlMap) and raw_event_id(item, default) == entry_id),
                    None)
    if isinstance(data, YamlMap) and isinstance(data.get(entry_id), YamlMap):
        return data[entry_id]
    return None


def entry_file(item: str) -> tuple[str, str]:
    """Split an entry item name ('timeline.meet') into its file and id."""
    stem, _, entry_id = item.partition(".")
    return ENTRY_FILES[stem], entry_id
