"""Every bad input gives `path:line[:col]: error: message` and a hint, exit 1, no traceback.

Each case is a mini-site under tests/sites/<case>/ laid over tests/sites/basic/.
"""
from __future__ import annotations

import pytest

from .conftest import build, make_site

CASES = [
    ("error-malformed-yaml", "content/sources.yaml:6:1: error: malformed YAML: found unexpected end of stream "
                             "(while scanning a quoted scalar that starts on line 4)"),
    ("error-unknown-citation", "content/sections/meeting.id.md:11: error: citation of unknown source 'alpah'\n"
                               "    hint: did you mean 'alpha'?"),
    ("error-timeline-unknown-source", "content/timeline.yaml:5:3: error: event 'meet' cites unknown source 'afp-kirby'\n"
                                      "    hint: known: alpha, beta, gamma"),
    ("error-invalid-date", "content/sections/reply.en.md:6:1: error: front matter: '2023-09-31' is not a valid date"),
    ("error-no-offset", "content/timeline.yaml:2:3: error: event 'meet': '2023-09-13T13:09' has no UTC offset"),
    ("error-missing-language-text", "content/timeline.yaml:6:3: error: event 'meet': 'text' has no 'en' text\n"
                                    "    hint: add 'en: ...' under 'text'"),
    ("error-unknown-language", "content/sections/meeting.fr.md:1: error: unknown language suffix '.fr' in the file name\n"
                               "    hint: configured languages (content/site.yaml): id, en"),
    ("error-duplicate-slug", "content/sections/reply.en.md:1: error: slug 'meeting' is already used by "
                             "content/sections/meeting.en.md"),
    ("error-duplicate-key", "content/people.yaml:4:3: error: duplicate key 'name' (first defined on line 2)"),
    ("error-wrong-type", "content/sections/meeting.en.md:2:1: error: front matter: 'title' must be text, got a list"),
    ("error-no-front-matter", "content/sections/meeting.en.md:1: error: front matter missing"),
    ("error-unterminated-front-matter", "content/sections/meeting.en.md:1: error: front matter is not closed"),
    ("error-not-utf8", "content/sections/meeting.en.md:4:13: error: file is not UTF-8 text (byte 0xe9)"),
    ("error-empty-file", "content/sections/meeting.en.md:1: error: file is empty"),
    ("error-unknown-quote", "content/sections/meeting.en.md:10: error: quote block for unknown quote 'goodbye'"),
    ("error-timeline-order", "content/timeline.yaml:7:3: error: event 'meet' is out of order: "
                             "it happened before 'briefing'"),
    ("error-template-syntax", "templates/people.html:3: error: template syntax error: unexpected '}'"),
    ("error-template-undefined", "templates/people.html:4: error: undefined name in template: "
                                 "'page_subtitle' is undefined"),
    ("error-missing-ui-key", "templates/people.html:3: error: UI string 'people.no_such_key' is not defined "
                             "in any translations file"),
    ("error-javascript-link", "content/sections/meeting.en.md:8: error: link with a 'javascript:' address is not allowed"),
    ("error-front-matter-list", "content/sections/meeting.en.md:2:1: error: front matter must be a mapping of "
                                "fields, got a list"),
    ("error-vbscript-link", "content/sections/meeting.en.md:11: error: link with a 'vbscript:' address is not allowed"),
    ("error-data-link", "content/sections/meeting.en.md:11: error: link with a 'data:' address is not allowed"),
    ("error-missing-url-and-how", "content/sources.yaml:17:3: error: source 'gamma': missing required field 'how_to_find'"),
    ("error-page-slug", "content/site.yaml:9:28: error: site.yaml 'pages' 'timeline': '../timeline' is not a valid slug\n"
                        "    hint: use lowercase letters, digits and dashes, e.g. 'timeline'"),
    ("error-page-slug-taken", "content/site.yaml:11:3: error: site.yaml 'pages': the 'id' slug 'sumber' is already "
                              "used by the sources page\n    hint: give the people page its own slug, e.g. 'sumber-people'"),
]


@pytest.mark.parametrize("case, expected", CASES, ids=[case for case, _ in CASES])
def test_bad_input_is_reported_with_file_and_line(tmp_path, case, expected):
    root = make_site(tmp_path, case)
    result = build(root)
    assert result.code == 1
    assert expected in result.err
    assert "Traceback" not in result.err
    assert "missing translation" not in result.err, "a broken file is not also reported as missing"
    assert result.err.rstrip().splitlines()[-1].startswith("NOT built (output left unchanged)")
    assert not (root / "output").exists()


def test_all_problems_are_reported_at_once(tmp_path):
    root = make_site(tmp_path, "error-unknown-citation", "error-no-offset", "error-duplicate-key")
    result = build(root)
    assert result.code == 1
    assert "content/people.yaml:4:3: error: duplicate key" in result.err
    assert "content/sections/meeting.id.md:11: error: citation of unknown source 'alpah'" in result.err
    assert "content/timeline.yaml:2:3: error: event 'meet'" in result.err
    lines = [line for line in result.err.splitlines() if ": error: " in line]
    assert lines == sorted(lines), "problems are printed in file and line order"
    assert "3 errors" in result.err.splitlines()[-1]


def test_bom_and_crlf_are_accepted(tmp_path):
    root = make_site(tmp_path)
    page = root / "content/sections/meeting.en.md"
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes().replace(b"\n", b"\r\n"))
    result = build(root)
    assert result.code == 0, result.err
    assert "The two leaders met" in (root / "output/en/meeting/index.html").read_text()


def test_untranslated_section_is_a_warning_naming_the_missing_file(tmp_path):
    root = make_site(tmp_path, "untranslated")
    result = build(root)
    assert result.code == 0
    assert ("content/sections/extra.id.md:1: warning: missing translation: 'extra' has no 'en' version"
            in result.err)
    assert "hint: translate it as content/sections/extra.en.md" in result.err


def test_every_case_is_documented_in_docs_errors_md():
    from .conftest import REPO
    doc = (REPO / "docs/errors.md").read_text(encoding="utf-8")
    for case, expected in CASES:
        assert f"tests/sites/{case}/" in doc, f"regenerate docs/errors.md (tools/error_table.py): {case}"
        assert expected.splitlines()[0] in doc, f"docs/errors.md is out of date for {case}"
