"""Render stage, one page: the helpers a page's templates call (links, citations, quotes,
times, structured data), each noting the inputs it used.

Input: the site's renderer (renderer.PageRenderer) and one Page. Output: the values templates
render; the page's citations and inputs accumulate here while it renders.
"""
from __future__ import annotations

import datetime as dt
import posixpath
from typing import Any, Protocol
from urllib.parse import quote

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from .. import routes
from ..model import Cite, Site, TimelineEvent
from ..text.i18n import Translator, local_time, utc_offset_label
from ..text.markdown import Prepared, prepare
from . import links, structured
from .assets import IMAGES, PUBLISHED_IMAGES
from .citations import CitationList


class TemplateLookupError(Exception):
    """A template asked for a page or asset that does not exist."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message, self.hint = message, hint


class SiteRenderer(Protocol):
    """What a page's helpers read of the renderer that makes them (renderer.PageRenderer): the
    helpers sit below it and never import it."""

    site: Site
    env: jinja2.Environment
    md: MarkdownIt
    assets: dict[str, str]
    image_sizes: dict[str, tuple[int, int]]
    memo: dict
    translators: dict[str, Translator]


class PageState:
    """What one page accumulates while it renders: citations and inputs."""

    def __init__(self, renderer: SiteRenderer, page: routes.Page, t: Translator,
                 citations: CitationList, inputs: set):
        self.renderer, self.page, self.t = renderer, page, t
        self.citations, self.inputs = citations, inputs
        self.site = renderer.site
        self.env = {"cite": self.cite, "quote": self.quote, **self.links_in("content")}
        self.context: dict[str, Any] = {}  # the page template's context, set by PageRenderer.render

    def record(self, *items: Any) -> str:
        """Note that the page used these site files, or these documents' titles, slugs and
        summaries (a Document: not its body); returns '' so templates can call it inline."""
        self.inputs.update(item if isinstance(item, str) else head_key(item) for item in items)
        return ""

    def url(self, path: str) -> str:
        """Return a link to a URL path: relative, or from the base path on 404 pages."""
        if self.page.kind == routes.NOT_FOUND or self.page.path == "404.html":
            return routes.base_path(self.site) + path
        return routes.relative_url(self.page.path, path)

    def links_in(self, folder: str) -> dict[str, Any]:
        """Return env["url"] and env["size"] for Markdown read from a file in `folder`: an
        internal link or image address as written -> the address from this page (see links.py),
        escaped for HTML; an image's address -> its width and height attributes (or '')."""
        def content_url(address: str) -> str:
            target = links.resolve(address, folder, self.page.path, routes.base_path(self.site))
            if target.path is None:  # reported by the link check; other texts keep what they say
                return str(escape(address))
            path = target.path
            if path and not path.endswith("/") and f"{path}/index.html" in routes.page_positions(self.site):
                path += "/"  # a page written without its closing slash
            published = self.renderer.assets.get(path, path)
            if published != path:
                self.inputs.add(path)  # the address names the asset's hash
            return str(escape(self.url(quote(published, safe="/")) + target.suffix))

        def image_size(address: str) -> str:
            path = links.resolve(address, folder, self.page.path, routes.base_path(self.site)).path or ""
            if not path.startswith(PUBLISHED_IMAGES):
                return ""
            self.inputs.add(IMAGES + path[len(PUBLISHED_IMAGES):])  # a new size shows on the page
            size = self.renderer.image_sizes.get(path)
            return f' width="{size[0]}" height="{size[1]}"' if size else ""
        return {"url": content_url, "size": image_size}

    def href(self, kind: str, key: str | None = None) -> str:
        """Return a link to a page of this page's language (home, section KEY, timeline, ...)."""
        path = routes.page_path(self.site, kind, key or kind, self.page.lang)
        if path is None:
            raise TemplateLookupError(f"no {kind} page '{key}' in language '{self.page.lang}'")
        if kind == routes.SECTION:
            self.inputs.add(head_key(self.site.documents[(key, self.page.lang)]))
        return self.url(path)

    def asset(self, name: str) -> str:
        """Return a link to a file of assets/ under its published (fingerprinted) name."""
        site_path = f"assets/{name}"
        if site_path not in self.renderer.assets:
            raise TemplateLookupError(f"no file '{site_path}'", "add it to assets/ or fix the name in the template")
        published = self.renderer.assets[site_path]
        if published != site_path:
            self.inputs.add(site_path)  # the page names the file's hash, so it changes with the file
        return self.url(published)

    def json_ld(self, title: str = "") -> Markup:
        """Return the page's schema.org data as JSON for a ld+json script element."""
        site, page = self.site, self.page
        url = routes.absolute_url(site, page.path)
        doc = site.documents.get(("overview" if page.kind == routes.HOME else page.key, page.lang)) \
            if page.kind in (routes.HOME, routes.SECTION) else None
        if doc is not None:
            cited = self.renderer.memo.get(("cited", doc.path))
            if cited is None:
                cited = self.renderer.memo[("cited", doc.path)] = structured.cited_sources(doc)
            self.inputs.update(entry_key("content/sources.yaml", s) for s in cited)
            translations = {lang: other for lang, other in routes.versions(site, page).items()
                            if (doc.key, lang) in site.documents}  # a home page without an overview translates none
            items = [structured.news_article(site, doc, url, translations, cited)]
            if page.kind == routes.HOME:
                items.insert(0, structured.website(site, page.lang, url))
        elif page.kind == "timeline":
            items = [structured.timeline_list(site, page.lang, url, title)]
        else:
            items = [structured.website(site, page.lang, routes.absolute_url(site, f"{page.lang}/"))]
        return Markup(structured.to_script(items))

    def updates_for(self, item: str) -> list:
        """Return the dated updates that concern a page's item."""
        self.inputs.add("content/updates.yaml")
        return self.site.updates_for(item)

    def locale_of(self, lang: str) -> str:
        """Return a language's locale as Open Graph writes it ('id_ID')."""
        return self.site.config.language(lang).locale

    def section_title(self, key: str) -> str:
        """Return a section's title in this page's language, or '' if it has none."""
        doc = self.site.documents.get((key, self.page.lang))
        if doc is None:
            return ""
        self.inputs.add(head_key(doc))
        return doc.title

    def stale_original(self, doc: Any) -> Any:
        """Return the original of a document whose translation is out of date, else None."""
        if (doc.key, doc.lang) not in self.site.stale:
            return None
        original = self.site.documents[(doc.key, self.site.config.default_language)]
        self.inputs.add(original.path)
        return original

    def source_entry(self, source: Any, compact: bool = False) -> Markup:
        """Return a source's description (title, publisher, date, how to find it; `compact`:
        publisher, title and date only, for a page's source list), rendered once per language
        and form and reused by every page that lists the source."""
        template = "partials/source.html"
        self.inputs.update((entry_key("content/sources.yaml", source.id), f"templates/{template}"))
        memo = self.renderer.memo
        key = ("source", source.id, self.page.lang, compact)
        if key not in memo:
            html = self.renderer.env.get_template(template).render(source=source, lang=self.page.lang, t=self.t,
                                                                   compact=compact)
            memo[key] = Markup(html)
        return memo[key]

    def passage(self, source: Any, excerpt: Any) -> Markup:
        """Return one excerpt of a source as a reader sees it: the passage in its language, our
        translation into the page's language where it differs, and whether it was read in the
        original or only in a copy; rendered once per language and reused by every page."""
        template = "partials/passage.html"
        self.inputs.update((entry_key("content/sources.yaml", source.id), f"templates/{template}"))
        memo = self.renderer.memo
        key = ("passage", source.id, excerpt.key, self.page.lang)
        if key not in memo:
            html = self.renderer.env.get_template(template).render(source=source, excerpt=excerpt,
                                                                   lang=self.page.lang, t=self.t)
            memo[key] = Markup(html)
        return memo[key]

    def section_number(self, doc: Any) -> int:
        """Return a section's position in story order (1-based)."""
        return reader_position(self.site, doc.key, self.page.lang) + 1

    def cite(self, cites: Any) -> Markup:
        """Cite sources: each a Cite (a source id and the excerpt key it names, if any) or an id."""
        cites = [cite if isinstance(cite, Cite) else Cite(cite) for cite in cites]
        self.inputs.update(entry_key("content/sources.yaml", cite.source) for cite in cites)
        return self.citations.cite(cites)

    def cited(self, text: Any, cites: Any) -> Markup:
        """Return a rendered text with its citation marks before its closing full stop (or
        question or exclamation mark), as in the prose ("... at noon¹."); a text that ends
        otherwise (in a closing quotation mark, say) gets them at its end."""
        text = Markup(text)
        if not cites:
            return text
        marks = self.cite(cites)
        stripped = text.rstrip()
        if stripped[-1:] in (".", "!", "?") and not stripped.endswith("..."):
            return Markup(stripped[:-1]) + marks + Markup(stripped[-1])
        return text + marks

    def markdown(self, item: Any) -> Markup:
        """Render a document's body (or a prepared text, e.g. a key point) with this page's citations."""
        if isinstance(item, Prepared):
            return Markup(item.fill(self.env))
        self.inputs.add(item.path)
        folder = posixpath.dirname(item.path)
        env = self.env if folder == "content" else {**self.env, **self.links_in(folder)}
        return Markup(item.prepared.fill(env))

    def contents(self, doc: Any) -> tuple:
        """Return the ## headings a document's table of contents lists: all of them when it
        has at least CONTENTS_MIN, else none."""
        self.inputs.add(doc.path)
        headings = tuple(h for h in doc.prepared.headings if h.level == 2)
        return headings if len(headings) >= CONTENTS_MIN else ()

    def reading_minutes(self, doc: Any) -> int:
        """Return the minutes a reader of the page's language takes to read a document's body
        (its word count at site.yaml's reading_speed for the language; at least 1)."""
        self.inputs.update((doc.path, "content/site.yaml"))
        speed = self.site.config.reading_speed(self.page.lang)
        return max(1, round(doc.prepared.words / speed))

    def citation(self) -> dict[str, Any] | None:
        """Return how to cite this page (its text in the page's language, and the Google Scholar
        / Highwire meta tags reference managers read), or None for a page without a document."""
        site, page = self.site, self.page
        doc = site.documents.get(("overview" if page.kind == routes.HOME else page.key, page.lang)) \
            if page.kind in (routes.HOME, routes.SECTION) else None
        if doc is None:
            return None
        self.inputs.update((head_key(doc), "content/site.yaml"))
        config = site.config
        author, url = config.author or config.publisher, routes.absolute_url(site, page.path)
        # the title ends with its own stop inside the quotes, as in Chicago style: “Title.” “Why?”
        title = doc.title if doc.title.endswith((".", "?", "!", "…")) else doc.title + "."
        values = {"author": author.rstrip("."), "title": title, "site": config.title[page.lang],
                  "date": self.t.date(doc.date), "url": url}
        if doc.updated:
            self.t.pattern("reading.cite_text", "author", "title", "site", "date", "url")
            text = self.t("reading.cite_text_updated", updated=self.t.date(doc.updated), **values)
        else:
            self.t.pattern("reading.cite_text_updated", "author", "title", "site", "date", "updated", "url")
            text = self.t("reading.cite_text", **values)
        meta = [("citation_title", doc.title), ("citation_author", author),
                ("citation_publication_date", scholar_date(doc.date)),
                ("citation_publisher", config.publisher), ("citation_language", page.lang),
                ("citation_fulltext_html_url", url)]
        return {"text": text, "meta": meta}

    def inline(self, text: str) -> Markup:
        """Render one line of Markdown without a paragraph around it (prepared once per text)."""
        memo = self.renderer.memo
        lang = self.page.lang
        prepared = memo.get(("inline", text, lang))
        if prepared is None:
            prepared = memo["inline", text, lang] = prepare(self.renderer.md, text, inline=True, lang=lang)
        return Markup(prepared.fill(self.env))

    def quote(self, quote_id: str) -> Markup:
        """Render a quote block with its provenance."""
        self.inputs.update(("content/quotes.yaml", "content/people.yaml"))
        quote = self.site.quotes[quote_id]
        return Markup(self.renderer.env.get_template("partials/quote.html").render(
            {**self.context, "quote": quote, "shown": quote.version_for(self.page.lang),
             "speaker": self.site.people.get(quote.speaker)}))

    def when(self, event: TimelineEvent) -> dict[str, Any]:
        """Return an event's day and local time labels in this page's language, and for a timed
        event its time in the language's reference zone ('11.09 WIB'; '' where the offsets agree)."""
        self.inputs.update((entry_key("content/timeline.yaml", event.id), "content/places.yaml", "content/site.yaml"))
        if event.place is None:  # a free-text place: the time at the offset it was written with
            name = event.place_name(self.page.lang)
            if not event.has_time:
                return {"day": self.t.date(event.when, "full"), "time": "", "zone": "", "own_offset": True,
                        "iso": event.when.isoformat(), "place": name, "reference": ""}
            return {"day": self.t.date(event.when, "full"), "time": self.t.time(event.when),
                    "zone": utc_offset_label(event.when), "own_offset": True,
                    "iso": event.when.isoformat(timespec="minutes"), "place": name,
                    "reference": self.reference_time(event.when)}
        place = self.site.places[event.place]
        if not event.has_time:
            return {"day": self.t.date(event.when, "full"), "time": "", "zone": place.zone[self.page.lang],
                    "own_offset": False, "iso": event.when.isoformat(), "place": place.name[self.page.lang],
                    "reference": ""}
        local = local_time(event.when, place.timezone)
        return {"day": self.t.date(local, "full"), "time": self.t.time(local),
                "zone": f"{place.zone[self.page.lang]} ({utc_offset_label(local)})", "own_offset": False,
                "iso": local.isoformat(timespec="minutes"), "place": place.name[self.page.lang],
                "reference": self.reference_time(local)}

    def reference_time(self, local: dt.datetime) -> str:
        """Return a local time in the page language's reference zone, with its day and month
        when that is another day than the local one; '' when both have the same offset."""
        zone = self.site.config.reference_zone(self.page.lang)
        there = local_time(local, zone)
        if there.utcoffset() == local.utcoffset():
            return ""
        label = f"{self.t.time(there)} {self.t.zone_label(zone, there)}"
        if there.date() != local.date():
            label += ", " + self.t.short_date(there)
        return label.replace(" ", "\u00a0")  # kept on one line

    def switcher(self, versions: dict) -> list[dict[str, Any]]:
        """Return the language switcher entries: the same page in that language; for a section
        it lacks, its original with the notice for that language's readers (`original`: the
        original's language, `t`: that language's strings); else that language's home."""
        entries = []
        for language in self.site.config.languages:
            other = versions.get(language.code)
            if self.page.kind == routes.NOT_FOUND:
                other = None  # a missing page has no counterpart: offer that language's home
            if other is not None and self.page.kind in (routes.SECTION, routes.HOME, routes.PAGE):
                # the other version's slug comes from it (whether this translation is stale
                # counts as a change of this page's own file: deps.expand_changes)
                key = "overview" if self.page.kind == routes.HOME else self.page.key
                if (key, language.code) in self.site.documents:
                    self.inputs.add(head_key(self.site.documents[(key, language.code)]))
            home = routes.page_path(self.site, routes.HOME, routes.HOME, language.code) or f"{language.code}/"
            entry = {
                "code": language.code, "name": language.name, "current": language.code == self.page.lang,
                "url": self.url(other.path if other else home),
                "available": other is not None or self.page.kind == routes.NOT_FOUND, "original": None,
            }
            if other is None and self.page.kind in (routes.SECTION, routes.PAGE):
                original = original_of(self.site, self.page.key)
                self.inputs.update((head_key(original), f"translations/{language.code}.yaml"))
                path = routes.document_path(self.site, original)
                anchor = f"#{untranslated_anchor(language.code)}"
                entry.update(url=anchor if path == self.page.path else self.url(path) + anchor,
                             available=True, original=original.lang, t=self.renderer.translators[language.code])
            entries.append(entry)
        return entries

    def untranslated_notices(self, doc: Any) -> list[dict[str, Any]]:
        """Return, on a section's original page, one notice per language the section has no
        published version in: its anchor (the switcher links to it), language and strings,
        and that language's home page."""
        if doc.is_overview or original_of(self.site, doc.key) is not doc:
            return []
        notices = []
        for code in self.site.config.codes:
            if (doc.key, code) not in self.site.documents:
                self.inputs.add(f"translations/{code}.yaml")
                notices.append({"id": untranslated_anchor(code), "lang": code, "t": self.renderer.translators[code],
                                "home": self.url(routes.page_path(self.site, routes.HOME, routes.HOME, code))})
        return notices

    def footer_pages(self) -> list[dict[str, Any]]:
        """Return the free-standing pages the footer links to (those with `footer: true`), each
        in this page's language or, where it has no version in it, in its original's."""
        found = []
        for key in self.site.page_keys():
            doc = shown_version(self.site, key, self.page.lang)
            self.inputs.add(head_key(doc))  # a page that starts or stops asking for the link
            if doc.footer:
                path = routes.document_path(self.site, doc)
                found.append({"url": self.url(path), "title": doc.title, "lang": doc.lang,
                              "current": path == self.page.path})
        return found

    def section_url(self, doc: Any) -> str:
        """Return a link to a section's page in the document's own language (a reader's
        section list shows the original of a part that has no translation)."""
        self.inputs.add(head_key(doc))
        return self.url(routes.document_path(self.site, doc))

    def shown_section(self, key: str) -> Any:
        """Return the version of a section this page's readers are offered: in their
        language, or its original if it has no published translation; None if no such section."""
        return shown_version(self.site, key, self.page.lang)


def original_of(site: Site, key: str) -> Any:
    """Return a section's original: its version in the default language, else the first
    configured language that has it (None if it has none)."""
    for code in (site.config.default_language, *site.config.codes):
        doc = site.documents.get((key, code))
        if doc is not None:
            return doc
    return None


def shown_version(site: Site, key: str, lang: str) -> Any:
    """Return a section in `lang`, or its original where it has no published version in `lang`."""
    return site.documents.get((key, lang)) or original_of(site, key)


def reader_sections(site: Site, lang: str) -> tuple:
    """Return the sections a reader of `lang` is offered, in story order: each in `lang`, or
    its original where it has no published translation (drafts are not published)."""
    memo_key = ("reader_sections", lang)
    if memo_key not in site.memo:
        keys = {key for (key, _), doc in site.documents.items() if doc.is_section}
        shown = [shown_version(site, key, lang) for key in keys]
        site.memo[memo_key] = tuple(sorted(shown, key=lambda d: (d.order, d.key)))
    return site.memo[memo_key]


def reader_position(site: Site, key: str, lang: str) -> int:
    """Return a section's 0-based position among the sections a reader of `lang` is offered."""
    memo_key = ("reader_positions", lang)
    if memo_key not in site.memo:
        site.memo[memo_key] = {doc.key: i for i, doc in enumerate(reader_sections(site, lang))}
    return site.memo[memo_key][key]


def untranslated_anchor(lang: str) -> str:
    """The id of the notice that tells `lang` readers a part exists only in another language."""
    return f"untranslated-{lang}"


def scholar_date(value: Any) -> str:
    """Write a date (or a time's date, as written) the way Google Scholar reads it: 2024/03/05."""
    return value.strftime("%Y/%m/%d")


CONTENTS_MIN = 3  # ## headings a section needs to get a table of contents


def entry_key(path: str, entry_id: str) -> str:
    """Name one entry of a data file as an input ('content/timeline.yaml#meet'), so a change
    to that entry re-renders only the pages that show it."""
    return f"{path}#{entry_id}"


def head_key(document: Any) -> str:
    """Name a document's head (title, slug, summary, dates, order) as an input, for pages
    that show or link to a document without its body: editing only the body of a section
    does not re-render them."""
    return entry_key(document.path, "head")
