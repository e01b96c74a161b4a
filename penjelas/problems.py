"""Problems: one format for every content mistake, made in one place.

Stages collect Problem objects instead of raising; build/report.py prints them sorted, errors
first (report_lines). Warnings of one kind may carry a Group: more than FOLD_OVER of a group print as one
line with their count and the one command that clears them all (`-v` prints each).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

ERROR = "error"
WARNING = "warning"
NOTE = "note"  # worth knowing, never a failure (not even with --strict): e.g. a translation in draft
FOLD_OVER = 3  # a group of more problems than this prints as one line


@dataclass(frozen=True)
class Group:
    """What problems of one kind share: equal groups fold into one line when there are many.

    `summary` is the folded message, with `{count}` for how many there are; `hint` says how to
    clear them all at once (computed by the stage that made them from what they concern)."""

    key: str
    summary: str
    hint: str


@dataclass(frozen=True, order=True)
class Location:
    """A place in a site file: path relative to the site root, 1-based line and column."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        text = self.path
        if self.line:
            text += f":{self.line}"
            if self.col:
                text += f":{self.col}"
        return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with where it is and how to fix it."""

    location: Location
    severity: str
    message: str
    hint: str | None = None
    group: Group | None = None

    def format(self) -> str:
        """Return the `path:line:col: severity: message` text with its hint line."""
        text = f"{printable(str(self.location))}: {self.severity}: {printable(self.message)}"
        if self.hint:
            text += f"\n    hint: {printable(self.hint)}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@dataclass
class ProblemLog:
    """Collects the problems of one run; never stops at the first."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, location: Location, message: str, hint: str | None = None) -> None:
        """Record an error."""
        self.problems.append(Problem(location, ERROR, message, hint))

    def warning(self, location: Location, message: str, hint: str | None = None,
                group: Group | None = None) -> None:
        """Record a warning (of a group of warnings that can be printed as one line)."""
        self.problems.append(Problem(location, WARNING, message, hint, group))

    def note(self, location: Location, message: str, hint: str | None = None) -> None:
        """Record a note."""
        self.problems.append(Problem(location, NOTE, message, hint))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Add problems found elsewhere."""
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def has_errors(self, strict: bool = False) -> bool:
        """Tell whether the run must fail (with --strict, warnings count)."""
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Problem]:
        """Return the problems in file, line, column order."""
        return sorted(set(self.problems), key=lambda p: (p.location, p.severity, p.message))


def report_lines(problems: Iterable[Problem], fold: bool = True) -> list[str]:
    """Return the printed form of problems: every error in full first, then the warnings, a
    group of more than FOLD_OVER of them as one line (at its first member) unless not `fold`."""
    ordered = sorted(set(problems), key=lambda p: (not p.is_error, p.location, p.severity, p.message))
    members: dict[Group, list[Problem]] = {}
    for problem in ordered:
        if problem.group is not None and not problem.is_error:
            members.setdefault(problem.group, []).append(problem)
    lines = []
    for problem in ordered:
        group = members.get(problem.group) if fold and problem.group is not None else None
        if group is None or len(group) <= FOLD_OVER:
            lines.append(problem.format())
        elif group[0] is problem:
            lines.append(fold_group(problem.group, group))
    return lines


def fold_group(group: Group, members: list[Problem], shown: int = FOLD_OVER) -> str:
    """Return one line for many problems of a group: count, the first places, the hint."""
    places = ", ".join(str(p.location) for p in members[:shown])
    more = f" and {len(members) - shown} more" if len(members) > shown else ""
    summary = group.summary.format(count=len(members))
    return (f"{WARNING}: {printable(summary)} ({printable(places)}{more}; -v lists each)"
            f"\n    hint: {printable(group.hint)}")


def printable(text: str) -> str:
    """Keep a message on one line: show newlines and control characters as escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def suggest(name: str, known: Iterable[str], limit: int = 8, where: str = "") -> str:
    """Return a hint listing close matches first, then other known names (`where`: the file
    that defines them, named when it defines none)."""
    import difflib

    known = sorted(set(known))
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    rest = [k for k in known if k not in close]
    shown = close + rest[: max(0, limit - len(close))]
    more = len(known) - len(shown)
    text = ", ".join(shown) + (f", ... ({more} more)" if more > 0 else "")
    if close:
        return f"did you mean '{close[0]}'? known: {text}"
    if known:
        return f"known: {text}"
    return f"{where} defines none yet: add '{name}' there" if where else "none are defined"
