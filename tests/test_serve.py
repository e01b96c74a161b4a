"""The dev server: serving rules over HTTP, and live reload in a real headless Chromium."""
from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest

from .browser import DevServer, open_live
from .conftest import make_site

TIMEOUT_MS = 20_000


@pytest.fixture
def served(tmp_path):
    root = make_site(tmp_path)
    server = DevServer(root)
    yield root, server
    server.stop()


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def reload_after(server: DevServer, action) -> dict:
    """Listen on the live-reload websocket as livereload.js does, run action, return the next message."""
    import asyncio
    import json
    from tornado.websocket import websocket_connect

    async def listen():
        socket = await websocket_connect(f"ws://127.0.0.1:{server.port}/livereload")
        socket.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        json.loads(await socket.read_message())
        socket.write_message(json.dumps({"command": "info", "url": server.url}))
        await asyncio.sleep(0.3)  # the server registers the listener after 'info'
        action()
        message = await asyncio.wait_for(socket.read_message(), 30)
        socket.close()
        return json.loads(message)

    # in a thread of its own: Playwright's sync API keeps an event loop running in this one
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, listen()).result()


def test_clean_urls_content_types_and_injected_script(served):
    root, server = served
    status, kind, body = fetch(server.url + "en/meeting/")
    assert status == 200 and kind.startswith("text/html")
    assert "livereload.js" in body
    assert "livereload" not in (root / "output/en/meeting/index.html").read_text(), "published files stay clean"
    assert fetch(server.url + "assets/style.css")[1].startswith("text/css")
    assert fetch(server.url + "sitemap.xml")[1] in ("application/xml", "text/xml")


@pytest.mark.parametrize("path", ["../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "..%2f..%2fetc%2fpasswd",
                                  "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "..%5c..%5cetc%5cpasswd", "en/..%2f..%2f..%2fetc/hosts"])
def test_path_traversal_gets_404(served, path):
    _, server = served
    status, _, body = fetch(server.url + path)
    assert status == 404
    assert "root:" not in body


def test_missing_path_and_folder_without_index_get_the_site_404_page(served):
    _, server = served
    status, _, body = fetch(server.url + "en/no-such-page/")
    assert status == 404 and "Page not found" in body
    status, _, body = fetch(server.url + "assets/")
    assert status == 404 and "Index of" not in body


def test_busy_port_gives_a_clear_message(served, tmp_path):
    import subprocess
    import sys
    from .conftest import REPO
    root, server = served
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "serve", "--root", str(root),
                             "--out", str(root / "output"), "--port", str(server.port)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"error: port {server.port} on 127.0.0.1 is already in use" in result.stderr


def test_saved_markdown_appears_in_the_open_tab(served, chromium):
    root, server = served
    page = open_live(chromium, server.url + "en/meeting/")
    page.evaluate("window.sameTab = true")
    source = root / "content/sections/meeting.en.md"
    source.write_text(source.read_text().replace("The two leaders met", "The two leaders finally met"))
    page.wait_for_function("document.body.innerText.includes('The two leaders finally met')", timeout=TIMEOUT_MS)
    page.close()


def test_two_saves_one_second_apart_both_show(served, chromium):
    root, server = served
    page = open_live(chromium, server.url + "en/meeting/")
    source = root / "content/sections/meeting.en.md"
    original = source.read_text()
    source.write_text(original.replace("The two leaders met", "First save"))
    page.wait_for_function("document.body.innerText.includes('First save')", timeout=TIMEOUT_MS)
    time.sleep(1)
    source.write_text(original.replace("The two leaders met", "Second save"))
    page.wait_for_function("document.body.innerText.includes('Second save')", timeout=TIMEOUT_MS)
    page.close()


def test_broken_yaml_shows_error_page_then_the_page_returns(served, chromium):
    root, server = served
    page = open_live(chromium, server.url + "en/timeline/")
    timeline = root / "content/timeline.yaml"
    good = timeline.read_text()
    timeline.write_text(good.replace("  place: vostochny\n", "  place: [vostochny\n", 1))
    page.wait_for_function("document.title === 'Build failed'", timeout=TIMEOUT_MS)
    assert "content/timeline.yaml:" in page.inner_text("ul.problems")
    status, _, _ = fetch(server.url + "en/people/")
    assert status == 200, "pages that do not use the broken file keep the last good build"
    timeline.write_text(good.replace("The meeting begins.", "The meeting begins at last."))
    page.wait_for_function("document.body.innerText.includes('The meeting begins at last')", timeout=TIMEOUT_MS)
    page.close()


def test_css_change_applies_without_reloading_the_page(served, chromium):
    root, server = served
    page = open_live(chromium, server.url + "en/meeting/")
    page.evaluate("window.notReloaded = true")
    css = root / "assets/style.css"
    css.write_text(css.read_text() + "\nh1 { color: rgb(1, 2, 3); }\n")
    page.wait_for_function("getComputedStyle(document.querySelector('h1')).color === 'rgb(1, 2, 3)'",
                           timeout=TIMEOUT_MS)
    assert page.evaluate("window.notReloaded === true"), "the stylesheet was swapped, the page not reloaded"
    page.close()


def test_burst_of_events_from_one_save_causes_one_rebuild(served):
    root, server = served
    source = root / "content/sections/meeting.en.md"
    text = source.read_text()
    # what editors do: a swap file, a temp file renamed over the original, a backup
    (root / "content/sections/.meeting.en.md.swp").write_text("swap")
    temp = root / "content/sections/meeting.en.md.tmp"
    temp.write_text(text.replace("The two leaders met", "Burst"))
    temp.rename(source)
    (root / "content/sections/meeting.en.md~").write_text(text)
    line = server.wait_for_line("rebuilt")
    assert "content/sections/meeting.en.md" in line
    time.sleep(1.0)
    assert not [l for l in list(server.lines.queue) if "rebuilt" in l], "one save, one rebuild"


def test_error_page_on_every_page_that_uses_the_broken_file(served):
    root, server = served
    timeline = root / "content/timeline.yaml"
    timeline.write_text(timeline.read_text().replace("  place: vostochny\n", "  place: [vostochny\n", 1))
    server.wait_for_line("build failed")
    status, _, body = fetch(server.url + "en/meeting/")  # shows an event of the broken file
    assert status == 500 and "content/timeline.yaml:" in body
    assert fetch(server.url + "en/people/")[0] == 200  # uses nothing from it


def test_a_template_error_some_content_triggers_never_stops_rebuilding(tmp_path):
    root = make_site(tmp_path)
    section = root / "templates/section.html"
    # a template bug that only some content triggers: a title of exactly 11 characters divides by zero
    section.write_text(section.read_text().replace(
        "<h1>{{ doc.title }}</h1>", "<h1>{{ doc.title }}</h1><!-- {{ 100 // (doc.title | length - 11) }} -->", 1))
    line = next(n for n, text in enumerate(section.read_text().splitlines(), 1) if "<h1>" in text)
    source = root / "content/sections/meeting.en.md"
    crashing = source.read_text()
    assert "title: The meeting\n" in crashing
    server = DevServer(root)  # the first build fails: the server still starts and serves the error page
    try:
        assert any(f"templates/section.html:{line}: error: template error: integer division" in entry
                   for entry in server.log), server.log
        status, kind, body = fetch(server.url + "en/meeting/")
        assert status == 500 and kind.startswith("text/html")
        assert f"templates/section.html:{line}" in body and "ZeroDivisionError" in body
        assert fetch(server.url + "en/people/")[0] == 500, "every page shows it: no build was good yet"
        source.write_text(crashing.replace("title: The meeting\n", "title: The meeting!\n"))
        server.wait_for_line("rebuilt")
        status, _, body = fetch(server.url + "en/meeting/")
        assert status == 200 and "The meeting!" in body
        message = reload_after(server, lambda: source.write_text(crashing))  # the crash again, now in a rebuild
        assert message["command"] == "reload", "the open tab reloads to show the traceback"
        server.wait_for_line("build failed")
        assert fetch(server.url + "en/meeting/")[0] == 500
        message = reload_after(server, lambda: source.write_text(
            crashing.replace("title: The meeting\n", "title: The meeting?\n")))
        assert message["command"] == "reload", "the fixed page reloads in the open tab"
        server.wait_for_line("rebuilt")
        status, _, body = fetch(server.url + "en/meeting/")
        assert status == 200 and "The meeting?" in body
        assert fetch(server.url + "en/people/")[0] == 200
    finally:
        server.stop()


def test_a_bug_of_ours_shows_its_traceback_and_the_next_save_builds_everything(tmp_path, monkeypatch):
    from penjelas.build.pipeline import BuildOptions, SiteBuilder
    from penjelas.serve.preview import ServeState, render_crash_page
    from penjelas.serve.server import Rebuilder, record_success

    class Loop:  # the rebuild thread's only use of the IO loop: telling browsers to reload
        reloads = 0

        def add_callback(self, *args):
            self.reloads += 1

    root = make_site(tmp_path)
    builder = SiteBuilder(BuildOptions(root, root / "output", fingerprint=False, incremental=True))
    state, loop = ServeState(root / "output"), Loop()
    record_success(state, builder.build())
    rebuilder = Rebuilder(builder, state, loop)
    section = root / "content/sections/meeting.en.md"
    section.write_text(section.read_text(encoding="utf-8").replace("\n\n", "\n\nLost? Never.\n\n", 1), encoding="utf-8")

    def bug(changed):
        raise KeyError("a bug in a rebuild")

    monkeypatch.setattr(builder, "rebuild", bug)
    rebuilder.rebuild({"content/sections/meeting.en.md"})
    assert state.crash is not None and "KeyError: 'a bug in a rebuild'" in state.crash
    assert state.shows_error("/en/people/") and "bug in penjelas" in render_crash_page(state.crash)
    assert "content/sections/meeting.en.md" in builder.unbuilt, "the save is kept for the next build"
    assert loop.reloads == 1
    rebuilder.rebuild({"content/timeline.yaml"})  # the next save: a full build, which does not use rebuild()
    assert state.crash is None and not state.shows_error("/en/people/")
    assert any("Lost? Never." in page.read_text(encoding="utf-8") for page in (root / "output").rglob("*.html"))
    assert loop.reloads == 2


def raw_get(server: DevServer, target: str) -> tuple[int, str]:
    """Send the request line exactly as given (no client-side normalising) and return status and body."""
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def test_404_page_never_comes_from_outside_the_output_folder(served, tmp_path):
    root, server = served
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "404.html").write_text("<p>outside the output folder</p>")
    (root / "output/linked").symlink_to(outside, target_is_directory=True)
    (tmp_path / "404.html").write_text("<p>above the output folder</p>")
    for target in ("/../no-such", "/linked/no-such", "/..%2f/no-such", "/%2e%2e/no-such"):
        status, body = raw_get(server, target)
        assert status == 404, target
        assert "outside the output folder" not in body and "above the output folder" not in body, target
    status, body = raw_get(server, "/en/no-such-page/")
    assert status == 404 and "Page not found" in body


@pytest.mark.parametrize("target", ["/%00", "/en/%00/", "/a%00b.html"])
def test_nul_byte_in_url_is_not_found_without_traceback(served, target):
    _, server = served
    status, body = raw_get(server, target)
    assert status == 404 and "Traceback" not in body


def test_dotfiles_and_dot_folders_are_not_served(served):
    root, server = served
    out = root / "output"
    (out / ".x.tmp-123").write_text("temporary")
    (out / ".hidden").mkdir()
    (out / ".hidden/index.html").write_text("<p>hidden</p>")
    (out / "en/.secret.html").write_text("<p>secret</p>")
    state = [path.name for path in out.iterdir() if path.name.startswith(".penjelas")]
    assert ".penjelas-output" in state
    for name in [*state, ".x.tmp-123", ".hidden/", ".hidden/index.html", "en/.secret.html", "en/%2esecret.html"]:
        status, body = raw_get(server, "/" + name)
        assert status == 404, name
        assert "temporary" not in body and "<p>hidden</p>" not in body and "<p>secret</p>" not in body, name


def test_busy_port_is_found_before_building(tmp_path):
    import socket
    import subprocess
    import sys
    from .conftest import REPO
    root = make_site(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "serve", "--root", str(root),
                                 "--out", str(root / "output"), "--port", str(port)],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"error: port {port} on 127.0.0.1 is already in use" in result.stderr
    assert not (root / "output").exists(), "nothing is built for a server that cannot start"


def test_port_0_picks_a_free_port_and_prints_it(tmp_path):
    import re
    import subprocess
    import sys
    from .conftest import REPO
    root = make_site(tmp_path)
    process = subprocess.Popen([sys.executable, "-u", str(REPO / "build.py"), "serve", "--root", str(root),
                                "--out", str(root / "output"), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in process.stdout:
            if line.startswith("Serving "):
                break
        url = re.search(r"on (http://127\.0\.0\.1:(\d+)/)", line)
        assert url and url.group(2) != "0", line
        status, _, body = fetch(url.group(1) + "en/meeting/")
        assert status == 200 and "livereload.js" in body
    finally:
        process.terminate()
        process.wait(timeout=10)


def websocket_status(server: DevServer, origin: str | None) -> int:
    """Try the live-reload websocket handshake with an Origin header; return the HTTP status."""
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    headers = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    if origin is not None:
        headers["Origin"] = origin
    try:
        connection.request("GET", "/livereload", headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def test_live_reload_accepts_only_the_previews_own_origin(served):
    _, server = served
    for origin in (f"http://127.0.0.1:{server.port}", f"http://localhost:{server.port}", f"http://[::1]:{server.port}"):
        assert websocket_status(server, origin) == 101, origin
    for origin in ("http://evil.example", f"http://evil.example:{server.port}", "http://127.0.0.1:1", "null"):
        assert websocket_status(server, origin) == 403, origin
    status, _ = raw_get(server, "/forcereload?path=*")
    assert status == 404, "no GET reloads the preview's tabs"


@pytest.mark.parametrize("host", ["127.0.0.2", "localhost"])
def test_loopback_hosts_do_not_warn(tmp_path, host):
    root = make_site(tmp_path)
    server = DevServer(root, "--host", host)
    try:
        assert any("Serving " in line and host in line for line in server.log), server.log
        assert not [line for line in server.log if "warning:" in line], server.log
    finally:
        server.stop()


def test_no_page_is_served_half_written_while_rebuilds_replace_it(served):
    import collections
    import http.client
    import threading
    root, server = served
    source = root / "content/sections/meeting.en.md"
    original = source.read_text()
    stop, bad, seen, statuses = threading.Event(), [], [], []

    def save_repeatedly():
        n = 0
        while not stop.is_set():
            n += 1  # pages of different lengths, so a mix of old and new shows
            source.write_text(original.replace("The two leaders met", "The two leaders met " + "again " * (n % 50)))
            time.sleep(0.05)

    def request_many():
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        for _ in range(600):
            try:
                connection.request("GET", "/en/meeting/")
                response = connection.getresponse()
                body = response.read()
            except (http.client.HTTPException, OSError) as error:  # a cut-off response
                bad.append(repr(error))
                connection.close()
                continue
            statuses.append(response.status)
            if response.status in (200, 500):  # 500: the error page, while a save is half-written
                seen.append(response.status)
                if not body.endswith(b"</html>\n") or len(body) != int(response.headers["Content-Length"]):
                    bad.append((len(body), response.headers["Content-Length"], body[-40:]))
        connection.close()

    saver = threading.Thread(target=save_repeatedly)
    saver.start()
    clients = [threading.Thread(target=request_many) for _ in range(8)]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    stop.set()
    saver.join()
    assert not bad, bad[:3]
    assert set(statuses) <= {200, 500} and seen.count(200) > 1000, collections.Counter(statuses)


def test_a_full_disk_during_a_rebuild_is_shown_as_a_problem_and_the_next_save_builds_everything(tmp_path,
                                                                                                   monkeypatch):
    import errno
    from pathlib import Path

    from penjelas.build.pipeline import BuildOptions, SiteBuilder
    from penjelas.serve.preview import ServeState
    from penjelas.serve.server import Rebuilder, record_success

    class Loop:  # the rebuild thread's only use of the IO loop: telling browsers to reload
        def __init__(self):
            self.reloads = 0

        def add_callback(self, *args):
            self.reloads += 1

    root = make_site(tmp_path)
    out = root / "output"
    builder = SiteBuilder(BuildOptions(root, out, fingerprint=False, incremental=True))
    state, loop = ServeState(out), Loop()
    result = builder.build()
    assert result.ok
    record_success(state, result)
    rebuilder = Rebuilder(builder, state, loop)
    section = root / "content/sections/meeting.en.md"
    section.write_text(section.read_text(encoding="utf-8").replace("\n\n", "\n\nFirst save.\n\n", 1), encoding="utf-8")
    real = Path.write_bytes

    def full_disk(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    rebuilder.rebuild({"content/sections/meeting.en.md"})
    [problem] = state.problems
    assert "could not write the file: No space left on device" in problem.format()
    assert state.crash is None and state.shows_error("/en/")  # the problems page, not a crash page
    monkeypatch.setattr(Path, "write_bytes", real)
    section.write_text(section.read_text(encoding="utf-8").replace("First save.", "Second save."), encoding="utf-8")
    rebuilder.rebuild({"content/sections/meeting.en.md"})
    assert state.problems == [] and not state.shows_error("/en/")
    assert any("Second save." in page.read_text(encoding="utf-8") for page in out.rglob("*.html"))
    assert loop.reloads == 2


CONTRAST = """(element) => {
  const rgb = (value) => value.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                       return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const fg = lum(rgb(getComputedStyle(element).color)), bg = lum(rgb(getComputedStyle(document.body).backgroundColor));
  return [(Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05), bg];
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_error_pages_follow_the_readers_colour_scheme(chromium, scheme):
    from penjelas.problems import Location, Problem
    from penjelas.serve.preview import NOT_FOUND_FALLBACK, render_crash_page, render_error_page

    problem = Problem(Location("content/timeline.yaml", 3, 5), "error", "a broken line", "fix it")
    context = chromium.new_context(color_scheme=scheme)
    page = context.new_page()
    for document in (render_error_page([problem]), render_crash_page("Traceback ..."), NOT_FOUND_FALLBACK.decode()):
        page.set_content(document)
        for selector in ("body", "h1", "pre") if "<h1>" in document else ("p",):
            contrast, background = page.eval_on_selector(selector, CONTRAST)
            assert contrast >= 4.5, f"{selector} has a contrast of {contrast:.2f} in the {scheme} scheme"
            assert (background < 0.05) == (scheme == "dark"), f"a {scheme} page on a {scheme} background"
    context.close()
