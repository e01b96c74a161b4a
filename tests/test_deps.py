"""Incremental rebuilds: for each kind of change, exactly which outputs are rendered again,
and the result is always byte-identical to a clean full build."""
from __future__ import annotations

from pathlib import Path

import pytest

from penjelas.build.pipeline import BuildOptions, SiteBuilder
from penjelas.render.cards import card_path

from .conftest import make_site, soup

EN = {"en/index.html", "en/meeting/index.html", "en/reply/index.html", "en/timeline/index.html",
      "en/sources/index.html", "en/people/index.html", "en/search/index.html", "en/404.html"}
ID = {p.replace("en/", "id/").replace("meeting", "pertemuan").replace("reply", "jawaban")
       .replace("timeline", "linimasa").replace("sources", "sumber").replace("people", "tokoh")
       .replace("search", "cari") for p in EN}
ROOT = {"index.html", "404.html"}
EVERYTHING = EN | ID | ROOT | {"sitemap.xml", "robots.txt", "en/feed.xml", "id/feed.xml"}
SOURCES = {"en/sources/index.html", "id/sumber/index.html"}


@pytest.fixture
def builder(tmp_path):
    root = make_site(tmp_path)
    builder = SiteBuilder(BuildOptions(root, root / "output", fingerprint=False, incremental=True))  # as the dev server runs
    assert builder.build().ok
    return builder


def edit(builder: SiteBuilder, site_path: str, old: str, new: str) -> set[str]:
    path = builder.options.root / site_path
    text = path.read_text()
    assert old in text, (site_path, old)
    path.write_text(text.replace(old, new, 1))
    result = builder.rebuild({site_path})
    assert result.ok, [p.format() for p in result.problems.problems]
    assert not result.full, result.reason
    rebuilt = {output.path for output in result.rebuilt}
    pages = {path for path in rebuilt if not path.startswith("cards/")}
    # each page rebuilt makes its share card again (from the card cache when its text is the same)
    assert rebuilt - pages == {card_path(path) for path in pages if path.endswith(".html")}
    return pages


def files(out: Path) -> dict[str, bytes]:
    """The published files (the no-op state is bookkeeping, dropped by in-place rebuilds)."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and p.name != ".penjelas-state.json"}


def assert_same_as_full_build(builder: SiteBuilder, tmp_path: Path) -> None:
    fresh = SiteBuilder(BuildOptions(builder.options.root, tmp_path / "fresh", fingerprint=False, incremental=True))
    assert fresh.build().ok
    assert files(builder.options.out) == files(tmp_path / "fresh")


def test_section_body_affects_only_its_own_page(builder, tmp_path):
    rebuilt = edit(builder, "content/sections/meeting.en.md", "The two leaders met", "The leaders met")
    assert rebuilt == {"en/meeting/index.html"}
    assert b"The leaders met" in (builder.options.out / "en/meeting/index.html").read_bytes()
    assert_same_as_full_build(builder, tmp_path)


def test_section_title_affects_its_page_and_the_pages_that_list_or_link_to_it(builder, tmp_path):
    rebuilt = edit(builder, "content/sections/meeting.en.md", "title: The meeting", "title: The summit")
    assert rebuilt == {
        "en/meeting/index.html",      # the page itself
        "id/pertemuan/index.html",    # its switcher links to this page's slug
        "en/index.html",              # home card
        "en/reply/index.html",        # previous/next link
        "en/timeline/index.html",     # events link to the section by title
        "sitemap.xml",                # its URL and alternates
        "en/feed.xml",                # its entry in the feed
        *SOURCES,                     # back-links name the page by its title
    }
    assert_same_as_full_build(builder, tmp_path)


def test_original_body_edit_shows_the_stale_notice_on_its_translation(builder, tmp_path):
    rebuilt = edit(builder, "content/sections/meeting.id.md", "Kedua pemimpin", "Para pemimpin")
    assert rebuilt == {"id/pertemuan/index.html", "en/meeting/index.html"}
    assert b"stale-notice" in (builder.options.out / "en/meeting/index.html").read_bytes()
    assert_same_as_full_build(builder, tmp_path)


def test_section_order_change_is_a_full_rebuild(builder, tmp_path):
    path = builder.options.root / "content/sections/meeting.en.md"
    path.write_text(path.read_text().replace("order: 1", "order: 9"))
    result = builder.rebuild({"content/sections/meeting.en.md"})
    assert result.ok and result.full and "order of the sections in 'en'" in result.reason
    assert_same_as_full_build(builder, tmp_path)


def test_changes_of_a_failed_rebuild_are_rendered_by_the_next_one(builder, tmp_path):
    edit_only = builder.options.root / "content/sections/reply.en.md"
    edit_only.write_text(edit_only.read_text().replace("next day [@beta]", "next day [@beta] again"))
    broken = builder.options.root / "content/sections/meeting.en.md"
    good = broken.read_text()
    broken.write_text(good.replace("[@alpha]", "[@nosuch]", 1))
    assert not builder.rebuild({"content/sections/reply.en.md", "content/sections/meeting.en.md"}).ok
    broken.write_text(good)
    result = builder.rebuild({"content/sections/meeting.en.md"})
    assert result.ok and "en/reply/index.html" in {o.path for o in result.rebuilt}
    assert_same_as_full_build(builder, tmp_path)


def test_problems_of_unchanged_files_are_still_reported(builder):
    people = builder.options.root / "content/people.yaml"
    people.write_text(people.read_text() + "\nextra: [\n")
    first = builder.rebuild({"content/people.yaml"})
    assert not first.ok
    section = builder.options.root / "content/sections/reply.en.md"
    section.write_text(section.read_text().replace("next day", "the next day"))
    again = builder.rebuild({"content/sections/reply.en.md"})
    assert [p.format() for p in again.problems.errors] == [p.format() for p in first.problems.errors]


def test_new_citation_also_updates_the_sources_pages_back_links(builder, tmp_path):
    def gamma_cited_in_reply() -> bool:
        gamma = soup(builder.options.out / "en/sources/index.html").find("li", id="source-gamma")
        return any(a["href"].startswith("../reply/#ref-") for a in gamma.select(".cited-in a"))

    assert not gamma_cited_in_reply()
    rebuilt = edit(builder, "content/sections/reply.en.md", "next day [@beta]", "next day [@beta; @gamma]")
    assert rebuilt == {"en/reply/index.html", *SOURCES}
    assert gamma_cited_in_reply()
    assert_same_as_full_build(builder, tmp_path)


def test_section_title_change_updates_back_link_titles(builder, tmp_path):
    rebuilt = edit(builder, "content/sections/reply.en.md", "title: The reply", "title: The answer")
    assert SOURCES <= rebuilt
    assert_same_as_full_build(builder, tmp_path)


def test_timeline_entry_affects_only_the_pages_that_show_that_event(builder, tmp_path):
    rebuilt = edit(builder, "content/timeline.yaml", "The meeting begins.", "The meeting starts.")
    assert rebuilt == {"en/timeline/index.html", "id/linimasa/index.html",
                       "en/meeting/index.html", "id/pertemuan/index.html"}
    assert_same_as_full_build(builder, tmp_path)


def test_event_moved_to_another_section_affects_both_sections(builder, tmp_path):
    rebuilt = edit(builder, "content/timeline.yaml", "  section: meeting\n", "  section: reply\n")
    assert rebuilt == {"en/timeline/index.html", "id/linimasa/index.html", "en/meeting/index.html",
                       "id/pertemuan/index.html", "en/reply/index.html", "id/jawaban/index.html"}
    # (a section page lists its events without their text, so no citation moves to the sources pages)
    assert_same_as_full_build(builder, tmp_path)


def test_reordered_or_added_events_affect_every_page_with_events(builder, tmp_path):
    path = builder.options.root / "content/timeline.yaml"
    text = path.read_text()
    path.write_text(text + text.split("- id: reply", 1)[1].join(["- id: reply-later", ""]).replace(
        "when: 2023-09-14", "when: 2023-09-14T12:00+09:00"))
    result = builder.rebuild({"content/timeline.yaml"})
    assert result.ok and not result.full
    assert {o.path for o in result.rebuilt if not o.path.startswith("cards/")} == {
        "en/timeline/index.html", "id/linimasa/index.html", "en/meeting/index.html", "id/pertemuan/index.html",
        "en/reply/index.html", "id/jawaban/index.html", *SOURCES,
        "en/index.html", "id/index.html"}  # the home pages name the days the timeline covers
    assert_same_as_full_build(builder, tmp_path)


def test_an_events_time_affects_the_home_pages_that_name_the_timelines_days(builder, tmp_path):
    rebuilt = edit(builder, "content/timeline.yaml", "when: 2023-09-14\n", "when: 2023-09-15\n")
    assert {"en/index.html", "id/index.html", "en/timeline/index.html"} <= rebuilt
    assert "15 September 2023" in (builder.options.out / "en/index.html").read_text(encoding="utf-8")
    assert_same_as_full_build(builder, tmp_path)


def test_source_entry_affects_only_the_pages_that_cite_it(builder, tmp_path):
    rebuilt = edit(builder, "content/sources.yaml", "Alpha report", "Alpha full report")
    assert rebuilt == {"en/index.html", "id/index.html", "en/meeting/index.html", "id/pertemuan/index.html",
                       "en/timeline/index.html", "id/linimasa/index.html", "en/people/index.html",
                       "id/tokoh/index.html", *SOURCES}
    assert_same_as_full_build(builder, tmp_path)


def test_comment_in_a_data_file_renders_nothing(builder):
    path = builder.options.root / "content/sources.yaml"
    path.write_text("# the sources\n" + path.read_text())
    result = builder.rebuild({"content/sources.yaml"})
    assert result.ok and result.rebuilt == []


def test_translation_string_affects_the_pages_of_its_language_and_the_root_pages(builder, tmp_path):
    rebuilt = edit(builder, "translations/en.yaml", "Skip to content", "Skip to the story")
    assert rebuilt == EN | ROOT | {"en/feed.xml"}  # the root pages speak every language
    assert_same_as_full_build(builder, tmp_path)


def test_original_language_strings_also_affect_the_root_pages(builder, tmp_path):
    rebuilt = edit(builder, "translations/id.yaml", "Langsung ke isi", "Langsung ke cerita")
    assert rebuilt == ID | ROOT | {"id/feed.xml"}


def test_partial_template_affects_only_pages_that_include_it(builder, tmp_path):
    rebuilt = edit(builder, "templates/partials/quote.html", "<div class=\"quote\"", "<div class=\"quote key\"")
    assert rebuilt == {"en/meeting/index.html", "id/pertemuan/index.html"}
    assert_same_as_full_build(builder, tmp_path)


def test_base_template_affects_every_page(builder):
    rebuilt = edit(builder, "templates/base.html", "<main id=\"main\"", "<main class=\"m\" id=\"main\"")
    assert rebuilt == EN | ID  # the root pages stand alone


def test_site_config_affects_everything(builder):
    rebuilt = edit(builder, "content/site.yaml", "A small site for tests.", "A tiny site for tests.")
    assert rebuilt == EVERYTHING


def test_stylesheet_is_copied_and_nothing_is_rendered(builder):
    css = builder.options.root / "assets/style.css"
    css.write_text(css.read_text() + "\nbody { color: red; }\n")
    result = builder.rebuild({"assets/style.css"})
    assert result.ok and not result.full and result.rebuilt == []
    assert (builder.options.out / "assets/style.css").read_text().endswith("body{color: red;}")


def test_with_fingerprints_a_stylesheet_change_renames_it_everywhere(tmp_path):
    root = make_site(tmp_path)
    builder = SiteBuilder(BuildOptions(root, root / "output", incremental=True))
    assert builder.build().ok
    [old] = (root / "output/assets").glob("style.*.css")
    css = root / "assets/style.css"
    css.write_text(css.read_text() + "\nbody { color: red; }\n")
    result = builder.rebuild({"assets/style.css"})
    assert result.ok and result.full and "fingerprinted" in result.reason
    [new] = (root / "output/assets").glob("style.*.css")
    assert new.name != old.name
    assert f"assets/{new.name}" in (root / "output/en/meeting/index.html").read_text()


def test_new_or_removed_files_rebuild_everything(builder, tmp_path):
    root = builder.options.root
    (root / "content/sections/extra.id.md").write_text(
        "---\ntitle: Ekstra\nslug: ekstra\nsummary: Tambahan.\norder: 3\ndate: 2023-09-14\n---\nTeks [@alpha].\n")
    result = builder.rebuild({"content/sections/extra.id.md"})
    assert result.ok and result.full and result.reason == "content/sections/extra.id.md is new"
    assert (builder.options.out / "id/ekstra/index.html").exists()
    (root / "content/sections/extra.id.md").unlink()
    result = builder.rebuild({"content/sections/extra.id.md"})
    assert result.ok and result.full and "removed" in result.reason
    assert not (builder.options.out / "id/ekstra").exists()
    assert_same_as_full_build(builder, tmp_path)


def test_changed_slug_rebuilds_everything(builder, tmp_path):
    path = builder.options.root / "content/sections/reply.en.md"
    path.write_text(path.read_text().replace("slug: reply", "slug: response"))
    result = builder.rebuild({"content/sections/reply.en.md"})
    assert result.ok and result.full and result.reason == "the set of pages changed"
    assert not (builder.options.out / "en/reply").exists()
    assert_same_as_full_build(builder, tmp_path)


def test_a_failed_rebuild_changes_nothing_and_the_next_good_one_recovers(builder, tmp_path):
    before = files(builder.options.out)
    path = builder.options.root / "content/timeline.yaml"
    good = path.read_text()
    path.write_text(good.replace("place: vostochny", "place: [vostochny", 1))
    result = builder.rebuild({"content/timeline.yaml"})
    assert not result.ok and result.problems.errors
    assert files(builder.options.out) == before
    path.write_text(good.replace("The meeting begins.", "The meeting begins now."))
    assert builder.rebuild({"content/timeline.yaml"}).ok
    assert_same_as_full_build(builder, tmp_path)


def test_edited_original_shows_the_stale_notice_on_its_translation(builder, tmp_path):
    rebuilt = edit(builder, "content/overview.id.md", "Mereka bertemu pada hari Rabu", "Mereka bertemu Rabu")
    assert {"id/index.html", "en/index.html"} <= rebuilt
    assert b"stale-notice" in (builder.options.out / "en/index.html").read_bytes()
    assert_same_as_full_build(builder, tmp_path)


def reported(problems) -> list[str]:
    return [p.format() for p in problems.sorted()]


UNCITED = "source 'delta' is listed but never cited"


@pytest.mark.parametrize("steps", [
    [("content/sections/meeting.en.md", "[@gamma]", "[@gama]", "citation of unknown source 'gama'"),
     ("content/sections/meeting.en.md", "[@gama]", "[@gamma]", "")],
    [("content/sections/meeting.id.md", "Kedua pemimpin", "Para pemimpin", "meeting.en.md:7: warning: stale translation")],
    [("content/sources.yaml", "- id: beta", "- id: delta\n  kind: report\n  publisher: D\n  title: D\n  date: 2023-09-13\n"
      "  language: en\n  url: https://d.example.org/\n  confidence: high\n- id: beta", UNCITED),
     ("content/sections/reply.en.md", "next day [@beta]", "next day [@beta; @delta]", ""),
     ("content/sections/reply.en.md", "next day [@beta; @delta]", "next day [@beta]", UNCITED)],
    [("content/sections/reply.en.md", "title: The reply", "draft: true\ntitle: The reply",
      "note: 'reply' in 'en' is a draft (content/sections/reply.en.md)")],
    [("content/sections/reply.en.md", "title: The reply", "title: [The reply]", "'title' must be text")],
    [("content/sections/reply.id.md", "title: Jawaban", "draft: true\ntitle: Jawaban", ""),
     ("content/sections/reply.id.md", "[@beta]", "[@btea]", "reply.id.md:9: error: citation of unknown source 'btea'"),
     ("content/sections/reply.id.md", "[@btea]", "[@beta]", "")],
    [("content/sections/reply.en.md", "next day [@beta]", "next day [@beta], see [it](/en/nope/)", "link to '/en/nope/'"),
     ("content/sections/meeting.en.md", "The two leaders met", "The leaders met", "link to '/en/nope/'"),
     ("content/sections/reply.en.md", "slug: reply", "slug: nope", "")],
])
def test_rebuilds_report_exactly_the_problems_of_a_full_build(builder, steps):
    from penjelas.problems import ProblemLog

    for site_path, old, new, expected in steps:
        path = builder.options.root / site_path
        assert old in path.read_text(), (site_path, old)
        path.write_text(path.read_text().replace(old, new, 1))
        result = builder.rebuild({site_path})
        fresh = ProblemLog()
        SiteBuilder(BuildOptions(builder.options.root, builder.options.out, fingerprint=False)).load(fresh)
        assert reported(result.problems) == reported(fresh), site_path
        text = "\n".join(reported(fresh))
        assert expected in text and (UNCITED in text) == (expected == UNCITED), (expected, text)


def test_a_temporary_file_that_came_and_went_changes_nothing(builder, tmp_path):
    """`sed -i` and some editors write a temporary file beside the real one and rename it over it."""
    root = builder.options.root
    (root / "content/sections/sedX1y2Z3").write_text("temporary")
    (root / "content/sections/sedX1y2Z3").unlink()
    page = root / "content/sections/meeting.en.md"
    page.write_text(page.read_text().replace("The two leaders met", "The leaders met"))
    result = builder.rebuild({"content/sections/sedX1y2Z3", "content/sections/meeting.en.md"})
    assert result.ok and not result.full, result.reason
    assert {output.path for output in result.rebuilt} == {"en/meeting/index.html", "cards/en/meeting/index.png"}
    assert_same_as_full_build(builder, tmp_path)


def test_a_removed_file_that_was_read_still_rebuilds_everything(builder):
    (builder.options.root / "content/sections/reply.en.md").unlink()
    result = builder.rebuild({"content/sections/reply.en.md"})
    assert result.full and "reply.en.md was removed" in result.reason


def test_a_section_made_a_draft_and_published_again_rebuilds_its_pages(builder, tmp_path):
    path = builder.options.root / "content/sections/reply.en.md"
    published = path.read_text()
    path.write_text(published.replace("title: The reply", "draft: true\ntitle: The reply"))
    result = builder.rebuild({"content/sections/reply.en.md"})
    assert result.ok, [p.format() for p in result.problems.problems]
    assert not (builder.options.out / "en/reply/index.html").exists()
    assert b"en/reply/" not in (builder.options.out / "en/meeting/index.html").read_bytes()
    assert_same_as_full_build(builder, tmp_path)
    path.write_text(published)
    assert builder.rebuild({"content/sections/reply.en.md"}).ok
    assert (builder.options.out / "en/reply/index.html").exists()
    assert_same_as_full_build(builder, tmp_path / "again")
