"""The authors' guides' field reference lists exactly the fields the engine reads."""
from __future__ import annotations

import ast
import re

import pytest

from penjelas.check.documents import OVERVIEW_FIELDS, SECTION_FIELDS
from penjelas.model import SECTION_PAGES

from .conftest import REPO

GUIDES = {"docs/writing-content.md": "## Field reference", "docs/menulis-konten.md": "## Daftar kolom"}
# The function of the engine that reads each file's entries: its warn_unknown list is what it accepts.
READERS = {"content/site.yaml": ("validate.py", "read_config"), "content/timeline.yaml": ("records.py", "read_event"),
           "content/places.yaml": ("records.py", "read_place"), "content/sources.yaml": ("records.py", "read_source"),
           "content/people.yaml": ("records.py", "read_person"), "content/quotes.yaml": ("records.py", "read_quote"),
           "content/updates.yaml": ("records.py", "read_update")}


def accepted(module: str, function: str) -> set[str]:
    """The field names in the first warn_unknown((...)) call of an engine function."""
    tree = ast.parse((REPO / "penjelas" / "check" / module).read_text(encoding="utf-8"))
    body = next(node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name == function)
    call = next(node for node in ast.walk(body) if isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "warn_unknown" and isinstance(node.args[0], ast.Tuple))
    return {element.value for element in call.args[0].elts}


def documented(guide: str) -> dict[str, set[str]]:
    """For each '### ' table of the guide's field reference, the fields its rows name."""
    text = (REPO / guide).read_text(encoding="utf-8")
    reference = text[text.index("\n" + GUIDES[guide] + "\n") + 1:]
    tables: dict[str, set[str]] = {}
    heading = None
    for line in reference.splitlines():
        if line.startswith("## ") and line != GUIDES[guide]:
            break
        if line.startswith("### "):
            heading = line[4:].split(":")[0] if line.startswith("### Front matter") else line[4:]
            tables[heading] = set()
        elif heading and line.startswith("| `"):
            tables[heading].update(re.findall(r"`([^`]+)`", line.split("|")[1]))
    return tables


@pytest.mark.parametrize("guide", GUIDES)
def test_every_field_the_engine_reads_is_in_the_field_reference(guide):
    tables = documented(guide)
    assert set(READERS) | {"Front matter"} <= set(tables), sorted(tables)
    for path, (module, function) in READERS.items():
        fields = {name for name in tables[path] if "." not in name and "[" not in name}
        want = accepted(module, function)
        assert fields == want, (guide, path, "missing:", want - fields, "not read:", fields - want)
    versions = {name.split(".", 1)[1] for name in tables["content/quotes.yaml"] if name.startswith("versions[].")}
    assert versions == accepted("records.py", "read_version"), guide
    pages = {name.split(".", 1)[1] for name in tables["content/site.yaml"] if name.startswith("pages.")}
    assert pages == set(SECTION_PAGES), guide
    assert tables["Front matter"] == set(SECTION_FIELDS) | set(OVERVIEW_FIELDS), guide
