"""Property-based tests: random front matter, Markdown and YAML, and mutated templates and
translations, never crash the build.

Either the build succeeds, or it exits 1 and every problem line is `path:line[:col]:
severity: message`. PENJELAS_HYPOTHESIS_EXAMPLES sets the number of examples per property
(CI runs more than the default).
"""
from __future__ import annotations

import os
import re

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .conftest import build, make_site

EXAMPLES = int(os.environ.get("PENJELAS_HYPOTHESIS_EXAMPLES", "30"))
PROBLEM = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+)(:\d+)?: (error|warning|note): \S")
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
FIELDS = ["title", "slug", "summary", "order", "date", "updated", "draft", "key_points", "translation_of"]
NASTY = ["", "2023-09-13", "2023-09-13T13:09+09:00", "2023-09-13T13:09", "2023-02-30", "pertemuan", "Bad Slug!",
         "[@alpha]", "[@nope]", "::: quote hello", "javascript:alert(1)", "\x00", "\ufeff", "- x", "{a: b}", "1e400"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
                    st.sampled_from(NASTY))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=8)
markdown_pieces = st.one_of(
    st.sampled_from(list("[]@;:()<>`*_#-!{}=\n \\\"'|~") + ["\x00", "\x07", "\x1b", "\r", "\u2028", "\ufeff",
                    "[@", "@alpha", "[@alpha]", "[@alpha; @nope]", "]{lang=en}", "::: quote hello\n", "\n\n",
                    "](javascript:x)", "<vbscript:x>", "[r]: data:x\n", "```\n", "    "]),
    st.text(max_size=6))


@pytest.fixture
def root(tmp_path):
    return make_site(tmp_path)


def assert_reported_cleanly(root) -> None:
    result = build(root)
    assert result.code in (0, 1), result.err
    assert "Traceback" not in result.err
    lines = [line for line in result.err.splitlines() if line and not line.startswith("    hint: ")]
    summary = lines.pop() if lines and lines[-1].startswith("NOT built") else None
    for line in lines:
        match = PROBLEM.match(line)
        assert match, f"not a path:line problem: {line!r}"
        assert int(match["line"]) >= 1
    if result.code == 1:
        assert summary is not None and any(": error: " in line for line in lines)


@SETTINGS
@given(front=st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=10)), values, max_size=9))
def test_random_front_matter_is_reported_not_crashed(root, front):
    text = yaml.safe_dump(front, allow_unicode=True) if front else ""
    (root / "content/sections/meeting.en.md").write_text(f"---\n{text}---\nThe two leaders met [@alpha].\n")
    assert_reported_cleanly(root)


@SETTINGS
@given(body=st.lists(markdown_pieces, max_size=40).map("".join))
def test_random_markdown_is_reported_not_crashed(root, body):
    page = root / "content/sections/meeting.en.md"
    head = "---\ntitle: The meeting\nslug: meeting\nsummary: They met.\norder: 1\ndate: 2023-09-13\n---\n"
    page.write_text(head + body, encoding="utf-8", newline="")
    assert_reported_cleanly(root)


@SETTINGS
@given(data=values, raw=st.one_of(st.none(), st.text(max_size=120)),
       target=st.sampled_from(["timeline", "sources", "people", "places", "quotes", "site"]))
def test_random_yaml_documents_are_reported_not_crashed(root, data, raw, target):
    path = root / "content" / f"{target}.yaml"
    text = raw if raw is not None else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8", newline="")
    assert_reported_cleanly(root)


@SETTINGS
@given(events=st.lists(st.fixed_dictionaries(
    {"id": st.sampled_from(["a", "b", "meet", "Bad Id"]), "when": st.sampled_from(NASTY[1:5] + ["2023-09-14"]),
     "place": st.sampled_from(["vostochny", "washington", "nowhere"]),
     "sources": st.lists(st.sampled_from(["alpha", "beta", "nope"]), max_size=2),
     "title": st.dictionaries(st.sampled_from(["id", "en", "fr"]), st.text(max_size=8), max_size=3),
     "text": st.one_of(st.text(max_size=5), st.dictionaries(st.sampled_from(["id", "en"]), scalars, max_size=2))}),
    max_size=4))
def test_random_timeline_entries_are_reported_not_crashed(root, events):
    (root / "content/timeline.yaml").write_text(yaml.safe_dump(events, allow_unicode=True), encoding="utf-8")
    assert_reported_cleanly(root)


url_paths = st.lists(st.sampled_from(["en", "id", "a", "b", "meeting", "404.html", "style.css", "."]), max_size=4)


@SETTINGS
@given(url_paths, url_paths, st.booleans(), st.booleans())
def test_relative_url_agrees_with_posixpath(source, target, source_folder, target_folder):
    """Links between pages are computed without the OS; they must match posixpath.relpath."""
    import posixpath

    from penjelas.routes import relative_url

    from_path = "/".join(source) + ("/" if source_folder and source else "")
    to_path = "/".join(target) + ("/" if target_folder and target else "")
    start = posixpath.dirname(from_path) if not from_path.endswith("/") else from_path.rstrip("/")
    expected = posixpath.relpath(to_path or ".", start or ".")
    if to_path.endswith("/") or to_path == "":
        expected = expected.rstrip("/") + "/" if expected != "." else "./"
    assert relative_url(from_path, to_path) == expected


# Templates and translations: random bytes and mutations of a real file of the fixture site.
ERROR_LINE = re.compile(r"^(templates|translations|content|assets)/[^:]+(:\d+)*: error: ")
FRAGMENTS = ["{{", "{%", "{#", "}}", "%}", "#}", "{{ x }}", "{{ page|no_such_filter }}", "{% if %}", "{% endfor %}",
             "{% block content %}", "{{ t('no.such.key') }}", "{{ 1/0 }}", "{{ none.x.y }}", "{n}", "{0}", "{oops}",
             "{ n", "}", ":", "- ", "'", '"', "\t", "&", "*a", "!!python/object:os.system", "\x00", "\ufeff", "\r"]
mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10_000)),
    st.tuples(st.just("duplicate"), st.integers(0, 10_000)),
    st.tuples(st.just("insert"), st.integers(0, 100_000), st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8))),
    st.tuples(st.just("bytes"), st.integers(0, 100_000), st.binary(min_size=1, max_size=6)),
    st.tuples(st.just("truncate"), st.integers(0, 100_000)))


def mutate(data: bytes, mutations) -> bytes:
    """Apply line deletions/duplications, insertions of text or bytes and truncation to a file."""
    for kind, where, *extra in mutations:
        lines = data.splitlines(keepends=True)
        if kind in ("delete", "duplicate") and lines:
            i = where % len(lines)
            lines[i:i + 1] = [] if kind == "delete" else [lines[i], lines[i]]
            data = b"".join(lines)
        elif kind in ("insert", "bytes"):
            i = where % (len(data) + 1)
            piece = extra[0].encode("utf-8") if kind == "insert" else extra[0]
            data = data[:i] + piece + data[i:]
        elif kind == "truncate":
            data = data[:where % (len(data) + 1)]
    return data


def files_of(out) -> dict:
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} if out.exists() else None


def assert_mutation_reported_cleanly(root, path, mutations, good: dict) -> None:
    original = path.read_bytes()
    path.write_bytes(mutate(original, mutations))
    try:
        result = build(root)
        assert result.code in (0, 1), result.err
        assert "Traceback" not in result.err
        if result.code == 1:
            errors = [line for line in result.err.splitlines() if ": error: " in line or line.startswith("error:")]
            assert errors, result.err
            for line in errors:
                assert ERROR_LINE.match(line), f"not a path:line error: {line!r}"
            assert files_of(root / "output") == good["files"], "a failed build left output/ as it was"
        else:
            good["files"] = files_of(root / "output")
    finally:
        path.write_bytes(original)


class LastGood(dict):
    """The files of the last good build (kept out of hypothesis's example reports)."""

    def __repr__(self) -> str:
        return "LastGood(...)"


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("mutations"))
    assert build(root).code == 0
    return root, LastGood(files=files_of(root / "output"))


# a build per example: a fifth of the examples, and no shrinking, keeps the default run short
MUTATION_SETTINGS = settings(SETTINGS, max_examples=max(3, EXAMPLES // 5),
                             phases=[Phase.explicit, Phase.reuse, Phase.generate])


TEMPLATES = sorted(p.name for p in (make_site.__globals__["REPO"] / "templates").glob("*.html"))


@MUTATION_SETTINGS
@given(name=st.sampled_from(TEMPLATES), mutations=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_templates_are_reported_not_crashed(built_site, name, mutations):
    root, good = built_site
    assert_mutation_reported_cleanly(root, root / "templates" / name, mutations, good)


@MUTATION_SETTINGS
@given(lang=st.sampled_from(["id", "en"]), mutations=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_translations_are_reported_not_crashed(built_site, lang, mutations):
    root, good = built_site
    assert_mutation_reported_cleanly(root, root / "translations" / f"{lang}.yaml", mutations, good)
