"""Serve stage, the preview: the output folder over HTTP, the error pages, live reload.

Input: the output folder and what the last build said (ServeState). Output: tornado handlers
that serve only files of the output folder, each read once per request, the build's error page
in place of the pages it broke, and livereload's websocket open only to the preview's own pages.
"""
from __future__ import annotations

import hashlib
import html
import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from tornado import web

from ..problems import Problem

LANGUAGE_FOLDER = re.compile(r"[A-Za-z0-9_-]+")  # the folder of a language's pages, e.g. en


@dataclass
class ServeState:
    """What the server knows about the last build: its problems if it failed."""

    out: Path
    problems: list[Problem] = field(default_factory=list)
    failed_files: set = field(default_factory=set)
    inputs: dict = field(default_factory=dict)  # output path -> input files, from the last good build
    known: set = field(default_factory=set)  # every input file of the last good build
    crash: str | None = None  # the traceback of a build that stopped on an unexpected error

    def shows_error(self, url_path: str) -> bool:
        """Tell whether a page must show the build error instead of its last good version."""
        if self.crash is not None:
            return True  # nothing is known about what the crashed build would have made
        if not self.problems:
            return False
        target = url_path.lstrip("/")
        target = target + "index.html" if target == "" or target.endswith("/") else target
        used = self.inputs.get(target)
        if used is None or not self.failed_files or not self.failed_files <= self.known:
            return True  # a page we cannot vouch for, or a problem in a file no page used yet
        return bool(used & self.failed_files)


class SiteHandler(StaticFileHandler):
    """Static files with clean URLs, the site's 404 page, and no way out of the output folder."""

    state: ServeState

    def initialize(self, path: str, default_filename: str | None = None) -> None:
        super().initialize(path=path, default_filename="index.html")

    async def get(self, path: str, include_body: bool = True) -> None:
        root = self.state.out.resolve()
        if "\\" in path or "\x00" in path or any(part.startswith(".") for part in path.split("/")):
            raise web.HTTPError(404)  # our state file, temporary files, and names no file can have
        if not (root / path).resolve().is_relative_to(root):
            raise web.HTTPError(404)  # traversal in any encoding: tornado has decoded the path already
        if (self.state.problems or self.state.crash) and (path == "" or path.endswith((".html", "/"))) \
                and self.state.shows_error(path):
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(render_crash_page(self.state.crash) if self.state.crash else render_error_page(self.state.problems))
            return
        await super().get(path, include_body)

    # Each file is read once per request and its length and etag come from those bytes: tornado
    # would stat it, then reopen it by path for each chunk, mixing old and new across a rebuild's rename.
    def file_bytes(self) -> bytes:
        if getattr(self, "_bytes", None) is None:
            with open(self.absolute_path, "rb") as file:
                self._bytes = file.read()
        return self._bytes

    def get_content_size(self) -> int:
        return len(self.file_bytes())

    def get_content(self, abspath: str, start: int | None = None, end: int | None = None) -> bytes:  # type: ignore[override]
        return self.file_bytes()[start:end]

    def compute_etag(self) -> str:
        return f'"{hashlib.sha1(self.file_bytes()).hexdigest()}"'

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        try:
            return super().validate_absolute_path(root, absolute_path)
        except web.HTTPError as exc:
            if exc.status_code == 403:  # outside the folder, or a folder without index: not found
                raise web.HTTPError(404) from None
            raise

    def write_error(self, status_code: int, **kwargs) -> None:
        if status_code != 404:
            return super().write_error(status_code, **kwargs)
        page = self.state.out / "404.html"
        lang = self.request.path.strip("/").split("/", 1)[0]
        if LANGUAGE_FOLDER.fullmatch(lang):  # a plain name: never a path built from the raw request
            root = self.state.out.resolve()
            candidate = (root / lang / "404.html").resolve()
            if candidate.parent == root / lang and candidate.is_file():
                page = candidate
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(page.read_bytes() if page.is_file() else NOT_FOUND_FALLBACK)


# The site's own palette (assets/style.css), light and dark, so the page reads like the site
ERROR_STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "color:#1c1b19;background:#fdfcf9}h1{color:#9c2318;line-height:1.2}"
    "pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f0e8;padding:.75rem;margin:0}"
    "li{margin:.5rem 0;list-style:none}ul{padding:0}"
    "@media (prefers-color-scheme:dark){body{color:#ebe7df;background:#151412}h1{color:#f39a8b}"
    "pre{background:#201e1b}}"
)


NOT_FOUND_FALLBACK = (  # an output folder without a 404 page
    "<!doctype html><html lang=\"en\"><meta name=\"color-scheme\" content=\"light dark\">"
    f"<title>404</title><style>{ERROR_STYLE}</style><p>Not found</p></html>").encode()


def error_document(intro: str, body: str) -> str:
    """Return the dev server's plain "Build failed" page around an explanation and a body."""
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"color-scheme\" content=\"light dark\">\n"
        f"<title>Build failed</title>\n<style>{ERROR_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>Build failed</h1>\n<p>{intro}</p>\n{body}\n</body>\n</html>\n"
    )


def render_error_page(problems: list[Problem]) -> str:
    """Return a plain page listing the build problems; it reloads when the build is fixed."""
    items = "\n".join(
        f"<li><pre>{html.escape(p.format())}</pre></li>" for p in problems if p.is_error
    ) or "<li>unknown problem</li>"
    return error_document("Fix the problems below and save: this page reloads by itself. "
                          "Pages that do not use the broken files still show the last good build.",
                          f"<ul class=\"problems\">\n{items}\n</ul>")


def render_crash_page(trace: str) -> str:
    """Return a plain page showing the traceback of a build that stopped on an unexpected error."""
    return error_document("The build stopped on an unexpected error. This is a bug in penjelas, not a mistake "
                          "in your content: please report it with the traceback below. Save any file to build "
                          "again: this page reloads by itself.",
                          f"<pre class=\"traceback\">{html.escape(trace)}</pre>")


def is_loopback(host: str) -> bool:
    """Tell whether an address is only reachable from this machine (127.0.0.0/8, ::1, localhost)."""
    try:
        return host == "localhost" or ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class PreviewReloadHandler(LiveReloadHandler):
    """livereload's websocket, open only to pages of the preview itself: a page of another
    site the author visits cannot listen for reloads."""

    origins: frozenset[str] = frozenset()

    def check_origin(self, origin: str) -> bool:
        return origin.lower().rstrip("/") in self.origins


def preview_origins(host: str, port: int) -> frozenset[str]:
    """Return the origins of the preview's own pages: its host and the loopback names, on its port."""
    names = {host if ":" not in host else f"[{host}]", "127.0.0.1", "localhost", "[::1]"}
    return frozenset(f"http://{name.lower()}:{port}" for name in names)


def make_application(out: Path, origins: frozenset[str]) -> web.Application:
    """Return the preview's application: live-reload endpoints, then the output folder's files
    with the reload script injected (livereload's Server.application, without its listen)."""
    server = Server()
    server.root, server.default_filename, server.SFH = str(out), "index.html", SiteHandler
    LiveReloadHandler.watcher, LiveReloadHandler.live_css = server.watcher, True
    # livereload.js from the page's own host and port, as livereload's own snippet does
    script = (b'<script type="text/javascript">(function(){var s=document.createElement("script");'
              b'var port=(window.location.port || (window.location.protocol == \'https:\' ? 443: 80));'
              b's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
              b'document.head.appendChild(s);})();</script>')

    class Injector(LiveScriptInjector):
        pass

    Injector.script = script
    PreviewReloadHandler.origins = origins
    # no /forcereload: a GET any page could send to reload the preview; our rebuild thread reloads
    handlers = [(r"/livereload", PreviewReloadHandler), (r"/livereload.js", LiveReloadJSHandler),
                *server.get_web_handlers(script)]
    return web.Application(handlers=handlers, transforms=[Injector])
