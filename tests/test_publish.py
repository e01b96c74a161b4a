"""Gates on the real site, both languages: valid HTML, accessible, links, weight, print,
feeds and structured data, and a site that works under a sub-path of its base URL."""
from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from .browser import require_tool
from .conftest import REPO, build, make_site, soup

VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
BUDGET = 50 * 1024
ATOM = "{http://www.w3.org/2005/Atom}"
# the accessibility gate: WCAG 2.2 AA, which includes 2.1 and 2.0 A and AA (axe-core's tags;
# wcag22aa brings target size, 2.5.8)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("publish") / "output"
    result = build(REPO, "--strict", out=folder)
    assert result.code == 0, result.err
    return folder


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.links.append((tag, attrs[name]))


def parse_links(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def local_target(out: Path, page: Path, href: str) -> Path:
    path = urlsplit(href).path
    target = (out / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = target.resolve()
    return target / "index.html" if target.is_dir() or href.split("#")[0].endswith("/") else target


def test_html_is_valid_per_the_nu_checker(out):
    require_tool("the Nu HTML Checker", VNU.exists() and shutil.which("java") is not None,
                 "npm install vnu-jar@26.9 and a Java runtime; .ci/run does both")
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout",
                             "--skip-non-html", str(out)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stdout or "{}").get("messages", [])
    errors = [f"{m.get('url', '').split('/output/')[-1]}:{m.get('lastLine')}: {m.get('message')}"
              for m in messages if m.get("type") == "error"]
    assert not errors, "\n".join(errors[:30])
    assert len(html_files(out)) >= 20


def test_every_internal_link_and_anchor_resolves_and_outbound_links_are_absolute(out):
    base = "https://penjelas.example/"
    checked = 0
    for page in html_files(out):
        parsed = parse_links(page)
        for tag, href in parsed.links:
            if href.startswith(base):
                href = "/" + href[len(base):]  # canonical and hreflang: the same site
            scheme = urlsplit(href).scheme
            if scheme in ("http", "https"):
                parts = urlsplit(href)
                assert parts.netloc and " " not in href, f"{page}: malformed {href}"
                continue
            assert not scheme, f"{page}: unexpected link {href}"
            if href.startswith("#"):
                assert href[1:] in parsed.ids, f"{page}: no #{href[1:]} on the page"
                continue
            target = local_target(out, page, href)
            assert target.is_file(), f"{page.relative_to(out)}: {href} -> {target} does not exist"
            fragment = urlsplit(href).fragment
            if fragment:
                assert fragment in parse_links(target).ids, f"{page}: {href}: no such anchor"
            checked += 1
    assert checked > 500


def test_source_links_use_https_unless_the_source_is_http_only(out):
    http_only = {"kcna.kp", "vok.rep.kp", "world.kbs.co.kr", "www.koreaherald.com"}
    for page in (out / "en").rglob("*.html"):
        for tag, href in parse_links(page).links:
            if href.startswith("http://"):
                assert urlsplit(href).netloc in http_only, f"{page}: {href} should be https"


def test_every_page_fits_the_weight_budget(out):
    rows = []
    for page in html_files(out):
        css = sum((page.parent / href).resolve().stat().st_size for tag, href in parse_links(page).links
                  if href.endswith(".css") and not href.startswith("/"))
        if page.name == "404.html" and page.parent == out:
            css = sum(p.stat().st_size for p in out.glob("assets/*.css"))
        rows.append((page.relative_to(out).as_posix(), page.stat().st_size + css))
    over = [f"{name}: {size} bytes" for name, size in rows if size > BUDGET]
    assert not over, "over the 50 KB HTML+CSS budget:\n" + "\n".join(over)


def test_feeds_are_atom_with_entries_and_autodiscovery(out):
    for lang in ("id", "en"):
        feed = ET.parse(out / lang / "feed.xml").getroot()
        assert feed.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated", "author"):
            assert feed.find(f"{ATOM}{required}") is not None, required
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) >= 5
        for entry in entries:
            for required in ("id", "title", "updated", "link", "summary"):
                assert entry.find(f"{ATOM}{required}") is not None, required
        home = soup(out / lang / "index.html")
        link = home.find("link", type="application/atom+xml")
        assert (out / lang / link["href"]).resolve() == (out / lang / "feed.xml").resolve()
    assert "update-kremlin-confirms" in (out / "en/feed.xml").read_text()


def test_open_graph_and_structured_data(out):
    page = soup(out / "en/meeting-at-vostochny/index.html")
    meta = {m.get("property") or m.get("name"): m["content"] for m in page.find_all("meta") if m.get("content")}
    assert meta["og:type"] == "article" and meta["og:locale"] == "en_GB" and meta["og:locale:alternate"] == "id_ID"
    assert meta["og:url"] == "https://penjelas.example/en/meeting-at-vostochny/"
    assert meta["twitter:card"] == "summary_large_image"
    article = json.loads(page.find("script", type="application/ld+json").string)
    assert article["@type"] == "NewsArticle" and article["inLanguage"] == "en"
    assert article["translationOfWork"] == {"@id": "https://penjelas.example/id/pertemuan-di-vostochny/"}
    assert {c["@type"] for c in article["citation"]} == {"CreativeWork"} and len(article["citation"]) >= 5
    original = json.loads(soup(out / "id/pertemuan-di-vostochny/index.html")
                          .find("script", type="application/ld+json").string)
    assert original["workTranslation"] == [{"@id": "https://penjelas.example/en/meeting-at-vostochny/"}]
    home = json.loads(soup(out / "id/index.html").find("script", type="application/ld+json").string)
    assert [item["@type"] for item in home] == ["WebSite", "NewsArticle"]
    timeline = json.loads(soup(out / "en/timeline/index.html").find("script", type="application/ld+json").string)
    assert timeline["@type"] == "ItemList" and timeline["numberOfItems"] == len(timeline["itemListElement"]) >= 10


def test_robots_favicon_and_root_404(out):
    assert "Sitemap: https://penjelas.example/sitemap.xml" in (out / "robots.txt").read_text()
    icon = soup(out / "en/index.html").find("link", rel="icon")
    assert (out / "en" / icon["href"]).resolve().is_file()
    assert (out / "404.html").is_file()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_folder(folder: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_site_works_under_a_sub_path(tmp_path):
    www = tmp_path / "www"
    www.mkdir()
    server = serve_folder(www)
    base = f"http://127.0.0.1:{server.server_address[1]}/putin-kim/"
    try:
        assert build(REPO, "--base-url", base, out=www / "putin-kim").code == 0
        seen, queue = set(), [base, base + "sitemap.xml"]
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            with urllib.request.urlopen(url) as response:
                assert response.status == 200, url
                body = response.read()
                kind = response.headers["Content-Type"]
            if "html" in kind or url.endswith(".xml"):
                text = body.decode()
                for href in _links_in(text):
                    absolute = urljoin(url, href).split("#")[0]
                    if absolute.startswith(base):
                        if absolute not in seen:
                            queue.append(absolute)
                    elif absolute.startswith(f"http://127.0.0.1:{server.server_address[1]}/"):
                        pytest.fail(f"{url} links outside the sub-path: {href}")
        assert len(seen) >= 22
        assert {base + "id/linimasa/", base + "en/sources/", base + "id/feed.xml"} <= seen
        not_found = soup(www / "putin-kim/404.html")
        for tag in not_found.find_all(["a", "link"]):
            href = tag.get("href")
            if href and not href.startswith(("http", "#")):
                with urllib.request.urlopen(urljoin(base + "no/such/page", href)) as response:
                    assert response.status == 200, href
    finally:
        server.shutdown()


def _links_in(text: str) -> list[str]:
    import re
    return re.findall(r'(?:href|src)="([^"]+)"', text) + re.findall(r"<(?:loc|id)>([^<]+)</", text)


@pytest.fixture(scope="module")
def served(out):
    server = serve_folder(out)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations(chromium, served, out, width, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    problems = []
    for path in html_files(out):
        url = served + path.relative_to(out).as_posix().removesuffix("index.html")
        page.goto(url)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{url}: {violation['id']}: {violation['help']} {targets}")
    context.close()
    assert not problems, "\n".join(problems[:40])


def test_print_hides_navigation_and_prints_source_urls(chromium, served):
    page = chromium.new_page()
    page.emulate_media(media="print")
    page.goto(served + "en/meeting-at-vostochny/")
    assert page.evaluate("getComputedStyle(document.querySelector('.masthead')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.pager')).display") == "none"
    after = page.evaluate("""() => {
        const a = document.querySelector('.page-sources a[href^="http"]');
        return [a.getAttribute('href'), getComputedStyle(a, '::after').content];
    }""")
    assert after[0] in after[1]
    page.close()


@pytest.fixture(scope="module")
def untranslated_out(tmp_path_factory) -> Path:
    """A fixture site with a part only in Indonesian, whose event is on the timeline."""
    root = make_site(tmp_path_factory.mktemp("untranslated"), "untranslated")
    timeline = root / "content/timeline.yaml"
    timeline.write_text(timeline.read_text().replace("place: washington\n", "place: washington\n  section: extra\n"))
    result = build(root)
    assert result.code == 0, result.err
    return root / "output"


UNTRANSLATED_PAGES = ("id/tambahan/", "en/", "en/timeline/", "en/reply/")


def test_pages_leading_to_an_untranslated_original_are_valid_and_their_links_resolve(untranslated_out):
    out = untranslated_out
    require_tool("the Nu HTML Checker", VNU.exists() and shutil.which("java") is not None,
                 "npm install vnu-jar@26.9 and a Java runtime; .ci/run does both")
    pages = [out / path / "index.html" for path in UNTRANSLATED_PAGES]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout",
                             *map(str, pages)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stdout or "{}").get("messages", [])
    errors = [f"{m.get('url', '').split('/output/')[-1]}:{m.get('lastLine')}: {m.get('message')}"
              for m in messages if m.get("type") == "error"]
    assert not errors, "\n".join(errors[:30])
    for page in pages:
        parsed = parse_links(page)
        for tag, href in parsed.links:
            if urlsplit(href).scheme:
                continue
            if href.startswith("#"):
                assert href[1:] in parsed.ids, f"{page}: no #{href[1:]} on the page"
                continue
            target = local_target(out, page, href)
            assert target.is_file(), f"{page.relative_to(out)}: {href} -> {target} does not exist"


def test_pages_leading_to_an_untranslated_original_have_no_accessibility_violations(chromium, untranslated_out):
    from axe_playwright_python.sync_playwright import Axe

    server = serve_folder(untranslated_out)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    axe, problems = Axe(), []
    try:
        for width in (390, 1280):
            for scheme in ("light", "dark"):
                context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                page = context.new_page()
                for path in (*UNTRANSLATED_PAGES, "id/tambahan/#untranslated-en"):
                    page.goto(base + path)
                    results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
                    problems += [f"{path} {width} {scheme}: {v['id']}: {v['help']}" for v in results.response["violations"]]
                context.close()
    finally:
        server.shutdown()
    assert not problems, "\n".join(problems[:40])
