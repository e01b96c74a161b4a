"""Dev server: build, serve output/ with live reload, rebuild on every save.

livereload provides the HTTP server and the browser protocol; watchdog (inotify) sees
saves at once; our own rebuild thread coalesces a burst of events into one rebuild and
then tells every browser to reload, so no save is ever dropped (livereload's own watcher
polls every 800 ms and drops changes within 3 s of a reload).
"""
from __future__ import annotations

import argparse
import errno
import html
import logging
import sys
import threading
import time
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from tornado import web
from tornado.ioloop import IOLoop

from .cli import report
from .pipeline import BuildOptions, BuildResult, SiteBuilder
from .problems import Problem
from .watch import SiteWatcher
from .write import UnsafeOutput, WriteFailed

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass
class ServeState:
    """What the server knows about the last build: its problems if it failed."""

    out: Path
    problems: list[Problem] = field(default_factory=list)
    failed_files: set = field(default_factory=set)
    inputs: dict = field(default_factory=dict)  # output path -> input files, from the last good build
    known: set = field(default_factory=set)  # every input file of the last good build

    def shows_error(self, url_path: str) -> bool:
        """Tell whether a page must show the build error instead of its last good version."""
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
        if not (root / path).resolve().is_relative_to(root) or "\\" in path:
            raise web.HTTPError(404)  # traversal in any encoding: tornado has decoded the path already
        if self.state.problems and (path == "" or path.endswith((".html", "/"))) and self.state.shows_error(path):
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(render_error_page(self.state.problems))
            return
        await super().get(path, include_body)

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
        lang = self.request.path.strip("/").split("/", 1)[0]
        page = self.state.out / lang / "404.html"
        page = page if page.is_file() else self.state.out / "404.html"
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(page.read_bytes() if page.is_file() else b"<!doctype html><title>404</title><p>Not found</p>")


def render_error_page(problems: list[Problem]) -> str:
    """Return a plain page listing the build problems; it reloads when the build is fixed."""
    items = "\n".join(
        f"<li><pre>{html.escape(p.format())}</pre></li>" for p in problems if p.is_error
    ) or "<li>unknown problem</li>"
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>Build failed</title>\n<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;"
        "margin:2rem auto;padding:0 1rem;color:#1c1b19;background:#fff}h1{color:#a3261b}"
        "pre{white-space:pre-wrap;background:#f3f0e8;padding:.75rem;margin:0}li{margin:.5rem 0;list-style:none}"
        "ul{padding:0}</style>\n</head>\n<body>\n<h1>Build failed</h1>\n"
        "<p>Fix the problems below and save: this page reloads by itself. "
        "Pages that do not use the broken files still show the last good build.</p>\n"
        f"<ul class=\"problems\">\n{items}\n</ul>\n</body>\n</html>\n"
    )


class Rebuilder:
    """Runs one rebuild at a time for the files changed since the last one, then reloads browsers."""

    QUIET_SECONDS = 0.05  # a save's burst of events (temp file, rename, swap file) arrives within this

    def __init__(self, builder: SiteBuilder, state: ServeState, loop: IOLoop):
        self.builder, self.state, self.loop = builder, state, loop
        self.pending: set[str] = set()
        self.last_event = 0.0
        self.condition = threading.Condition()
        self.thread = threading.Thread(target=self.run, name="rebuilder", daemon=True)

    def notify(self, site_path: str) -> None:
        """Record a changed file; called from the watcher thread."""
        with self.condition:
            self.pending.add(site_path)
            self.last_event = time.monotonic()
            self.condition.notify()

    def run(self) -> None:
        """Wait for changes, let each burst settle, rebuild, reload."""
        while True:
            with self.condition:
                while not self.pending:
                    self.condition.wait()
                while (wait := self.last_event + self.QUIET_SECONDS - time.monotonic()) > 0:
                    self.condition.wait(wait)
                changed, self.pending = self.pending, set()
            self.rebuild(changed)

    def rebuild(self, changed: set[str]) -> None:
        """Rebuild after a change and tell the browsers what to reload."""
        changed = {path for path in changed if not self.builder.transient(path)}  # not named in the report
        if not changed:
            return  # only temporary files came and went
        result = self.builder.rebuild(changed)
        names = ", ".join(sorted(changed)[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        if result.ok:
            record_success(self.state, result)
            pages = sum(1 for output in result.rebuilt if output.path.endswith(".html"))
            total = sum(1 for output in result.outputs if output.path.endswith(".html"))
            how = f" (full rebuild: {result.reason})" if result.full else ""
            print(f"changed {names}: rebuilt {pages} of {total} pages{how} in "
                  f"{result.milliseconds:.0f} ms", flush=True)
        else:
            record_failure(self.state, result)
            errors = len(result.problems.errors)
            print(f"changed {names}: build failed with {errors} error{'s' * (errors != 1)}; "
                  "the browser shows them", flush=True)
            for problem in self.state.problems:
                print(problem.format(), file=sys.stderr, flush=True)
        reload_path = "*"
        if result.ok and all(path.endswith(".css") for path in changed):
            reload_path = "/" + sorted(changed)[0]  # livereload.js swaps the stylesheet in place
        self.loop.add_callback(LiveReloadHandler.reload_waiters, reload_path)


def record_failure(state: ServeState, result: BuildResult) -> None:
    """Remember a failed build: its problems, and the files they are in."""
    state.problems = result.problems.sorted()
    state.failed_files = {p.location.path for p in result.problems.errors}


def record_success(state: ServeState, result: BuildResult) -> None:
    """Remember a good build: no problems, and which inputs each page used."""
    state.problems, state.failed_files = [], set()
    # entry keys ('content/timeline.yaml#meet') count as their file: a broken file breaks them all
    state.inputs = {output.path: {key.partition("#")[0] for key in output.inputs} for output in result.outputs}
    state.known = set().union(*state.inputs.values()) if state.inputs else set()


def serve(args: argparse.Namespace) -> int:
    """Build, then serve until interrupted; return the exit code."""
    logging.getLogger("livereload").setLevel(logging.WARNING)
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    # no fingerprinted names in the preview: a stylesheet keeps its name and is swapped in place
    builder = SiteBuilder(BuildOptions(args.root, args.out, args.base_url, args.drafts, args.strict, fingerprint=False,
                                       incremental=True))
    try:
        result = builder.build()
    except UnsafeOutput as exc:
        print(f"{exc.location}: error: {exc.message}\n    hint: {exc.hint}", file=sys.stderr)
        return 2
    except WriteFailed as exc:  # as `build` does: exit 1, nothing served
        print(f"{exc}\nNOT built (output left unchanged): a file could not be written", file=sys.stderr)
        return 1
    report(result, args)
    state = ServeState(args.out)
    if result.ok:
        record_success(state, result)
    else:
        record_failure(state, result)
    if args.host not in LOCAL_HOSTS:
        print(f"warning: serving on {args.host} makes the preview reachable from other machines", file=sys.stderr)
    SiteHandler.state = state
    server = Server()
    server.root, server.default_filename, server.SFH = str(args.out), "index.html", SiteHandler
    loop = IOLoop.current()
    try:
        server.application(args.port, args.host, live_css=True)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"error: port {args.port} on {args.host} is already in use\n"
                  f"    hint: stop the other server or pass another port, e.g. --port {args.port + 1}", file=sys.stderr)
            return 2
        raise
    rebuilder = Rebuilder(builder, state, loop)
    rebuilder.thread.start()
    watcher = SiteWatcher(args.root, rebuilder.notify)
    watcher.start()
    url = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}/"
    print(f"Serving {args.out} on {url} (Ctrl+C to stop); watching content/, templates/, translations/, assets/",
          flush=True)
    if args.open:
        threading.Timer(0.5, webbrowser.open, (url,)).start()
    try:
        loop.start()
    except KeyboardInterrupt:
        print("stopped")
    finally:
        watcher.stop()
    return 0
