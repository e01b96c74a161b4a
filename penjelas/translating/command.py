"""Translating, the `translations` command: statuses, the diff since translation, marking.

Input: the site. Output: a table of every item x language (ok, stale, missing, draft,
untracked), UI strings missing from a language or used by no template, and on request
the diff of each stale original since the version that was translated, or new marks.
"""
from __future__ import annotations

import argparse
import fnmatch
import re
import sys
from pathlib import Path

from ..build.pipeline import BuildOptions, SiteBuilder
from ..check.translation import OK, STALE, Status, translation_statuses
from ..problems import ProblemLog
from ..render.assets import plan_assets
from ..render.pages import render_pages
from ..render.renderer import PageRenderer, TemplateFailed
from ..text.i18n import BadPlaceholder, MissingString, create_translators
from . import history
from .mark import MarkFailed, entry_file, mark_document, mark_entry

_T_CALL = re.compile(r"\bt\(")
_LITERAL = re.compile(r"""(["'])([^"']*)\1""")


def template_key_patterns(templates: Path) -> list[re.Pattern]:
    """Return, for every t(...) call in the templates, a pattern of the keys it can ask for."""
    patterns = []
    for path in sorted(templates.rglob("*")):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for call in _T_CALL.finditer(text):
            argument = first_argument(text, call.end())
            parts, position = [], 0
            for literal in _LITERAL.finditer(argument):
                if argument[position:literal.start()].strip(" ~"):
                    parts.append(".*")
                parts.append(re.escape(literal.group(2)))
                position = literal.end()
            if argument[position:].strip(" ~"):
                parts.append(".*")
            if parts:
                patterns.append(re.compile("".join(parts)))
    return patterns


def first_argument(text: str, start: int) -> str:
    """Return the first argument of a call whose '(' ends just before start."""
    depth, quote = 0, ""
    for index in range(start, len(text)):
        char = text[index]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")" and depth == 0 or char == "," and depth == 0:
            return text[start:index]
        elif char == ")":
            depth -= 1
    return text[start:]


def ui_string_report(site, builder: SiteBuilder, used: set[str]) -> list[str]:
    """Return lines about UI keys missing from a language and keys nothing uses."""
    lines = []
    tables = site.translations
    every = set().union(*(set(t) for t in tables.values())) if tables else set()
    for lang in site.config.codes:
        missing = sorted(every - set(tables.get(lang, {})))
        lines.append(f"  {lang}: " + (f"{len(missing)} missing: {', '.join(missing)}" if missing else "complete"))
    patterns = template_key_patterns(builder.options.root / "templates")
    unused = sorted(key for key in every if key not in used and not any(p.fullmatch(key) for p in patterns))
    lines.append("  unused (no template asks for them): " + (", ".join(unused) if unused else "none"))
    return lines


def run_translations(args: argparse.Namespace) -> int:
    """Print the translation status; mark items or show diffs when asked."""
    builder = SiteBuilder(BuildOptions(args.root, args.out, drafts=True))
    problems = ProblemLog()
    site = builder.load(problems)
    if site is None or problems.has_errors():
        for problem in problems.sorted():
            if problem.is_error:
                print(problem.format(), file=sys.stderr)
        return 1
    statuses = translation_statuses(site)
    if args.mark:
        return mark_items(args, site, statuses)
    used = used_ui_keys(builder, site)
    print_table(site, statuses)
    print("UI strings:")
    for line in ui_string_report(site, builder, used):
        print(line)
    if args.diff:
        for status in statuses:
            if status.state == STALE:
                print()
                print(history.describe_change(args.root, site, status))
    counts = {state: sum(1 for s in statuses if s.state == state)
              for state in ("ok", "stale", "missing", "draft", "untracked")}
    print(f"{len(statuses)} translations: " + ", ".join(f"{n} {state}" for state, n in counts.items()))
    return 0


def used_ui_keys(builder: SiteBuilder, site) -> set[str]:
    """Render the site in memory (nothing is written) and return the UI keys it asked for."""
    translators = create_translators(site, ProblemLog())
    try:
        render_pages(PageRenderer(site, builder.env, builder.md, translators, ProblemLog(),
                                  plan_assets(builder.options.root, fingerprint=False)))
    except (TemplateFailed, MissingString, BadPlaceholder):
        pass  # the build reports template mistakes; here the static scan still counts
    return set().union(*(t.used for t in translators.values()))


def print_table(site, statuses: list) -> None:
    """Print one row per item, one column per language."""
    default = site.config.default_language
    langs = site.config.codes[1:]
    rows: dict[str, dict[str, str]] = {}
    for status in statuses:
        rows.setdefault(status.item, {})[status.lang] = status.state
    width = max([len(name) for name in rows] + [4])
    print(f"{'item':<{width}}  {default:<9}" + "".join(f"{lang:<10}" for lang in langs))
    for name, states in rows.items():
        print(f"{name:<{width}}  {'original':<9}" + "".join(f"{states.get(lang, '-'):<10}" for lang in langs))


def mark_items(args: argparse.Namespace, site, statuses: list) -> int:
    """Record the original's current fingerprint in each named translation."""
    code = 0
    for pattern in args.mark:
        item, _, lang = pattern.rpartition(".")
        matches = [s for s in statuses if fnmatch.fnmatchcase(s.item, item or "*") and s.lang == lang]
        if not matches:
            known = sorted({f"{s.item}.{s.lang}" for s in statuses})[:8]
            print(f"error: no translated item matches '{pattern}'\n    hint: write ITEM.LANG, e.g. "
                  f"{', '.join(known)}, ... or a pattern such as 'timeline.*.en'", file=sys.stderr)
            code = 1
            continue
        for status in matches:
            if status.state in ("missing",):
                print(f"skipped {status.item}.{status.lang}: no translation to mark", file=sys.stderr)
                continue
            try:
                mark_status(args.root, status, site.config.default_language)
            except MarkFailed as exc:
                print(f"error: {exc}", file=sys.stderr)
                code = 1
                continue
            before = "already current" if status.state == OK else f"was {status.state}"
            print(f"marked {status.item}.{status.lang} as translated from {status.current} ({before})")
    return code


def mark_status(root: Path, status: Status, default: str) -> None:
    """Record the original's current fingerprint in the translation `status` is about
    (`default`: the original language, whose title an event without `id:` takes its id from)."""
    if "." in status.item:
        site_path, entry_id = entry_file(status.item)
        mark_entry(root / site_path, site_path, entry_id, status.lang, status.current, default)
    else:
        mark_document(root / status.location.path, status.current)
