"""Render stage: the Site model -> {output file: bytes and the inputs it used}.

A pure function of the model: nothing is written here. `build` and `serve` share it.
Each page records, while it renders, which content files, translation tables and
templates it used, for incremental rebuilds.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from . import routes, structured
from .citations import Backlink, CitationList
from .i18n import MissingString, Translator, local_time, utc_offset_label
from .model import Site, TimelineEvent
from .problems import Location, ProblemLog

SITE_FILES = ("content/site.yaml",)


@dataclass(frozen=True)
class Output:
    """One file of the built site."""

    path: str  # relative to the output folder
    data: bytes
    inputs: frozenset  # site paths this file was made from
    backlinks: tuple = ()  # (source id, Backlink) for each source this page cites


class TemplateLookupError(Exception):
    """A template asked for a page or asset that does not exist."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message, self.hint = message, hint


class TemplateFailed(Exception):
    """A template mistake, carrying the problem to report."""

    def __init__(self, location: Location, message: str, hint: str | None = None):
        super().__init__(message)
        self.location, self.message, self.hint = location, message, hint


class RecordingEnvironment(jinja2.Environment):
    """A Jinja2 environment that notes every template a render asks for (extends, include,
    import), so each page knows exactly which templates it used, conditional ones included."""

    recording: set | None = None

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:
        if self.recording is not None and isinstance(name, str):
            self.recording.add(self.join_path(name, parent) if parent else name)
        return super().get_template(name, parent, globals)


def create_environment(templates: Path) -> RecordingEnvironment:
    """Return the Jinja2 environment: autoescape everywhere, undefined names are errors."""
    env = RecordingEnvironment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["isoformat"] = lambda value: value.isoformat()
    return env


class PageRenderer:
    """Renders the pages of one site; holds what every page shares."""

    def __init__(self, site: Site, env: jinja2.Environment, md: MarkdownIt,
                 translators: dict[str, Translator], problems: ProblemLog, assets: dict[str, str] | None = None):
        self.site, self.env, self.md = site, env, md
        self.assets = assets or {}
        self.translators, self.problems = translators, problems

    def render(self, page: routes.Page, template: str, uses: tuple[str, ...] = (), **context: Any) -> Output:
        """Render one page with the shared context; record its inputs (plus `uses`)."""
        site, t = self.site, self.translators[page.lang]
        default = site.config.default_language
        inputs = set(SITE_FILES) | {f"translations/{page.lang}.yaml"} | set(uses)
        citations = CitationList(t("cite.label"))
        state = PageState(self, page, t, citations, inputs)
        t.fell_back = False
        full = {**self.shared_context(state), **context}
        used_templates: set[str] = set()
        self.env.recording = used_templates
        try:
            html = self.env.get_template(template).render(full)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateFailed(Location(f"templates/{exc.name or template}", exc.lineno or 0),
                                 f"template syntax error: {exc.message}") from None
        except MissingString as exc:
            name, line = _template_line(exc, Path(self.env.loader.searchpath[0]))
            raise TemplateFailed(Location(f"templates/{name or template}", line),
                                 f"UI string '{exc.args[0]}' is not defined in any translations file",
                                 f"add '{exc.args[0]}: ...' to every translations/<lang>.yaml") from None
        except TemplateLookupError as exc:
            name, line = _template_line(exc, Path(self.env.loader.searchpath[0]))
            raise TemplateFailed(Location(f"templates/{name or template}", line), exc.message, exc.hint) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateFailed(Location(f"templates/{template}"), f"template '{exc.name}' not found",
                                 "create it in templates/ or fix the name in extends/include") from None
        except jinja2.UndefinedError as exc:
            name, line = _template_line(exc, Path(self.env.loader.searchpath[0]))
            raise TemplateFailed(Location(f"templates/{name or template}", line),
                                 f"undefined name in template: {exc.message}",
                                 "check the spelling; every name a template uses must be passed to it") from None
        finally:
            self.env.recording = None
        inputs |= {f"templates/{name}" for name in used_templates}
        if t.fell_back:
            inputs.add(f"translations/{default}.yaml")
        title = full.get("page_title", "")
        backlinks = tuple((source_id, Backlink(page.lang, page.path, title, tuple(anchors)))
                          for source_id, anchors in citations.anchors.items())
        return Output(page.output_file, html.encode("utf-8"), frozenset(inputs), backlinks)

    def shared_context(self, state: "PageState") -> dict[str, Any]:
        """Return what every template gets: language, links, switcher, strings, helpers."""
        site, page = self.site, state.page
        versions = routes.versions(site, page)
        alternates = [
            {"lang": lang, "name": site.config.language(lang).name, "page": other,
             "url": routes.absolute_url(site, other.path)}
            for lang, other in versions.items()
        ]
        return {
            "site": site, "config": site.config, "page": page, "lang": page.lang, "t": state.t,
            "url": state.url, "cite": state.cite, "markdown": state.markdown, "when": state.when,
            "alternates": alternates if page.kind != routes.NOT_FOUND else [],
            "x_default": versions.get(site.config.default_language),
            "x_default_url": routes.absolute_url(site, versions[site.config.default_language].path)
            if site.config.default_language in versions else "",
            "href": state.href, "asset": state.asset, "updates_for": state.updates_for, "json_ld": state.json_ld, "locale_of": state.locale_of, "inline": state.inline, "section_title": state.section_title,
            "section_number": state.section_number, "stale_original": state.stale_original,
            "page_path_of": lambda doc: routes.page_path(site, routes.HOME if doc.is_overview else routes.SECTION,
                                                         routes.HOME if doc.is_overview else doc.key, doc.lang), "backref_label": backref_label,
            "switcher": state.switcher(versions), "canonical": routes.absolute_url(site, page.path),
            "citations": state.citations, "record": state.record, "quote": state.quote,
            "sections": site.sections(page.lang), "languages": site.config.languages,
        }


class PageState:
    """What one page accumulates while it renders: citations and inputs."""

    def __init__(self, renderer: PageRenderer, page: routes.Page, t: Translator,
                 citations: CitationList, inputs: set):
        self.renderer, self.page, self.t = renderer, page, t
        self.citations, self.inputs = citations, inputs
        self.site = renderer.site
        self.env = {"cite": self.cite, "quote": self.quote}

    def record(self, *paths: str) -> str:
        """Note that the page used these site files; returns '' so templates can call it inline."""
        self.inputs.update(paths)
        return ""

    def url(self, path: str) -> str:
        """Return a link to a URL path: relative, or from the base path on 404 pages."""
        if self.page.kind == routes.NOT_FOUND or self.page.path == "404.html":
            return routes.base_path(self.site) + path
        return routes.relative_url(self.page.path, path)

    def href(self, kind: str, key: str | None = None) -> str:
        """Return a link to a page of this page's language (home, section KEY, timeline, ...)."""
        path = routes.page_path(self.site, kind, key or kind, self.page.lang)
        if path is None:
            raise TemplateLookupError(f"no {kind} page '{key}' in language '{self.page.lang}'")
        if kind == routes.SECTION:
            self.inputs.add(self.site.documents[(key, self.page.lang)].path)
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
        if page.kind in (routes.HOME, routes.SECTION):
            doc = site.documents[("overview" if page.kind == routes.HOME else page.key, page.lang)]
            self.inputs.update(entry_key("content/sources.yaml", s) for s in structured.cited_sources(doc))
            items = [structured.news_article(site, doc, url, routes.versions(site, page))]
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
        self.inputs.add(doc.path)
        return doc.title

    def stale_original(self, doc: Any) -> Any:
        """Return the original of a document whose translation is out of date, else None."""
        if (doc.key, doc.lang) not in self.site.stale:
            return None
        original = self.site.documents[(doc.key, self.site.config.default_language)]
        self.inputs.add(original.path)
        return original

    def section_number(self, doc: Any) -> int:
        """Return a section's position in story order (1-based)."""
        return [d.key for d in self.site.sections(self.page.lang)].index(doc.key) + 1

    def cite(self, ids: Any) -> Markup:
        """Cite sources by id."""
        self.inputs.update(entry_key("content/sources.yaml", source_id) for source_id in ids)
        return self.citations.cite(list(ids))

    def markdown(self, document: Any = None, tokens: Any = None) -> Markup:
        """Render a document's body (or parsed tokens) with this page's citations."""
        if document is not None:
            self.inputs.add(document.path)
            tokens = document.tokens
        return Markup(self.renderer.md.renderer.render(tokens, self.renderer.md.options, self.env))

    def inline(self, text: str) -> Markup:
        """Render one line of Markdown without a paragraph around it."""
        return Markup(self.renderer.md.renderInline(text, self.env))

    def quote(self, quote_id: str) -> Markup:
        """Render a quote block with its provenance."""
        self.inputs.update(("content/quotes.yaml", "content/people.yaml"))
        quote = self.site.quotes[quote_id]
        template = "partials/quote.html"
        shared = self.renderer.shared_context(self)
        return Markup(self.renderer.env.get_template(template).render(
            {**shared, "quote": quote, "shown": quote.version_for(self.page.lang),
             "speaker": self.site.people.get(quote.speaker), "inline": self.inline}))

    def when(self, event: TimelineEvent) -> dict[str, str]:
        """Return an event's day and local time labels in this page's language."""
        self.inputs.update((entry_key("content/timeline.yaml", event.id), "content/places.yaml"))
        place = self.site.places[event.place]
        if not event.has_time:
            return {"day": self.t.date(event.when, "full"), "time": "", "zone": place.zone[self.page.lang],
                    "iso": event.when.isoformat(), "place": place.name[self.page.lang]}
        local = local_time(event.when, place.timezone)
        return {"day": self.t.date(local, "full"), "time": self.t.time(local),
                "zone": f"{place.zone[self.page.lang]} ({utc_offset_label(local)})",
                "iso": local.isoformat(timespec="minutes"), "place": place.name[self.page.lang]}

    def switcher(self, versions: dict) -> list[dict[str, Any]]:
        """Return the language switcher entries: the same page, or that language's home."""
        entries = []
        for language in self.site.config.languages:
            other = versions.get(language.code)
            if self.page.kind == routes.NOT_FOUND:
                other = None  # a missing page has no counterpart: offer that language's home
            if other is not None and self.page.kind in (routes.SECTION, routes.HOME):
                # the other version's slug, and whether this translation is stale, come from it
                key = "overview" if self.page.kind == routes.HOME else self.page.key
                self.inputs.add(self.site.documents[(key, language.code)].path)
            home = routes.page_path(self.site, routes.HOME, routes.HOME, language.code) or f"{language.code}/"
            entries.append({
                "code": language.code, "name": language.name, "current": language.code == self.page.lang,
                "url": self.url(other.path if other else home),
                "available": other is not None or self.page.kind == routes.NOT_FOUND,
            })
        return entries


def entry_key(path: str, entry_id: str) -> str:
    """Name one entry of a data file as an input ('content/timeline.yaml#meet'), so a change
    to that entry re-renders only the pages that show it."""
    return f"{path}#{entry_id}"


def backref_label(index: int) -> str:
    """Label the back-links to a source's citations a, b, c ... z, aa, ab ..."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


def _template_line(exc: Exception, templates: Path) -> tuple[str | None, int]:
    """Find the innermost template file and line in a Jinja2 runtime error's traceback."""
    tb, found = exc.__traceback__, (None, 0)
    while tb is not None:
        filename = Path(tb.tb_frame.f_code.co_filename)
        if filename.is_relative_to(templates):
            found = (filename.relative_to(templates).as_posix(), tb.tb_lineno)
        tb = tb.tb_next
    return found
