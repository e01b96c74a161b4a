"""Any story: a second fixture story, different in shape from ours, builds as written.

tests/sites/second-story has three sections, no overview, no places.yaml, no pages: block,
events in three time zones (one with a negative offset, one whose UTC date is not its local
date) listed out of order, one English section in draft and a source in Japanese.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin
from pathlib import Path

import pytest

from .conftest import REPO, build, make_site, soup

# Proper names and dates that belong to the main story only (each is checked to occur in
# content/, so the list cannot go stale without failing).
MAIN_STORY_WORDS = ("Putin", "Kim Jong Un", "Vostochny", "Pyongyang", "Amur", "Kirby", "Peskov",
                    "Kremlin", "Korea Utara", "North Korea", "September 2023", "2023-09-13")


@pytest.fixture(scope="module")
def story(tmp_path_factory) -> Path:
    """The second story with this repo's templates, translations and assets, built once."""
    root = make_site(tmp_path_factory.mktemp("any"), base="second-story")
    result = build(root, "--strict")
    assert result.code == 0, result.err
    assert "warning" not in result.err, result.err
    return root


def pages(root: Path) -> list[Path]:
    return sorted((root / "output").rglob("*.html")) + sorted((root / "output").rglob("*.xml"))


def test_the_pages_of_both_languages_exist_with_default_slugs(story):
    out = story / "output"
    for path in ("id/index.html", "id/persiapan/index.html", "id/lomba/index.html", "id/hasil/index.html",
                 "id/linimasa/index.html", "id/sumber/index.html", "id/tokoh/index.html",
                 "en/index.html", "en/preparations/index.html", "en/results/index.html",
                 "en/timeline/index.html", "en/sources/index.html", "en/people/index.html"):
        assert (out / path).is_file(), path
    assert not (out / "en/contest").exists()  # the English draft is not published


def test_home_without_overview_shows_title_description_sections_and_timeline(story):
    home = soup(story / "output/en/index.html")
    main = home.find("main")
    assert "The Inter-School Water Rocket Contest" in main.get_text()
    assert "fictional water rocket contest held in three cities" in main.get_text()
    links = [urljoin("/en/", a["href"]) for a in main.find_all("a", href=True)]
    assert "/en/preparations/" in links and "/en/results/" in links and "/en/timeline/" in links
    ids = [urljoin("/id/", a["href"]) for a in soup(story / "output/id/index.html").find("main").find_all("a", href=True)]
    order = [ids.index(f"/id/{slug}/") for slug in ("persiapan", "lomba", "hasil")]
    assert order == sorted(order)


def event_titles(page) -> list[str]:
    return [h.get_text(" ", strip=True) for h in page.select("li.event .event-title")]


def test_events_listed_out_of_order_are_shown_in_order(story):
    timeline = soup(story / "output/en/timeline/index.html")
    assert event_titles(timeline) == ["The rules are announced", "The contest opens in Jakarta",
                                      "São Paulo’s turn", "The last rocket is launched in Tokyo"]


def test_events_are_grouped_by_their_local_day(story):
    timeline = soup(story / "output/id/linimasa/index.html")
    days = [(section.find("time")["datetime"], event_titles(section)) for section in timeline.select("section.day")]
    assert days == [
        ("2025-05-28", ["Aturan lomba diumumkan"]),
        ("2025-06-01", ["Lomba dibuka di Jakarta", "Giliran São Paulo"]),
        # 17:22 UTC on 1 June, but 2 June in Tokyo: the event's own day
        ("2025-06-02", ["Roket terakhir diluncurkan di Tokyo"]),
    ]
    # the day without CLDR's leading zero, as Indonesian news writes it
    assert timeline.select("section.day h2")[1].get_text(strip=True) == "Minggu, 1 Juni 2025"


def test_free_text_places_show_the_time_with_its_own_offset(story):
    timeline = soup(story / "output/en/timeline/index.html")
    whens = {event.select_one(".event-title").get_text(strip=True): event.select_one(".event-when").get_text(" ", strip=True)
             for event in timeline.select("li.event")}
    assert "02:22" in whens["The last rocket is launched in Tokyo"]
    assert "UTC+9" in whens["The last rocket is launched in Tokyo"]
    assert "Tokyo, Japan" in whens["The last rocket is launched in Tokyo"]
    assert "UTC−3" in whens["São Paulo’s turn"]
    assert "UTC+7" in whens["The contest opens in Jakarta"]
    indonesian = soup(story / "output/id/linimasa/index.html").get_text()
    assert "02.22" in indonesian and "Tokyo, Jepang" in indonesian


def test_a_source_without_a_date_says_so(story):
    for path, words in (("id/sumber/index.html", "tanggal tidak diketahui"), ("en/sources/index.html", "date not known")):
        entry = next(li for li in soup(story / "output" / path).select("li") if "Jadwal dan aturan lomba" in li.get_text())
        assert words in entry.get_text() and entry.find("time") is None


def test_a_source_in_a_third_language_and_script(story):
    sources = soup(story / "output/id/sumber/index.html")
    assert "水ロケット大会の結果" in sources.get_text()
    assert sources.find(lang="ja") is not None


def test_the_english_draft_is_neither_linked_nor_listed(story):
    for path in pages(story):
        if "/en/" in path.as_posix() or path.name.endswith(".xml"):
            assert "/en/contest/" not in path.read_text(encoding="utf-8"), path


def test_no_word_of_the_main_story_on_another_site(story):
    for word in MAIN_STORY_WORDS:
        assert any(word in path.read_text(encoding="utf-8") for path in (REPO / "content").rglob("*.*")), \
            f"'{word}' is not in the main story any more: update MAIN_STORY_WORDS"
    found = [(path.relative_to(story / "output").as_posix(), word) for path in pages(story)
             for word in MAIN_STORY_WORDS if word in path.read_text(encoding="utf-8")]
    assert found == []


def test_no_word_of_the_main_story_in_the_engine_files():
    found = [(path.relative_to(REPO).as_posix(), word)
             for folder in ("templates", "translations", "penjelas")
             for path in sorted((REPO / folder).rglob("*")) if path.is_file() and path.suffix in (".html", ".xml", ".yaml", ".py", ".txt")
             for word in MAIN_STORY_WORDS if re.search(re.escape(word), path.read_text(encoding="utf-8"))]
    assert found == []


def test_hints_about_file_names_use_the_author_s_own_names(tmp_path):
    root = make_site(tmp_path, base="second-story")
    (root / "content/notes").mkdir()
    (root / "content/notes/Launch Plan.en.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (root / "content/sections/Launch_Day.en.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert "content/notes/Launch Plan.en.md:1: error: unexpected Markdown file name or place\n" \
           "    hint: sections are content/sections/KEY.LANG.md (e.g. content/sections/launch-plan.en.md)" in result.err
    assert "content/sections/Launch_Day.en.md:1: error: 'Launch_Day' is not a valid section key\n" \
           "    hint: use lowercase letters, digits and dashes in the file name, e.g. launch-day.en.md" in result.err


def test_unknown_fields_of_a_language_or_a_mirror_are_warned_about(tmp_path):
    root = make_site(tmp_path, base="second-story")
    site = root / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("    locale: en_GB\n", "    locale: en_GB\n    locle: en_US\n"),
                    encoding="utf-8")
    sources = root / "content/sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace(
        "  url: https://example.org/wire/rockets\n",
        "  url: https://example.org/wire/rockets\n  mirrors:\n    - url: https://example.org/copy\n"
        "      label: A copy\n      lable: typo\n"), encoding="utf-8")
    result = build(root)
    assert result.code == 0, result.err
    assert "content/site.yaml:11:5: warning: language 2: unknown field 'locle' is ignored\n" \
           "    hint: did you mean 'locale'?" in result.err
    assert "warning: source 'wire-sp' mirror 1: unknown field 'lable' is ignored\n    hint: did you mean 'label'?" in result.err


def test_a_command_in_a_hint_names_the_site_it_was_built_from(tmp_path):
    root = make_site(tmp_path, base="second-story")
    for path in (root / "content").rglob("*.*"):
        path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(True)
                                if "translation_of" not in line), encoding="utf-8")
    result = build(root)
    assert result.code == 0, result.err
    assert f"run `python build.py --root {root} translations --mark '*.en'`" in result.err
    result = build(root, "-v")
    assert f"run `python build.py --root {root} translations --mark persiapan.en`" in result.err
