"""Serve stage, the dev server: build, serve output/ with live reload, rebuild on every save.

livereload provides the browser protocol and preview.py the HTTP side; watchdog (inotify) sees
saves at once; our own rebuild thread coalesces a burst of events into one rebuild and
then tells every browser to reload, so no save is ever dropped (livereload's own watcher
polls every 800 ms and drops changes within 3 s of a reload).
"""
from __future__ import annotations

import argparse
import errno
import logging
import sys
import threading
import time
import traceback
import webbrowser

from livereload.handlers import LiveReloadHandler
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from ..build.pipeline import BuildOptions, BuildResult, SiteBuilder
from ..build.report import report
from ..problems import ProblemLog, report_lines
from ..write.staging import UnsafeOutput, WriteFailed, check_output_folder
from .preview import ServeState, SiteHandler, is_loopback, make_application, preview_origins
from .watch import SiteWatcher


class Rebuilder:
    """Runs one rebuild at a time for the files changed since the last one, then reloads browsers."""

    QUIET_SECONDS = 0.05  # a save's burst of events (temp file, rename, swap file) arrives within this

    def __init__(self, builder: SiteBuilder, state: ServeState, loop: IOLoop):
        self.builder, self.state, self.loop = builder, state, loop
        self.pending: set[str] = set()
        self.last_event = 0.0
        self.condition = threading.Condition()
        self.thread = threading.Thread(target=self.run, name="rebuilder", daemon=True)
        self.crashed = False  # the last build raised: the builder's incremental state may be inconsistent
        self.fold = True  # many warnings of one kind print as one line (not with -v)

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
        # the changes stay in builder.unbuilt until a build is written, so a crash loses no save
        self.builder.unbuilt |= changed
        result = self.attempt(lambda: self.builder.build() if self.crashed else self.builder.rebuild(changed))
        names = ", ".join(sorted(changed)[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        if result is None:
            print(f"changed {names}: build crashed (a bug in penjelas); the browser shows the traceback", flush=True)
            self.loop.add_callback(LiveReloadHandler.reload_waiters, "*")
            return
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
            for text in report_lines(self.state.problems, self.fold):
                print(text, file=sys.stderr, flush=True)
        reload_path = "*"
        if result.ok and all(path.endswith(".css") for path in changed):
            reload_path = "/" + sorted(changed)[0]  # livereload.js swaps the stylesheet in place
        self.loop.add_callback(LiveReloadHandler.reload_waiters, reload_path)

    def attempt(self, run) -> BuildResult | None:
        """Run a build; on an unexpected error print and keep its traceback, and return None."""
        try:
            result = run()
        except WriteFailed as exc:  # a full disk, no permission: the author's to fix, shown like a problem
            result = BuildResult(ProblemLog([exc.problem()]))
            self.state.crash, self.crashed = None, True  # pages may be half updated: build it all next time
            return result
        except Exception:  # any bug of ours: the server must keep rebuilding on later saves
            trace = traceback.format_exc()
            print(trace, file=sys.stderr, end="", flush=True)
            self.state.crash, self.crashed = trace, True
            return None
        self.state.crash, self.crashed = None, False
        return result


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
    try:  # before building: a busy port is found at once, and --port 0 learns its real port
        sockets = bind_sockets(args.port, args.host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"error: port {args.port} on {args.host} is already in use\n"
                  f"    hint: stop the other server or pass another port, e.g. --port {args.port + 1}, "
                  "or --port 0 for any free one", file=sys.stderr)
            return 2
        raise
    port = sockets[0].getsockname()[1]
    state = ServeState(args.out)
    loop = IOLoop.current()
    rebuilder = Rebuilder(builder, state, loop)
    rebuilder.fold = not args.verbose
    try:
        check_output_folder(args.out, args.root)
    except UnsafeOutput as exc:
        print(f"{exc.location}: error: {exc.message}\n    hint: {exc.hint}", file=sys.stderr)
        return 2
    result = rebuilder.attempt(builder.build)
    if result is None:
        print("build crashed (a bug in penjelas); the browser shows the traceback", flush=True)
    else:
        report(result, args)
        if result.ok:
            record_success(state, result)
        else:
            record_failure(state, result)
    if not is_loopback(args.host):
        print(f"warning: serving on {args.host} makes every page of the preview, including drafts and the error "
              "pages with file paths, reachable by anyone on the network", file=sys.stderr)
    SiteHandler.state = state
    HTTPServer(make_application(args.out, preview_origins(args.host, port))).add_sockets(sockets)
    rebuilder.thread.start()
    watcher = SiteWatcher(args.root, rebuilder.notify)
    watcher.start()
    url = f"http://{'[' + args.host + ']' if ':' in args.host else args.host}:{port}/"
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
