"""Commands, the command line: `build` (default), `serve`, `translations`, `new`; exit 0, 1 or 2.

Input: argv. Output: messages on stderr, a summary line, and the exit code: 0 ok, 1 content
problems (or a file that could not be written), 2 usage error.
"""
from __future__ import annotations

import argparse
import ipaddress
import os
import re
import shlex
import sys
from pathlib import Path

from ..build.report import report
from ..check.fields import base_url_problem
from ..problems import ERROR, Location, Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
REPO_ROOT = Path(__file__).resolve().parents[2]


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


def language_codes(text: str) -> tuple[str, ...]:
    """argparse type for --languages: codes Babel knows, separated by commas, none twice."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    from ..check.fields import ID_PATTERN

    codes = tuple(code.strip() for code in text.split(","))
    unique = ",".join(dict.fromkeys(code.lower() for code in codes if code))

    def unique_with(old: str, new: str) -> str:
        return ",".join(new if code == old else code for code in unique.split(","))
    if not all(codes):
        raise argparse.ArgumentTypeError(f"'{text}' has an empty code; write the codes separated by commas, "
                                         f"the original language first, e.g. --languages {unique or 'id,en'}")
    for code in codes:
        if codes.count(code) > 1:
            raise argparse.ArgumentTypeError(f"'{code}' is listed twice; write each language once: --languages {unique}")
        try:
            locale = Locale.parse(code) if ID_PATTERN.match(code.lower()) else None
        except (UnknownLocaleError, ValueError):
            locale = None
        if locale is None or not locale.get_display_name() or locale.language != code.lower().split("_")[0]:
            alias = get_global("language_aliases").get(code.lower().split("_")[0])
            known = f" (it is an old or long form of '{alias}')" if alias else ""
            raise argparse.ArgumentTypeError(f"'{code}' is not a language code Babel knows{known}; write ISO 639 "
                                             "codes separated by commas, the original language first, e.g. "
                                             f"--languages {unique_with(code.lower(), alias) if alias else 'id,en'}")
        if code != code.lower():
            raise argparse.ArgumentTypeError(f"'{code}' must be lowercase (it names files and folders of the site): "
                                             f"--languages {unique}")
    return codes


# The options commands share: flags, default, help. Each command takes only those it uses.
SHARED = {
    "root": (("--root",), REPO_ROOT, dict(type=folder_path, help=f"site folder holding content/, templates/, "
                                           f"translations/, assets/ (default: {REPO_ROOT})")),
    "out": (("--out",), None, dict(type=folder_path, help="output folder (default: ROOT/output)")),
    "base_url": (("--base-url",), None, dict(help="public URL of the site, e.g. https://example.org/news/ "
                                                 "(default: base_url in content/site.yaml)")),
    "drafts": (("--drafts",), False, dict(action="store_true", help="include items marked 'draft: true'")),
    "strict": (("--strict",), False, dict(action="store_true", help="treat warnings as errors")),
    "force": (("--force",), False, dict(action="store_true", help="build even when nothing changed since the last build")),
    "quiet": (("-q", "--quiet"), False, dict(action="store_true", help="print only problems")),
    "verbose": (("-v", "--verbose"), False, dict(action="store_true", help="also list every file written, and each warning "
                                                                  "of a kind printed as one line with a count")),
}
USES = {
    "build": ("root", "out", "base_url", "drafts", "strict", "force", "quiet", "verbose"),
    "serve": ("root", "out", "base_url", "drafts", "strict", "quiet", "verbose"),
    "translations": ("root",),
    "new": (),
}
EXITS = "Exit codes: 0 {ok}, 1 {problems}, 2 usage error."


def add_shared_options(parser: argparse.ArgumentParser, names: tuple[str, ...]) -> None:
    """Add the named shared options. They default to nothing here, so a command's copy does not
    reset a value given before the command name (`build.py --root X serve`); main fills defaults."""
    for name in names:
        flags, _, extra = SHARED[name]
        parser.add_argument(*flags, dest=name, default=argparse.SUPPRESS, **extra)


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser with its subcommands."""
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build the bilingual explainer site from content/ into output/.",
        epilog="Run without a command to build (the options above are build's; they may also come "
               "before a command name). " + EXITS.format(ok="built", problems="content problems")
               + " 'build.py COMMAND --help' describes each command.")
    add_shared_options(parser, USES["build"])
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser(
        "build", help="build the site (the default)",
        description="Build the site from ROOT/content into the output folder; nothing is written "
                    "when a content file has an error.",
        epilog=EXITS.format(ok="built", problems="content problems (output left unchanged)"))
    add_shared_options(build, USES["build"])
    serve = commands.add_parser(
        "serve", help="build, serve on localhost and rebuild and reload on every save",
        description="Build the site, serve it and rebuild on every save under content/, templates/, "
                    "translations/ and assets/; the browser reloads by itself. Runs until Ctrl+C.",
        epilog="Exit codes: 0 stopped with Ctrl+C, 2 usage error (a refused --out, a port in use). "
               "Content problems do not stop it: they are shown in the browser until fixed.")
    add_shared_options(serve, USES["serve"])
    serve.add_argument("--host", type=host_address, default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument("--port", type=port_number, default=8000, help="port, 0-65535; 0 picks a free one (default: %(default)s)")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    translations = commands.add_parser(
        "translations", help="show every translation's status (ok, stale, missing, draft, untracked)",
        description="Show every translated item's status per language and the UI strings missing or "
                    "unused; --mark records that a translation follows the current original. Writes no site.",
        epilog=EXITS.format(ok="shown or marked", problems="content errors, or an item to mark not found"))
    add_shared_options(translations, USES["translations"])
    translations.add_argument("--diff", action="store_true",
                              help="for each stale translation, show how the original changed since (needs git)")
    translations.add_argument("--mark", nargs="+", metavar="ITEM.LANG",
                              help="record that ITEM.LANG now translates the current original "
                                   "(an item and a language, or a pattern such as 'timeline.*.en')")
    new = commands.add_parser(
        "new", help="write a minimal bilingual story into a new folder, ready to build",
        description="Write a new site root into DIR: content/ with a placeholder story (site.yaml, a home "
                    "page and one section per language with a citation, one timeline event, place, source "
                    "and person, every translation marked) and copies of the engine's templates/, "
                    "translations/ and assets/. It builds as it is; replace the placeholders. DIR must be "
                    "new or empty: nothing is ever overwritten.",
        epilog="Exit codes: 0 written, 1 a file could not be written (nothing left behind), 2 usage error "
               "(a DIR that exists and is not empty, a file, inside the engine's content/; an unknown language).")
    new.add_argument("folder", metavar="DIR", type=folder_path, help="the new story's folder (created)")
    new.add_argument("--languages", type=language_codes, default=("id", "en"), metavar="CODES",
                     help="language codes separated by commas, the original first (default: id,en)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
        command = args.command or "build"
        for name, (flags, default, _) in SHARED.items():
            if name not in USES[command] and hasattr(args, name):
                parser.error(f"argument {flags[-1]}: not an option of '{command}' (see build.py {command} --help)")
            if not hasattr(args, name):
                setattr(args, name, default)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    if command == "new":
        from .new import run_new
        return run_new(args)
    args.root = args.root.resolve()
    # the command a hint tells the author to run acts on this site: name its root unless it is the default
    args.hint_command = "python build.py" + ("" if args.root == REPO_ROOT else f" --root {shlex.quote(str(args.root))}")
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
        from ..serve.server import serve
        return serve(args)
    if args.command == "translations":
        from ..translating.command import run_translations
        return run_translations(args)
    return run_build(args)


def usage_error(option: str, message: str, hint: str) -> int:
    """Print a refused command-line value like a content problem, naming the option; return 2."""
    print(Problem(Location(option), ERROR, message, hint).format(), file=sys.stderr)
    return EXIT_USAGE


def run_build(args: argparse.Namespace) -> int:
    """Build once and report."""
    from ..build.pipeline import BuildOptions, build
    from ..write.staging import UnsafeOutput, UnsafePath, WriteFailed

    options = BuildOptions(args.root, args.out, args.base_url, args.drafts, args.strict,
                           skip_unchanged=not args.force, workers=os.cpu_count() or 1,
                           progress=None if args.quiet or not sys.stderr.isatty() else Progress())
    try:
        result = build(options)
    except UnsafeOutput as exc:
        print(f"{exc.location}: error: {exc.message}\n    hint: {exc.hint}", file=sys.stderr)
        return EXIT_USAGE
    except WriteFailed as exc:  # a full or read-only disk, no permission: exit 1 like a failed build
        left = "output left unchanged" if options.out.exists() else "no output written"
        print(f"{exc}\nNOT built ({left}): a file could not be written", file=sys.stderr)
        return EXIT_PROBLEMS
    except UnsafePath as exc:
        print(f"{exc.name}: error: {exc}\n    hint: nothing was published and the old site is intact; "
              "this path should have been refused as a content error: please report it", file=sys.stderr)
        return EXIT_PROBLEMS
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
