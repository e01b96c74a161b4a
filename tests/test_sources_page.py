"""The sources page as a reader weighs a source by it: sorted like a reference list, what
`confidence` means, a missing address as information, descriptive [bracketed] titles
explained, a description in the reader's language beside a foreign title, and the passages
the story relies on with the pages that use each."""
from __future__ import annotations

from .conftest import build, make_site, soup
from .test_defaults import edit


def text_of(element) -> str:
    return " ".join(element.get_text().split())


def sources_page(root, lang):
    return soup(root / f"output/{lang}/{'sources' if lang == 'en' else 'sumber'}/index.html")


def test_sources_of_a_kind_sort_by_publisher_then_date_not_by_id(tmp_path):
    root = make_site(tmp_path)
    with open(root / "content/sources.yaml", "a", encoding="utf-8") as f:
        f.write('- id: aaa-last\n  kind: primary\n  publisher: Zeta Ministry\n  title: "Zeta statement"\n'
                '  date: 2023-09-12\n  language: en\n  url: https://zeta.example.org/\n'
                '- id: zzz-first-later\n  kind: primary\n  publisher: Alpha Agency\n  title: "Alpha follow-up"\n'
                '  date: 2023-09-15\n  language: en\n  url: https://alpha.example.org/follow-up\n')
    result = build(root)
    assert result.code == 0, result.err
    primary = sources_page(root, "en").find(id="kind-primary").find_parent("section")
    assert [li["id"] for li in primary.select("ul.source-entries > li")] == [
        "source-alpha", "source-zzz-first-later", "source-aaa-last"]


def test_confidence_says_what_it_is_confidence_in(tmp_path):
    root = make_site(tmp_path)
    assert build(root, "--strict").code == 0
    for lang, label, value in (("en", "How directly we read it", "high: its own words"),
                               ("id", "Seberapa langsung kami membacanya", "tinggi: kata-kata sumber itu sendiri")):
        facts = sources_page(root, lang).find(id="source-alpha").select_one("dl.source-facts")
        pairs = dict(zip((dt.get_text() for dt in facts.find_all("dt")), (dd.get_text() for dd in facts.find_all("dd"))))
        assert pairs[label] == value


def test_a_missing_address_reads_as_information_with_directions(tmp_path):
    root = make_site(tmp_path)
    assert build(root, "--strict").code == 0
    howto = sources_page(root, "en").find(id="source-gamma").select_one(".source-howto")
    assert text_of(howto) == "We did not find its online address. To find it: Search for the title on Gamma’s site."
    assert howto.find("strong") is None  # information, not an alarm


def test_a_bracketed_title_is_explained_and_shown_in_the_readers_language(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/sources.yaml", 'title: "Alpha report"',
         'title: "[Alpha\'s statement on the talks]"\n  description: {id: "Pernyataan Alpha tentang pembicaraan"}')
    result = build(root, "--strict")
    assert result.code == 0, result.err
    en, id_ = sources_page(root, "en"), sources_page(root, "id")
    assert text_of(en.find(id="source-alpha").select_one("cite")) == "[Alpha’s statement on the talks]"
    cite = id_.find(id="source-alpha").select_one("cite")
    assert text_of(cite) == "[Pernyataan Alpha tentang pembicaraan]"
    assert not cite.has_attr("lang")  # our description, in the page's language
    assert "square brackets" in text_of(en.select_one(".source-key"))
    assert "kurung siku" in text_of(id_.select_one(".source-key"))
    # the page that cites it explains the brackets under its own source list too
    page = soup(root / "output/en/index.html")
    assert "square brackets" in text_of(page.select_one(".page-sources .source-key"))


def test_no_bracket_note_where_no_title_is_bracketed(tmp_path):
    root = make_site(tmp_path)
    assert build(root, "--strict").code == 0
    assert sources_page(root, "en").select_one(".source-key") is None
    assert soup(root / "output/en/index.html").select_one(".source-key") is None


def test_a_foreign_title_gets_the_readers_description_beside_it(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/sources.yaml", 'title: "Berita Gamma"', 'title: "Berita Gamma"\n  description: {en: "Gamma\'s news"}')
    result = build(root, "--strict")
    assert result.code == 0, result.err
    listed = soup(root / "output/en/index.html").find(id="source-gamma")
    assert listed.select_one("cite")["lang"] == "id"
    assert "(Gamma’s news)" in text_of(listed)
    assert "Gamma’s news" not in text_of(soup(root / "output/id/index.html").find(id="source-gamma"))


def test_a_description_in_the_sources_own_language_is_a_warning(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/sources.yaml", 'title: "Berita Gamma"', 'title: "Berita Gamma"\n  description: {id: "Berita"}')
    result = build(root)
    assert result.code == 0, result.err
    assert ("content/sources.yaml:23:17: warning: source 'gamma' 'description': no description in 'id' is needed: "
            "the title itself is in that language\n    hint: delete 'id: ...' under 'description'") in result.err


def test_a_description_must_be_per_language(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/sources.yaml", 'title: "Alpha report"', 'title: "Alpha report"\n  description: "Laporan"')
    result = build(root)
    assert result.code == 1
    assert ("content/sources.yaml:5:3: error: source 'alpha': 'description' must give the text per language, got text\n"
            "    hint: write 'description: {id: \"Laporan\"}'") in result.err
    assert not (root / "output").exists()


