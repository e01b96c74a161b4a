"""Routes: which pages the site has, their URLs, and their versions in other languages.

Input: the Site model. Output: Page records (kind, key, language, URL path); render and
the sitemap both use them, so page heads and the sitemap always agree.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from .model import SECTION_PAGES, Site

HOME, SECTION, PAGE, NOT_FOUND = "home", "section", "page", "404"


@dataclass(frozen=True)
class Page:
    kind: str  # home | section | page | timeline | sources | people | search | 404
    key: str  # the section or page key, or the kind for site-wide pages
    lang: str
    path: str  # URL path below the site root, "" for the root, "id/slug/" for a page

    @property
    def output_file(self) -> str:
        """Return the file the page is written to, relative to the output folder."""
        if self.path.endswith(".html"):
            return self.path
        return self.path + "index.html"


def page_path(site: Site, kind: str, key: str, lang: str) -> str | None:
    """Return the URL path of a page, or None if it does not exist in that language."""
    if kind == HOME:  # every language has one: its overview, or the site's title and description
        return f"{lang}/"
    if kind in (SECTION, PAGE):
        doc = site.documents.get((key, lang))
        return f"{lang}/{doc.slug}/" if doc else None
    if kind == NOT_FOUND:
        return f"{lang}/404.html"
    slug = site.config.page_slugs.get(kind, {}).get(lang)
    return f"{lang}/{slug}/" if slug else None


def document_path(site: Site, doc: Any) -> str | None:
    """Return the URL path of the page that shows a document (the overview is the home page)."""
    if doc.is_overview:
        return page_path(site, HOME, HOME, doc.lang)
    return page_path(site, PAGE if doc.kind == PAGE else SECTION, doc.key, doc.lang)


def list_pages(site: Site) -> tuple[Page, ...]:
    """Return every page of the site in a stable order (computed once per site outline)."""
    if "pages" not in site.shared:
        site.shared["pages"] = tuple(_list_pages(site))
    return site.shared["pages"]


def page_positions(site: Site) -> dict[str, int]:
    """Return the position of every page in list_pages by the file it is written to."""
    if "page positions" not in site.shared:
        site.shared["page positions"] = {page.output_file: i for i, page in enumerate(list_pages(site))}
    return site.shared["page positions"]


def _list_pages(site: Site) -> list[Page]:
    pages = []
    for lang in site.config.codes:
        kinds = [(HOME, HOME)] + [(SECTION, doc.key) for doc in site.sections(lang)]
        kinds += [(kind, kind) for kind in SECTION_PAGES] + [(PAGE, doc.key) for doc in site.free_pages(lang)]
        kinds += [(NOT_FOUND, NOT_FOUND)]
        for kind, key in kinds:
            path = page_path(site, kind, key, lang)
            if path is not None:
                pages.append(Page(kind, key, lang, path))
    return pages


def versions(site: Site, page: Page) -> dict[str, Page]:
    """Return the page in every language it exists in (the page itself included)."""
    found = {}
    for lang in site.config.codes:
        path = page_path(site, page.kind, page.key, lang)
        if path is not None:
            found[lang] = Page(page.kind, page.key, lang, path)
    return found


def absolute_url(site: Site, path: str) -> str:
    """Return the full public URL of a URL path."""
    return site.config.base_url + path


def base_path(site: Site) -> str:
    """Return the path part of the base URL, e.g. '/news/story/'."""
    return urlsplit(site.config.base_url).path or "/"


@lru_cache(maxsize=1 << 16)
def relative_url(from_path: str, to_path: str) -> str:
    """Return a link from one page to another that works under any base path."""
    start = posixpath.dirname(from_path) if not from_path.endswith("/") else from_path.rstrip("/")
    if ".." in start or ".." in to_path:  # not a path the site makes; let posixpath resolve it
        target = posixpath.relpath(to_path or ".", start or ".")
    else:  # what posixpath.relpath does, without asking the operating system for the current folder
        here = [part for part in start.split("/") if part not in ("", ".")]
        there = [part for part in to_path.split("/") if part not in ("", ".")]
        common = 0
        for mine, theirs in zip(here, there):
            if mine != theirs:
                break
            common += 1
        target = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    if to_path.endswith("/") or to_path == "":
        target = target.rstrip("/") + "/" if target != "." else "./"
    return target
