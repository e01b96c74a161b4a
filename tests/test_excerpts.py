"""Excerpts: the passages of a source a claim rests on (sources.yaml), the citations that name
them (`[@id, key]`, `sources: [id: key]`) and their check against the source's text_file."""
from __future__ import annotations

from penjelas.model import Cite
from penjelas.text.markdown import create_markdown, prepare

from .conftest import build, make_site


def test_a_site_with_excerpts_and_locators_builds_without_problems(tmp_path):
    root = make_site(tmp_path, "excerpts")
    result = build(root, "--strict")
    assert result.code == 0, result.err
    assert "0 errors, 0 warnings" in result.out
    assert "note:" not in result.err  # texts/alpha.txt is there: its excerpts were checked


def test_a_missing_text_file_is_one_note_and_the_build_goes_on(tmp_path):
    root = make_site(tmp_path, "excerpts")
    (root / "texts/alpha.txt").unlink()
    result = build(root, "--strict")
    assert result.code == 0, result.err
    notes = [line for line in result.err.splitlines() if ": note: " in line]
    assert notes == ["content/sources.yaml:9:3: note: source 'alpha': text_file 'texts/alpha.txt' is not here, "
                     "so its 2 excerpts were not checked against it"]


def test_an_excerpt_is_checked_against_the_text_file_once_it_is_there(tmp_path):
    root = make_site(tmp_path, "excerpts")
    (root / "texts/alpha.txt").write_text("The two leaders met at the spaceport.\n", encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert "excerpt 'arrival': the text is not in text_file 'texts/alpha.txt'" in result.err
    assert "excerpt 'long-talk': the text is not in text_file 'texts/alpha.txt' (not even its first words are)" \
        in result.err


def test_a_text_file_may_lie_outside_the_site_root(tmp_path):
    root = make_site(tmp_path, "excerpts")
    outside = tmp_path / "material" / "alpha.txt"
    outside.parent.mkdir()
    (root / "texts/alpha.txt").rename(outside)
    sources = root / "content/sources.yaml"
    sources.write_text(sources.read_text().replace("text_file: texts/alpha.txt", "text_file: ../material/alpha.txt"))
    assert build(root, "--strict").code == 0
    outside.write_text("Something else entirely.\n")
    result = build(root)
    assert result.code == 1 and "not in text_file '../material/alpha.txt'" in result.err


def test_a_translation_into_the_passages_own_language_is_a_warning(tmp_path):
    root = make_site(tmp_path, "excerpts")
    sources = root / "content/sources.yaml"
    sources.write_text(sources.read_text().replace(
        'translation: {id: "Kedua pemimpin bertemu di kosmodrom pada tengah hari."}',
        'translation: {id: "Kedua pemimpin bertemu di kosmodrom pada tengah hari.", en: "The leaders met."}'))
    result = build(root)
    assert result.code == 0, result.err
    assert ("content/sources.yaml:14:82: warning: source 'alpha' excerpt 'arrival' 'translation': the passage is "
            "in 'en' already; this translation is ignored") in result.err


def test_an_unknown_field_of_an_excerpt_is_a_warning(tmp_path):
    root = make_site(tmp_path, "excerpts")
    sources = root / "content/sources.yaml"
    sources.write_text(sources.read_text().replace("      seen: copy\n", "      seen: copy\n      page: 3\n"))
    result = build(root)
    assert result.code == 0, result.err
    assert "warning: source 'beta' excerpt 'reply': unknown field 'page' is ignored" in result.err


def test_markdown_locators_name_the_excerpt_of_each_source():
    md = create_markdown()
    prepared = prepare(md, "One [@alpha, arrival]. Two [@alpha, long-talk; @beta]. Three [@gamma].\n")
    cites = [value for kind, value in prepared.calls if kind == "cite"]
    assert cites == [(Cite("alpha", "arrival"),), (Cite("alpha", "long-talk"), Cite("beta")), (Cite("gamma"),)]
    assert [(r.value, r.key) for r in prepared.references if r.kind == "citation"] == [
        ("alpha", "arrival"), ("alpha", "long-talk"), ("beta", None), ("gamma", None)]


def test_a_citation_with_a_locator_renders_like_one_without(tmp_path):
    plain, located = make_site(tmp_path / "a"), make_site(tmp_path / "b", "excerpts")
    assert build(plain).code == 0 and build(located).code == 0
    page = "en/meeting/index.html"
    a = (plain / "output" / page).read_text()
    b = (located / "output" / page).read_text()
    assert a.count('class="cite"') == b.count('class="cite"') > 0
    assert "arrival" not in b.split("<main")[1].split("</article>")[0]  # the key is no text of the page


def test_a_yaml_sources_list_takes_id_key_pairs(tmp_path):
    root = make_site(tmp_path, "excerpts")
    result = build(root)
    assert result.code == 0, result.err
    timeline = (root / "output/en/timeline/index.html").read_text()
    assert 'href="#source-beta"' in timeline and 'href="#source-gamma"' in timeline
