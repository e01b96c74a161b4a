"""Check stage: raw site data -> the Site model plus every problem found.

Never stops at the first problem and never raises for a content mistake. Per-file
reading lives in documents.py and records.py, the timeline's order and offsets in
timeline.py; this module reads site.yaml and the translations and checks the references
between files.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Iterator

from babel import Locale, UnknownLocaleError
from markdown_it import MarkdownIt

from ..load.cache import ParseCache
from ..load.files import RawSite
from ..model import DEFAULT_READING_SPEED, DEFAULT_REFERENCE_ZONE, OTHER_READING_SPEED, OTHER_REFERENCE_ZONE, SECTION_PAGES, Language, Site, SiteConfig, outline_entry, outline_of, where
from ..problems import Location, ProblemLog, suggest
from ..text.markdown import typeset
from . import excerpts, glossary, records, timeline
from .documents import RESERVED_SLUGS, classify_path, find_clashes, read_documents, report_clashes
from .fields import Fields, base_url_problem, describe, location_of
from .page_slugs import default_page_slugs
from .translation import check_translations

SITE = "content/site.yaml"
# Files and folders at the top of the output: no language code may name them.
RESERVED_CODES = ("index.html", "404.html", "sitemap.xml", "robots.txt", "assets", "images", "pagefind")

def validate_site(raw: RawSite, md: MarkdownIt, problems: ProblemLog, drafts: bool = False,
                  cache: ParseCache | None = None, base_url: str | None = None) -> Site | None:
    """Check everything that was loaded and build the Site model; None if unusable
    (`base_url`: the --base-url that replaces the one of site.yaml).

    With the ParseCache of earlier loads (the dev server keeps one), nothing is checked again
    while what it reads is the same: not a file's document or references, not a site-wide
    check. Their problems are reported again instead, so a rebuild after an edit costs what
    the edit touched, not the size of the site.
    """
    cache = cache if cache is not None else ParseCache()
    # The dev server's rebuilds: the files changed since the load validated last time
    # (None: look at everything).
    only = raw.changed if raw.since is not None and raw.since == cache.validated else None
    cache.validated = None  # until this validation is complete
    if "content/site.yaml" not in raw.data:
        if raw.root.joinpath("content").is_dir():
            problems.error(Location(SITE), "content/site.yaml is missing",
                           "create it with the languages, site title and base URL (see docs/writing-content.md)")
        return None
    if raw.data[SITE] is None and SITE not in raw.unreadable:
        problems.error(Location(SITE, 1), "content/site.yaml holds no settings (only comments, or null)",
                       "write the languages, title, description, base_url and publisher "
                       "(see the field reference in docs/writing-content.md)")
        return None
    config = read_config(raw.data[SITE], problems)
    if config is None:
        return None
    if base_url:
        config = replace(config, base_url=base_url.rstrip("/") + "/")
    langs = config.codes

    def read_records(name: str, what: str, read_one: Any) -> dict[str, Any]:
        """Read one data file's records, once per parse of the file (and languages)."""
        path = f"content/{name}.yaml"
        data = raw.data.get(path)
        if name == "places":
            read = lambda found: records.read_places(data, path, found, langs)  # noqa: E731
        else:
            derive = records.event_id_of if name == "timeline" else None
            read = lambda found: records.read_list(data, path, what, found, read_one, langs, derive)  # noqa: E731
        return cache.parse("records", path, (data, langs), problems, read)

    last = cache.last if only is not None and cache.last.get("options") == (langs, drafts) else {}
    # Every document, drafts included: all are checked; the drafts are left out of the model after.
    documents = read_documents(raw.markdown, langs, md, problems, cache, raw.unreadable, only,
                               last.get("documents"))
    changed = None if only is None else frozenset(kind[1:] for kind in map(classify_path, only) if kind)
    kept = bool(last) and outline_kept(last["outline"], last["documents"], config, documents, changed)
    outline, shared = cache.canonical("outline", last["outline"] if kept else outline_of(config, documents))
    places = read_records("places", "place", None)
    site = Site(
        config=config,
        documents=documents,
        sources=read_records("sources", "source", records.read_source),
        places=places,
        timeline=timeline.sorted_timeline(read_records("timeline", "event", records.read_event), places, cache),
        people=read_records("people", "person", records.read_person),
        quotes=read_records("quotes", "quote", records.read_quote),
        **read_translations(raw.translations, langs, problems),
        updates=tuple(sorted(read_records("updates", "update", records.read_update).values(),
                             key=lambda u: str(u.date or ""), reverse=True)),
        shared=shared,
    )
    unreadable = frozenset(raw.unreadable)
    cache.parse("checks", "documents", (outline, unreadable, drafts), problems,
                lambda found: check_documents(site, found, unreadable, drafts))
    report_clashes(site, cache.parse("checks", "clashes", outline, problems, lambda _: find_clashes(site)), problems)
    check_references(site, problems, unreadable, cache, changed)
    cache.parse("checks", "excerpt texts", (site.sources, excerpts.text_file_stamps(raw.root, site.sources)), problems,
                lambda found: excerpts.check_text_files(raw.root, site.sources, found))
    glossary_data = raw.data.get(glossary.GLOSSARY)
    terms = cache.parse("records", glossary.GLOSSARY, (glossary_data, langs), problems,
                        lambda found: glossary.read_glossary(glossary_data, langs, found))
    glossary.check_texts(raw.texts, terms, langs, problems, cache)
    cache.parse("checks", "timeline offsets", (site.timeline, site.places), problems,
                lambda found: timeline.check_offsets(site, found))
    stale = check_translations(site, problems, cache, changed)
    published = documents if drafts else {name: doc for name, doc in documents.items() if not doc.draft}
    published_outline = outline
    if len(published) != len(documents):  # the published site: its own outline, order and pages
        published_outline = last["published outline"] if kept else outline_of(config, published)
        published_outline, shared = cache.canonical("published outline", published_outline)
        site = replace(site, documents=published, shared=shared, memo={})
    default = config.default_language
    site = replace(site, stale=frozenset(name for name in stale if (name[0], default) in published))
    cache.last = {"options": (langs, drafts), "documents": documents, "outline": outline,
                  "published outline": published_outline}
    cache.validated = raw.generation
    return site


def outline_kept(outline: tuple, previous: dict, config: SiteConfig, documents: dict,
                 changed: frozenset[tuple[str, str]]) -> bool:
    """Tell, without going through every document, that the outline is still `outline`
    (that of the `previous` documents) when only the `changed` documents may differ."""
    if outline[:2] != outline_of(config, {})[:2] or len(previous) != len(documents):
        return False
    for name in changed:
        before, now = previous.get(name), documents.get(name)
        if (before is None) != (now is None) or (now is not None and outline_entry(before) != outline_entry(now)):
            return False
    return True


def read_config(data: Any, problems: ProblemLog) -> SiteConfig | None:
    """Read content/site.yaml."""
    if data is None:
        return None
    f = Fields(data, Location(SITE, 1), "site.yaml", problems, purposes={
        "title": "the site's name, in every page's title", "description": "the site's description, on the home page",
        "publisher": "who publishes the site, named in the pages' structured data"})
    if not f.ok:
        return None
    f.warn_unknown(("languages", "title", "description", "base_url", "publisher", "author", "pages", "reading_speed",
                   "reference_zone"))
    languages = read_languages(f)
    if not languages:
        return None
    codes = tuple(lang.code for lang in languages)
    f.languages = codes
    base_url = f.string("base_url", example="https://example.org/") or "http://localhost:8000/"
    bad_url = base_url_problem(base_url)
    if bad_url:
        f.error("base_url", *bad_url)
    pages = Fields(f.data.get("pages") or {}, f.loc("pages"), "site.yaml 'pages'", problems, codes)
    pages.warn_unknown(SECTION_PAGES)
    page_slugs = {page: pages.text(page, slug=True, defaults=default_page_slugs(page, codes))
                  for page in SECTION_PAGES}
    defaulted = frozenset((page, lang) for page in SECTION_PAGES for lang in codes
                          if not isinstance(pages.data.get(page), dict) or lang not in pages.data[page])
    for lang in codes:
        used = dict(RESERVED_SLUGS)
        for page in SECTION_PAGES:
            slug = page_slugs[page].get(lang)
            if slug in used:
                pages.error(page, f"the '{lang}' slug '{slug}' is already used by {used[slug]}",
                            f"give the {page} page its own slug, e.g. '{slug}-{page}'")
            elif slug:
                used[slug] = f"the {page} page" + (" (its default slug)" if (page, lang) in defaulted else "")
    return SiteConfig(
        languages=languages, title=typeset(f.text("title")), description=typeset(f.text("description")),
        base_url=base_url.rstrip("/") + "/", publisher=f.string("publisher") or "",
        author=f.string("author", required=False) or "", page_slugs=page_slugs, defaulted_slugs=defaulted,
        reading_speeds=read_reading_speeds(f, codes), reference_zones=read_reference_zones(f, codes),
    )


def read_reading_speeds(f: Fields, codes: tuple[str, ...]) -> dict[str, int]:
    """Read `reading_speed: {id: 180, en: 230}`: words per minute per language, any left out."""
    if not f.has("reading_speed"):
        return {}
    example = "{" + ", ".join(f"{code}: {DEFAULT_READING_SPEED.get(code, OTHER_READING_SPEED)}" for code in codes) + "}"
    value = f.data["reading_speed"]
    if not isinstance(value, dict):
        f.error("reading_speed", f"'reading_speed' must give the words per minute per language, got {describe(value)}",
                f"write 'reading_speed: {example}'")
        return {}
    inner = Fields(value, f.loc("reading_speed"), "site.yaml 'reading_speed'", f.problems)
    speeds = {}
    for lang in value:
        if lang not in codes:
            inner.error(lang, f"unknown language '{lang}'", f"configured languages: {', '.join(codes)}")
            continue
        speed = value[lang]
        if isinstance(speed, bool) or not isinstance(speed, int) or not MIN_READING_SPEED <= speed <= MAX_READING_SPEED:
            inner.error(lang, f"the '{lang}' reading speed must be a whole number of words per minute from "
                        f"{MIN_READING_SPEED} to {MAX_READING_SPEED}, got "
                        f"{speed if isinstance(speed, int) and not isinstance(speed, bool) else describe(speed)}",
                        f"write '{lang}: {DEFAULT_READING_SPEED.get(lang, OTHER_READING_SPEED)}' (the default "
                        f"for '{lang}'), or leave '{lang}' out")
        else:
            speeds[lang] = speed
    return speeds


def read_reference_zones(f: Fields, codes: tuple[str, ...]) -> dict[str, str]:
    """Read `reference_zone: {id: Asia/Jakarta, en: UTC}`: the zone each language's readers see
    every time in as well, any language left out."""
    if not f.has("reference_zone"):
        return {}
    example = "{" + ", ".join(f"{code}: {DEFAULT_REFERENCE_ZONE.get(code, OTHER_REFERENCE_ZONE)}" for code in codes) + "}"
    value = f.data["reference_zone"]
    if not isinstance(value, dict):
        f.error("reference_zone", f"'reference_zone' must give a time zone per language, got {describe(value)}",
                f"write 'reference_zone: {example}'")
        return {}
    inner = Fields(value, f.loc("reference_zone"), "site.yaml 'reference_zone'", f.problems)
    zones = {}
    for lang in value:
        if lang not in codes:
            inner.error(lang, f"unknown language '{lang}'", f"configured languages: {', '.join(codes)}")
            continue
        zone = value[lang]
        if not isinstance(zone, str) or zone not in records.known_time_zones():
            shown = f"'{zone}'" if isinstance(zone, str) else describe(zone)
            inner.error(lang, f"the '{lang}' reference zone must be a time zone name, got {shown}",
                        records.time_zone_hint(zone if isinstance(zone, str) else ""))
        else:
            zones[lang] = zone
    return zones


MIN_READING_SPEED, MAX_READING_SPEED = 50, 1000  # words per minute: beyond these, a typo


def read_languages(f: Fields) -> tuple[Language, ...]:
    """Read the languages list; the first one is the original."""
    data = f.data.get("languages")
    if not isinstance(data, list) or not data:
        f.error("languages", f"'languages' must be a non-empty list, got {describe(data)}",
                "list each language as '- {code: id, name: Bahasa Indonesia, locale: id_ID}'")
        return ()
    languages = []
    for index, item in enumerate(data):
        lf = Fields(item, data.item_locations[index], f"language {index + 1}", f.problems)
        lf.warn_unknown(("code", "name", "locale"))
        code, name, locale = lf.identifier("code"), lf.string("name"), lf.string("locale", example="id_ID")
        if locale is not None:
            try:
                Locale.parse(locale)
            except (UnknownLocaleError, ValueError):
                lf.error("locale", f"unknown locale '{locale}'", "use a CLDR locale such as id_ID or en_GB")
                locale = None
        if code in RESERVED_CODES:
            lf.error("code", f"language code '{code}' is the name of a file or folder every site has",
                     "use the language's ISO 639 code, e.g. 'id' or 'en'")
            code = None
        if code and name and locale:
            if code in (lang.code for lang in languages):
                lf.error("code", f"language '{code}' is listed twice")
            else:
                languages.append(Language(code, name, locale))
    return tuple(languages)


def read_translations(raw: dict, langs: tuple[str, ...], problems: ProblemLog) -> dict[str, dict]:
    """Flatten translations/<lang>.yaml into key -> text for each configured language
    (`translations`) and key -> line of the key (`translation_lines`, for messages)."""
    tables, lines = {}, {}
    for lang, data in sorted(raw.items()):
        path = f"translations/{lang}.yaml"
        if lang not in langs:
            problems.warning(Location(path, 1), f"translations for '{lang}', which is not a configured language",
                             f"add '{lang}' to languages in content/site.yaml or delete the file")
            continue
        found = list(flatten_strings(data, "", Location(path, 1), problems)) if data is not None else []
        tables[lang] = {name: text for name, text, _ in found}
        lines[lang] = {name: at.line for name, _, at in found}
    for lang in langs:
        if lang not in raw:
            problems.error(Location(f"translations/{lang}.yaml"), f"no UI strings for language '{lang}'",
                           f"create translations/{lang}.yaml (copy translations/{langs[0]}.yaml and translate it)")
    return {"translations": tables, "translation_lines": lines}


def flatten_strings(data: Any, prefix: str, where: Location, problems: ProblemLog) -> Iterator[tuple[str, str, Location]]:
    """Yield dotted keys, texts and the keys' locations from nested mappings."""
    if not isinstance(data, dict):
        problems.error(location_of(data, where), f"UI strings must be 'key: text' mappings, got {describe(data)}")
        return
    for key, value in data.items():
        name = f"{prefix}{key}"
        at = data.key_locations.get(key, where) if hasattr(data, "key_locations") else where
        if isinstance(value, dict):
            yield from flatten_strings(value, name + ".", at, problems)
        elif isinstance(value, str):
            yield name, value, at
        else:
            problems.error(at, f"UI string '{name}' must be text, got {describe(value)}")


def check_documents(site: Site, problems: ProblemLog, unreadable: frozenset[str], drafts: bool) -> None:
    """Warn about documents missing in a language (a home page without an overview shows the
    site's title and description); `site` holds the drafts too: they are published only with `drafts`."""
    default = site.config.default_language
    documents = site.documents
    published = {name for name, doc in documents.items() if drafts or not doc.draft}
    others = site.config.codes[1:]
    for (key, lang), doc in documents.items():
        if lang != default:
            original = doc.path.replace(f".{lang}.md", f".{default}.md")
            if (key, default) not in documents and original not in unreadable:
                problems.warning(Location(doc.path, 1),
                                 f"'{key}' exists in '{lang}' but not in the original language '{default}'",
                                 f"write the original as {original}")
            elif (key, lang) in published and (key, default) in documents and (key, default) not in published:
                problems.warning(Location(doc.path, 1), f"'{key}' is published in '{lang}', but its original "
                                 f"{original} is a draft",
                                 f"remove 'draft: true' from {original}, or add 'draft: true' to {doc.path} too")
            continue
        if (key, lang) not in published:
            continue  # work in progress: its translations may wait
        for other in others:
            translation = doc.path.replace(f".{lang}.md", f".{other}.md")
            draft = documents.get((key, other))
            if draft is not None and (key, other) not in published:  # expected: work in progress
                problems.note(where(draft, "draft"), f"'{key}' in '{other}' is a draft ({draft.path}); "
                              "it is published when draft: true is removed",
                              f"until then {other} readers are led to the page of {doc.path}, with a note "
                              f"that it exists only in '{lang}'")
            elif (key, other) not in published and translation not in unreadable:
                readers = f"the {other} home page shows the site's title and description instead" \
                    if doc.is_overview else f"{other} readers are led to this original, with a note that it exists only in '{lang}'"
                problems.warning(Location(doc.path, 1), f"missing translation: '{key}' has no '{other}' version; "
                                 f"{readers}", f"translate it as {translation}")

DEFINED_IN = {"source": "content/sources.yaml", "place": "content/places.yaml",
              "person": "content/people.yaml", "quote": "content/quotes.yaml"}


def check_references(site: Site, problems: ProblemLog, unreadable: frozenset[str], cache: ParseCache,
                     changed: frozenset | None = None) -> None:
    """Check every id one file uses is defined in another, and that every source is cited.

    Each document is checked once against what it may refer to (the source and quote ids),
    and the records once while the records and the sections stay the same. `changed`: the
    (key, lang) of the only documents that may differ since the last check (None: any).
    """
    # What a document may refer to; the same object while nothing it holds changed, so that a
    # document checked against it before is not checked again.
    known, _ = cache.canonical("known references", (
        frozenset(site.sources), frozenset(site.quotes),
        frozenset(path for path in unreadable if path in DEFINED_IN.values()),
        frozenset((source.id, excerpt.key) for source in site.sources.values() for excerpt in source.excerpts)))
    cites = cache.each("references", site.documents, problems,
                       lambda name, doc, found: document_references(doc, known, found), known, changed)
    sections = site.section_keys()
    inputs = (site.sources, site.places, site.timeline, site.people, site.quotes, site.updates, sections, known)
    record_cites = cache.parse("checks", "record references", inputs, problems,
                               lambda found: record_references(site, set(sections), unreadable, found))
    uncited = set(site.sources).difference(record_cites, *cites.values())
    for source in site.sources.values():
        if source.id in uncited:
            problems.warning(source.location, f"source '{source.id}' is listed but never cited",
                             "cite it with [@" + source.id + "] where it supports a claim, or remove it")


def record_references(site: Site, sections: set[str], unreadable: frozenset[str],
                      problems: ProblemLog) -> frozenset[str]:
    """Check the ids the timeline, people, quotes and updates use; return the sources they cite."""
    cited: set[str] = set()

    def need(kind: str, value: str | None, known: Any, where: Location, what: str) -> None:
        if DEFINED_IN.get(kind) in unreadable:
            return  # its file is already reported as unreadable; unknown ids would be noise
        if value is not None and value not in known:
            problems.error(where, f"{what} unknown {kind} '{value}'", suggest(value, known, where=DEFINED_IN.get(kind, "")))
        if kind == "source" and value is not None:
            cited.add(value)

    def need_cites(cites: Any, where: Location, what: str) -> None:
        for cite in cites:
            need("source", cite.source, site.sources, where, what)
            source = site.sources.get(cite.source)
            if cite.key is not None and source is not None and source.excerpt(cite.key) is None:
                problems.error(where, f"{what} unknown excerpt '{cite.key}' of source '{cite.source}'",
                               excerpts.excerpt_hint(cite.source, cite.key, (e.key for e in source.excerpts)))

    for event in site.timeline:
        need_cites(event.sources, where(event, "sources"), f"event '{event.id}' cites")
        if event.place is not None and DEFINED_IN["place"] not in unreadable:
            timeline.place_reference(event, site.places, problems)
        need("section", event.section, sections, where(event, "section"), f"event '{event.id}' belongs to")
    for person in site.people.values():
        need_cites(person.sources, where(person, "sources"), f"person '{person.id}' cites")
    for quote in site.quotes.values():
        need("person", quote.speaker, site.people, where(quote, "speaker"), f"quote '{quote.id}' has speaker")
        need("section", quote.section, sections, where(quote, "section"), f"quote '{quote.id}' belongs to")
        for version in quote.versions:
            need("source", version.source, site.sources, where(version, "source"), f"quote '{quote.id}' cites")
    items = sections | {"overview", "timeline"}
    for update in site.updates:
        need_cites(update.sources, where(update, "sources"), f"update '{update.id}' cites")
        for item in update.items:
            need("page", item, items, where(update, "items"), f"update '{update.id}' concerns")
    return frozenset(cited)


def document_references(doc: Any, known: tuple, problems: ProblemLog) -> frozenset[str]:
    """Check the citations, quote blocks and links of one document against the `known`
    (source ids, quote ids, unreadable data files); return the source ids it cites."""
    sources, quotes, unreadable, excerpt_keys = known
    cited: set[str] = set()
    parts = [(doc.prepared, doc.body_line)] + [(prepared, at) for _, at, prepared in doc.key_points]
    for prepared, first_line in parts:
        for ref in prepared.references:
            where = Location(doc.path, first_line + ref.line)
            if ref.kind == "citation":
                cited.add(ref.value)
                if ref.value not in sources and DEFINED_IN["source"] not in unreadable:
                    problems.error(where, f"citation of unknown source '{ref.value}'", suggest(ref.value, sources, where=DEFINED_IN["source"]))
                elif ref.key is not None and ref.value in sources and (ref.value, ref.key) not in excerpt_keys:
                    problems.error(where, f"citation of unknown excerpt '{ref.key}' of source '{ref.value}'",
                                   excerpts.excerpt_hint(ref.value, ref.key,
                                                         (key for source, key in excerpt_keys if source == ref.value)))
            elif ref.kind == "quote":
                if ref.value not in quotes and DEFINED_IN["quote"] not in unreadable:
                    problems.error(where, f"quote block for unknown quote '{ref.value}'", suggest(ref.value, quotes, where=DEFINED_IN["quote"]))
            elif ref.kind == "malformed-citation":
                problems.error(where, f"malformed citation '{ref.value}'",
                               "write [@source-id], [@source-id, excerpt-key] or [@first-id; @second-id]")
            elif ref.kind == "unsafe-link":
                problems.error(where, f"link with a '{ref.value}:' address is not allowed",
                               "links must be http(s):// addresses, mailto: or paths within the site")
    return frozenset(cited)
