"""Reading a long section: its table of contents, its reading time, how to cite it."""
from __future__ import annotations

import re
from pathlib import Path

from .conftest import build, make_site, soup

PAGES = {"en": "en/meeting", "id": "id/pertemuan"}  # the basic fixture's meeting section


def with_body(root: Path, lang: str, body: str) -> None:
    """Give the meeting section in `lang` a new body, its front matter kept."""
    path = root / "content" / "sections" / f"meeting.{lang}.md"
    text = path.read_text(encoding="utf-8")
    front = text[: text.index("\n---\n", 4) + 5]
    path.write_text(front + body, encoding="utf-8")


def page(root: Path, lang: str):
    return soup(root / "output" / PAGES[lang] / "index.html")


def test_a_section_with_three_headings_lists_them_in_its_language(tmp_path):
    root = make_site(tmp_path)
    with_body(root, "en", "Intro.\n\n## First steps\n\nText.\n\n## The `code` part\n\nMore.\n\n### A detail\n\n"
                          "Detail.\n\n## First steps\n\nAgain.\n")
    result = build(root)
    assert result.code == 0, result.err
    html = page(root, "en")
    nav = html.find("nav", class_="contents")
    assert nav is not None
    heading = html.find(id=nav["aria-labelledby"])
    assert heading.get_text() == "In this part"
    links = [(a["href"], a.get_text()) for a in nav.find_all("a")]
    assert [text for _, text in links] == ["First steps", "The code part", "First steps"]
    for href, _ in links:  # every link leads to a heading of the page
        target = html.find(id=href[1:])
        assert target is not None and target.name == "h2", href
    assert len({href for href, _ in links}) == 3  # the repeated heading has its own anchor


def test_a_section_with_two_headings_has_no_contents(tmp_path):
    root = make_site(tmp_path)
    with_body(root, "en", "## One\n\nText.\n\n## Two\n\nText.\n\n### Three is not a part\n\nText.\n")
    result = build(root)
    assert result.code == 0, result.err
    assert page(root, "en").find("nav", class_="contents") is None


def test_the_contents_heading_is_in_the_pages_language(tmp_path):
    root = make_site(tmp_path)
    with_body(root, "id", "## Satu\n\nA.\n\n## Dua\n\nB.\n\n## Tiga\n\nC.\n")
    result = build(root)
    assert result.code == 0, result.err
    html = page(root, "id")
    nav = html.find("nav", class_="contents")
    assert html.find(id=nav["aria-labelledby"]).get_text() == "Dalam bagian ini"
    assert [a["href"] for a in nav.find_all("a")] == ["#satu", "#dua", "#tiga"]


def with_speed(root: Path, speeds: str) -> None:
    site_yaml = root / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + f"reading_speed: {speeds}\n", encoding="utf-8")


def reading_time(root: Path, lang: str) -> str:
    return page(root, lang).find(class_="reading-time").get_text()


def test_the_reading_time_counts_the_words_of_the_text_at_the_languages_speed(tmp_path):
    root = make_site(tmp_path)
    # 600 words of text; the citations, the quote block and the link address are not read
    words = " ".join(["word"] * 100)
    body = "\n\n".join([f"{words} [@alpha; @beta]." for _ in range(5)] + ["::: quote hello",
                         f"[{words}](https://example.org/a-very-long-address-of-many-words)"])
    with_body(root, "en", body + "\n")
    with_speed(root, "{en: 100}")
    result = build(root)
    assert result.code == 0, result.err
    assert reading_time(root, "en") == "6 min read"
    assert page(root, "en").find("p", class_="dateline").find(class_="reading-time") is not None


def test_each_language_has_a_default_speed(tmp_path):
    root = make_site(tmp_path)
    with_body(root, "en", " ".join(["word"] * 2300) + "\n")  # 10 minutes at 230
    with_body(root, "id", " ".join(["kata"] * 1800) + "\n")  # 10 minutes at 180
    with_speed(root, "{}")
    result = build(root)
    assert result.code == 0, result.err
    assert reading_time(root, "en") == "10 min read"
    assert reading_time(root, "id") == "Waktu baca 10 menit"


def test_a_short_text_takes_a_minute(tmp_path):
    root = make_site(tmp_path)
    result = build(root)
    assert result.code == 0, result.err
    assert reading_time(root, "id") == "Waktu baca 1 menit"


def test_a_bad_reading_speed_names_the_line_and_the_fix(tmp_path):
    root = make_site(tmp_path)
    with_speed(root, "{id: 180, en: fast, fr: 200}")
    line = len((root / "content" / "site.yaml").read_text(encoding="utf-8").splitlines())
    result = build(root)
    assert result.code == 1
    assert re.search(rf"content/site.yaml:{line}:\d+: error: site.yaml 'reading_speed': the 'en' reading speed "
                     r"must be a whole number of words per minute from 50 to 1000, got text", result.err), result.err
    assert "hint: write 'en: 230' (the default for 'en'), or leave 'en' out" in result.err
    assert "site.yaml 'reading_speed': unknown language 'fr'" in result.err
    assert "Traceback" not in result.err
    assert not (root / "output").exists()


def test_a_reading_speed_that_is_not_per_language_is_reported(tmp_path):
    root = make_site(tmp_path)
    with_speed(root, "5000")
    result = build(root)
    assert result.code == 1
    assert "error: site.yaml: 'reading_speed' must give the words per minute per language, got a number" in result.err
    assert "hint: write 'reading_speed: {id: 180, en: 230}'" in result.err


def meta_tags(html) -> list[tuple[str, str]]:
    return [(m["name"], m["content"]) for m in html.find_all("meta") if m.get("name", "").startswith("citation_")]


def test_a_section_ends_with_how_to_cite_it_and_carries_its_reference_data(tmp_path):
    root = make_site(tmp_path)
    path = root / "content" / "sections" / "meeting.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2023-09-13", "date: 2023-09-13\nupdated: 2023-09-20"),
                    encoding="utf-8")
    site_yaml = root / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "author: Meja Redaksi\n", encoding="utf-8")
    result = build(root, "--base-url", "https://news.example.net/explainers/")
    assert result.code == 0, result.err
    en, id_ = page(root, "en"), page(root, "id")
    block = en.find("section", class_="cite-this")
    assert block.find(id=block["aria-labelledby"]).get_text() == "Cite this explainer"
    assert block.find("p").get_text() == ("Meja Redaksi. “The meeting.” Test Site, 13 September 2023, updated "
                                          "20 September 2023. https://news.example.net/explainers/en/meeting/")
    assert meta_tags(en) == [("citation_title", "The meeting"), ("citation_author", "Meja Redaksi"),
                             ("citation_publication_date", "2023/09/13"), ("citation_publisher", "Penguji"),
                             ("citation_language", "en"),
                             ("citation_fulltext_html_url", "https://news.example.net/explainers/en/meeting/")]
    block = id_.find("section", class_="cite-this")
    assert block.find(id=block["aria-labelledby"]).get_text() == "Kutip penjelasan ini"
    assert block.find("p").get_text() == ("Meja Redaksi. “Pertemuan.” Situs Uji, 13 September 2023. "
                                          "https://news.example.net/explainers/id/pertemuan/")
    assert ("citation_language", "id") in meta_tags(id_)
    assert ("citation_title", "Pertemuan") in meta_tags(id_)
    # the cite block is the last part of the article before the pager
    assert en.find("article").find_all(["section", "nav"], recursive=False)[-2] is en.find("section", class_="cite-this")


def test_the_home_page_is_cited_by_its_headline_without_an_author_by_its_publisher(tmp_path):
    root = make_site(tmp_path)
    result = build(root)
    assert result.code == 0, result.err
    html = soup(root / "output" / "en" / "index.html")
    title = html.find("h1").get_text().strip()
    assert html.find("p", class_="cite-text").get_text() == \
        f"Penguji. “{title}” Test Site, 13 September 2023. https://example.org/en/"
    assert ("citation_author", "Penguji") in meta_tags(html)
    # pages without a document of their own carry none
    timeline = soup(root / "output" / "en" / "timeline" / "index.html")
    assert meta_tags(timeline) == [] and timeline.find(class_="cite-this") is None
