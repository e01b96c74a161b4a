"""Check stage, YAML records: sources, places, timeline events, people and quotes.

Input: parsed YAML lists or mappings. Output: model records keyed by id, with every
problem recorded (cross-references between files are checked in validate.py).
"""
from __future__ import annotations

import datetime as dt
import json
import functools
import re
import unicodedata
from dataclasses import replace
from typing import Any, Callable
from zoneinfo import available_timezones

from .excerpts import read_excerpts
from .fields import ID_PATTERN, Fields, describe, location_of, safe_id
from ..model import (
    CONFIDENCE,
    SOURCE_KINDS,
    Mirror,
    Person,
    Place,
    Quote,
    QuoteVersion,
    Source,
    TimelineEvent,
    Update,
)
from ..problems import Location, ProblemLog
from ..text.markdown import typographic

PERSON_KINDS = ("person", "organisation")  # the first is the default
QUOTE_KINDS = ("original", "wire", "article", "translation")
# What each required field of a record is for, named when it is missing.
PURPOSES = {
    "source": {"kind": "primary, wire or report: the group it is listed in", "publisher": "who published it",
               "title": "the title it is listed under", "date": "the day it was published",
               "language": "the language it is written in, e.g. 'en'",
               "how_to_find": "how a reader finds a source that has no url"},
    "person": {"name": "the name on the people page", "role": "who they are in the story, beside the name"},
    "event": {"when": "the day, or the moment with its UTC offset", "title": "the event's heading in the timeline",
              "text": "what happened, under the heading"},
    "quote": {"speaker": "the id of the person in content/people.yaml", "context": "when and where it was said"},
    "update": {"date": "the day of the update", "items": "the pages it concerns", "text": "what changed"},
}


def read_list(data: Any, path: str, what: str, problems: ProblemLog,
              read_one: Callable[[Fields], Any], languages: tuple[str, ...],
              derive_id: Callable[[Any, str], str | None] | None = None) -> dict[str, Any]:
    """Read a YAML list of records with ids; report duplicate ids. With `derive_id`, a record
    without an `id:` gets the one derive_id(record, default language) makes."""
    if data is None:
        return {}
    if not isinstance(data, list):
        problems.error(location_of(data, Location(path, 1)), f"{path} must be a list of {what}s, got {describe(data)}",
                       f"start each {what} with '- id: ...'")
        return {}
    records: dict[str, Any] = {}
    for index, item in enumerate(data):
        where = data.item_locations[index] if hasattr(data, "item_locations") else Location(path, 1)
        label = f"{what} {index + 1}"
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            label = f"{what} '{item['id']}'"
        fields = Fields(item, where, label, problems, languages, PURPOSES.get(what))
        if not fields.ok:
            continue
        record_id = fields.identifier("id", required=derive_id is None)
        record = read_one(fields)
        derived = derive_id is not None and not fields.has("id") and record is not None
        if derived:
            record_id = derive_id(record, languages[0])
            record = replace(record, id=record_id, id_derived=True) if record_id else None
        if record_id is None or record is None:
            continue
        if record_id in records:
            first = records[record_id]
            if derived or getattr(first, "id_derived", False):
                fields.error("id", f"the {what}s on lines {first.location.line} and {fields.where.line} have the "
                             f"same id '{record_id}' (an {what} without 'id:' gets one made of its date and title)",
                             f"give one of them its own id, e.g. 'id: {record_id}-2'")
            else:
                fields.error("id", f"duplicate id '{record_id}' (first used on line {first.location.line})",
                             "every id must be unique in its file")
            continue
        records[record_id] = record
    return records


def read_source(f: Fields) -> Source | None:
    """Read one entry of sources.yaml."""
    url = f.string("url", required=False)
    if url is not None and not url.startswith(("http://", "https://")):
        f.error("url", f"'{url}' is not an absolute http(s) URL", "write the full address, e.g. https://...")
    how_to_find = f.text("how_to_find", required=url is None, shared=True)
    mirrors = tuple(read_mirrors(f))
    f.warn_unknown(("id", "kind", "publisher", "author", "title", "date", "language", "url",
                    "how_to_find", "mirrors", "confidence", "notes", "translation_of", "excerpts", "text_file", "description"))
    language = f.identifier("language")
    description = read_description(f, language)
    return Source(
        id=f.data.get("id"), kind=f.choice("kind", SOURCE_KINDS), publisher=f.string("publisher"),
        title=f.string("title"), date=f.when("date", required=False), language=language,
        url=url, how_to_find=how_to_find, mirrors=mirrors, confidence=f.choice("confidence", CONFIDENCE, required=False),
        notes=f.text("notes", required=False, shared=True), author=f.string("author", required=False),
        translation_of=f.fingerprints(), location=f.where, excerpts=read_excerpts(f, language),
        text_file=f.string("text_file", required=False, example="../notes/source.txt"), description=description,
        at=f.locations(),
    )


def read_description(f: Fields, language: str | None) -> dict[str, str]:
    """Read a source's optional `description`: per site language other than the source's own,
    a short text saying in that language what the title says (shown beside the title)."""
    if not f.has("description"):
        return {}
    others = [lang for lang in f.languages if lang != language]
    if not others:
        f.warn("description", "'description' is not needed: the site has no language other than the source's",
               "delete it")
        return {}
    value = f.data["description"]
    if not isinstance(value, dict):
        f.error("description", f"'description' must give the text per language, got {describe(value)}",
                "write 'description: {" + ", ".join(
                    f"{lang}: {json.dumps(value, ensure_ascii=False) if isinstance(value, str) and index == 0 else '...'}"
                    for index, lang in enumerate(others)) + "}'")
        return {}
    inner = Fields(value, f.loc("description"), f"{f.what} 'description'", f.problems)
    result = {}
    for lang in value:
        if lang == language:
            inner.warn(lang, f"no description in '{lang}' is needed: the title itself is in that language",
                       f"delete '{lang}: ...' under 'description'")
        elif lang not in f.languages:
            inner.error(lang, f"unknown language '{lang}'", f"configured languages: {', '.join(f.languages)}")
        else:
            text = inner.string(lang)
            if text is not None:
                result[lang] = typographic(text, lang)
    return result


def read_mirrors(f: Fields) -> list[Mirror]:
    """Read the optional list of mirror copies of a source."""
    if not f.has("mirrors"):
        return []
    data = f.data["mirrors"]
    if not isinstance(data, list):
        f.error("mirrors", f"'mirrors' must be a list, got {describe(data)}", "write '- url: ...' items")
        return []
    mirrors = []
    for index, item in enumerate(data):
        where = data.item_locations[index] if hasattr(data, "item_locations") else f.loc("mirrors")
        mf = Fields(item, where, f"{f.what} mirror {index + 1}", f.problems, f.languages)
        mf.warn_unknown(("url", "label"))
        url = mf.string("url")
        label = mf.text("label", shared=True)
        if url is not None and not url.startswith(("http://", "https://")):
            mf.error("url", f"'{url}' is not an absolute http(s) URL")
        elif url is not None:
            mirrors.append(Mirror(url, label))
    return mirrors


@functools.cache
def known_time_zones() -> frozenset[str]:
    """The names of the zone database (only these; a folder such as 'Asia' is not a zone)."""
    return frozenset(available_timezones())


def time_zone_hint(value: str) -> str:
    """Suggest real zone names that start like the author's value."""
    prefix = value.strip().strip("/").lower()
    matches = sorted(z for z in known_time_zones() if prefix and z.lower().startswith(prefix))
    if matches:
        return "use a full zone name, e.g. " + ", ".join(matches[:3])
    return "use a zone name of the form Region/City from the IANA time zone database, e.g. Europe/Paris"


def read_place(f: Fields) -> Place | None:
    """Read one entry of places.yaml."""
    timezone = f.string("timezone", example="Europe/Paris")
    if timezone is not None:
        if timezone not in known_time_zones():
            f.error("timezone", f"unknown time zone '{timezone}'", time_zone_hint(timezone))
            timezone = None
    f.warn_unknown(("name", "timezone", "zone", "translation_of"))
    return Place(key="", name=f.text("name"), timezone=timezone, zone=f.text("zone"),
                 translation_of=f.fingerprints(), location=f.where)


def read_places(data: Any, path: str, problems: ProblemLog, languages: tuple[str, ...]) -> dict[str, Place]:
    """Read places.yaml: a mapping from place key to place."""
    if data is None:
        return {}
    top = Fields(data, Location(path, 1), path, problems)
    places = {}
    for key in top.data:
        place = read_place(Fields(top.data[key], top.loc(key), f"place '{key}'", problems, languages))
        if place is not None:
            places[key] = Place(key, place.name, place.timezone, place.zone, place.translation_of, top.loc(key))
    return places


EVENT_ID_WORDS, EVENT_ID_LENGTH = 6, 60  # how much of its title a derived event id keeps


def derive_event_id(when: str, title: str) -> str:
    """Make an event's id of its date and the first words of its title: '2024-03-05-title-words'
    (the same text always gives the same id; letters with accents lose them)."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = safe_id(folded).split("-") if re.search(r"[A-Za-z0-9]", folded) else []
    kept = [when[:10]]
    for word in words[:EVENT_ID_WORDS]:
        if len(kept) > 1 and len("-".join(kept)) + 1 + len(word) > EVENT_ID_LENGTH:
            break
        kept.append(word)
    return "-".join(kept)[:EVENT_ID_LENGTH].rstrip("-")


def event_id_of(event: TimelineEvent, default: str) -> str | None:
    """The id an event without `id:` gets, or None if its date or title is unusable."""
    title, when = event.title.get(default), event.when or event.unzoned
    if when is None or not title:
        return None
    return derive_event_id(when.isoformat(), title)


def raw_event_id(item: Any, default: str) -> str | None:
    """The id of a list entry as written: its `id:`, or, for an event without one, the id
    derived from its date and its title in the `default` language."""
    if not isinstance(item, dict):
        return None
    if item.get("id") is not None:
        return item["id"]
    title = item.get("title")
    title = title.get(default) if isinstance(title, dict) else None
    when = item.get("when")
    if not isinstance(when, str) or not isinstance(title, str) or not title.strip():
        return None
    return derive_event_id(when.strip(), title)


def read_event(f: Fields) -> TimelineEvent:
    """Read one entry of timeline.yaml (its id, if not given, is derived by read_list)."""
    f.warn_unknown(("id", "when", "place", "section", "sources", "title", "text", "translation_of"))
    place, place_text = read_event_place(f)
    when = f.when("when", naive=True)  # a time without offset: timeline.check_offsets knows its place
    unzoned = when if isinstance(when, dt.datetime) and when.tzinfo is None else None
    return TimelineEvent(
        id=f.data.get("id"), when=None if unzoned else when, place=place, unzoned=unzoned,
        section=f.identifier("section", required=False), sources=f.citations("sources"),
        title=f.text("title"), text=f.text("text"), translation_of=f.fingerprints(),
        location=f.where, at=f.locations(), place_text=place_text,
    )


def read_event_place(f: Fields) -> tuple[str | None, Any]:
    """Read an event's place: a value shaped like a key ('kyiv') names an entry of
    places.yaml; any other text ('Kyiv, Ukraine'), or a text per language, is the place itself."""
    if isinstance(f.data.get("place"), dict):
        return None, f.text("place")
    value = f.string("place", example="some-place")
    if value is None or ID_PATTERN.match(value):
        return value, None
    return None, value


def read_person(f: Fields) -> Person:
    """Read one entry of people.yaml."""
    f.warn_unknown(("id", "name", "kind", "role", "sources", "translation_of"))
    kind = f.choice("kind", PERSON_KINDS, required=False) or PERSON_KINDS[0]
    return Person(id=f.data.get("id"), name=f.string("name"), kind=kind,
                  role=f.text("role"), sources=f.citations("sources", required=False),
                  translation_of=f.fingerprints(), location=f.where,
                  at=f.locations())


def read_quote(f: Fields) -> Quote | None:
    """Read one entry of quotes.yaml with its versions."""
    f.warn_unknown(("id", "speaker", "section", "context", "versions", "note", "translation_of"))
    data = f.data.get("versions")
    versions = []
    if not isinstance(data, list) or not data:
        f.error("versions", f"'versions' must be a non-empty list, got {describe(data)}",
                "list each wording as '- kind: ..., lang: ..., text: ..., source: ...'")
    else:
        for index, item in enumerate(data):
            vf = Fields(item, data.item_locations[index], f"{f.what} version {index + 1}", f.problems, f.languages)
            if vf.ok:
                versions.append(read_version(vf))
    return Quote(id=f.data.get("id"), speaker=f.identifier("speaker"), section=f.identifier("section", required=False),
                 context=f.text("context"), versions=tuple(versions), note=f.text("note", required=False),
                 translation_of=f.fingerprints(), location=f.where, at=f.locations())


def read_version(f: Fields) -> QuoteVersion:
    """Read one wording of a quote."""
    f.warn_unknown(("kind", "lang", "text", "source", "via"))
    kind = f.choice("kind", QUOTE_KINDS)
    return QuoteVersion(kind=kind, lang=f.identifier("lang"), text=f.string("text"),
                        source=f.identifier("source", required=kind != "translation"),
                        via=f.text("via", required=False), location=f.where, at=f.locations())


def read_update(f: Fields) -> Update:
    """Read one entry of updates.yaml."""
    f.warn_unknown(("id", "date", "items", "sources", "text", "translation_of"))
    return Update(id=f.data.get("id"), date=f.when("date"), items=f.ids("items"), sources=f.citations("sources"),
                  text=f.text("text"), translation_of=f.fingerprints(), location=f.where, at=f.locations())
