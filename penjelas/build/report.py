"""Build stage, the report: a build's problems on the terminal, then one summary line.

Input: a BuildResult and the command-line options (quiet, verbose, strict, out). Output:
lines on stderr (and the summary on stdout when the build succeeded). Shared by the `build`
command and the dev server, which prints the same report after every rebuild.
"""
from __future__ import annotations

import argparse
import sys

from ..problems import report_lines

ENGINE_COMMAND = "python build.py"  # how every hint names the engine's command line


def report(result, args: argparse.Namespace) -> None:
    """Print the errors, then the warnings (many of one kind as one line, unless -v), then one
    summary line."""
    shown = [p for p in result.problems.problems if p.is_error or not args.quiet or args.strict]
    command = getattr(args, "hint_command", ENGINE_COMMAND)  # e.g. with the --root of the site built
    for text in report_lines(shown, fold=not args.verbose):
        print(text.replace(f"`{ENGINE_COMMAND} ", f"`{command} "), file=sys.stderr)
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
