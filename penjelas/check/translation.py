"""Check stage, translations: the status of every translated item (fingerprints: fingerprint.py).

Input: the Site model. Output: one Status per item and language (ok, stale, missing, draft,
untracked), the warnings a build prints, and the pages that must tell readers a
translation is out of date. An item is a Markdown document (overview, a section) or an
entry of a YAML file with per-language text (an event, a source, a person, a quote, a place).
"""
from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Iterator, Mapping

from ..fingerprint import fingerprint
from ..model import Document, SharedText, Site
from ..problems import Group, Location, ProblemLog

ENTRY_FILES = {"timeline": "content/timeline.yaml", "sources": "content/sources.yaml",
               "people": "content/people.yaml", "quotes": "content/quotes.yaml", "places": "content/places.yaml",
               "updates": "content/updates.yaml"}
ENTRY_NOUNS = {"timeline": "event", "sources": "source", "people": "person", "quotes": "quote", "places": "place",
               "updates": "update"}
OK, STALE, MISSING, DRAFT, UNTRACKED = "ok", "stale", "missing", "draft", "untracked"


def entry_text(record: Any, lang: str) -> str:
    """Return the `lang` text of every per-language field of a record, nested ones included."""
    return "\n".join(_entry_lines(record, lang, ""))


def _entry_lines(record: Any, lang: str, prefix: str) -> Iterator[str]:
    for field in fields(record):
        if field.name in ("translation_of", "location", "at", "excerpts", "description"):
            continue  # (a source's excerpts and description are made from the source itself, not the original language)
        value = getattr(record, field.name)
        if isinstance(value, SharedText):
            continue  # one text for every language: nothing to translate
        if isinstance(value, Mapping) and lang in value and isinstance(value[lang], str):
            yield f"{prefix}{field.name}: {value[lang]}"
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if is_dataclass(item):
                    yield from _entry_lines(item, lang, f"{prefix}{field.name}[{index}].")


@dataclass(frozen=True)
class Status:
    """Where one item stands in one translated language."""

    item: str  # name used by --mark: "harbour", "overview", "timeline.opening"
    lang: str
    state: str  # ok | stale | missing | draft | untracked
    location: Location  # where the translation (or its mark) is
    original_path: str
    recorded: str | None  # the fingerprint the translation records
    current: str  # the original's fingerprint now


def entries(site: Site, cache: Any = None) -> Iterator[tuple[str, str, Any, str]]:
    """Yield (item name, file, record, fingerprint of its original text) for every YAML entry
    that has per-language text. With a ParseCache, each record's fingerprint is computed
    once while the record is reused from one rebuild to the next."""
    tables = {"timeline": {e.id: e for e in site.timeline}, "sources": site.sources, "people": site.people,
              "quotes": site.quotes, "places": site.places, "updates": {u.id: u for u in site.updates}}
    default = site.config.default_language

    def original_fingerprint(record: Any) -> str | None:
        text = entry_text(record, default)
        return fingerprint(text) if text else None

    for stem, records in tables.items():
        for key, record in records.items():
            current = original_fingerprint(record) if cache is None else \
                cache.derived(f"fingerprint.{default}", record, lambda record=record: original_fingerprint(record))
            if current is not None:
                yield f"{stem}.{key}", ENTRY_FILES[stem], record, current


def translation_statuses(site: Site, cache: Any = None) -> list[Status]:
    """Return the status of every item in every translated language (with a ParseCache, an
    entry's fingerprint is computed once per record while the record is reused)."""
    keys = ["overview", *site.section_keys(), *site.page_keys()]
    statuses = [status for key in keys for status in document_statuses(site, key)]
    return statuses + entry_statuses(site, cache)


def document_statuses(site: Site, key: str) -> list[Status]:
    """Return the status of one document's translations (none if it has no original)."""
    default = site.config.default_language
    original = site.documents.get((key, default))
    if original is None:
        return []
    current = original.fingerprint
    statuses = []
    for lang in site.config.codes[1:]:
        doc = site.documents.get((key, lang))
        where = Location(doc.path, doc.translation_line or 1) if doc else Location(
            original.path.replace(f".{default}.md", f".{lang}.md"))
        statuses.append(Status(key, lang, document_state(doc, current), where, original.path,
                               doc.translation_of if doc else None, current))
    return statuses


def entry_statuses(site: Site, cache: Any = None) -> list[Status]:
    """Return the status of every YAML entry's translations."""
    statuses = []
    for name, path, record, current in entries(site, cache):
        for lang in site.config.codes[1:]:
            recorded = record.translation_of.get(lang)
            state = UNTRACKED if recorded is None else OK if recorded == current else STALE
            statuses.append(Status(name, lang, state, record.location, path, recorded, current))
    return statuses


def document_state(doc: Document | None, current: str) -> str:
    """Tell where a translated document stands against its original's fingerprint."""
    if doc is None:
        return MISSING
    if doc.draft:
        return DRAFT
    if doc.translation_of is None:
        return UNTRACKED
    return OK if doc.translation_of == current else STALE


def check_translations(site: Site, problems: ProblemLog, cache: Any,
                       changed: frozenset | None = None) -> frozenset[tuple[str, str]]:
    """Warn about stale and unmarked translations; return the stale documents as (key, lang).

    With the ParseCache of earlier loads, a document's translations are checked again only
    when the original or a translation changed, and the YAML entries only when their files
    did. `changed`: the (key, lang) of the only documents that may differ (None: any).
    """
    codes = site.config.codes
    keys = ("overview", *site.section_keys(), *site.page_keys()) if changed is None else {key for key, _ in changed}
    versions = {key: found for key in keys
                if any(found := tuple(site.documents.get((key, lang)) for lang in codes)) or key == "overview"}
    stale = cache.each("translations", versions, problems,
                       lambda key, _, found: report_statuses(site, document_statuses(site, key), found), codes,
                       None if changed is None else keys)
    inputs = (site.timeline, site.sources, site.people, site.quotes, site.places, site.updates, codes)
    cache.parse("checks", "entry translations", inputs, problems,
                lambda found: report_statuses(site, entry_statuses(site, cache), found))
    return frozenset().union(*stale.values())


def unmarked_group(lang: str) -> Group:
    """The unmarked translations into one language: one command marks them all."""
    return Group(f"translation not marked ({lang})", f"{{count}} translations into '{lang}' are not marked",
                 f"once every '{lang}' text matches its original, run "
                 f"`python build.py translations --mark '*.{lang}'`")


def report_statuses(site: Site, statuses: list[Status], problems: ProblemLog) -> frozenset[tuple[str, str]]:
    """Warn about the stale and unmarked translations among `statuses`; return the stale
    documents as (key, lang)."""
    stale = set()
    derived: set[str] | None = None  # events whose id is made of their date and title
    for status in statuses:
        original = status.original_path.rpartition("/")[2]
        if "." in status.item:
            original = f"its '{site.config.default_language}' text"
        mark = f"python build.py translations --mark {status.item}.{status.lang}"
        what = note = ""
        if "." in status.item:
            stem, _, key = status.item.partition(".")
            what = f"{ENTRY_NOUNS[stem]} '{key}' ({status.lang}): "
            if stem == "timeline":
                derived = {e.id for e in site.timeline if e.id_derived} if derived is None else derived
                if key in derived:
                    note = (f" (the id '{key}' is made of the event's date and title and changes with them; "
                            f"add 'id: {key}' to the event to keep it)")
        if status.state == STALE:
            problems.warning(status.location,
                             f"stale translation: {what}{original} changed since it was translated "
                             f"(translated from {status.recorded}, original now {status.current})",
                             f"update the translation, then run `{mark}`; "
                             "`python build.py translations --diff` shows what changed" + note)
            if "." not in status.item:
                stale.add((status.item, status.lang))
        elif status.state == UNTRACKED:
            problems.warning(status.location, f"translation not marked: {what}no fingerprint of {original}",
                             f"once the text matches the original, run `{mark}`" + note, unmarked_group(status.lang))
    return frozenset(stale)
