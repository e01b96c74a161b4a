"""The glossary: content/glossary.yaml decides one term per language; a page that writes a
variant to avoid gets a warning naming file, line, column, the variant and the term."""
from __future__ import annotations

from .conftest import build, make_site

GLOSSARY = """\
- id: {term: "jumpa pers", avoid: ["taklimat pers", "konferensi pers"]}
  en: {term: "press briefing", avoid: ["press conference"]}
- en: {term: "spokesman", avoid: ["spokesperson"]}
- id: {term: "Leader A", avoid: ["Leader-A"]}
  en: {term: "Leader A", avoid: ["Leader-A"]}
"""


def site_with(tmp_path, glossary: str = GLOSSARY):
    root = make_site(tmp_path)
    (root / "content/glossary.yaml").write_text(glossary)
    return root


def replace(root, site_path: str, old: str, new: str) -> None:
    path = root / site_path
    text = path.read_text()
    assert old in text, (site_path, old)
    path.write_text(text.replace(old, new, 1))


def glossary_lines(result) -> list[str]:
    return [line for line in result.err.splitlines() if "glossary:" in line]


def test_a_variant_in_a_section_is_a_warning_at_its_line_and_column(tmp_path):
    root = site_with(tmp_path)
    replace(root, "content/sections/meeting.en.md", "They talked for a long time",
            "They held a\nPress  Conference")
    result = build(root)
    assert result.code == 0, result.err
    assert ("content/sections/meeting.en.md:10:1: warning: glossary: write 'press briefing', not "
            "'Press Conference' (the 'en' term)") in result.err
    assert "hint: the term is decided in content/glossary.yaml:2;" in result.err
    assert build(root, "--strict").code == 1


def test_each_language_is_checked_against_its_own_terms(tmp_path):
    root = site_with(tmp_path)
    replace(root, "content/sections/meeting.id.md", "Mereka berbicara lama", "Ada taklimat pers. Mereka berbicara lama")
    # an Indonesian term in an English text is not an English variant
    replace(root, "content/sections/meeting.en.md", "They talked", "Their taklimat pers talked")
    result = build(root)
    assert glossary_lines(result) == [
        "content/sections/meeting.id.md:8:38: warning: glossary: write 'jumpa pers', not 'taklimat pers' "
        "(the 'id' term)"]


def test_yaml_texts_are_checked_with_the_column_in_the_file(tmp_path):
    root = site_with(tmp_path)
    replace(root, "content/timeline.yaml", 'en: "A briefing is held."',
            'en: "Ünder \\"x\\" a spokesperson speaks."')
    replace(root, "content/people.yaml", 'role: {id: "Pemimpin A", en: "Leader A"}',
            'role:\n    id: "Pemimpin A"\n    en: >-\n      The agency\'s\n      spokesperson')
    result = build(root)
    assert result.code == 0, result.err
    line = next(n for n, text in enumerate((root / "content/timeline.yaml").read_text().splitlines(), 1)
                if "spokesperson" in text)
    column = (root / "content/timeline.yaml").read_text().splitlines()[line - 1].index("spokesperson") + 1
    assert glossary_lines(result) == [
        "content/people.yaml:9:7: warning: glossary: write 'spokesman', not 'spokesperson' (the 'en' term)",
        f"content/timeline.yaml:{line}:{column}: warning: glossary: write 'spokesman', not 'spokesperson' "
        "(the 'en' term)"]


def test_a_text_of_no_one_language_is_checked_against_every_language(tmp_path):
    root = site_with(tmp_path)
    replace(root, "content/people.yaml", "name: Leader A", "name: Leader-A")
    result = build(root)
    assert "content/people.yaml:3:9: warning: glossary: write 'Leader A', not 'Leader-A'" in result.err


def test_quotations_are_not_checked(tmp_path):
    root = site_with(tmp_path)
    # a marked foreign quote, quotation marks (straight and typographic), a source's title, a
    # quote's versions, a comment: the source's words, not ours
    replace(root, "content/sections/meeting.en.md", "They talked for a long time",
            '[a press conference]{lang=en} "at the press conference" and “a press conference” '
            "<!-- press conference --> `press conference`")
    replace(root, "content/sources.yaml", 'title: "Alpha report"', 'title: "Alpha press conference"')
    replace(root, "content/quotes.yaml", 'text: "Hello, friend."', 'text: "Hello, press conference."')
    replace(root, "content/timeline.yaml", 'en: "A briefing is held."', 'en: "A \\"press conference\\" is held."')
    result = build(root)
    assert result.code == 0, result.err
    assert glossary_lines(result) == []


def test_whole_words_only_and_the_term_itself_is_never_a_variant(tmp_path):
    root = site_with(tmp_path, "- en: {term: \"long time ago\", avoid: [\"long time\", \"talk\"]}\n")
    replace(root, "content/sections/meeting.en.md", "for a long time", "for a long time ago")
    result = build(root)
    assert glossary_lines(result) == []


def test_no_glossary_and_an_empty_one_change_nothing(tmp_path):
    root = make_site(tmp_path)
    assert glossary_lines(build(root)) == []
    (root / "content/glossary.yaml").write_text("# decided terms come here\n")
    result = build(root)
    assert result.code == 0, result.err
    assert "glossary" not in result.err


def test_glossary_mistakes_are_errors_naming_the_line(tmp_path):
    root = site_with(tmp_path, "- fr: {term: \"point de presse\"}\n"
                               "- en: {term: \"briefing\", avoid: \"brief\"}\n"
                               "  id: {term: \"jumpa pers\", avoid: [\"jumpa pers\"]}\n"
                               "- en: {term: \"brief\", avoid: [7]}\n")
    result = build(root)
    assert result.code == 1
    assert ("content/glossary.yaml:1:3: error: glossary entry 1: unknown language 'fr'\n"
            "    hint: write the entry's terms under the site's languages (id, en); a remark goes under 'note'"
            in result.err)
    assert ("content/glossary.yaml:3:36: error: glossary entry 2 'id': 'jumpa pers' is both the term and a "
            "variant to avoid") in result.err
    assert ("content/glossary.yaml:2:3: error: glossary: 'brief' is avoided here but is the 'en' term decided "
            "on line 4") in result.err
    assert "content/glossary.yaml:4:31: error: glossary entry 3 'en': a variant to avoid must be text, got a number" \
        in result.err
    assert "Traceback" not in result.err
    assert not (root / "output").exists()
    (root / "content/glossary.yaml").write_text("en: press briefing\n")
    result = build(root)
    assert ("content/glossary.yaml:1:1: error: the glossary must be a list of entries, got a mapping\n"
            "    hint: write each entry as '- id: {term: ..., avoid: [...]}'") in result.err


def test_the_story_uses_its_glossary_terms(tmp_path):
    from .conftest import REPO
    result = build(REPO, out=tmp_path / "out")
    assert result.code == 0, result.err
    assert (REPO / "content/glossary.yaml").is_file()
    assert glossary_lines(result) == []


def test_the_dev_server_checks_again_what_a_save_changed(tmp_path):
    from penjelas.build.pipeline import BuildOptions, SiteBuilder
    root = site_with(tmp_path)
    builder = SiteBuilder(BuildOptions(root, root / "output", fingerprint=False, incremental=True))
    assert builder.build().ok

    def warnings_after(site_path: str, old: str, new: str) -> list[str]:
        replace(root, site_path, old, new)
        result = builder.rebuild({site_path})
        assert result.ok
        return [p.format().splitlines()[0] for p in result.problems.problems if "glossary:" in p.message]

    assert warnings_after("content/sections/meeting.en.md", "They talked", "The spokesperson talked") == [
        "content/sections/meeting.en.md:9:35: warning: glossary: write 'spokesman', not 'spokesperson' "
        "(the 'en' term)"]
    assert warnings_after("content/glossary.yaml", '"spokesperson"', '"speaker"') == []
    assert warnings_after("content/sections/meeting.en.md", "The spokesperson", "The speaker") == [
        "content/sections/meeting.en.md:9:35: warning: glossary: write 'spokesman', not 'speaker' (the 'en' term)"]
