"""Check stage helpers: typed reads of one YAML mapping that report mistakes with their line.

Each read returns a clean value or None, and records a Problem naming the file, line, field
and what would be valid. Nothing here raises for a content mistake.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable, Mapping

from ..model import Cite, SharedText
from ..problems import Location, ProblemLog, suggest

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")


def safe_id(value: str) -> str:
    """Return a valid id made of an invalid one: `../My Page?` -> `my-page`."""
    words = re.findall(r"[a-z0-9]+", value.lower())
    return "-".join(words) or "some-id"


def id_problem(value: str, name: str) -> tuple[str, str] | None:
    """The one rule for ids and slugs (they become file and folder names of the site): the
    message and hint for an invalid one, None if it is valid."""
    if ID_PATTERN.match(value):
        return None
    return (f"'{value}' is not a valid {name}",
            f"use lowercase letters, digits and dashes, e.g. '{safe_id(value)}'")


def describe(value: Any) -> str:
    """Name the YAML type of a value for messages."""
    if value is None:
        return "nothing (empty)"
    for kind, name in ((bool, "true/false"), (int, "a number"), (float, "a number"), (str, "text"),
                       (list, "a list"), (dict, "a mapping")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def location_of(data: Any, default: Location) -> Location:
    """Return where a YAML value starts, or default for scalars."""
    return getattr(data, "location", default)


MIN_YEAR, MAX_YEAR = 2, 9998  # a day and a zone offset either side stay within datetime's range


class Fields:
    """Typed, reporting access to one mapping: `Fields(data, where, "event 'x'", problems)`."""

    def __init__(self, data: Any, where: Location, what: str, problems: ProblemLog,
                 languages: tuple[str, ...] = (), purposes: Mapping[str, str] | None = None):
        self.where = location_of(data, where)
        self.what = what
        self.purposes = purposes or {}  # field -> what it is for, named when a required one is missing
        self.problems = problems
        self.languages = languages
        self.ok = isinstance(data, dict)
        self.data = data if self.ok else {}
        if not self.ok:
            problems.error(self.where, f"{what} must be a mapping of fields, got {describe(data)}",
                           "write it as 'field: value' lines")

    def loc(self, key: str) -> Location:
        """Return the location of a key, or of the mapping when the key is absent."""
        return getattr(self.data, "key_locations", {}).get(key, self.where)

    def locations(self) -> dict[str, Location]:
        """Return the location of every key of the mapping."""
        return dict(getattr(self.data, "key_locations", {}))

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def error(self, key: str, message: str, hint: str | None = None) -> None:
        """Record an error about one field."""
        self.problems.error(self.loc(key), f"{self.what}: {message}", hint)

    def warn(self, key: str, message: str, hint: str | None = None) -> None:
        """Record a warning about one field."""
        self.problems.warning(self.loc(key), f"{self.what}: {message}", hint)

    def _require(self, key: str, required: bool, example: str) -> bool:
        if self.has(key):
            return True
        if required and self.ok:
            purpose = f" ({self.purposes[key]})" if key in self.purposes else ""
            self.problems.error(self.where, f"{self.what}: missing required field '{key}'{purpose}",
                                f"add '{key}: {example}'")
        return False

    def string(self, key: str, required: bool = True, example: str = "...") -> str | None:
        """Read a non-empty text field."""
        if not self._require(key, required, example):
            return None
        value = self.data[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(key, f"'{key}' must be text, got {describe(value)}", f"write '{key}: {example}'")
            return None
        if not value.strip():
            self.error(key, f"'{key}' is empty", f"write '{key}: {example}'")
            return None
        return value.strip()

    def identifier(self, key: str, required: bool = True) -> str | None:
        """Read an id: lowercase letters, digits and single dashes."""
        value = self.string(key, required, "some-id")
        problem = id_problem(value, key) if value is not None else None
        if problem:
            self.error(key, *problem)
            return None
        return value

    def integer(self, key: str, required: bool = True) -> int | None:
        """Read a whole number."""
        if not self._require(key, required, "1"):
            return None
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(key, f"'{key}' must be a whole number, got {describe(value)}", f"write '{key}: 1'")
            return None
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        """Read true/false."""
        if not self.has(key):
            return default
        value = self.data[key]
        if not isinstance(value, bool):
            self.error(key, f"'{key}' must be true or false, got {describe(value)}")
            return default
        return value

    def choice(self, key: str, options: Iterable[str], required: bool = True) -> str | None:
        """Read one of a fixed set of words."""
        options = tuple(options)
        value = self.string(key, required, options[0])
        if value is not None and value not in options:
            self.error(key, f"'{key}' is '{value}', which is not one of: {', '.join(options)}")
            return None
        return value

    def when(self, key: str, required: bool = True, time_allowed: bool = True, naive: bool = False) -> Any:
        """Read an ISO 8601 date, or a datetime that carries its UTC offset (with `naive`, one
        without an offset is returned as it is: the caller knows the place and reports it)."""
        value = self.string(key, required, "YYYY-MM-DD")
        return None if value is None else self.parse_when(key, value, time_allowed, naive)

    def parse_when(self, key: str, value: str, time_allowed: bool = True, naive: bool = False) -> Any:
        """Turn ISO 8601 text into a date or an aware datetime, reporting what is wrong."""
        example = "YYYY-MM-DD, or YYYY-MM-DDTHH:MM+HH:MM with the UTC offset" if time_allowed else "YYYY-MM-DD"
        if len(value) == 10:
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                self.error(key, f"'{value}' is not a valid date", f"write {example}")
                return None
            return day if self._year_in_range(key, value, day.year) else None
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            self.error(key, f"'{value}' is not a valid ISO 8601 date or time", f"write e.g. {example}")
            return None
        if not time_allowed:
            self.error(key, f"'{key}' takes a date without a time, got '{value}'", f"write e.g. {example}")
            return None
        if moment.tzinfo is None and not naive:
            self.error(key, f"'{value}' has no UTC offset, so the moment is ambiguous",
                       f"add the UTC offset the place had that day: '{value}+HH:MM' or '{value}-HH:MM' "
                       "(use a date alone if the time is unknown)")
            return None
        return moment if self._year_in_range(key, value, moment.year) else None

    def check_not_before(self, key: str, value: Any, earlier: str, earlier_value: Any, hint: str) -> None:
        """Report field `key` (read as `value`) when it is before field `earlier` (read as `earlier_value`)."""
        if value is not None and earlier_value is not None and is_before(value, earlier_value):
            shown = {name: str(self.data[name]).strip() for name in (key, earlier)}
            self.error(key, f"'{key}' {shown[key]} is earlier than '{earlier}' {shown[earlier]}",
                       f"{hint}: write '{key}: {shown[earlier]}' or a later day")

    def _year_in_range(self, key: str, value: str, year: int) -> bool:
        """Keep a day away from year 1 and 9999, where converting it to UTC or local time overflows."""
        if MIN_YEAR <= year <= MAX_YEAR:
            return True
        self.error(key, f"'{value}' is outside the years {MIN_YEAR} to {MAX_YEAR}",
                   f"check the year of '{value}'")
        return False

    def ids(self, key: str, required: bool = True) -> tuple[str, ...]:
        """Read a list of ids (a single id is accepted too)."""
        if not self._require(key, required, "[some-id]"):
            return ()
        value = self.data[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(key, f"'{key}' must be a list of ids, got {describe(value)}", f"write '{key}: [id-one, id-two]'")
            return ()
        if required and not value:
            self.error(key, f"'{key}' is empty", f"list at least one id: '{key}: [some-id]'")
        return tuple(v.strip() for v in value)

    def citations(self, key: str = "sources", required: bool = True) -> tuple[Cite, ...]:
        """Read a list of cited sources: each item a source id, or a one-pair mapping
        `source-id: excerpt-key` naming the passage the claim rests on (a single id is
        accepted too)."""
        if not self._require(key, required, "[some-id]"):
            return ()
        value = self.data[key]
        if isinstance(value, (str, dict)):
            value = [value]
        if not isinstance(value, list):
            self.error(key, f"'{key}' must be a list of source ids, got {describe(value)}",
                       f"write '{key}: [id-one, id-two]', or 'id-one: excerpt-key' for an item citing one passage")
            return ()
        cites = []
        for item in value:
            if isinstance(item, str):
                cites.append(Cite(item.strip()))
            elif isinstance(item, dict) and len(item) == 1 and all(isinstance(v, str) for v in (*item, *item.values())):
                (source, excerpt), = item.items()
                cites.append(Cite(source.strip(), excerpt.strip()))
            else:
                what = f"the mapping '{', '.join(f'{k}: {v}' for k, v in item.items())}'" \
                    if isinstance(item, dict) and item else describe(item)
                self.error(key, f"an item of '{key}' is {what}, which is neither a source id nor one "
                           "'source-id: excerpt-key' pair",
                           f"write each item as 'some-id' or 'some-id: excerpt-key', e.g. '{key}: [{_example(item)}]'")
        if required and not value:
            self.error(key, f"'{key}' is empty", f"list at least one id: '{key}: [some-id]'")
        return tuple(cites)

    def text(self, key: str, required: bool = True, slug: bool = False, shared: bool = False,
             defaults: Mapping[str, str] | None = None) -> dict[str, str]:
        """Read per-language text: a mapping with one entry per configured language (with
        `slug`, each text must be a valid slug: it becomes a folder of the site). With
        `shared`, one plain text for every language is accepted too: a SharedText, which
        needs no translation. With `defaults`, the field and any of its languages may be
        left out: those languages get their default text."""
        per_language = "{" + ", ".join(f"{c}: ..." for c in self.languages) + "}"
        if not self._require(key, required and defaults is None, "..." if shared else per_language):
            return dict(defaults or {})
        value = self.data[key]
        where = self.loc(key)
        if shared and not isinstance(value, dict):
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                text = self.string(key, example="...")
                return SharedText((lang, text) for lang in self.languages) if text is not None else {}
            self.error(key, f"'{key}' must be one text or the text per language, got {describe(value)}",
                       f"write '{key}: ...' (the same text in every language) or '{key}: {per_language}'")
            return {}
        if not isinstance(value, dict):
            self.error(key, f"'{key}' must give the text per language, got {describe(value)}",
                       f"write '{key}: {per_language}'")
            return {}
        inner = Fields(value, where, f"{self.what} '{key}'", self.problems)
        result = {}
        for lang in value:
            if lang not in self.languages:
                inner.error(lang, f"unknown language '{lang}'", f"configured languages: {', '.join(self.languages)}")
            else:
                text = inner.string(lang)
                problem = id_problem(text, "slug") if slug and text is not None else None
                if problem:
                    inner.error(lang, *problem)
                elif text is not None:
                    result[lang] = text
        for lang in self.languages:
            if lang not in value and defaults is not None and lang in defaults:
                result[lang] = defaults[lang]
            elif lang not in value:
                self.problems.error(where, f"{self.what}: '{key}' has no '{lang}' text",
                                    f"add '{lang}: ...' under '{key}'")
        return result

    def fingerprints(self, key: str = "translation_of") -> dict[str, str]:
        """Read `translation_of: {en: 3fa1c2d9e0b7}`: per language, the original's fingerprint."""
        if not self.has(key):
            return {}
        value = self.data[key]
        if not isinstance(value, dict):
            self.error(key, f"'{key}' must map languages to fingerprints, got {describe(value)}",
                       "let `python build.py translations --mark ITEM.LANG` write it")
            return {}
        for lang, fingerprint in value.items():
            if not isinstance(fingerprint, str):
                self.error(key, f"the '{lang}' fingerprint in '{key}' must be quoted text, got {describe(fingerprint)}",
                           f"write {lang}: \"...\" (unquoted digits are read as a number), or run --mark again")
                return {}
        return {str(lang): fingerprint for lang, fingerprint in value.items()}

    def warn_unknown(self, allowed: Iterable[str]) -> None:
        """Warn about fields that nothing reads (usually typos)."""
        allowed = set(allowed)
        for key in self.data:
            if key not in allowed:
                self.problems.warning(self.loc(key), f"{self.what}: unknown field '{key}' is ignored",
                                      suggest(str(key), allowed))


def _example(item: Any) -> str:
    """An item of a sources list written right, made of the author's wrong one where it can be."""
    if isinstance(item, dict) and item:
        return ", ".join(f"{safe_id(str(source))}: {safe_id(str(key)) if key is not None else 'excerpt-key'}"
                         for source, key in item.items())
    return "some-id"


def is_before(moment: Any, other: Any) -> bool:
    """Tell whether a date or datetime is earlier than another (by day when either has no time)."""
    if isinstance(moment, dt.datetime) and isinstance(other, dt.datetime):
        return moment < other
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    return day < (other.date() if isinstance(other, dt.datetime) else other)


# The public address of a site: http(s), a host (name, IPv4 or [IPv6]) and an optional port and
# path; nothing a page could not put in front of its own paths (no spaces, quotes, query, fragment).
BASE_URL = re.compile(r"^https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
                      r"|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:/[A-Za-z0-9._~!$&()*+,;=:@%/-]*)?$")


def base_url_problem(value: str) -> tuple[str, str] | None:
    """Return (message, hint) when value cannot be a site's public address, else None.

    The one rule for `base_url` in content/site.yaml and for `--base-url`; the hint is built
    from the value given (e.g. 'example.org/x' -> 'https://example.org/x/')."""
    if BASE_URL.match(value):
        return None
    if not value.strip():
        return "an empty value is not an absolute http(s) URL", "write the address readers will open, starting with https://"
    message = f"'{value}' is not an absolute http(s) URL"
    cleaned = value.strip().strip("'\"").strip()
    scheme, sep, rest = cleaned.partition("://")
    guess = rest if sep else cleaned
    if sep and scheme.lower() not in ("http", "https"):
        message += f" ('{scheme}:' is not allowed)"
    elif not sep and ":" in cleaned.split("/")[0] and not re.match(r"^[^:/]+:\d+(/|$)", cleaned):
        message += f" ('{cleaned.split(':')[0]}:' is not allowed)"
        guess = ""
    guess = guess.split("?")[0].split("#")[0].strip("/")
    suggestion = f"https://{guess}/" if guess else ""
    if suggestion and BASE_URL.match(suggestion):
        return message, f"write {suggestion}"
    return message, "write the address readers will open, starting with https:// (no spaces or quotes)"
