"""Free-standing pages (content/pages/KEY.LANG.md): outside the story's order, with an address
per language, in the sitemap, switcher and hreflang, translation-tracked like sections, and
linked from every page's footer when they ask for it (`footer: true`)."""
from __future__ import annotations

from .conftest import build, make_site, soup

ABOUT_ID = """---
title: Tentang situs
slug: tentang
summary: Cara situs ini dibuat.
footer: true
---
Kami merujuk setiap klaim [@alpha].
"""
ABOUT_EN = """---
title: About the site
slug: about
summary: How this site is made.
footer: true
---
We cite every claim [@alpha].
"""


def site_with_pages(tmp_path, *pages: tuple[str, str]):
    root = make_site(tmp_path)
    folder = root / "content/pages"
    folder.mkdir()
    for name, text in pages:
        (folder / name).write_text(text)
    return root


def footer_links(path) -> list[tuple[str, str]]:
    return [(a["href"], a.get_text()) for a in soup(path).select("footer a")]


def test_a_page_in_both_languages_has_an_address_in_each_linked_from_every_footer(tmp_path):
    root = site_with_pages(tmp_path, ("about.id.md", ABOUT_ID), ("about.en.md", ABOUT_EN))
    result = build(root, "--strict")
    assert "about.en" in result.err and "not marked" in result.err  # tracked like a section
    assert build(root).code == 0
    out = root / "output"
    page = soup(out / "en/about/index.html")
    assert page.h1.get_text() == "About the site"
    assert "We cite every claim" in page.select_one(".prose").get_text()
    assert page.select(".page-sources li")  # its citations are listed like a section's
    assert not page.select(".kicker"), "a page outside the story has no part number"
    assert {link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')} == {
        "id": "https://example.org/id/tentang/", "en": "https://example.org/en/about/",
        "x-default": "https://example.org/id/tentang/"}
    switcher = {a.get("hreflang") or a.get("lang"): a["href"] for a in page.select(".switcher a")}
    assert "../../id/tentang/" in switcher.values()
    sitemap = (out / "sitemap.xml").read_text()
    assert "https://example.org/id/tentang/" in sitemap and "https://example.org/en/about/" in sitemap
    for path, link in (("en/index.html", ("about/", "About the site")),
                       ("en/meeting/index.html", ("../about/", "About the site")),
                       ("id/linimasa/index.html", ("../tentang/", "Tentang situs"))):
        assert link in footer_links(out / path), path
    home = (out / "en/index.html").read_text()
    assert home.count("about/") == 1, "the page is no card of the story, only the footer's link"
    assert "about" not in (out / "en/feed.xml").read_text()
    assert soup(out / "en/about/index.html").select_one('footer a[aria-current="page"]')["href"] == "./"


def test_a_page_that_does_not_ask_for_it_is_not_in_the_footer(tmp_path):
    root = site_with_pages(tmp_path, ("about.id.md", ABOUT_ID.replace("footer: true\n", "")))
    result = build(root)
    assert result.code == 0, result.err
    assert (root / "output/id/tentang/index.html").is_file()
    assert all("tentang" not in href for href, _ in footer_links(root / "output/id/index.html"))


def test_a_page_only_in_the_original_is_offered_to_the_other_language_in_it(tmp_path):
    root = site_with_pages(tmp_path, ("about.id.md", ABOUT_ID))
    result = build(root)
    assert result.code == 0, result.err
    assert ("content/pages/about.id.md:1: warning: missing translation: 'about' has no 'en' version" in result.err)
    out = root / "output"
    assert not (out / "en/about").exists()
    link = soup(out / "en/meeting/index.html").select_one('footer a[hreflang="id"]')
    assert (link["href"], link["lang"], link.get_text()) == ("../../id/tentang/", "id", "Tentang situs")
    page = soup(out / "id/tentang/index.html")
    assert page.select_one("#untranslated-en")
    english = next(a for a in page.select(".switcher a") if "#untranslated-en" in a["href"])
    assert english["href"] == "#untranslated-en"


def test_a_page_whose_original_changed_shows_the_stale_notice(tmp_path):
    root = site_with_pages(tmp_path, ("about.id.md", ABOUT_ID), ("about.en.md", ABOUT_EN))
    from penjelas.commands.cli import main
    assert main(["translations", "--root", str(root), "--mark", "about.en"]) == 0
    original = root / "content/pages/about.id.md"
    original.write_text(original.read_text().replace("setiap klaim", "setiap klaim penting"))
    result = build(root)
    assert "content/pages/about.en.md:6: warning: stale translation: about.id.md changed" in result.err
    assert soup(root / "output/en/about/index.html").select_one(".stale-notice a")["href"] == "../../id/tentang/"


def test_page_mistakes_are_errors_naming_the_file(tmp_path):
    root = site_with_pages(tmp_path, ("about.id.md", ABOUT_ID.replace("slug: tentang\n", "")),
                           ("meeting.en.md", ABOUT_EN.replace("slug: about", "slug: me")),
                           ("third.en.md", ABOUT_EN.replace("slug: about", "slug: meeting")),
                           ("fourth.en.md", ABOUT_EN.replace("footer: true", "footer: yes please")))
    result = build(root)
    assert result.code == 1
    assert ("content/pages/about.id.md:2:1: error: front matter: missing required field 'slug' (the page's address "
            "in this language)") in result.err
    assert ("content/pages/meeting.en.md:1: error: 'meeting' names both a page (content/pages/meeting.en.md) and "
            "a section (content/sections/meeting.en.md)\n    hint: rename the page's file, e.g. "
            "content/pages/meeting-page.en.md") in result.err
    assert ("content/pages/third.en.md:3:1: error: slug 'meeting' is already used by content/sections/meeting.en.md:3; "
            "both would be written to /en/meeting/") in result.err
    assert "content/pages/fourth.en.md:5:1: error: front matter: 'footer' must be true or false, got text" \
        in result.err
    assert "Traceback" not in result.err
    assert not (root / "output").exists()


def test_the_translations_command_lists_pages(tmp_path, capsys):
    from penjelas.commands.cli import main
    root = site_with_pages(tmp_path, ("about.id.md", ABOUT_ID), ("about.en.md", ABOUT_EN))
    assert main(["translations", "--root", str(root)]) == 0
    listing = capsys.readouterr().out
    assert any(line.split()[:1] == ["about"] and "untracked" in line for line in listing.splitlines()), listing
