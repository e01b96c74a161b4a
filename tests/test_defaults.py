"""What an author need not write: optional fields get their documented defaults and the
site builds as written, with no error or warning for what was left out."""
from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from penjelas.commands.cli import main

from .conftest import build, make_site, soup


def alternates(page) -> dict[str, str]:
    """The hreflang alternates a page announces."""
    return {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)}


def edit(root: Path, name: str, old: str, new: str) -> None:
    """Replace one piece of text in a site file (it must be there)."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def build_translations(root: Path) -> str:
    """Run `build.py translations --root ROOT` and return what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["translations", "--root", str(root)]) == 0
    return out.getvalue()


def test_person_without_kind_is_listed_as_a_person(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/people.yaml", "  kind: person\n", "")
    result = build(root, "--strict")
    assert result.code == 0, result.err
    assert "warning" not in result.err
    page = soup(root / "output/en/people/index.html")
    people = page.find(id="people-person").find_parent("section")
    assert people.find("dt", id="leader-a").get_text() == "Leader A"
    organisations = page.find(id="people-organisation").find_parent("section")
    assert organisations.find("dt", id="leader-a") is None


def test_person_with_an_unknown_kind_is_an_error(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/people.yaml", "  kind: person\n", "  kind: robot\n")
    result = build(root)
    assert result.code == 1
    assert ("content/people.yaml:4:3: error: person 'leader-a': 'kind' is 'robot', which is not one of: "
            "person, organisation") in result.err


def test_source_confidence_is_shown_only_when_given(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/sources.yaml", "  confidence: medium\n", "")
    result = build(root, "--strict")
    assert result.code == 0, result.err
    assert "warning" not in result.err
    for lang, label in (("en", "How directly we read it"), ("id", "Seberapa langsung kami membacanya")):
        slug = "sources" if lang == "en" else "sumber"
        page = soup(root / f"output/{lang}/{slug}/index.html")
        without = page.find(id="source-beta").select_one("dl.source-facts")
        assert [dt.get_text() for dt in without.find_all("dt")] == [
            {"en": "Language", "id": "Bahasa"}[lang]]
        assert "None" not in without.get_text()
        given = page.find(id="source-alpha").select_one("dl.source-facts")
        assert label in [dt.get_text() for dt in given.find_all("dt")]


KEY_POINTS_ID = ('key_points:\n  - "Poin satu [@alpha]."\n  - "Poin dua [@beta]."\n  - "Poin tiga [@alpha]."\n'
                 '  - "Poin empat [@gamma]."\n  - "Poin lima [@beta]."\n')


def test_overview_without_key_points_has_no_key_points_block(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/overview.id.md", KEY_POINTS_ID, "")
    result = build(root)
    assert result.code == 0, result.err
    assert "error" not in result.err and "key point" not in result.err
    home = soup(root / "output/id/index.html")
    assert home.select("section.key-points") == []
    assert home.h1.get_text() == "Apa yang terjadi?"
    assert soup(root / "output/en/index.html").select("section.key-points li")  # the other language keeps its own


def test_overview_with_two_key_points_shows_both(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/overview.id.md", KEY_POINTS_ID,
         'key_points:\n  - "Poin satu [@alpha]."\n  - "Poin dua [@beta]."\n')
    result = build(root)
    assert result.code == 0, result.err
    assert "error" not in result.err
    home = soup(root / "output/id/index.html")
    assert home.select_one("#key-points-heading").get_text() == "Poin utama"  # no number in the heading
    points = home.select("section.key-points li")
    for point in points:  # each with its citation number: a link and a preview button
        for button in point.select("sup.cite button"):
            button.decompose()
    assert [p.get_text().replace("\u2060", "") for p in points] == ["Poin satu1.", "Poin dua2."]


def test_key_points_that_are_not_a_list_are_an_error(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/overview.id.md", KEY_POINTS_ID, "key_points: Poin satu.\n")
    result = build(root)
    assert result.code == 1
    assert ("content/overview.id.md:5:1: error: front matter: 'key_points' must be a list of texts\n"
            "    hint: write each key point on its own line starting with '- ' under 'key_points:'") in result.err


def test_source_notes_as_one_text_need_no_translation(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/sources.yaml", "  confidence: high\n",
         '  confidence: high\n  notes: "Transcript 2023/117, page 4."\n'
         '  mirrors:\n    - {url: "https://archive.example.org/alpha", label: "archive.example.org"}\n')
    # gamma's recorded fingerprint stays right: a shared text is not part of what is translated
    edit(root, "content/sources.yaml", "  confidence: low\n",
         "  confidence: low\n  notes: Gamma-Archiv, Mappe 9.\n")
    result = build(root, "--strict")
    assert result.code == 0, result.err
    assert "warning" not in result.err
    for lang, slug in (("id", "sumber"), ("en", "sources")):
        page = soup(root / f"output/{lang}/{slug}/index.html")
        assert page.find(id="source-alpha").select_one("p.source-notes").get_text() == "Transcript 2023/117, page 4."
        assert page.find(id="source-gamma").select_one("p.source-notes").get_text() == "Gamma-Archiv, Mappe 9."
        mirror = page.find(id="source-alpha").select_one(".source-mirrors a")
        assert (mirror["href"], mirror.get_text()) == ("https://archive.example.org/alpha", "archive.example.org")
    translations = build_translations(root)
    assert "sources.alpha" not in translations


def test_source_how_to_find_as_one_text_shows_in_every_language(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/sources.yaml",
         '  how_to_find: {id: "Cari judulnya di situs Gamma.", en: "Search for the title on Gamma\'s site."}\n',
         '  how_to_find: "gamma.example.org, 14/09/2023"\n')
    result = build(root)
    assert result.code == 0, result.err
    assert "error" not in result.err
    for lang, slug in (("id", "sumber"), ("en", "sources")):
        howto = soup(root / f"output/{lang}/{slug}/index.html").find(id="source-gamma").select_one(".source-howto")
        assert howto.get_text().endswith(" gamma.example.org, 14/09/2023")


def test_per_language_notes_are_still_translated_text(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/sources.yaml", "  confidence: high\n",
         '  confidence: high\n  notes: {id: "Catatan.", en: "A note."}\n')
    result = build(root, "--strict")
    assert result.code == 1
    assert ("content/sources.yaml:1:3: warning: translation not marked: source 'alpha' (en): "
            "no fingerprint of its 'id' text") in result.err



PAGES_BLOCK = ("pages:\n  timeline: {id: linimasa, en: timeline}\n  sources: {id: sumber, en: sources}\n"
               "  people: {id: tokoh, en: people}\n")


def test_site_without_pages_block_uses_the_default_slugs(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/site.yaml", PAGES_BLOCK, "")
    result = build(root, "--strict")
    assert result.code == 0, result.err
    assert "warning" not in result.err
    out = root / "output"
    for path in ("id/linimasa", "id/sumber", "id/tokoh", "en/timeline", "en/sources", "en/people"):
        assert (out / path / "index.html").is_file(), path
    nav = [a["href"] for a in soup(out / "id/index.html").select("nav.site-nav a")]
    assert {"linimasa/", "sumber/", "tokoh/"} <= set(nav)


def test_pages_block_may_give_only_some_pages_and_languages(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/site.yaml", PAGES_BLOCK, "pages:\n  timeline: {en: chronology}\n  people: {id: orang}\n")
    result = build(root, "--strict")
    assert result.code == 0, result.err
    out = root / "output"
    for path in ("id/linimasa", "id/sumber", "id/orang", "en/chronology", "en/sources", "en/people"):
        assert (out / path / "index.html").is_file(), path
    assert not (out / "en/timeline").exists() and not (out / "id/tokoh").exists()


def relabel_english(root: Path, code: str, name: str, locale: str) -> None:
    """Make the basic site's second language `code` instead of English (same texts)."""
    edit(root, "content/site.yaml", "  - {code: en, name: English, locale: en_GB}\n",
         f"  - {{code: {code}, name: {name}, locale: {locale}}}\n")
    for yaml in (root / "content").glob("*.yaml"):
        yaml.write_text(yaml.read_text(encoding="utf-8").replace(" en: ", f" {code}: ").replace("{en: ", f"{{{code}: "),
                        encoding="utf-8")
    (root / "translations/en.yaml").rename(root / f"translations/{code}.yaml")
    for md in (root / "content").rglob("*.en.md"):
        md.rename(md.with_name(md.name.replace(".en.md", f".{code}.md")))


@pytest.mark.parametrize("code, name, locale, slugs", [
    ("de", "Deutsch", "de_DE", ("chronik", "quellen", "personen")),
    ("pt-br", "Português", "pt_BR", ("cronologia", "fontes", "pessoas")),
    ("sw", "Kiswahili", "sw_KE", ("timeline", "sources", "people")),  # not in the table: the English words
])
def test_languages_get_their_own_default_slugs_or_the_english_words(tmp_path, code, name, locale, slugs):
    root = make_site(tmp_path)
    edit(root, "content/site.yaml", PAGES_BLOCK, "")
    relabel_english(root, code, name, locale)
    result = build(root, "--strict")
    assert result.code == 0, result.err
    out = root / "output"
    for slug in slugs:
        assert (out / code / slug / "index.html").is_file(), slug
    for slug in ("linimasa", "sumber", "tokoh"):
        assert (out / "id" / slug / "index.html").is_file(), slug


def test_section_slug_taken_by_a_given_page_slug_keeps_its_message(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/sections/reply.en.md", "slug: reply", "slug: timeline")
    result = build(root)
    assert result.code == 1
    assert "content/sections/reply.en.md:3:1: error: slug 'timeline' is already used by the timeline page; " \
           "both would be written to /en/timeline/" in result.err
    assert "by default" not in result.err


def test_given_page_slug_taken_by_a_default_one_names_the_default(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/site.yaml", PAGES_BLOCK, "pages:\n  sources: {en: timeline}\n")
    result = build(root)
    assert result.code == 1
    assert ("content/site.yaml:9:3: error: site.yaml 'pages': the 'en' slug 'timeline' is already used by "
            "the timeline page (its default slug)") in result.err


def test_unknown_page_under_pages_is_a_warning(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/site.yaml", "  people: {id: tokoh, en: people}\n",
         "  people: {id: tokoh, en: people}\n  timelin: {en: events}\n")
    result = build(root)
    assert result.code == 0, result.err
    assert ("content/site.yaml:12:3: warning: site.yaml 'pages': unknown field 'timelin' is ignored\n"
            "    hint: did you mean 'timeline'?") in result.err


def test_site_without_overviews_builds_home_pages_from_site_yaml(tmp_path):
    root = make_site(tmp_path, "no-overview")
    result = build(root, "--strict")
    assert result.code == 0, result.err
    assert "warning" not in result.err and "overview" not in result.err
    out = root / "output"
    expected = {"id": ("Situs Uji", "Situs kecil untuk pengujian.", ["Pertemuan", "Jawaban"], "linimasa/"),
                "en": ("Test Site", "A small site for tests.", ["The meeting", "The reply"], "timeline/")}
    for lang, (title, description, sections, timeline) in expected.items():
        home = soup(out / lang / "index.html")
        assert home.h1.get_text() == title
        assert home.select_one("p.dek").get_text() == description
        assert home.title.get_text() == title
        assert home.find("meta", attrs={"name": "description"})["content"] == description
        assert [a.get_text() for a in home.select("li.card h3 a")] == sections
        assert home.select_one("p.timeline-entry a")["href"] == timeline
        assert home.select("section.key-points") == [] and home.select("div.prose") == []
        assert alternates(home) == {"id": "https://example.org/id/", "en": "https://example.org/en/",
                                    "x-default": "https://example.org/id/"}
        assert (out / lang / "feed.xml").is_file()
        ld = json.loads(home.find("script", type="application/ld+json").string)
        assert ld["@type"] == "WebSite" and ld["name"] == title
    switch = soup(out / "id/index.html").select_one("nav.switcher a[hreflang=en]")
    assert switch["href"] == "../en/" and "unavailable" not in switch.get("class", [])
    assert "overview" not in build_translations(root)


def test_overview_in_one_language_only_warns_and_the_other_home_uses_site_yaml(tmp_path):
    root = make_site(tmp_path)
    (root / "content/overview.en.md").unlink()
    result = build(root)
    assert result.code == 0, result.err
    assert ("content/overview.id.md:1: warning: missing translation: 'overview' has no 'en' version; "
            "the en home page shows the site's title and description instead\n"
            "    hint: translate it as content/overview.en.md") in result.err
    out = root / "output"
    assert soup(out / "id/index.html").h1.get_text() == "Apa yang terjadi?"
    english = soup(out / "en/index.html")
    assert english.h1.get_text() == "Test Site"
    assert [a.get_text() for a in english.select("li.card h3 a")] == ["The meeting", "The reply"]
    ld = json.loads(soup(out / "id/index.html").find("script", type="application/ld+json").string)
    article = next(item for item in ld if item["@type"] == "NewsArticle")
    assert "workTranslation" not in article  # the English home page is not a translation of it


def test_a_missing_required_field_says_what_it_is_for(tmp_path):
    root = make_site(tmp_path)
    edit(root, "content/sections/reply.en.md", "summary: ", "summery: ")
    edit(root, "content/sources.yaml", "  publisher: Beta Wire\n", "")
    edit(root, "content/people.yaml", "  role: {id: \"Kantor berita\", en: \"News agency\"}\n", "")
    result = build(root)
    assert result.code == 1
    assert ("content/sections/reply.en.md:2:1: error: front matter: missing required field 'summary' "
            "(the sentence under the heading and on the home page's card)\n"
            "    hint: add 'summary: ...'") in result.err
    assert ("content/sources.yaml:9:3: error: source 'beta': missing required field 'publisher' "
            "(who published it)") in result.err
    assert ("content/people.yaml:7:3: error: person 'agency': missing required field 'role' "
            "(who they are in the story, beside the name)") in result.err
    assert "Traceback" not in result.err


def test_a_site_leaving_out_every_optional_field_builds_strict(tmp_path):
    root = make_site(tmp_path, "no-overview")
    edit(root, "content/site.yaml", PAGES_BLOCK, "")
    edit(root, "content/people.yaml", "  kind: person\n", "")
    for confidence in ("high", "medium", "low"):
        edit(root, "content/sources.yaml", f"  confidence: {confidence}\n", "")
    edit(root, "content/sources.yaml", "  url: https://alpha.example.org/report\n",
         "  url: https://alpha.example.org/report\n  notes: Seen on 13/09/2023.\n")
    result = build(root, "--strict")
    assert result.code == 0, result.err
    assert "warning" not in result.err
    out = root / "output"
    assert soup(out / "en/index.html").h1.get_text() == "Test Site"
    sources = soup(out / "id/sumber/index.html")
    assert "Tingkat keyakinan" not in sources.get_text()
    assert sources.find(id="source-alpha").select_one("p.source-notes").get_text() == "Seen on 13/09/2023."
    assert soup(out / "en/people/index.html").find(id="people-person").find_parent("section").find(id="leader-a")
