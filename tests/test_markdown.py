"""Markdown extensions, case by case from tests/markdown_cases.md (title, input, expected HTML).

Add a case by adding a block to that file; no Python needed.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from penjelas.citations import CitationList
from penjelas.markdown import create_markdown, find_references

CASES = read_fixture_file(Path(__file__).parent / "markdown_cases.md")


@pytest.mark.parametrize("line, title, source, expected", CASES, ids=[c[1] for c in CASES])
def test_markdown_case(line, title, source, expected):
    md = create_markdown()
    citations = CitationList("Source {n}")
    env = {"cite": citations.cite, "quote": lambda quote_id: f'<figure data-quote="{quote_id}"></figure>'}
    assert md.render(source, env) == expected


def test_references_carry_their_line():
    md = create_markdown()
    tokens = md.parse("Intro.\n\nOne [@a]\ntwo [@b; @c]\n\n::: quote q\n\n- item [@d]\n")
    found = [(r.kind, r.value, r.line) for r in find_references(tokens)]
    assert found == [("citation", "a", 2), ("citation", "b", 3), ("citation", "c", 3),
                     ("quote", "q", 5), ("citation", "d", 7)]


def test_malformed_citation_is_reported():
    md = create_markdown()
    found = [(r.kind, r.value) for r in find_references(md.parse("Bad [@ok; nope] here."))]
    assert found == [("citation", "ok"), ("malformed-citation", "nope")]
