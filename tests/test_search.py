"""Search: Pagefind's index per language, made by every build that writes, and the search
page, in a real Chromium (tests/browser.py) and without JavaScript."""
from __future__ import annotations

import functools
import gzip
import http.server
import threading
from pathlib import Path

import pytest

from penjelas.build.pipeline import BuildOptions, SiteBuilder
from penjelas.write import search_index

from .conftest import build, make_site, soup


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def served(site: Path):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site / "output")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def search(chromium, url: str, words: str, **context):
    """Open the search page with ?q=WORDS; return the page once results (or none) show."""
    page = chromium.new_context(**context).new_page()
    page.goto(f"{url}?q={words}")
    settled(page)
    return page


def settled(page) -> None:
    """Wait until Pagefind has searched and every result it lists has loaded its title."""
    page.wait_for_function(r"""() => {
        const message = document.querySelector('.pagefind-ui__message');
        if (!message || !message.textContent.trim() || message.textContent.includes('...')) return false;
        const results = [...document.querySelectorAll('.pagefind-ui__result')];
        const count = (message.textContent.match(/\d+/) || ['0'])[0];  // "3 results for ...", or none
        if (results.length !== Math.min(Number(count), 5)) return false;  // the first five show at once
        if (document.querySelector('.pagefind-ui__results .pagefind-ui__loading')) return false;  // ". . ."
        return results.every(r => r.querySelector(':scope > .pagefind-ui__result-inner > .pagefind-ui__result-title'));
    }""", timeout=20000)


def result_titles(page) -> list[str]:
    return [title.inner_text() for title in page.query_selector_all(
        ".pagefind-ui__result > .pagefind-ui__result-inner > .pagefind-ui__result-title")]


def test_the_build_writes_one_index_per_language_listed_in_the_manifest(site):
    out = site / "output"
    index = sorted(path.name for path in (out / "pagefind").glob("pagefind.*.pf_meta"))
    assert [name.split("_")[0] for name in index] == ["pagefind.en", "pagefind.id"]
    manifest = (out / ".penjelas-output").read_text(encoding="utf-8").splitlines()
    assert "pagefind/pagefind-ui.js" in manifest
    assert {line for line in manifest if line.startswith("pagefind/")} == \
        {path.relative_to(out).as_posix() for path in (out / "pagefind").rglob("*") if path.is_file()}


def test_only_the_main_text_is_marked_for_the_index(site):
    out = site / "output"
    page = soup(out / "en/meeting/index.html")
    main = page.find("main")
    assert main.has_attr("data-pagefind-body") and main["data-title"] == page.find("h1").get_text()
    assert main["data-pagefind-filter"] == "Type[data-kind]" and main["data-kind"] == "Story part"
    assert page.find("header", class_="masthead")["data-pagefind-ignore"] == "all"
    assert page.find("footer")["data-pagefind-ignore"] == "all"
    for name in ("404.html", "en/search/index.html", "id/cari/index.html", "index.html"):
        assert soup(out / name).find(attrs={"data-pagefind-body": True}) is None, name


def test_every_page_has_a_search_field_that_goes_to_its_languages_search_page(site):
    out = site / "output"
    for name, action in (("id/pertemuan/index.html", "../cari/"), ("en/timeline/index.html", "../search/")):
        form = soup(out / name).find("form", role="search")
        assert form["action"] == action and form["method"] == "get"
        field = form.find("input", attrs={"name": "q"})
        assert field["type"] == "search" and form.find("label", attrs={"for": field["id"]}).get_text().strip()
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "id/cari/" in sitemap and "en/search/" in sitemap
    assert "pagefind" not in (out / "en/meeting/index.html").read_text(encoding="utf-8").split("<main")[0].split(
        "<body")[0], "no search script in the head of other pages"
    assert not soup(out / "en/meeting/index.html").find("script", src=True)


def test_the_search_page_slug_is_set_under_pages(tmp_path):
    root = make_site(tmp_path)
    config = root / "content/site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "  search: {id: telusuri, en: find}\n",
                      encoding="utf-8")
    assert build(root).code == 0
    assert (root / "output/id/telusuri/index.html").is_file() and (root / "output/en/find/index.html").is_file()
    assert soup(root / "output/en/index.html").find("form", role="search")["action"] == "find/"


def test_a_missing_pagefind_is_an_error_and_the_output_stays_as_it_was(site, monkeypatch):
    before = (site / "output/en/index.html").read_bytes()
    (site / "content/sections/meeting.en.md").write_text(
        (site / "content/sections/meeting.en.md").read_text(encoding="utf-8") + "\nOne more line.\n",
        encoding="utf-8")
    monkeypatch.setattr(search_index, "executable", lambda: None)
    result = build(site)
    assert result.code == 1
    assert "output/pagefind: error: could not build the search index: Pagefind is not installed" in result.err
    assert "hint: install the requirements: python -m pip install -r requirements.txt" in result.err
    assert (site / "output/en/index.html").read_bytes() == before
    assert not list(site.glob(".output.new-*")) and not list((site / "output").glob(".pagefind*"))


def test_a_failing_pagefind_is_an_error_naming_what_it_said(site, tmp_path, monkeypatch):
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: could not read the site' >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setattr(search_index, "executable", lambda: broken)
    before = {path: path.read_bytes() for path in (site / "output").rglob("*") if path.is_file()}
    result = build(site, "--force")
    assert result.code == 1
    assert "could not build the search index: Pagefind exited with code 3: Error: could not read the site" \
        in result.err
    assert {path: path.read_bytes() for path in (site / "output").rglob("*") if path.is_file()} == before


def test_search_in_both_languages_and_follow_a_result(chromium, served):
    page = search(chromium, served + "en/search/", "leaders")
    assert "The meeting" in result_titles(page)
    page.click(".pagefind-ui__result-link >> text=The meeting")
    page.wait_for_url("**/en/meeting/")
    assert page.locator("h1").inner_text() == "The meeting"
    page = search(chromium, served + "id/cari/", "pemimpin")
    assert "Pertemuan" in result_titles(page) and "The meeting" not in result_titles(page)
    assert page.locator(".pagefind-ui__search-input").input_value() == "pemimpin"
    page.click(".pagefind-ui__result-link >> text=Pertemuan")
    page.wait_for_url("**/id/pertemuan/")
    assert page.evaluate("document.documentElement.lang") == "id"


def test_indonesian_stemming_finds_a_suffixed_form(chromium, served):
    assert "Pertemuan" in result_titles(search(chromium, served + "id/cari/", "pertemuannya"))


def test_navigation_and_footers_are_not_indexed(chromium, served):
    page = search(chromium, served + "en/search/", "provenance")  # a word of the footer only
    assert result_titles(page) == []


def test_the_header_field_runs_the_query_on_the_search_page(chromium, served):
    page = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(served + "en/timeline/")
    page.fill("#nav-search-q", "leaders")
    page.press("#nav-search-q", "Enter")
    page.wait_for_url("**/en/search/?q=leaders")
    settled(page)
    assert "The meeting" in result_titles(page)


def test_without_javascript_the_search_page_says_so_and_links_on(chromium, served):
    page = chromium.new_context(java_script_enabled=False).new_page()
    page.goto(served + "id/cari/?q=pertemuan")
    message = page.locator(".search-nojs")
    assert message.is_visible() and "JavaScript" in message.inner_text()
    links = page.locator("noscript li a")
    assert links.count() == 2
    links.nth(0).click()
    page.wait_for_url("**/id/linimasa/")


def indexed_text(out: Path) -> str:
    """The text Pagefind stored of every page (its fragments are gzipped JSON)."""
    return "".join(gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
                   for path in sorted((out / "pagefind/fragment").glob("*.pf_fragment")))


def test_a_dev_server_rebuild_indexes_the_changed_page_and_leaves_nothing_stale(tmp_path):
    root = make_site(tmp_path)
    builder = SiteBuilder(BuildOptions(root, root / "output", fingerprint=False, incremental=True))
    assert builder.build().ok
    before = set((root / "output/pagefind").rglob("*"))
    page = root / "content/sections/meeting.en.md"
    page.write_text(page.read_text(encoding="utf-8").replace("The two leaders met", "The two leaders met aboard"),
                    encoding="utf-8")
    result = builder.rebuild({"content/sections/meeting.en.md"})
    assert result.ok and not result.full
    out = root / "output"
    assert "leaders met aboard" in indexed_text(out)
    assert set(out.rglob("*")) - before, "the index was made again"
    manifest = (out / ".penjelas-output").read_text(encoding="utf-8").splitlines()
    assert {line for line in manifest if line.startswith("pagefind/")} == \
        {path.relative_to(out).as_posix() for path in (out / "pagefind").rglob("*") if path.is_file()}
    assert not list(out.glob(".pagefind*"))
    fresh = SiteBuilder(BuildOptions(root, tmp_path / "fresh", fingerprint=False, incremental=True))
    assert fresh.build().ok
    assert indexed_text(out) == indexed_text(tmp_path / "fresh")


def test_a_failed_reindex_in_the_dev_server_is_reported_and_retried(tmp_path, monkeypatch):
    root = make_site(tmp_path)
    builder = SiteBuilder(BuildOptions(root, root / "output", fingerprint=False, incremental=True))
    assert builder.build().ok
    page = root / "content/sections/meeting.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    found = search_index.executable
    monkeypatch.setattr(search_index, "executable", lambda: None)
    result = builder.rebuild({"content/sections/meeting.en.md"})
    assert not result.ok
    assert [p.message for p in result.problems.errors] == [
        "could not build the search index: Pagefind is not installed"]
    monkeypatch.setattr(search_index, "executable", found)
    result = builder.rebuild({"content/timeline.yaml"})  # any next save makes the index again
    assert result.ok and "A new line." in indexed_text(root / "output")


def test_results_can_be_filtered_by_the_kind_of_page(chromium, served):
    page = search(chromium, served + "id/cari/", "pemimpin", viewport={"width": 1280, "height": 900})
    assert {"Pertemuan", "Apa yang terjadi?"} <= set(result_titles(page))
    page.click(".pagefind-ui__filter-label >> text=Bagian kisah")
    page.wait_for_function("document.querySelectorAll('.pagefind-ui__result').length === 1")
    settled(page)
    assert result_titles(page) == ["Pertemuan"]


def test_two_builds_write_the_same_index(tmp_path):
    """Pagefind lists languages and filter values in a random order; the build puts them in order."""
    first, second = make_site(tmp_path / "a"), make_site(tmp_path / "b")
    assert build(first).code == 0 and build(second).code == 0
    index = [{path.relative_to(root).as_posix(): path.read_bytes() for path in (root / "output/pagefind").rglob("*")
              if path.is_file()} for root in (first, second)]
    assert index[0] == index[1]
    assert list((first / "output/pagefind/filter").glob("id_*.pf_filter"))
