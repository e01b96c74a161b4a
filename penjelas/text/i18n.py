"""Text, UI strings: translations/<lang>.yaml and locale-aware dates through Babel.

Input: the validated site. Output: a Translator per language that formats strings and dates
and remembers which keys it was asked for (for dependency tracking and unused-key reports).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.dates import get_date_format

from ..problems import Location, ProblemLog


class MissingString(Exception):
    """A UI key that no language defines: a template mistake, reported with its template."""


class BadPlaceholder(Exception):
    """A UI string whose braces are not a {name} the template passes: a translator's mistake,
    reported at the key's line in translations/<lang>.yaml."""

    def __init__(self, location: Location, message: str, hint: str):
        super().__init__(location, message, hint)  # all in args: it crosses process boundaries
        self.location, self.message, self.hint = location, message, hint


# '{{' and '}}' are literal braces; '{name}' is a placeholder; any other brace is a mistake
_BRACES = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|[{}]")


def fill(text: str, values: Mapping[str, Any]) -> str:
    """Fill the {name} placeholders of a UI string with values, nothing else (no format specs,
    attributes, indexes or positions, unlike str.format). Raise ValueError naming the first
    piece that is not a placeholder of one of the names in values."""
    def replace(match: re.Match) -> str:
        piece, name = match.group(0), match.group(1)
        if piece in ("{{", "}}"):
            return piece[0]
        if name is None:
            end = text.find("}", match.start()) if piece == "{" else -1
            shown = text[match.start(): end + 1] if 0 <= end < match.start() + 40 else piece
            raise ValueError(f"'{shown}' is not a placeholder" if end >= 0 else f"unmatched '{piece}'")
        if name not in values:
            raise ValueError(f"unknown placeholder '{{{name}}}'")
        return str(values[name])
    return _BRACES.sub(replace, text)


@dataclass
class Translator:
    """UI strings and date formats for one language, falling back to the default language."""

    lang: str
    locale: str
    strings: Mapping[str, str]
    fallback: Mapping[str, str]
    problems: ProblemLog
    lines: Mapping[str, int] = field(default_factory=dict)  # key -> line in translations/<lang>.yaml
    fallback_lines: Mapping[str, int] = field(default_factory=dict)
    default: str = ""  # the default language, whose file the fallback texts come from
    used: set = field(default_factory=set)
    fell_back: bool = False  # whether a string came from the default language since last reset

    def __call__(self, key: str, **values: Any) -> str:
        """Return the UI string for key, with {name} placeholders filled in."""
        self.used.add(key)
        text, lang, lines = self.strings.get(key), self.lang, self.lines
        if text is None:
            text = self.fallback.get(key)
            if text is None:
                raise MissingString(key, f"translations/{self.default or self.lang}.yaml")
            self.fell_back = True
            lang, lines = self.default or self.lang, self.fallback_lines
            self.problems.warning(
                Location(f"translations/{self.lang}.yaml"),
                f"UI string '{key}' is missing; the default language's text is used",
                f"add '{key}: ...' to translations/{self.lang}.yaml",
            )
        if "{" not in text and "}" not in text:
            return text
        try:
            return fill(text, values)
        except ValueError as exc:
            allowed = ", ".join(f"{{{name}}}" for name in values)
            raise BadPlaceholder(
                Location(f"translations/{lang}.yaml", lines.get(key, 0)),
                f"UI string '{key}': {exc}; " + (f"the template fills {allowed}" if values
                                                  else "the template fills no placeholders here"),
                (f"use only {allowed}" if values else "remove the braces") + " in the text of "
                f"'{key}'; write '{{{{' and '}}}}' for a literal brace") from None

    def pattern(self, key: str, *names: str) -> str:
        """Return the UI string for key unfilled, once it is known to use only these {names}
        (for code that fills it many times, through fill)."""
        self(key, **dict.fromkeys(names, ""))
        return self.strings.get(key, self.fallback.get(key, ""))

    def date(self, value: dt.date | dt.datetime, form: str = "long") -> str:
        """Format a date for this locale: 'full' gives 'Selasa, 5 Maret 2024'."""
        if isinstance(value, dt.datetime):
            value = value.date()
        return _format_date(value, form, self.locale)

    def date_range(self, first: dt.date, last: dt.date) -> str:
        """Format a span of days for this locale: '5–6 March 2024', one date when they are equal."""
        if first == last:
            return self.date(first)
        return _format_range(first, last, self.locale)

    def time(self, value: dt.datetime) -> str:
        """Format a time of day for this locale ('13.09' in Indonesian, '13:09' in British English)."""
        return babel_format_time(value, format="short", locale=self.locale)

    def zone_label(self, zone: str, when: dt.datetime) -> str:
        """Name a reference zone briefly: the UI string 'timeline.zone.<zone>' ('WIB'), else the
        locale's abbreviation at that moment ('BST'), else its offset ('UTC+3')."""
        key = f"timeline.zone.{zone}"
        if key in self.strings:
            return self(key)
        short = babel_format_time(when, "z", locale=self.locale)
        return short if short.isalpha() and len(short) <= 5 else utc_offset_label(when)

    def short_date(self, value: dt.datetime) -> str:
        """Format a day and month briefly for this locale ('12 Sep')."""
        return babel_format_date(value.date(), "d MMM", locale=self.locale)

    def language_name(self, code: str) -> str:
        """Name a language in this page's language (e.g. 'Inggris' for en on an Indonesian page)."""
        return _language_names(self.locale).get(code, code)


@lru_cache(maxsize=4096)
def _format_date(value: dt.date, form: str, locale: str) -> str:
    return babel_format_date(value, format=_date_pattern(form, locale), locale=locale)


@lru_cache(maxsize=64)
def _date_pattern(form: str, locale: str) -> str:
    """CLDR's pattern for a date form, without a leading zero on the day where the month is
    written out: Indonesian news writes 'Minggu, 1 Juni 2025', not CLDR's '01 Juni'."""
    pattern = get_date_format(form, locale=locale).pattern
    return re.sub(r"(?<![d'])dd(?!d)", "d", pattern) if "MMMM" in pattern else pattern


@lru_cache(maxsize=256)
def _format_range(first: dt.date, last: dt.date, locale: str) -> str:
    """CLDR's day-month-year interval for the locale, with the month written out in full
    (CLDR has intervals for abbreviated months only): '5–6 March 2024'."""
    step = "y" if first.year != last.year else "M" if first.month != last.month else "d"
    start, end = Locale.parse(locale).interval_formats["yMMMd"][step]
    full = lambda pattern: re.sub(r"(?<!M)MMM(?!M)", "MMMM", pattern)  # noqa: E731
    return babel_format_date(first, full(start), locale=locale) + babel_format_date(last, full(end), locale=locale)


@lru_cache(maxsize=None)
def _language_names(locale: str) -> dict:
    return dict(Locale.parse(locale).languages)


def local_time(when: dt.datetime, timezone: str) -> dt.datetime:
    """Convert an aware datetime to a place's IANA time zone."""
    return when.astimezone(ZoneInfo(timezone))


def utc_offset_label(when: dt.datetime) -> str:
    """Return 'UTC+9', 'UTC−4' or 'UTC+5:30' for an aware datetime (with a real minus sign)."""
    offset = when.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def create_translators(site: Any, problems: ProblemLog) -> dict[str, Translator]:
    """Return one Translator per configured language."""
    default = site.config.default_language
    return {
        lang.code: Translator(lang.code, lang.locale, site.translations.get(lang.code, {}),
                              site.translations.get(default, {}), problems,
                              site.translation_lines.get(lang.code, {}), site.translation_lines.get(default, {}),
                              default)
        for lang in site.config.languages
    }
