"""Markdown extensions, case by case from tests/markdown_cases.md (title, input, expected HTML).

Add a case by adding a block to that file; no Python needed.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from penjelas.render.citations import CitationList
from penjelas.text.markdown import create_markdown, find_references

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


def test_repeated_headings_get_numbered_ids_like_the_anchors_plugin():
    md = create_markdown()
    text = "## Same\n\n## Same-2\n\n### Same\n\n## Same\n\n## Same\n\n## Same-1\n\n#### Same\n"
    ids = [token.attrGet("id") for token in md.parse(text) if token.type == "heading_open"]
    # a number already taken by another heading's text is skipped; h4 gets none (only ## and ###)
    assert ids == ["same", "same-2", "same-1", "same-3", "same-4", "same-1-1", None]


def test_many_identical_headings_all_get_unique_ids():
    md = create_markdown()
    ids = [t.attrGet("id") for t in md.parse("\n\n".join(["## Repeat"] * 3000)) if t.type == "heading_open"]
    assert ids[:3] == ["repeat", "repeat-1", "repeat-2"] and ids[-1] == "repeat-2999"
    assert len(set(ids)) == 3000


def test_smart_quotes_pair_across_a_long_paragraph():
    md = create_markdown()
    words = " ".join(f'"w{i}" it\'s' for i in range(400))  # far longer than one text piece
    html = md.render(words, {"cite": lambda ids: "", "quote": lambda q: ""})
    assert '"' not in html.replace('<p>', '') and "“w0”" in html and "“w399”" in html
    assert html.count("it’s") == 400


def test_citation_lines_are_counted_in_a_long_paragraph():
    from penjelas.text.markdown import prepare
    prepared = prepare(create_markdown(), "\n".join(f"claim {i} [@s{i}]" for i in range(50)))
    assert [(ref.value, ref.line) for ref in prepared.references][:3] == [("s0", 0), ("s1", 1), ("s2", 2)]
    assert [(ref.value, ref.line) for ref in prepared.references][-1] == ("s49", 49)


def test_quote_blocks_on_consecutive_lines_are_each_a_quote_block():
    md = create_markdown()
    quoted = []
    html = md.render("Text.\n\n" + "".join(f"::: quote q{n}\n" for n in range(2000)),
                     {"cite": lambda ids: "", "quote": lambda qid: quoted.append(qid) or f"[{qid}]"})
    assert quoted == [f"q{n}" for n in range(2000)]
    assert html.startswith("<p>Text.</p>\n[q0][q1]")


def test_a_paragraph_with_thousands_of_unmatched_quotes_keeps_straight_quotes():
    from penjelas.text.markdown import MAX_QUOTE_MARKS
    md = create_markdown()
    env = {"cite": lambda ids: "", "quote": lambda q: ""}
    many = '("a ' * (MAX_QUOTE_MARKS // 2 + 1) + "b' " * (MAX_QUOTE_MARKS // 2)
    html = md.render(many + '\n\n"Short" one.', env)
    first, second = html.split("</p>")[:2]
    assert "“" not in first and first.count("&quot;") == MAX_QUOTE_MARKS // 2 + 1
    assert "“Short”" in second, "other paragraphs still get typographic quotes"
