"""The real story content: complete in both languages, cited everywhere, faithful to sources.

Reads the repo's own content/. The checks against the source article and the research
notes read ../shared/story/ and skip, saying why, where that folder is absent.
"""
from __future__ import annotations

import datetime as dt

import pytest

from penjelas.check.validate import validate_site
from penjelas.load.files import load_site
from penjelas.problems import ProblemLog
from penjelas.text.markdown import create_markdown

from .conftest import REPO, STORY, build, soup

ARTICLE = STORY / "detik-2023-09-14-putin-kim.txt"
RESEARCH = STORY / "sources.md"
needs_story = pytest.mark.skipif(not ARTICLE.exists(), reason=f"source material not found at {STORY}")
SECTIONS = ("meeting", "invitation", "us-concern", "russian-reply")


@pytest.fixture(scope="module")
def story():
    problems = ProblemLog()
    site = validate_site(load_site(REPO, problems), create_markdown(), problems)
    found = [p for p in problems.problems if p.severity != "note"]  # a note: e.g. no story material here
    assert not found, [p.format() for p in found]
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("story") / "output"
    result = build(REPO, "--strict", out=out)
    assert result.code == 0, result.err
    return out


def test_strict_build_of_the_real_site_passes(built):
    assert (built / "id/index.html").exists() and (built / "en/index.html").exists()


def test_every_section_and_page_exists_in_both_languages(story, built):
    for key in ("overview", *SECTIONS):
        for lang in ("id", "en"):
            assert (key, lang) in story.documents, (key, lang)
    assert [d.key for d in story.sections("id")] == list(SECTIONS)
    assert [d.key for d in story.sections("en")] == list(SECTIONS)
    for lang, pages in (("id", ("linimasa", "sumber", "tokoh")), ("en", ("timeline", "sources", "people"))):
        for page in pages:
            assert (built / lang / page / "index.html").exists()


def test_every_paragraph_and_key_point_cites_a_source(story, built):
    # The story's pages: its sections and the overview (the home page). Free-standing pages
    # such as the method page describe the site, not the story, and make no claim to cite.
    checked = 0
    pages = [built / lang / doc.slug / "index.html" for lang in ("id", "en") for doc in story.sections(lang)]
    for page in [*pages, built / "id/index.html", built / "en/index.html"]:
        html = soup(page)
        prose = html.find(class_="prose")
        if prose is None:
            continue
        for block in prose.find_all(["p", "li"], recursive=True):
            if block.find_parent("div", class_="quote"):
                continue  # quote figures cite in their caption
            if block.name == "p" and block.find_parent("li"):
                continue
            assert block.select("sup.cite"), f"{page}: uncited: {block.get_text()[:80]}"
            checked += 1
        for point in html.select(".key-points li"):
            assert point.select("sup.cite"), f"{page}: uncited key point"
    assert checked > 40


def test_every_timeline_event_has_sources_and_shows_them(story, built):
    assert len(story.timeline) >= 10
    for lang, slug in (("id", "linimasa"), ("en", "timeline")):
        page = soup(built / lang / slug / "index.html")
        for event in story.timeline:
            assert event.sources
            assert page.find("li", id=event.id).select("sup.cite"), event.id


def test_timeline_is_chronological_in_utc(story):
    timed = [e.when.astimezone(dt.timezone.utc) for e in story.timeline if e.has_time]
    assert timed == sorted(timed)
    days = [e.when if not e.has_time else e.when.date() for e in story.timeline]
    assert min(days) >= dt.date(2023, 9, 13) and max(days) <= dt.date(2023, 9, 14)


def test_every_cited_source_exists_and_every_listed_source_is_cited(story, built):
    cited = set()
    for page in built.rglob("*.html"):
        cited |= {a["href"][len("#source-"):] for a in soup(page).select("sup.cite a")}
    assert cited == set(story.sources)


def test_key_quotes_have_provenance_on_their_section_pages(story, built):
    expected = {"kcna-invitation", "kim-toast", "miller-troubling", "kirby-concern",
                "blinken-star-wars", "antonov-lecture", "antonov-sanctions"}
    assert expected <= set(story.quotes)
    for lang in ("id", "en"):
        found = set()
        for page in (built / lang).glob("*/index.html"):
            for figure in soup(page).select("div.quote"):
                found.add(figure["id"][len("quote-"):])
                details = figure.find("details")
                assert details is not None and "open" not in details.attrs
                assert len(details.select("q")) >= 2, figure["id"]
        assert expected <= found, lang


def test_quotes_in_another_language_carry_a_lang_attribute(built):
    for page in built.rglob("*.html"):
        html = soup(page)
        page_lang = html.html["lang"]
        for q in html.select("div.quote q"):
            assert q.get("lang"), page
        for quote in html.select("div.quote blockquote"):
            text_lang = quote.get("lang", page_lang)
            assert text_lang in ("id", "en", "ru", "ko", "fr")


@needs_story
def test_indonesian_quotes_taken_from_the_article_are_exact(story):
    article = ARTICLE.read_text(encoding="utf-8")
    versions = [v for q in story.quotes.values() for v in q.versions if v.kind == "article"]
    assert len(versions) >= 6
    for version in versions:
        assert version.source == "detik-article"
        assert version.text in article, version.text


@needs_story
def test_source_urls_are_ones_the_research_notes_saw(story):
    notes = RESEARCH.read_text(encoding="utf-8")
    for source in story.sources.values():
        for url in [source.url, *(m.url for m in source.mirrors)]:
            if url:
                assert url in notes, f"{source.id}: {url} is not in sources.md"


@needs_story
def test_sources_marked_not_found_have_no_url_but_directions(story):
    for source_id in ("detik-article", "state-briefing-2023-09-13", "whitehouse-briefing-2023-09-13",
                      "blinken-pstw", "antonov-telegram"):
        source = story.sources[source_id]
        assert source.url is None and source.how_to_find["id"] and source.how_to_find["en"]


def test_article_text_is_not_pasted_wholesale():
    article = ARTICLE.read_text(encoding="utf-8") if ARTICLE.exists() else ""
    if not article:
        pytest.skip(f"source material not found at {STORY}")
    sentences = [s.strip() for s in article.replace("\n", " ").split(". ") if len(s.strip()) > 60]
    body = " ".join(p.read_text(encoding="utf-8") for p in (REPO / "content").rglob("*.md"))
    copied = [s for s in sentences if s in body]
    assert len(copied) <= 2, copied


def _normalize(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


@needs_story
def test_every_quoted_wording_comes_from_the_research_notes_or_the_article(story):
    """Quote versions other than our own translations are copied from ../shared/story/, never invented."""
    material = _normalize(RESEARCH.read_text(encoding="utf-8") + " " + ARTICLE.read_text(encoding="utf-8"))
    for quote in story.quotes.values():
        for version in quote.versions:
            if version.kind == "translation":
                continue
            text = _normalize(version.text).rstrip("…").rstrip(" .,")
            assert text in material, f"{quote.id}: {version.text[:80]}"


def test_every_translation_of_the_story_is_marked_and_in_sync(story):
    from penjelas.check.translation import translation_statuses

    statuses = translation_statuses(story)
    assert len(statuses) >= 60
    assert {s.state for s in statuses} == {"ok"}, [f"{s.item}.{s.lang}: {s.state}" for s in statuses if s.state != "ok"]
