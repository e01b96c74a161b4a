"""Every bad input gives `path:line[:col]: error: message` and a hint, exit 1, no traceback.

Each case is a mini-site under tests/sites/<case>/ laid over tests/sites/basic/.
"""
from __future__ import annotations

import re

import pytest

from .conftest import build, make_site, soup

CASES = [
    ("error-malformed-yaml", "content/sources.yaml:6:1: error: malformed YAML: found unexpected end of stream "
                             "(while scanning a quoted scalar that starts on line 4)"),
    ("error-unknown-citation", "content/sections/meeting.id.md:11: error: citation of unknown source 'alpah'\n"
                               "    hint: did you mean 'alpha'?"),
    ("error-timeline-unknown-source", "content/timeline.yaml:5:3: error: event 'meet' cites unknown source 'afp-kirby'\n"
                                      "    hint: known: alpha, beta, gamma"),
    ("error-invalid-date", "content/sections/reply.en.md:6:1: error: front matter: '2023-09-31' is not a valid date"),
    ("error-no-offset", "content/timeline.yaml:2:3: error: event 'meet': '2023-09-13T13:09' has no UTC offset, so the "
                        "moment is ambiguous\n    hint: add the UTC offset vostochny (Asia/Yakutsk) had that day: "
                        "'2023-09-13T13:09+09:00' (use a date alone if the time is unknown)"),
    ("error-missing-language-text", "content/timeline.yaml:6:3: error: event 'meet': 'text' has no 'en' text\n"
                                    "    hint: add 'en: ...' under 'text'"),
    ("error-unknown-language", "content/sections/meeting.fr.md:1: error: unknown language suffix '.fr' in the file name\n"
                               "    hint: configured languages (content/site.yaml): id, en"),
    ("error-duplicate-slug", "content/sections/reply.en.md:3:1: error: slug 'meeting' is already used by "
                             "content/sections/meeting.en.md:3; both would be written to /en/meeting/\n"
                             "    hint: give one of them a slug of its own, e.g. 'slug: reply' in "
                             "content/sections/reply.en.md"),
    ("error-duplicate-key", "content/people.yaml:4:3: error: duplicate key 'name' (first defined on line 2)"),
    ("error-wrong-type", "content/sections/meeting.en.md:2:1: error: front matter: 'title' must be text, got a list"),
    ("error-no-front-matter", "content/sections/meeting.en.md:1: error: front matter missing"),
    ("error-unterminated-front-matter", "content/sections/meeting.en.md:1: error: front matter is not closed"),
    ("error-not-utf8", "content/sections/meeting.en.md:4:13: error: file is not UTF-8 text (byte 0xe9)"),
    ("error-empty-file", "content/sections/meeting.en.md:1: error: file is empty"),
    ("error-unknown-quote", "content/sections/meeting.en.md:10: error: quote block for unknown quote 'goodbye'"),
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
    ("error-template-runtime", "templates/people.html:4: error: template error: can only concatenate str "
                               "(not \"int\") to str (TypeError)"),
    ("error-template-not-utf8", "templates/partials/head.html:5:9: error: file is not UTF-8 text (byte 0xe9)"),
    ("error-ui-placeholder", "translations/en.yaml:25: error: UI string 'section.kicker': unknown placeholder "
                             "'{count}'; the template fills {n}, {total}\n"
                             "    hint: use only {n}, {total} in the text of 'section.kicker'"),
    ("error-missing-url-and-how", "content/sources.yaml:17:3: error: source 'gamma': missing required field 'how_to_find'"),
    ("error-timezone-folder", "content/places.yaml:9:3: error: place 'washington': unknown time zone 'America'\n"
                              "    hint: use a full zone name, e.g. America/Adak, America/Anchorage, America/Anguilla"),
    ("error-date-out-of-range", "content/timeline.yaml:3:3: error: event 'meet': '9999-12-31T23:59-12:00' is outside "
                                "the years 2 to 9998"),
    ("error-page-slug", "content/site.yaml:9:28: error: site.yaml 'pages' 'timeline': '../timeline' is not a valid slug\n"
                        "    hint: use lowercase letters, digits and dashes, e.g. 'timeline'"),
    ("error-page-slug-taken", "content/site.yaml:11:3: error: site.yaml 'pages': the 'id' slug 'sumber' is already "
                              "used by the sources page\n    hint: give the people page its own slug, e.g. 'sumber-people'"),
    ("error-source-notes-list", "content/sources.yaml:9:3: error: source 'alpha': 'notes' must be one text or the "
                                "text per language, got a list\n    hint: write 'notes: ...' (the same text in every "
                                "language) or 'notes: {id: ..., en: ...}'"),
    ("error-slug-default-page", "content/sections/reply.en.md:3:1: error: slug 'timeline' is already used by the "
                                "timeline page, which has this slug by default in 'en'\n    hint: give this section "
                                "another slug, e.g. 'slug: reply', or the timeline page another one in "
                                "content/site.yaml: 'pages: {timeline: {en: ...}}'"),
    ("error-duplicate-event-id", "content/timeline.yaml:13:3: error: event 3: the events on lines 1 and 13 have the "
                                 "same id '2023-09-13-mereka-bertemu' (an event without 'id:' gets one made of its "
                                 "date and title)\n    hint: give one of them its own id, e.g. "
                                 "'id: 2023-09-13-mereka-bertemu-2'"),
    ("error-unknown-place", "content/timeline.yaml:4:3: error: event 'meet' names unknown place 'vostochy', which is "
                            "not a key of content/places.yaml\n    hint: did you mean 'vostochny'? known: vostochny, "
                            "washington; or write the place as free text, e.g. 'place: Vostochy'"),
    ("error-place-no-places", "content/timeline.yaml:4:3: error: event 'meet' names place 'vostochny', but there are "
                              "no places in content/places.yaml\n    hint: write the place as free text, with a capital "
                              "letter or a space, e.g. 'place: Vostochny', or define 'vostochny' with its timezone in "
                              "content/places.yaml"),
    ("error-offset-mismatch", "content/timeline.yaml:11:3: error: event 'briefing': '2023-09-13T13:41-05:00' has "
                              "offset -05:00, but washington (America/New_York) was at UTC-04:00 on 13 September 2023\n"
                              "    hint: write '2023-09-13T13:41-04:00' (the local time as written, at washington's "
                              "offset); if the offset is right, the same moment on washington's clocks is "
                              "'2023-09-13T14:41-04:00', or the event is at another place"),
    ("error-offset-skipped-time", "content/timeline.yaml:11:3: error: event 'briefing': '2024-03-10T02:30-05:00' is a "
                                  "local time that washington (America/New_York) skipped on 10 March 2024, when its "
                                  "clocks were put forward\n    hint: check the time; the moment written is "
                                  "'2024-03-10T03:30-04:00' on washington's clocks"),
    ("error-tab-yaml", "content/people.yaml:10:1: error: malformed YAML: a tab is used to indent this line; "
                       "YAML indents with spaces only\n"
                       "    hint: replace the tab with spaces, lined up with the fields it belongs with"),
    ("error-duplicate-order", "content/sections/reply.en.md:5:1: error: order 1 is already used by "
                              "content/sections/meeting.en.md:5; two 'en' sections cannot share a place in the story\n"
                              "    hint: give it an order no other 'en' section has, e.g. 'order: 2', "
                              "or renumber the 'en' sections 1, 2, 3, ..."),
    ("error-updated-before-date", "content/sections/reply.en.md:7:1: error: front matter: 'updated' 2023-09-04 is "
                                  "earlier than 'date' 2023-09-14\n    hint: 'updated' is the day of the last change, "
                                  "on or after 'date': write 'updated: 2023-09-14' or a later day"),
    ("error-draft-citation", "content/sections/later.id.md:11: error: citation of unknown source 'alpah'\n"
                             "    hint: did you mean 'alpha'?"),
    ("error-tab-front-matter", "content/sections/reply.en.md:5:2: error: malformed YAML: a tab is used to indent "
                               "this line; YAML indents with spaces only"),
    ("error-missing-image", "content/sections/reply.en.md:11: error: image 'images/route.png': there is no file "
                            "content/images/route.png\n"
                            "    hint: put the file in content/images/ and write ![...](images/route.png)"),
    ("error-image-outside-images", "content/sections/reply.en.md:11: error: image 'route.png': no such file; the "
                                   "story's images go in content/images/\n"
                                   "    hint: put the file in content/images/ and write ![...](images/route.png)"),
    ("error-link-to-missing-page", "content/sections/reply.en.md:11: error: link to '/en/answer/': the site publishes "
                                   "no page or file at /en/answer/\n    hint: did you mean '/en/search/'? known: "),
    ("error-relative-link-to-missing-page", "content/sections/reply.en.md:11: error: link to '../meting/': the site "
                                            "publishes no page or file at /en/meting/ (relative to this page, "
                                            "/en/reply/)\n    hint: did you mean '../meeting/'?"),
    ("error-image-name", "content/images/route map.gif:1: error: image name 'route map.gif' cannot be part of an "
                         "address (it is published as images/route map.gif)\n"
                         "    hint: rename it to use only letters, digits, '.', '-' and '_', e.g. 'route-map.gif'"),
    ("error-no-settings", "content/site.yaml:1: error: content/site.yaml holds no settings (only comments, or null)\n"
                          "    hint: write the languages, title, description, base_url and publisher (see the field "
                          "reference in docs/writing-content.md)"),
    ("error-sources-only-comments", "content/overview.en.md:6: error: citation of unknown source 'alpha'\n"
                                    "    hint: content/sources.yaml defines none yet: add 'alpha' there"),
    ("error-reading-speed", "content/site.yaml:8:26: error: site.yaml 'reading_speed': the 'en' reading speed must "
                            "be a whole number of words per minute from 50 to 1000, got text\n"
                            "    hint: write 'en: 230' (the default for 'en'), or leave 'en' out"),
    ("error-reference-zone", "content/site.yaml:8:36: error: site.yaml 'reference_zone': the 'en' reference zone "
                             "must be a time zone name, got 'Europe/Londn'\n"
                             "    hint: use a zone name of the form Region/City from the IANA time zone database, "
                             "e.g. Europe/Paris"),
    ("error-unknown-excerpt", "content/sections/meeting.en.md:9: error: citation of unknown excerpt 'arival' of "
                              "source 'alpha'\n    hint: did you mean 'arrival'? known: arrival, long-talk "
                              "(the excerpts of 'alpha')"),
    ("error-timeline-unknown-excerpt", "content/timeline.yaml:21:3: error: event 'reply' cites unknown excerpt "
                                       "'hello' of source 'gamma'\n    hint: did you mean 'halo'? known: halo "
                                       "(the excerpts of 'gamma')"),
    ("error-excerpt-not-in-text-file", "content/sources.yaml:12:7: error: source 'alpha' excerpt 'arrival': the text "
                                       "is not in text_file 'texts/alpha.txt' (it matches up to 'at the spaceport at ', "
                                       "then has 'midday.')\n    hint: copy the passage exactly as texts/alpha.txt has "
                                       "it (every letter, space and quotation mark)"),
    ("error-excerpt-no-translation", "content/sources.yaml:45:7: error: source 'gamma' excerpt 'halo': missing "
                                     "required field 'translation' (our translation of the passage into en)\n"
                                     "    hint: add 'translation: {en: ...}'"),
    ("error-excerpt-translation-language", "content/sources.yaml:34:7: error: source 'beta' excerpt 'reply': "
                                           "'translation' has no 'en' text\n    hint: add 'en: ...' under "
                                           "'translation' (our own translation of the passage)"),
    ("error-excerpt-duplicate-key", "content/sources.yaml:15:7: error: source 'alpha' excerpt 'arrival': duplicate "
                                    "excerpt key 'arrival' (first used on line 11)\n    hint: every excerpt of a "
                                    "source needs its own key, e.g. 'key: arrival-2'"),
    ("error-excerpt-key", "content/sources.yaml:15:7: error: source 'alpha' excerpt 'Long Talk': 'Long Talk' is not a "
                          "valid excerpt key\n    hint: use lowercase letters, digits and hyphens, e.g. 'key: long-talk'"),
    ("error-excerpt-seen", "content/sources.yaml:47:7: error: source 'gamma' excerpt 'halo': 'seen' is 'online', "
                           "which is not one of: original, copy"),
    ("error-text-file-folder", "content/sources.yaml:9:3: error: source 'alpha': text_file 'texts' is a folder, not a "
                               "file\n    hint: name the file in it that holds the source's text, e.g. "
                               "'text_file: texts/alpha.txt'"),
    ("error-text-file-not-utf8", "content/sources.yaml:9:3: error: source 'alpha': text_file 'texts/alpha.txt' is not "
                                 "UTF-8 text (byte 0xe9 at position 49)\n    hint: save texts/alpha.txt as UTF-8"),
    ("error-sources-item", "content/timeline.yaml:21:3: error: event 'reply': an item of 'sources' is the mapping "
                           "'beta: reply, gamma: halo', which is neither a source id nor one 'source-id: excerpt-key' "
                           "pair\n    hint: write each item as 'some-id' or 'some-id: excerpt-key', e.g. "
                           "'sources: [beta: reply, gamma: halo]'"),
    ("error-glossary-variant-is-term", "content/glossary.yaml:1:54: error: glossary entry 1 'en': 'Briefing' is both "
                                       "the term and a variant to avoid\n"
                                       "    hint: remove 'Briefing' from 'avoid' (a variant differs from the term in "
                                       "more than letter case)"),
    ("error-page-section-name", "content/pages/meeting.en.md:1: error: 'meeting' names both a page "
                                "(content/pages/meeting.en.md) and a section (content/sections/meeting.en.md)\n"
                                "    hint: rename the page's file, e.g. content/pages/meeting-page.en.md; a page and "
                                "a section need different names"),
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


@pytest.mark.parametrize("value, shown, hint", [
    ("Asia", "Asia", "hint: use a full zone name, e.g. Asia/"),
    ("America", "America", "hint: use a full zone name, e.g. America/"),
    ("../x", "../x", "hint: use a zone name of the form Region/City"),
    ("'/etc/passwd'", "/etc/passwd", "hint: use a zone name of the form Region/City"),
    ("'Asia/'", "Asia/", "hint: use a full zone name, e.g. Asia/"),
])
def test_a_time_zone_that_is_not_a_zone_is_a_content_error(tmp_path, value, shown, hint):
    root = make_site(tmp_path)
    places = root / "content/places.yaml"
    text = places.read_text(encoding="utf-8")
    line = text.splitlines().index("  timezone: America/New_York") + 1
    places.write_text(text.replace("timezone: America/New_York", f"timezone: {value}"), encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert f"content/places.yaml:{line}:" in result.err
    assert f"error: place 'washington': unknown time zone '{shown}'" in result.err
    assert hint in result.err
    assert "Traceback" not in result.err and not (root / "output").exists()


@pytest.mark.parametrize("value, message", [("''", "'timezone' is empty"), ("5", "unknown time zone '5'")])
def test_an_empty_or_numeric_time_zone_is_a_content_error(tmp_path, value, message):
    root = make_site(tmp_path)
    places = root / "content/places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("timezone: America/New_York", f"timezone: {value}"),
                      encoding="utf-8")
    result = build(root)
    assert result.code == 1 and f"content/places.yaml:9:3: error: place 'washington': {message}" in result.err
    assert "Traceback" not in result.err and not (root / "output").exists()


@pytest.mark.parametrize("value", ["0001-01-01T00:00+14:00", "9999-12-31T23:59-12:00", "0001-01-01", "9999-12-31"])
def test_a_timeline_date_at_the_edge_of_the_calendar_is_a_content_error(tmp_path, value):
    root = make_site(tmp_path)
    timeline = root / "content/timeline.yaml"
    timeline.write_text(timeline.read_text(encoding="utf-8").replace("when: 2023-09-13T13:09+09:00", f"when: {value}", 1),
                        encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert f"content/timeline.yaml:3:3: error: event 'meet': '{value}' is outside the years 2 to 9998" in result.err
    assert "Traceback" not in result.err and not (root / "output").exists()


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_a_page_date_at_the_edge_of_the_calendar_is_a_content_error(tmp_path, value):
    root = make_site(tmp_path)
    page = root / "content/sections/reply.en.md"
    page.write_text(page.read_text(encoding="utf-8").replace("date: 2023-09-14", f"date: {value}"), encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert f"content/sections/reply.en.md:6:1: error: front matter: '{value}' is outside the years 2 to 9998" in result.err
    assert "Traceback" not in result.err and not (root / "output").exists()
KICKER = 'kicker: "Part {n} of {total}"'  # section.kicker in translations/en.yaml; templates fill {n} and {total}


@pytest.mark.parametrize("text, what", [
    ("Part {oops}", "unknown placeholder '{oops}'"),
    ("Part {0}", "'{0}' is not a placeholder"),
    ("Part { n", "unmatched '{'"),
    ("Part {n:>100000000}", "'{n:>100000000}' is not a placeholder"),
    ("Part {n.__class__}", "'{n.__class__}' is not a placeholder"),
    ("Part {n!r}", "'{n!r}' is not a placeholder"),
    ("Part n}", "unmatched '}'"),
])
def test_bad_ui_string_placeholder_is_reported_at_its_key(tmp_path, text, what):
    root = make_site(tmp_path)
    strings = root / "translations/en.yaml"
    source = strings.read_text(encoding="utf-8")
    line = source[:source.index(KICKER)].count("\n") + 1
    strings.write_text(source.replace(KICKER, f'kicker: "{text}"'), encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert (f"translations/en.yaml:{line}: error: UI string 'section.kicker': {what}; "
            "the template fills {n}, {total}") in result.err
    assert "hint: use only {n}, {total} in the text of 'section.kicker'" in result.err
    assert "Traceback" not in result.err
    assert not (root / "output").exists()


def test_ui_string_placeholders_and_literal_braces_are_filled(tmp_path):
    root = make_site(tmp_path)
    strings = root / "translations/en.yaml"
    strings.write_text(strings.read_text(encoding="utf-8").replace(
        KICKER, 'kicker: "{{Part}} {n}/{total} {n}"'), encoding="utf-8")
    result = build(root)
    assert result.code == 0, result.err
    kicker = soup(root / "output/en/meeting/index.html").select_one("p.kicker").get_text()
    assert kicker == "{Part} 1/2 1"


def test_ui_string_with_braces_where_the_template_fills_none(tmp_path):
    root = make_site(tmp_path)
    strings = root / "translations/en.yaml"
    source = strings.read_text(encoding="utf-8")
    line = source[:source.index("skip: Skip to content")].count("\n") + 1
    strings.write_text(source.replace("skip: Skip to content", 'skip: "Skip {x}"'), encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert (f"translations/en.yaml:{line}: error: UI string 'nav.skip': unknown placeholder '{{x}}'; "
            "the template fills no placeholders here") in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("template", ["people.html", "partials/head.html"])
@pytest.mark.parametrize("expression, message", [
    ("{{ 1 / 0 }}", "template error: division by zero (ZeroDivisionError)"),
    ("{{ lang + 1 }}", 'template error: can only concatenate str (not "int") to str (TypeError)'),
    ("{{ none | length }}", "template error: object of type 'NoneType' has no len() (TypeError)"),
    ("{{ lang.no_such_attribute.x }}", "undefined name in template: 'str object' has no attribute 'no_such_attribute'"),
])
def test_template_runtime_error_names_the_template_and_line(tmp_path, template, expression, message):
    root = make_site(tmp_path)
    path = root / "templates" / template
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(2, expression + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert f"templates/{template}:3: error: {message}" in result.err
    assert "Traceback" not in result.err
    assert not (root / "output").exists()


def test_ui_key_that_penjelas_asks_for_missing_everywhere_names_the_default_translations(tmp_path):
    root = make_site(tmp_path)
    for lang in ("id", "en"):
        path = root / f"translations/{lang}.yaml"
        text = path.read_text(encoding="utf-8")
        pruned = re.sub(r"(\ntimeline:\n  title: [^\n]*\n)  description: [^\n]*\n", r"\1", text)
        assert pruned != text
        path.write_text(pruned, encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert ("translations/id.yaml: error: UI string 'timeline.description' is not defined in any translations file\n"
            "    hint: add 'timeline.description: ...' to every translations/<lang>.yaml") in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("before, after, col", [
    ("- id: beta", "-\tid: beta", 2),  # after a list dash
    ("  kind: primary", "  \tkind: primary", 3),  # after spaces
])
def test_tab_in_yaml_indentation_is_named_at_its_column(tmp_path, before, after, col):
    root = make_site(tmp_path)
    path = root / "content/sources.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[:text.index(before)].count("\n") + 1
    path.write_text(text.replace(before, after, 1), encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert (f"content/sources.yaml:{line}:{col}: error: malformed YAML: a tab is used to indent this line"
            in result.err)
    assert "Traceback" not in result.err


def test_duplicate_slug_names_the_address_under_the_base_url_path(tmp_path):
    root = make_site(tmp_path, "error-duplicate-slug")
    result = build(root, "--base-url", "https://example.org/news/story/")
    assert result.code == 1
    assert "already used by content/sections/meeting.en.md:3; both would be written to /news/story/en/meeting/" \
        in result.err


@pytest.mark.parametrize("slug, expected", [
    ("people", "content/sections/reply.en.md:3:1: error: slug 'people' is already used by the people page; "
               "both would be written to /en/people/\n"
               "    hint: give the section a slug of its own, e.g. 'slug: reply', or give the people page "
               "another slug under 'pages:' in content/site.yaml"),
    ("feed.xml", "content/sections/reply.en.md:3:1: error: slug 'feed.xml' is the name of the language's feed\n"
                 "    hint: give the section a slug of its own, e.g. 'slug: reply'"),
])
def test_section_slug_that_a_page_of_the_language_has_is_refused(tmp_path, slug, expected):
    root = make_site(tmp_path)
    path = root / "content/sections/reply.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("slug: reply", f"slug: {slug}"), encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert expected in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("dates, error", [
    ("date: 2023-09-13T10:00+09:00\nupdated: 2023-09-13T09:30+09:00",
     "'updated' 2023-09-13T09:30+09:00 is earlier than 'date' 2023-09-13T10:00+09:00"),
    ("date: 2023-09-13\nupdated: 2023-09-12T23:00+09:00", "'updated' 2023-09-12T23:00+09:00 is earlier than 'date' 2023-09-13"),
    ("date: 2023-09-13T10:00+09:00\nupdated: 2023-09-13", None),  # the same day: no time to compare
    ("date: 2023-09-13\nupdated: 2023-09-13", None),
])
def test_overview_updated_before_its_date_is_refused(tmp_path, dates, error):
    root = make_site(tmp_path)
    path = root / "content/overview.en.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("date: 2023-09-13", dates, 1), encoding="utf-8")
    line = text[:text.index("date: 2023-09-13")].count("\n") + 2
    result = build(root)
    if error is None:
        assert result.code == 0, result.err
        return
    assert result.code == 1
    assert f"content/overview.en.md:{line}:1: error: front matter: {error}" in result.err
    assert "Traceback" not in result.err
