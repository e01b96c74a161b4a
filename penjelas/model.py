"""Model: the checked site as frozen dataclasses, what the render stage renders.

Per-language text is a `Text` mapping from language code to string.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any, Mapping, NamedTuple
from zoneinfo import ZoneInfo

from .fingerprint import document_text, fingerprint
from .problems import Location

Text = Mapping[str, str]


class SharedText(dict):
    """One text for every language (`notes: "..."`): read like per-language Text, but it is
    not translated, so it is no part of an entry's translatable text (check/translation.py)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SharedText) and dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

SECTION_PAGES = ("timeline", "sources", "people", "search")  # the site-wide pages besides home and sections


def where(record: Any, key: str) -> Location:
    """Return the location of one field of a record read from YAML, or of the record."""
    return record.at.get(key, record.location)


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself: "Bahasa Indonesia", "English"
    locale: str  # Babel locale, e.g. "id_ID", "en_GB"


# Words per minute an adult reads news text at, per language, when site.yaml sets none
# (Indonesian words are longer on average than English ones); any other language: 200.
DEFAULT_READING_SPEED = {"id": 180, "en": 230}
OTHER_READING_SPEED = 200
DEFAULT_REFERENCE_ZONE = {"id": "Asia/Jakarta", "en": "UTC"}  # the zone every time is also shown in
OTHER_REFERENCE_ZONE = "UTC"


@dataclass(frozen=True)
class SiteConfig:
    languages: tuple[Language, ...]
    title: Text
    description: Text
    base_url: str
    publisher: str
    author: str
    page_slugs: Mapping[str, Text]  # timeline/sources/people -> language -> slug
    path: str = "content/site.yaml"
    defaulted_slugs: frozenset = frozenset()  # (page, language) whose slug site.yaml leaves to the default
    reading_speeds: Mapping[str, int] = field(default_factory=dict)  # language -> words per minute, as site.yaml sets
    reference_zones: Mapping[str, str] = field(default_factory=dict)  # language -> IANA zone, as site.yaml sets

    def reading_speed(self, code: str) -> int:
        """Return the words per minute a reading time counts with in one language."""
        return self.reading_speeds.get(code) or DEFAULT_READING_SPEED.get(code, OTHER_READING_SPEED)

    def reference_zone(self, code: str) -> str:
        """Return the time zone a language's readers see every event's time in as well."""
        return self.reference_zones.get(code) or DEFAULT_REFERENCE_ZONE.get(code, OTHER_REFERENCE_ZONE)

    @property
    def default_language(self) -> str:
        return self.languages[0].code

    @functools.cached_property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    def language(self, code: str) -> Language:
        """Return the language with this code."""
        return next(lang for lang in self.languages if lang.code == code)


@dataclass(frozen=True)
class Mirror:
    url: str
    label: Text


class Cite(NamedTuple):
    """One source a citation names, and the key of the excerpt of it the claim rests on
    (None: the source as a whole). Markdown `[@id, key]`, YAML `sources: [id: key]`."""

    source: str
    key: str | None = None


@dataclass(frozen=True)
class Excerpt:
    """A passage of a source the story relies on, as the source words it, with our translation."""

    key: str  # unique within its source; citations name it
    text: str  # exactly as in the source
    lang: str  # the passage's language (the source's unless given)
    seen: str  # original (read in the source itself) | copy (read only in a copy)
    via: Text  # which copy, when seen in one (may be empty)
    translation: Text  # our translation into every site language other than `lang`
    location: Location
    at: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)


SOURCE_KINDS = ("primary", "wire", "report")  # in the order the sources page lists them
CONFIDENCE = ("high", "medium", "low")  # how directly we read the source's own words


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    publisher: str
    title: str
    date: Any  # dt.date or dt.datetime
    language: str
    url: str | None
    how_to_find: Text
    mirrors: tuple[Mirror, ...]
    confidence: str | None  # None: not given, and not shown
    notes: Text
    author: str | None
    translation_of: Mapping[str, str]  # language -> fingerprint of the original it translates
    location: Location
    excerpts: tuple[Excerpt, ...] = ()
    text_file: str | None = None  # a local copy of the source's full text, relative to the site root
    description: Mapping[str, str] = field(default_factory=dict)  # per page language: what the title says, for
    # readers of a language other than the source's (described from the title, not translated from an original)
    at: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)

    @property
    def descriptive(self) -> bool:
        """A title in [square brackets] is our description of the document, not its recorded headline."""
        return self.title.startswith("[") and self.title.endswith("]")

    def excerpt(self, key: str) -> Excerpt | None:
        """Return the excerpt with this key, if the source has one."""
        return next((e for e in self.excerpts if e.key == key), None)


@dataclass(frozen=True)
class Place:
    key: str
    name: Text
    timezone: str
    zone: Text
    translation_of: Mapping[str, str]  # language -> fingerprint of the original it translates
    location: Location


@dataclass(frozen=True)
class TimelineEvent:
    id: str
    when: Any  # dt.date (time unknown) or an aware dt.datetime
    place: str | None  # a key of places.yaml, or None when the place is written as free text
    section: str | None
    sources: tuple[Cite, ...]
    title: Text
    text: Text
    translation_of: Mapping[str, str]  # language -> fingerprint of the original it translates
    location: Location
    at: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)
    id_derived: bool = False  # no `id:` was written: the id was made of the date and title
    place_text: Any = None  # a place written as free text: one text, or a text per language
    unzoned: Any = None  # a time written without its UTC offset (then `when` is None): a mistake

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, dt.datetime)

    def local_day(self, places: Mapping[str, "Place"]) -> dt.date | None:
        """Return the day the event happened where it happened: in its place's zone, on the
        date as written at a free-text place or for a date alone (None without a date)."""
        if not self.has_time:
            return self.when
        place = places.get(self.place) if self.place is not None else None
        if place is not None and place.timezone:
            return self.when.astimezone(ZoneInfo(place.timezone)).date()
        return self.when.date()

    def place_name(self, lang: str) -> str | None:
        """Return the free-text place in one language (None for a place of places.yaml)."""
        return self.place_text if isinstance(self.place_text, str) or self.place_text is None \
            else self.place_text[lang]


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    kind: str
    role: Text
    sources: tuple[Cite, ...]
    translation_of: Mapping[str, str]  # language -> fingerprint of the original it translates
    location: Location
    at: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class QuoteVersion:
    kind: str  # original | wire | article | translation
    lang: str
    text: str
    source: str | None
    via: Text
    location: Location
    at: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Quote:
    id: str
    speaker: str
    section: str | None
    context: Text
    versions: tuple[QuoteVersion, ...]
    note: Text
    translation_of: Mapping[str, str]  # language -> fingerprint of the original it translates
    location: Location
    at: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)

    def version_for(self, lang: str) -> QuoteVersion:
        """Return the version a reader of `lang` sees first."""
        return next((v for v in self.versions if v.lang == lang), self.versions[0])


@dataclass(frozen=True)
class Update:
    """One dated entry of the updates log: what changed in the story, and which pages it concerns."""

    id: str
    date: Any  # dt.date or an aware dt.datetime
    items: tuple[str, ...]  # section keys, "overview" or "timeline"
    sources: tuple[Cite, ...]
    text: Text
    translation_of: Mapping[str, str]
    location: Location
    at: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Document:
    """One Markdown file: the overview, a section or a free-standing page, in one language."""

    key: str  # "overview", the section key or the page key
    lang: str
    path: str  # site path of the file
    title: str
    slug: str
    summary: str
    order: int
    date: Any
    updated: Any
    draft: bool
    key_points: tuple[tuple[str, int, Any], ...]  # (Markdown, line, Prepared)
    body: str
    body_line: int
    prepared: Any = field(default=None, compare=False, repr=False)  # the body parsed and rendered once
    translation_of: str | None = None  # fingerprint of the original this file translates
    translation_line: int = 0  # line of the translation_of field, for messages
    at: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)  # front matter fields
    kind: str = "section"  # overview | section | page (content/pages/: in no story order, no home card)
    footer: bool = False  # a page linked from the footer of every page
    written: tuple[str, str] = ()  # title and summary as written (title and summary: with typographic quotes)

    @property
    def is_overview(self) -> bool:
        return self.key == "overview"

    @property
    def is_section(self) -> bool:
        return self.kind == "section" and self.key != "overview"

    @property
    def location(self) -> Location:
        return Location(self.path, 1)

    @functools.cached_property
    def fingerprint(self) -> str:
        """The fingerprint of this document's translatable text, computed once per document
        (a translation records its original's, see fingerprint.py)."""
        title, summary = self.written or (self.title, self.summary)  # what the author wrote, not its typography
        return fingerprint(document_text(title, summary, [p[0] for p in self.key_points], self.body))

    def head(self) -> tuple:
        """What other pages show of this document: its title, slug, summary, dates, order."""
        return (self.title, self.slug, self.summary, self.order, self.date, self.updated, self.draft, self.footer)


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    documents: Mapping[tuple[str, str], Document]  # (key, lang) -> Document
    sources: Mapping[str, Source]
    places: Mapping[str, Place]
    timeline: tuple[TimelineEvent, ...]
    people: Mapping[str, Person]
    quotes: Mapping[str, Quote]
    translations: Mapping[str, Mapping[str, str]]  # lang -> key -> text
    translation_lines: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # lang -> key -> line
    updates: tuple = ()  # Update entries, newest first
    stale: frozenset = frozenset()  # (key, lang) of documents translated from an older original
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # derived lists, computed once
    # What follows from the outline alone (see outline_of): the story order, the list of pages.
    # The dev server hands the same dict to each new model while the outline stays the same,
    # so a rebuild after a body edit does not sort and list thousands of sections again.
    shared: dict = field(default_factory=dict, compare=False, repr=False)

    def sections(self, lang: str) -> tuple[Document, ...]:
        """Return the sections in one language in story order."""
        if ("sections", lang) not in self.memo:
            self.memo["sections", lang] = tuple(self.documents[key, lang] for key in self._order(lang))
        return self.memo["sections", lang]

    def _order(self, lang: str) -> tuple[str, ...]:
        if ("order", lang) not in self.shared:
            docs = [d for (key, code), d in self.documents.items() if code == lang and d.is_section]
            self.shared["order", lang] = tuple(d.key for d in sorted(docs, key=lambda d: (d.order, d.key)))
        return self.shared["order", lang]

    def document_at(self, site_path: str) -> Document | None:
        """Return the document read from a file, if any."""
        if "by_path" not in self.shared:
            self.shared["by_path"] = {d.path: key for key, d in self.documents.items()}
        key = self.shared["by_path"].get(site_path)
        return self.documents[key] if key is not None else None

    def section_index(self, key: str, lang: str) -> int:
        """Return a section's 0-based position in story order in one language."""
        if ("positions", lang) not in self.shared:
            self.shared["positions", lang] = {key: i for i, key in enumerate(self._order(lang))}
        return self.shared["positions", lang][key]

    def events_of(self, section: str) -> list:
        """Return the timeline events that belong to a section, in timeline order."""
        if "events" not in self.memo:
            grouped: dict[str, list] = {}
            for event in self.timeline:
                grouped.setdefault(event.section, []).append(event)
            self.memo["events"] = grouped
        return list(self.memo["events"].get(section, ()))

    def updates_for(self, item: str) -> list:
        """Return the updates that concern one item (a section key, "overview" or "timeline")."""
        return [update for update in self.updates if item in update.items]

    def section_keys(self) -> tuple[str, ...]:
        """Return every section key, in story order of the default language."""
        if "section keys" not in self.shared:
            keys = {key for (key, _), d in self.documents.items() if d.is_section}
            order = {d.key: d.order for d in self.documents.values()}
            self.shared["section keys"] = tuple(sorted(keys, key=lambda k: (order.get(k, 0), k)))
        return self.shared["section keys"]

    def page_keys(self) -> tuple[str, ...]:
        """Return the key of every free-standing page (content/pages/), sorted."""
        if "page keys" not in self.shared:
            self.shared["page keys"] = tuple(sorted({key for (key, _), d in self.documents.items() if d.kind == "page"}))
        return self.shared["page keys"]

    def free_pages(self, lang: str) -> tuple[Document, ...]:
        """Return the free-standing pages published in one language, by key."""
        return tuple(self.documents[key, lang] for key in self.page_keys() if (key, lang) in self.documents)


def outline_of(config: SiteConfig, documents: Mapping[tuple[str, str], Document]) -> tuple:
    """What the story order, the page list and the page addresses follow from: the configured
    languages and page slugs (and which of them are defaults), and each document's file, key,
    language, slug and order."""
    return (config.codes, (config.page_slugs, config.defaulted_slugs), tuple(map(outline_entry, documents.values())))


def outline_entry(doc: Document) -> tuple:
    """What the outline holds of one document."""
    return (doc.path, doc.key, doc.lang, doc.slug, doc.order, doc.draft)
