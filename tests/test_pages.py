"""What readers get: paired pages, switcher, hreflang, sitemap, dates, citations, timeline."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from .conftest import build, make_site, soup

BASE = "https://example.org/"


def html_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if p.name != "404.html")


def url_of(out: Path, path: Path) -> str:
    rel = path.relative_to(out).as_posix()
    return BASE + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def alternates(page) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)}


def test_sections_are_paired_by_file_name_with_localized_slugs(site):
    out = site / "output"
    id_page = soup(out / "id/pertemuan/index.html")
    en_page = soup(out / "en/meeting/index.html")
    assert id_page.html["lang"] == "id" and en_page.html["lang"] == "en"
    assert id_page.h1.get_text() == "Pertemuan" and en_page.h1.get_text() == "The meeting"
    assert id_page.title.get_text() == "Pertemuan · Situs Uji"
    assert id_page.find("meta", attrs={"name": "description"})["content"] == "Mereka bertemu di kosmodrom."


def test_switcher_links_to_the_same_page_in_the_other_language(site):
    out = site / "output"
    for path in html_pages(out):
        page = soup(path)
        if page.html["lang"] not in ("id", "en") or path.parent == out:
            continue
        switcher = page.find("nav", class_="switcher")
        current = switcher.find(attrs={"aria-current": "true"})
        assert current.get_text() == {"id": "Bahasa Indonesia", "en": "English"}[page.html["lang"]]
        for link in switcher.find_all("a"):
            target = (path.parent / link["href"]).resolve() / "index.html"
            assert target.is_file(), (path, link["href"])
            other = soup(target)
            assert other.html["lang"] == link["hreflang"]
            back = other.find("nav", class_="switcher").find("a", hreflang=page.html["lang"])
            assert (target.parent / back["href"]).resolve() == path.parent.resolve(), "switching back returns here"


def test_hreflang_lists_every_version_including_itself_and_x_default(site):
    out = site / "output"
    for path in html_pages(out):
        if path.parent == out:
            continue  # the language chooser has no language versions
        page = soup(path)
        links = alternates(page)
        own = url_of(out, path)
        assert page.find("link", rel="canonical")["href"] == own
        assert links[page.html["lang"]] == own
        assert set(links) == {"id", "en", "x-default"}
        assert links["x-default"] == links["id"], "x-default is the Indonesian original"
        for lang, href in links.items():
            assert href.startswith(BASE)
            other = soup(out / href[len(BASE):] / "index.html")
            assert alternates(other) == links, "every alternate points back with the same set"


def test_untranslated_page_lists_only_existing_versions_and_says_so(tmp_path):
    root = make_site(tmp_path, "untranslated")
    assert build(root).code == 0
    out = root / "output"
    page = soup(out / "id/tambahan/index.html")
    assert alternates(page) == {"id": BASE + "id/tambahan/", "x-default": BASE + "id/tambahan/"}
    link = page.find("nav", class_="switcher").find("a", lang="en")
    assert link["href"] == "#untranslated-en", "the English entry leads to this page's notice for English readers"
    assert link["hreflang"] == "id", "it leads to an Indonesian page"
    assert " ".join(link.get_text().split()) == "English (only in Indonesian)"
    notice = page.find(id="untranslated-en")
    assert notice["lang"] == "en"
    assert notice.find_previous(class_="story-head") is None, "the notice comes before the heading"
    assert " ".join(notice.get_text().split()) == ("This part of the story is only available in Indonesian. "
                                                   "Back to the English edition")
    assert notice.a["href"] == "../../en/"
    sitemap = (out / "sitemap.xml").read_text()
    assert BASE + "en/tambahan/" not in sitemap
    assert sitemap.count(BASE + "id/tambahan/") == 3, "loc, its own alternate, x-default: no other version"
    assert not (out / "en/tambahan").exists(), "no duplicate page"
    # the translated pages link only to their real versions
    for path in ("en/meeting/index.html", "id/pertemuan/index.html"):
        assert alternates(soup(out / path)) .keys() == {"id", "en", "x-default"}
        assert soup(out / path).find(class_="untranslated-notice") is None


def test_other_language_lists_the_untranslated_part_and_leads_to_the_original(tmp_path):
    root = make_site(tmp_path, "untranslated")
    timeline = root / "content/timeline.yaml"  # an event of the untranslated part
    timeline.write_text(timeline.read_text().replace("place: washington\n", "place: washington\n  section: extra\n"))
    assert build(root).code == 0
    out = root / "output"
    cards = soup(out / "en/index.html").select(".cards .card")
    assert [" ".join(c.find(class_="card-part").get_text().split()) for c in cards] == [
        "Part 1 of 3", "Part 2 of 3", "Part 3 of 3 · only in Indonesian"]
    link = cards[2].h3.a
    assert (link["href"], link["lang"], link["hreflang"], link.get_text()) == ("../id/tambahan/", "id", "id", "Tambahan")
    assert cards[2].find("p", lang="id").get_text() == "Bagian yang belum diterjemahkan."
    event = soup(out / "en/timeline/index.html").find(id="briefing").find(class_="event-link")
    assert event.a["href"] == "../../id/tambahan/" and event.a["hreflang"] == "id"
    assert " ".join(event.get_text().split()) == "Read the part (only in Indonesian): Tambahan"
    assert event.find("span", lang="id").get_text() == "Tambahan"
    reply = soup(out / "en/reply/index.html")
    assert reply.find(class_="kicker").get_text() == "Part 2 of 3"
    following = reply.find("a", rel="next")
    assert following["href"] == "../../id/tambahan/" and following["hreflang"] == "id"
    assert " ".join(following.get_text().split()) == "Next Tambahan (only in Indonesian)"
    assert soup(out / "id/tambahan/index.html").find(class_="kicker").get_text() == "Bagian 3 dari 3"
    id_timeline = soup(out / "id/linimasa/index.html").find(id="briefing").find(class_="event-link")
    assert " ".join(id_timeline.get_text().split()) == "Baca bagian: Tambahan", "its own readers see no note"


def test_sitemap_has_every_page_with_the_same_alternates_as_its_head(site):
    out = site / "output"
    tree = ET.parse(out / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    entries = {
        url.find("s:loc", ns).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        for url in tree.getroot().findall("s:url", ns)
    }
    pages = [p for p in html_pages(out) if p.parent != out]
    assert set(entries) == {url_of(out, p) for p in pages}
    for path in pages:
        assert entries[url_of(out, path)] == alternates(soup(path))


def test_dates_are_localized_through_cldr(site):
    out = site / "output"
    assert "Rabu, 13 September 2023" in soup(out / "id/pertemuan/index.html").find(class_="dateline").get_text()
    assert "Wednesday, 13 September 2023" in soup(out / "en/meeting/index.html").find(class_="dateline").get_text()


def test_citations_are_numbered_links_to_the_page_source_list(site):
    page = soup(site / "output/en/meeting/index.html")
    paragraph = page.find(class_="prose").find("p")
    numbers = [a.get_text() for a in paragraph.select("sup.cite a")]
    assert numbers == ["1", "1", "2"], "alpha is 1 both times, beta is 2"
    assert [a["href"] for a in paragraph.select("sup.cite a")] == ["#source-alpha", "#source-alpha", "#source-beta"]
    sources = page.find("section", class_="page-sources")
    alpha = sources.find("li", id="source-alpha")
    assert sources.find("ol").find_all("li", recursive=False)[0] is alpha, "alpha is number 1"
    link = alpha.find("a", href="https://alpha.example.org/report")
    assert link.get_text() == "Alpha report"
    assert "Alpha Agency" in alpha.get_text() and "13 Sept 2023" in alpha.get_text()
    backrefs = [a["href"] for a in alpha.select(".backrefs a")]
    assert backrefs == ["#ref-1", "#ref-2"] + backrefs[2:]
    for href in backrefs:
        assert page.find(id=href[1:]) is not None


def test_source_without_url_links_to_how_to_find_it(site):
    page = soup(site / "output/id/pertemuan/index.html")
    gamma = page.find("li", id="source-gamma")
    assert gamma.find("a", href=lambda h: h and h.startswith("http")) is None
    how = gamma.find("a", string="cara menemukannya")
    assert how["href"] == "../sumber/#source-gamma"
    full = soup(site / "output/id/sumber/index.html").find("li", id="source-gamma")
    assert "Alamat daringnya tidak kami temukan. Cara menemukannya: Cari judulnya di situs Gamma." in " ".join(full.get_text().split())


def test_a_pages_source_list_is_compact_and_links_each_source_to_its_full_entry(tmp_path):
    root = make_site(tmp_path)
    sources = root / "content/sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace(
        "  confidence: high\n", "  confidence: high\n  mirrors:\n    - url: https://archive.example.org/alpha\n"
        "      label: archive.example.org\n  notes: Transcript 2023/117.\n", 1), encoding="utf-8")
    result = build(root)
    assert result.code == 0, result.err
    for lang, slug, sources_slug, details in (("en", "meeting", "sources", "details"),
                                               ("id", "pertemuan", "sumber", "rincian")):
        alpha = soup(root / f"output/{lang}/{slug}/index.html").find("li", id="source-alpha")
        text = " ".join(alpha.get_text().split())
        assert text.startswith("Alpha Agency, Alpha report, 13 Sep")
        assert "archive.example.org" not in str(alpha) and "Transcript" not in text
        assert alpha.find("a", string=details)["href"] == f"../{sources_slug}/#source-alpha"
        full = soup(root / f"output/{lang}/{sources_slug}/index.html").find("li", id="source-alpha")
        assert full.select_one(".source-mirrors a")["href"] == "https://archive.example.org/alpha"
        assert "Transcript 2023/117." in full.get_text()


def test_quote_shows_page_language_version_and_closed_provenance(site):
    id_page = soup(site / "output/id/pertemuan/index.html")
    figure = id_page.find("div", id="quote-hello")
    assert figure.blockquote.get_text(strip=True) == "Halo, kawan."
    assert figure.blockquote.get("lang") is None
    details = figure.find("details")
    assert "open" not in details.attrs
    assert details.summary.get_text() == "Bagaimana kutipan ini sampai kepada kita"
    versions = details.find_all("q")
    assert [(q["lang"], q.get_text()) for q in versions] == [("en", "Hello, friend."), ("id", "Halo, kawan.")]
    en_figure = soup(site / "output/en/meeting/index.html").find("div", id="quote-hello")
    assert en_figure.blockquote.get_text(strip=True) == "Hello, friend."
    assert en_figure.find("summary").get_text() == "How this quote reached us"


def test_foreign_words_carry_their_language(site):
    # Indonesian style (PUEBI) sets foreign words in italics: <i lang="en">, language marked.
    page = soup(site / "output/id/pertemuan/index.html")
    word = page.find(lang="en", string="hello")
    assert word is not None and word.name == "i"


def test_timeline_groups_by_local_day_and_shows_zone(site):
    page = soup(site / "output/id/linimasa/index.html")
    days = page.find_all("section", class_="day")
    assert [d.h2.get_text() for d in days] == ["Rabu, 13 September 2023", "Kamis, 14 September 2023"]
    meet = page.find("li", id="meet")
    assert " ".join(meet.find(class_="event-when").get_text().split()) == "13.09 waktu Amur (UTC+9) · 11.09 WIB Kosmodrom Vostochny"
    assert meet.time["datetime"] == "2023-09-13T13:09+09:00"
    briefing = page.find("li", id="briefing")
    assert "13.41 waktu Washington (UTC\u22124)" in " ".join(briefing.get_text().split())
    reply = page.find("li", id="reply")
    assert reply.find(class_="event-clock").get_text() == "Sepanjang hari"
    assert reply.find("a", href="../jawaban/").get_text() == "Baca bagian: Jawaban"
    assert [a["href"] for a in meet.select("sup.cite a")] == ["#source-alpha"]


def test_section_lists_its_own_events_compactly_linking_to_the_full_timeline(site):
    page = soup(site / "output/en/meeting/index.html")
    events = page.find("section", class_="section-events").find_all("li", class_="event")
    assert [e.h3.get_text() for e in events] == ["They meet"]
    assert events[0].h3.find("a", href="../timeline/#meet").get_text() == "They meet"  # the title links to the entry
    assert events[0].find(class_="event-text") is None and "The meeting begins" not in events[0].get_text()
    assert " ".join(events[0].p.get_text().split()) == "Wednesday, 13 September 2023, 13:09 Amur time (UTC+9) · 04:09 UTC"
    assert "1:09" not in events[0].get_text() and "13:09 Amur time (UTC+9)" in " ".join(events[0].get_text().split())


def test_previous_and_next_links_follow_story_order(site):
    first = soup(site / "output/en/meeting/index.html").find("nav", class_="pager")
    second = soup(site / "output/en/reply/index.html").find("nav", class_="pager")
    assert first.find("a", rel="prev") is None and first.find("a", rel="next")["href"] == "../reply/"
    assert second.find("a", rel="prev")["href"] == "../meeting/" and second.find("a", rel="next") is None


def test_home_has_question_answer_key_points_cards_and_timeline_entry(site):
    page = soup(site / "output/id/index.html")
    assert page.h1.get_text() == "Apa yang terjadi?"
    assert page.find(class_="dek").get_text() == "Dua pemimpin bertemu."
    assert len(page.select(".key-points li")) == 5
    cards = page.select(".cards .card h3 a")
    assert [(a.get_text(), a["href"]) for a in cards] == [("Pertemuan", "pertemuan/"), ("Jawaban", "jawaban/")]
    assert page.find("a", href="linimasa/") is not None


def test_sources_page_links_back_to_each_place_that_cites(site):
    page = soup(site / "output/en/sources/index.html")
    beta = page.find("li", id="source-beta")
    targets = [a["href"] for a in beta.select(".cited-in a")]
    assert "../meeting/#ref-2" in targets  # the page's second citation, "[@alpha; @beta]"
    assert any(t.startswith("../timeline/#ref-") for t in targets)
    assert all(not t.startswith("../../id/") for t in targets), "back-links stay in the page's language"
    for href in targets:
        path, _, anchor = href.partition("#")
        target = soup((site / "output/en/sources" / path).resolve() / "index.html")
        assert target.find(id=anchor) is not None


def test_root_is_a_language_chooser_without_javascript(site):
    page = soup(site / "output/index.html")
    links = {a["hreflang"]: a["href"] for a in page.select(".chooser-list > li > a")}
    assert links == {"id": "id/", "en": "en/"}
    assert page.find("script") is None


def test_root_shows_each_languages_headline_and_short_answer_as_its_way_in(site):
    page = soup(site / "output/index.html")
    for lang in ("id", "en"):
        overview = soup(site / f"output/{lang}/index.html")
        door = page.select_one(f'.chooser-list > li[lang="{lang}"] > a')
        assert door.select_one(".chooser-headline").get_text() == overview.find("h1").get_text()
        assert door.select_one(".chooser-answer").get_text() == overview.select_one(".dek").get_text()
    assert page.select_one('li[lang="id"] .chooser-go').get_text() == "Baca dalam bahasa Indonesia\xa0→"
    assert page.select_one('li[lang="en"] .chooser-go').get_text() == "Read in English\xa0→"


def test_root_without_overviews_offers_each_languages_site_title(tmp_path):
    root = make_site(tmp_path, "no-overview")
    result = build(root)
    assert result.code == 0, result.err
    page = soup(root / "output/index.html")
    home = soup(root / "output/en/index.html")
    assert page.select_one('li[lang="en"] .chooser-headline').get_text() == home.find("h1").get_text()


def test_root_404_speaks_every_language_with_links_back_in_each(site):
    page = soup(site / "output/404.html")
    assert [span.get_text() for span in page.select("h1 span")] == ["Halaman tidak ditemukan", "Page not found"]
    for lang, home, links in (("id", "Beranda", ["/id/", "/id/linimasa/", "/id/sumber/"]),
                              ("en", "Home", ["/en/", "/en/timeline/", "/en/sources/"])):
        part = page.select_one(f'.chooser-list > li[lang="{lang}"]')
        assert [a["href"] for a in part.select("a")] == links
        assert part.select_one("a").get_text().startswith(home + ": ")
        assert all(a["hreflang"] == lang for a in part.select("a"))


def test_no_page_needs_javascript(site):
    """Only the search page runs a script (Pagefind's UI); it says what to do without one."""
    searching = {site / "output/id/cari/index.html", site / "output/en/search/index.html"}
    for path in (site / "output").rglob("*.html"):
        if path.is_relative_to(site / "output/pagefind"):
            continue
        scripts = soup(path).find_all("script")
        assert path in searching or all(script.get("type") == "application/ld+json" for script in scripts), path


def test_404_pages_use_links_that_work_from_any_address(site):
    page = soup(site / "output/404.html")
    assert page.find("link", rel="stylesheet")["href"].startswith("/assets/style.")
    assert page.find("a", href="/id/") is not None
    assert page.find("link", rel="canonical") is None


def test_a_source_cited_a_thousand_times_says_so_and_links_back_to_each_citation(tmp_path):
    root = make_site(tmp_path)
    page = root / "content/sections/meeting.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n" + " ".join(["Cited [@alpha]."] * 1000) + "\n",
                    encoding="utf-8")
    result = build(root)
    assert result.code == 0, result.err
    alpha = soup(root / "output/en/meeting/index.html").find("li", id="source-alpha")
    links = alpha.select(".backrefs a")
    count = len(links)
    assert count > 1000 and [a.get_text() for a in links] == [str(n) for n in range(1, count + 1)]
    assert alpha.select_one(".backrefs").get_text(" ", strip=True).startswith(f"cited {count} times: 1 2 3 ")
    marks = {sup["id"] for sup in soup(root / "output/en/meeting/index.html").select("sup.cite")}
    assert {a["href"].lstrip("#") for a in links} <= marks, "each number goes back to its own citation"


def test_the_timeline_link_and_description_name_the_days_of_this_sites_timeline(tmp_path):
    root = make_site(tmp_path)
    timeline = root / "content/timeline.yaml"
    text = timeline.read_text(encoding="utf-8").replace("2023-09-14", "2024-02-02").replace("2023-09-13", "2024-01-30")
    timeline.write_text(text.replace("13:41-04:00", "13:41-05:00"), encoding="utf-8")  # Washington in winter
    assert build(root).code == 0
    out = root / "output"
    assert soup(out / "en/index.html").select_one(".timeline-entry a").get_text(" ", strip=True) == \
        "See the full timeline of 30 January\u2009–\u20092 February 2024 →"  # CLDR: thin spaces
    assert soup(out / "id/index.html").select_one(".timeline-entry a").get_text(" ", strip=True) == \
        "Lihat linimasa lengkap 30 Januari\u2009–\u20092 Februari 2024 →"
    description = soup(out / "en/timeline/index.html").select_one('meta[name="description"]')["content"]
    assert "30 January\u2009–\u20092 February 2024" in description and "2023" not in description


def test_a_site_without_timeline_events_links_to_its_timeline_without_dates(tmp_path):
    root = make_site(tmp_path)
    (root / "content/timeline.yaml").write_text("[]\n", encoding="utf-8")
    result = build(root)
    assert result.code == 0, result.err
    assert soup(root / "output/en/index.html").select_one(".timeline-entry a").get_text(" ", strip=True) == \
        "See the full timeline →"
