"""Typography a reader sees: quotation marks and apostrophes in each language's own marks in
titles, summaries and text (markdown-it's typographer), straight ones kept in code."""
from __future__ import annotations

import json

from penjelas.text.markdown import create_markdown, prepare, typographic

from .conftest import build, make_site, soup


def test_titles_summaries_and_text_get_typographic_quotes_and_apostrophes(tmp_path):
    root = make_site(tmp_path, "typography")
    assert build(root).code == 0
    page = soup(root / "output/en/meeting/index.html")
    assert page.h1.get_text() == "The leaders’ “long” meeting"
    assert page.find(class_="dek").get_text() == "They said “yes” – twice…"
    assert page.title.get_text().startswith("The leaders’ “long” meeting · ")
    assert page.find("meta", property="og:title")["content"] == "The leaders’ “long” meeting"
    assert page.find("meta", attrs={"name": "description"})["content"] == "They said “yes” – twice…"
    data = json.loads(page.find("script", type="application/ld+json").string)
    article = next(item for item in data if item["@type"] == "NewsArticle") if isinstance(data, list) else data
    assert article["headline"] == "The leaders’ “long” meeting"
    prose = page.find(class_="prose")
    assert "The leaders’ talks were “long”" in prose.get_text()
    assert prose.code.get_text() == 'say "hi"', "code keeps its straight quotes"
    home = soup(root / "output/en/index.html")
    assert "The leaders’ “long” meeting" in [a.get_text() for a in home.select(".card h3 a")]
    indonesian = soup(root / "output/id/pertemuan/index.html")
    assert "Mereka berbicara “lama”" in indonesian.find(class_="prose").get_text()


def test_each_language_gets_its_own_quotation_marks():
    md = create_markdown()
    text = 'Er sagte "ja" und \'nein\'.'
    assert prepare(md, text, lang="de").parts[0] == "<p>Er sagte „ja“ und ‚nein‘.</p>\n"
    assert prepare(md, text, lang="en").parts[0] == "<p>Er sagte “ja” und ‘nein’.</p>\n"
    assert prepare(md, text, lang="id").parts[0] == "<p>Er sagte “ja” und ‘nein’.</p>\n"
    assert typographic('Il a dit "oui"', "fr") == "Il a dit «\u202foui\u202f»"
    assert typographic('Er sagte "ja"', "de-AT") == "Er sagte „ja“"
    assert typographic("Kim's *plain* <text> & `code`", "en") == "Kim’s *plain* <text> & `code`", \
        "a plain text is not Markdown: only its quotes change"
    assert typographic("No quotes here", "en") == "No quotes here"


def test_foreign_words_are_italic_where_the_pages_language_asks_for_it(tmp_path):
    root = make_site(tmp_path, "typography")
    assert build(root).code == 0
    indonesian = soup(root / "output/id/pertemuan/index.html").find(class_="prose")
    assert [(i.get_text(), i["lang"]) for i in indonesian.find_all("i")] == [("hello", "en"), ("spaceport city", "en")]
    assert not indonesian.find("span", lang="en"), "PUEBI: foreign words in italics"
    english = soup(root / "output/en/meeting/index.html").find(class_="prose")
    assert english.find("span", lang="id").get_text() == "halo" and not english.find("i"), \
        "English news style sets foreign words upright"


def test_a_span_in_the_pages_own_language_or_without_one_stays_upright():
    md = create_markdown()
    html = prepare(md, "[kata]{lang=id} [kata]{lang=id-ID} [kata]{.note} [word]{lang=en}", lang="id").parts[0]
    assert html == ('<p><span lang="id">kata</span> <span lang="id-ID">kata</span> <span class="note">kata</span> '
                    '<i lang="en">word</i></p>\n')
