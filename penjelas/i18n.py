"""i18n: UI strings from translations/<lang>.yaml and locale-aware dates through Babel.

Input: the validated site. Output: a Translator per language that formats strings and dates
and remembers which keys it was asked for (for dependency tracking and unused-key reports).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time

from .problems import Location, ProblemLog


class MissingString(Exception):
    """A UI key that no language defines: a template mistake, reported with its template."""


@dataclass
class Translator:
    """UI strings and date formats for one language, falling back to the default language."""

    lang: str
    locale: str
    strings: Mapping[str, str]
    fallback: Mapping[str, str]
    problems: ProblemLog
    used: set = field(default_factory=set)
    fell_back: bool = False  # whether a string came from the default language since last reset

    def __call__(self, key: str, **values: Any) -> str:
        """Return the UI string for key, with {name} placeholders filled in."""
        self.used.add(key)
        text = self.strings.get(key)
        if text is None:
            text = self.fallback.get(key)
            if text is None:
                raise MissingString(key)
            self.fell_back = True
            self.problems.warning(
                Location(f"translations/{self.lang}.yaml"),
                f"UI string '{key}' is missing; the default language's text is used",
                f"add '{key}: ...' to translations/{self.lang}.yaml",
            )
        return text.format(**values) if values else text

    def date(self, value: dt.date | dt.datetime, form: str = "long") -> str:
        """Format a date for this locale: 'full' gives 'Rabu, 13 September 2023'."""
        if isinstance(value, dt.datetime):
            value = value.date()
        return _format_date(value, form, self.locale)

    def time(self, value: dt.datetime) -> str:
        """Format a time of day for this locale ('13.09' in Indonesian, '13:09' in British English)."""
        return babel_format_time(value, format="short", locale=self.locale)

    def language_name(self, code: str) -> str:
        """Name a language in this page's language (e.g. 'Inggris' for en on an Indonesian page)."""
        return _language_names(self.locale).get(code, code)


@lru_cache(maxsize=4096)
def _format_date(value: dt.date, form: str, locale: str) -> str:
    return babel_format_date(value, format=form, locale=locale)


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
                              site.translations.get(default, {}), problems)
        for lang in site.config.languages
    }
