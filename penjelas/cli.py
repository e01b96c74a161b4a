"""Command line: `build` (default), `serve`; exit 0 ok, 1 content problems, 2 usage.

Input: argv. Output: messages on stderr, a summary line, and the exit code.
"""
from __future__ import annotations

import argparse
import ipaddress
import os
import re
import sys
from pathlib import Path

from .fields import base_url_problem
from .problems import ERROR, Location, Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
REPO_ROOT = Path(__file__).resolve().parent.parent


HOST_NAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                       r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$")


def port_number(text: str) -> int:
    """argparse type for --port: a whole number 0-65535 (0: any free port)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number; write a whole number from 0 to 65535") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is outside 0-65535; write e.g. --port 8000 (0: any free port)")
    return port


def host_address(text: str) -> str:
    """argparse type for --host: an IP address or a host name, nothing else."""
    try:
        ipaddress.ip_address(text.strip("[]"))
        return text.strip("[]")
    except ValueError:
        pass
    if HOST_NAME.match(text):
        return text
    scheme, sep, rest = text.partition("://")
    if sep and rest:
        bare = rest.split("/")[0].rsplit(":", 1)[0] if not rest.startswith("[") else rest.split("]")[0] + "]"
        raise argparse.ArgumentTypeError(f"'{text}' is a URL, not an address; drop the scheme: --host {bare}")
    raise argparse.ArgumentTypeError(f"'{text}' is not an IP address or host name; write e.g. --host 127.0.0.1")


def folder_path(text: str) -> Path:
    """argparse type for --root/--out: a path the OS can open (no NUL byte, not empty)."""
    if not text or "\0" in text:
        raise argparse.ArgumentTypeError(f"{text!r} is not a usable path; write a folder name")
    return Path(text)


def add_build_options(parser: argparse.ArgumentParser, in_command: bool = False) -> None:
    """Add the options every command shares. A command's copies default to nothing, so they
    do not reset values given before the command name (`build.py --root X serve`)."""
    def default(value):
        return argparse.SUPPRESS if in_command else value

    parser.add_argument("--root", type=folder_path, default=default(REPO_ROOT),
                        help=f"site folder holding content/, templates/, translations/, assets/ (default: {REPO_ROOT})")
    parser.add_argument("--out", type=folder_path, default=default(None), help="output folder (default: ROOT/output)")
    parser.add_argument("--base-url", default=default(None),
                        help="public URL of the site, e.g. https://example.org/putin-kim/ "
                             "(default: base_url in content/site.yaml)")
    parser.add_argument("--drafts", action="store_true", default=default(False), help="include items marked 'draft: true'")
    parser.add_argument("--strict", action="store_true", default=default(False), help="treat warnings as errors")
    parser.add_argument("--force", action="store_true", default=default(False),
                        help="build even when nothing changed since the last build")
    parser.add_argument("-q", "--quiet", action="store_true", default=default(False), help="print only problems")
    parser.add_argument("-v", "--verbose", action="store_true", default=default(False),
                        help="also list every file written")


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser with its subcommands."""
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build the bilingual explainer site from content/ into output/.",
        epilog="Run without a command to build. Exit codes: 0 built, 1 content problems, 2 usage error.")
    add_build_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="build the site (the default)")
    add_build_options(build, in_command=True)
    serve = commands.add_parser("serve", help="build, serve on localhost and rebuild and reload on every save")
    add_build_options(serve, in_command=True)
    serve.add_argument("--host", type=host_address, default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument("--port", type=port_number, default=8000, help="port, 0-65535; 0 picks a free one (default: %(default)s)")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    translations = commands.add_parser(
        "translations", help="show every translation's status (ok, stale, missing, draft, untracked)")
    add_build_options(translations, in_command=True)
    translations.add_argument("--diff", action="store_true",
                              help="for each stale translation, show how the original changed since (needs git)")
    translations.add_argument("--mark", nargs="+", metavar="ITEM.LANG",
                              help="record that ITEM.LANG now translates the current original "
                                   "(e.g. meeting.en, timeline.meet.en, 'timeline.*.en')")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    args.root = args.root.resolve()
    if args.out is None:
        args.out = args.root / "output"
    if not args.root.is_dir():
        print(f"error: site root {args.root} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    if args.base_url is not None:
        bad_url = base_url_problem(args.base_url)
        if bad_url:
            return usage_error("--base-url", *bad_url)
    if args.command == "serve":
        from .serve import serve
        return serve(args)
    if args.command == "translations":
        from .translate import run_translations
        return run_translations(args)
    return run_build(args)


def usage_error(option: str, message: str, hint: str) -> int:
    """Print a refused command-line value like a content problem, naming the option; return 2."""
    print(Problem(Location(option), ERROR, message, hint).format(), file=sys.stderr)
    return EXIT_USAGE


def run_build(args: argparse.Namespace) -> int:
    """Build once and report."""
    from .pipeline import BuildOptions, build
    from .write import UnsafeOutput

    options = BuildOptions(args.root, args.out, args.base_url, args.drafts, args.strict,
                           skip_unchanged=not args.force, workers=os.cpu_count() or 1,
                           progress=None if args.quiet or not sys.stderr.isatty() else Progress())
    try:
        result = build(options)
    except UnsafeOutput as exc:
        print(f"{exc.location}: error: {exc.message}\n    hint: {exc.hint}", file=sys.stderr)
        return EXIT_USAGE
    report(result, args)
    return EXIT_OK if result.ok else EXIT_PROBLEMS


class Progress:
    """A live page count on the terminal, shown only once a build has taken over a second."""

    def __init__(self, delay: float = 1.0):
        import time
        self.clock, self.started, self.delay, self.shown = time.monotonic, time.monotonic(), delay, False

    def __call__(self, done: int, total: int) -> None:
        if self.clock() - self.started < self.delay and not self.shown:
            return
        self.shown = True
        end = "\r" if done < total else "\r" + " " * 40 + "\r"
        text = f"rendering {done}/{total} pages" if done < total else ""
        print(text, end=end, file=sys.stderr, flush=True)


def report(result, args: argparse.Namespace) -> None:
    """Print every problem sorted, then one summary line."""
    for problem in result.problems.sorted():
        if problem.is_error or not args.quiet or args.strict:
            print(problem.format(), file=sys.stderr)
    if args.verbose:
        for output in sorted(result.outputs, key=lambda o: o.path):
            print(f"  wrote {output.path}")
    errors, warnings = len(result.problems.errors), len(result.problems.warnings)
    pages = result.pages_per_language()
    page_text = ", ".join(f"{n} pages {lang}" for lang, n in pages.items()) or "no pages"
    verdict = "built" if result.ok else "NOT built (output left unchanged)"
    if result.unchanged:
        verdict = "up to date (nothing changed since the last build)"
    line = (f"{verdict}: {page_text}; {errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)}{' (strict)' if args.strict and warnings else ''}; "
            f"{result.milliseconds:.0f} ms")
    if result.ok and not args.quiet:
        print(f"{line} -> {args.out}")
    elif not result.ok:
        print(line, file=sys.stderr)
