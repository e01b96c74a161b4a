"""Check stage, Markdown documents: the overview, the sections and the free-standing pages
(content/pages/) of each language.

Input: MarkdownFile objects from load. Output: Document models (parsed and rendered once)
keyed by (key, language), with problems for names, front matter and references, and for the
slugs and orders two sections of one language share.
"""
from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt

from ..load.cache import ParseCache
from ..load.files import MarkdownFile
from ..model import Document, Site, where
from ..problems import Location, ProblemLog
from ..routes import SECTION, base_path, page_path
from ..text.markdown import prepare, typographic
from .fields import ID_PATTERN, Fields, safe_id

_NAME = re.compile(r"^(?P<key>[^./]+)\.(?P<lang>[^./]+)\.md$")
SECTION_FIELDS = ("title", "slug", "summary", "order", "date", "updated", "draft", "translation_of")
OVERVIEW_FIELDS = ("title", "summary", "date", "updated", "draft", "key_points", "translation_of")
PAGE_FIELDS = ("title", "slug", "summary", "date", "updated", "draft", "footer", "translation_of")
# What each required field is for, named when it is missing.
PURPOSES = {
    "section": {"title": "the heading of the page", "slug": "the page's address in this language",
                "summary": "the sentence under the heading and on the home page's card",
                "order": "the section's place in the story: 1, 2, 3, ...",
                "date": "the day the section covers or was first published"},
    "overview": {"title": "the home page's heading, the story's question",
                 "summary": "the short answer under the heading",
                 "date": "the day the story covers or was first published"},
    "page": {"title": "the heading of the page", "slug": "the page's address in this language",
             "summary": "the sentence under the heading"},
}


def classify_path(site_path: str) -> tuple[str, str, str] | None:
    """Return (kind, key, lang) for content/overview.LANG.md, content/sections/KEY.LANG.md and
    content/pages/KEY.LANG.md."""
    folder, _, name = site_path.rpartition("/")
    match = _NAME.match(name)
    if not match:
        return None
    key, lang = match.group("key"), match.group("lang")
    if folder == "content" and key == "overview":
        return "overview", key, lang
    if folder == "content/sections":
        return "section", key, lang
    if folder == "content/pages":
        return "page", key, lang
    return None


def read_documents(files: dict[str, MarkdownFile], languages: tuple[str, ...], md: MarkdownIt,
                   problems: ProblemLog, cache: ParseCache, unreadable: set,
                   only: frozenset[str] | None = None,
                   previous: dict[tuple[str, str], Document] | None = None) -> dict[tuple[str, str], Document]:
    """Read every Markdown file into a Document, drafts included (they are checked like the rest).

    Files whose front matter is unusable are added to `unreadable`, so that later checks
    do not also call their translation missing. A file read before (the same MarkdownFile,
    the same languages) is not checked again: its problems are replayed. With `only` (the
    files changed since `previous` was read), just those are looked at.
    """
    def read(site_path: str, file: MarkdownFile, found: ProblemLog) -> tuple[Document | None, bool]:
        return file_document(site_path, file, languages, md, found, cache)

    read_files = cache.each("document", files, problems, read, languages, only)
    if only is not None and previous is not None:
        documents = _patched(previous, read_files, only, unreadable)
        if documents is not None:
            return documents
    documents: dict[tuple[str, str], Document] = {}
    for site_path, (document, usable) in sorted(read_files.items()):
        if not usable:
            unreadable.add(site_path)
        if document is None:
            continue
        other = documents.get((document.key, document.lang))
        if other is not None:  # a page and a section of one name: one key names both
            page, section = (document, other) if document.kind == "page" else (other, document)
            problems.error(Location(page.path, 1), f"'{page.key}' names both a page ({page.path}) and a section "
                           f"({section.path})", f"rename the page's file, e.g. content/pages/{page.key}-page."
                           f"{page.lang}.md; a page and a section need different names")
            documents[section.key, section.lang] = section
            continue
        documents[document.key, document.lang] = document
    return documents


def _patched(previous: dict[tuple[str, str], Document], read_files: dict[str, tuple], only: frozenset[str],
             unreadable: set) -> dict[tuple[str, str], Document] | None:
    """Return `previous` with the documents of the changed files replaced, or None when a
    document appeared or went (then every file is gone through, in order)."""
    documents = dict(previous)
    for site_path in only:
        kind = classify_path(site_path)
        if kind is None:
            continue
        document, usable = read_files.get(site_path, (None, True))
        if not usable:
            unreadable.add(site_path)
        before = documents.get(kind[1:])
        if (before is None) != (document is None) or (before is not None and before.path != site_path):
            return None
        if document is not None:
            documents[kind[1:]] = document
    return documents


def file_document(site_path: str, file: MarkdownFile, languages: tuple[str, ...], md: MarkdownIt,
                  problems: ProblemLog, cache: ParseCache | None = None) -> tuple[Document | None, bool]:
    """Check one Markdown file's name and front matter; return its Document (or None) and
    whether its front matter was usable (False: later checks treat the file as unreadable)."""
    kind = classify_path(site_path)
    where = Location(site_path, 1)
    if kind is None:
        name = site_path.rpartition("/")[2]
        guess = safe_id(name.split(".")[0]) if name.split(".")[0] else "some-key"
        lang = next((part for part in name.split(".")[1:-1] if part in languages), languages[0])
        problems.error(where, "unexpected Markdown file name or place",
                       f"sections are content/sections/KEY.LANG.md (e.g. content/sections/{guess}.{lang}.md), "
                       f"pages outside the story content/pages/KEY.LANG.md; the home page is content/overview.LANG.md")
        return None, True
    kind, key, lang = kind
    if lang not in languages:
        problems.error(where, f"unknown language suffix '.{lang}' in the file name",
                       f"configured languages (content/site.yaml): {', '.join(languages)}")
        return None, True
    if not ID_PATTERN.match(key):
        problems.error(where, f"'{key}' is not a valid section key",
                       f"use lowercase letters, digits and dashes in the file name, e.g. {safe_id(key)}.{lang}.md")
        return None, True
    if file.front is None:
        return None, True  # malformed front matter is already reported
    document = read_document(file, kind, key, lang, md, problems, cache)
    return document, document is not None


def read_document(file: MarkdownFile, kind: str, key: str, lang: str, md: MarkdownIt,
                  problems: ProblemLog, cache: ParseCache | None = None) -> Document | None:
    """Check one file's front matter and parse its body."""
    f = Fields(file.front, file.location, "front matter", problems, purposes=PURPOSES[kind])
    if not f.ok:
        return None
    is_section, is_page = kind == "section", kind == "page"
    f.warn_unknown(SECTION_FIELDS if is_section else PAGE_FIELDS if is_page else OVERVIEW_FIELDS)
    slug = f.identifier("slug") if is_section or is_page else ""
    date, updated = f.when("date", required=not is_page), f.when("updated", required=False)
    title, summary = f.string("title"), f.string("summary")
    f.check_not_before("updated", updated, "date", date, "'updated' is the day of the last change, on or after 'date'")
    document = Document(
        key=key, lang=lang, path=file.site_path, slug=slug,
        title=typographic(title, lang) if title is not None else None,
        summary=typographic(summary, lang) if summary is not None else None, order=f.integer("order") if is_section else 0,
        date=date, updated=updated, draft=f.boolean("draft"),
        key_points=read_key_points(f, md, lang) if not is_section else (),
        body=file.body, body_line=file.body_line,
        prepared=cache.parse("markdown", file.site_path, file.body, problems, lambda _: prepare(md, file.body, lang=lang))
        if cache is not None else prepare(md, file.body, lang=lang),
        translation_of=read_fingerprint(f),
        translation_line=f.loc("translation_of").line if "translation_of" in f.data else 0,
        at=f.locations(), kind=kind, footer=f.boolean("footer") if is_page else False,
        written=(title or "", summary or ""),
    )
    required = (document.title, document.summary) + ((document.slug, document.order) if is_section else ()) \
        + ((document.slug,) if is_page else (document.date,))
    return None if any(value is None for value in required) else document  # its errors are recorded


def read_fingerprint(f: Fields) -> str | None:
    """Read a document's `translation_of`, which must be quoted text (YAML turns digits into numbers)."""
    if f.has("translation_of") and not isinstance(f.data["translation_of"], str):
        f.error("translation_of", "'translation_of' must be quoted text",
                'write translation_of: "..." or let `python build.py translations --mark` write it')
        return None
    return f.string("translation_of", required=False)


def read_key_points(f: Fields, md: MarkdownIt, lang: str) -> tuple[tuple[str, int, Any], ...]:
    """Read the overview's key points (optional, any number): a list of Markdown strings,
    each with its line."""
    if not f.has("key_points"):
        return ()
    data = f.data["key_points"]
    if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
        f.error("key_points", "'key_points' must be a list of texts",
                "write each key point on its own line starting with '- ' under 'key_points:'")
        return ()
    return tuple((text, data.item_locations[i].line, prepare(md, text, inline=True, lang=lang)) for i, text in enumerate(data))


# Files every language folder has besides its pages: no page slug may name them.
RESERVED_SLUGS = {"404.html": "the language's 404 page", "feed.xml": "the language's feed"}


def find_clashes(site: Site) -> tuple[tuple[str, str, str, str], ...]:
    """Return (field, path, what it clashes with, a free value) for every section whose slug
    or order another page of its language already has: another section's path, a site-wide
    page's name (`timeline`) or a reserved file's description; the free value is one no page of
    the language uses."""
    clashes = []
    for lang in site.config.codes:
        sections = site.sections(lang)
        orders: dict[int, str] = {}
        free_order = str(max((doc.order for doc in sections), default=0) + 1)
        for doc in sections:
            if doc.order in orders:
                clashes.append(("order", doc.path, orders[doc.order], free_order))
            orders.setdefault(doc.order, doc.path)
        seen = dict(RESERVED_SLUGS) | {slugs[lang]: page for page, slugs in site.config.page_slugs.items()
                                       if lang in slugs}
        addressed = (*sections, *site.free_pages(lang))  # pages outside the story have an address too
        taken = set(seen) | {doc.slug for doc in addressed}
        for doc in addressed:
            if doc.slug in seen:
                free = next(name for name in (doc.key, *(f"{doc.slug}-{n}" for n in range(2, len(taken) + 3)))
                            if name not in taken)
                clashes.append(("slug", doc.path, seen[doc.slug], free))
            seen.setdefault(doc.slug, doc.path)
    return tuple(clashes)


def report_clashes(site: Site, clashes: tuple, problems: ProblemLog) -> None:
    """Report each clash of find_clashes at its field, naming the other file's line (reported
    here, not with the cached clashes, so that the lines are those of the files as they are)."""
    for name, path, other, free in clashes:
        doc = site.document_at(path)
        first = site.document_at(other)
        if name == "order":
            problems.error(where(doc, "order"), f"order {doc.order} is already used by {first.path}:"
                           f"{where(first, 'order').line}; two '{doc.lang}' sections cannot share a place in the story",
                           f"give it an order no other '{doc.lang}' section has, e.g. 'order: {free}', "
                           f"or renumber the '{doc.lang}' sections 1, 2, 3, ...")
        elif name == "slug":
            url = base_path(site) + (page_path(site, SECTION, doc.key, doc.lang) or "")
            if first is not None:
                problems.error(where(doc, "slug"), f"slug '{doc.slug}' is already used by {first.path}:"
                               f"{where(first, 'slug').line}; both would be written to {url}",
                               f"give one of them a slug of its own, e.g. 'slug: {free}' in {doc.path}")
            elif other in RESERVED_SLUGS.values():
                problems.error(where(doc, "slug"), f"slug '{doc.slug}' is the name of {other}",
                               f"give the section a slug of its own, e.g. 'slug: {free}'")
            elif (other, doc.lang) in site.config.defaulted_slugs:
                problems.error(where(doc, "slug"), f"slug '{doc.slug}' is already used by the {other} page, "
                               f"which has this slug by default in '{doc.lang}'",
                               f"give this section another slug, e.g. 'slug: {free}', or the {other} page another "
                               f"one in {site.config.path}: 'pages: {{{other}: {{{doc.lang}: ...}}}}'")
            else:
                problems.error(where(doc, "slug"), f"slug '{doc.slug}' is already used by the {other} page; "
                               f"both would be written to {url}",
                               f"give the section a slug of its own, e.g. 'slug: {free}', "
                               f"or give the {other} page another slug under 'pages:' in {site.config.path}")
