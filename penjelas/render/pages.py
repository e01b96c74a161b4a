"""Render stage, per page kind: what each page shows, handed to its template.

Input: the Site model and a PageRenderer. Output: every Output of the site, the sources
page last (it lists where each source was cited), then the sitemap; each Output goes to the
caller's sink as soon as it is rendered (the build writes it there), across forked
processes for a large site.
"""
from __future__ import annotations

import datetime as dt
import os
from typing import Any, Callable, NamedTuple

from .. import routes
from ..model import SOURCE_KINDS, Site
from . import cards, parallel
from .citations import Backlink, unpack_citations
from .page_context import entry_key, head_key, reader_position, reader_sections
from .renderer import Output, PageRenderer, template_errors

TEMPLATES = {routes.HOME: "home.html", routes.SECTION: "section.html", routes.PAGE: "page.html", "timeline": "timeline.html",
             "people": "people.html", "sources": "sources.html", "search": "search.html", routes.NOT_FOUND: "404.html"}


def planned_outputs(site: Site) -> set[str]:
    """Return the path of every file render_pages makes, without rendering anything."""
    feeds = {f"{lang}/feed.xml" for lang in site.config.codes}
    pages = {page.output_file for page in routes.list_pages(site)} | {"index.html", "404.html"}
    return pages | {cards.card_path(path) for path in pages} | set(SPECIAL_OUTPUTS) | feeds


SPECIAL_OUTPUTS = ("index.html", "404.html", "sitemap.xml", "robots.txt")


def render_pages(renderer: PageRenderer, wanted: set[str] | None = None,
                 previous: dict[str, Output] | None = None, progress: Any = None,
                 workers: int = 1, sink: Callable[[Output], Output] | None = None) -> list[Output]:
    """Render every page (or only the wanted output paths), the sources pages last.

    `progress(done, total)`, if given, is called as pages are done; with `workers` > 1 a
    large site's pages are rendered by that many forked processes. Each output goes through
    `sink` as soon as it is rendered (the build writes it and keeps it without its bytes).
    """
    keep = sink or (lambda output: output)
    site = renderer.site
    pages = routes.list_pages(site)
    is_wanted = (lambda path: True) if wanted is None else wanted.__contains__
    if wanted is None:
        todo = [page for page in pages if page.kind != "sources"]
    else:  # in page order, without going through every page of a large site
        positions = routes.page_positions(site)
        todo = [pages[i] for i in sorted(positions[path] for path in wanted if path in positions)]
        todo = [page for page in todo if page.kind != "sources"]
    outputs = {}
    forked = workers > 1 and len(todo) >= parallel.PARALLEL_MIN_PAGES
    if forked:
        outputs = {o.path: o for o in render_in_workers(renderer, todo, workers, progress, keep)}
    for done, page in enumerate(todo if not outputs else [], 1):
        outputs[page.output_file] = keep(render_page(renderer, page))
        if progress is not None:
            progress(done, len(todo))
    # The sources pages list where each source is cited: render them again whenever the
    # citations of any page changed, whatever made that page render again.
    moved = any(previous is None or path not in previous or previous[path].citing() != output.citing()
                for path, output in outputs.items())
    listing = [page for page in pages if page.kind == "sources" and (is_wanted(page.output_file) or moved)]
    backlinks = collect_backlinks(pages, {**(previous or {}), **outputs}.values()) if listing else {}
    if forked and len(listing) > 1:
        listed = render_in_workers(renderer, listing, workers, None, keep, backlinks=backlinks)
    else:
        listed = [keep(render_page(renderer, page, backlinks=backlinks)) for page in listing]
    outputs.update((output.path, output) for output in listed)
    default = site.config.default_language
    t = renderer.translators[default]
    if is_wanted("index.html"):
        outputs["index.html"] = keep(renderer.render(
            routes.Page("root", "root", default, ""), "root.html",
            page_title=" · ".join(site.config.title[c] for c in site.config.codes),
            description=site.config.description[default], ways_in=ways_in(renderer),
            uses=root_uses(site)))
    if is_wanted("404.html"):  # served for a missing address anywhere: it speaks every language
        outputs["404.html"] = keep(renderer.render(
            routes.Page(routes.NOT_FOUND, "root", default, "404.html"), "root_404.html",
            page_title=" · ".join(renderer.translators[c]("notfound.title") for c in site.config.codes),
            description=t("notfound.description"), ways_in=ways_in(renderer), uses=root_uses(site)))
    if is_wanted("sitemap.xml"):
        outputs["sitemap.xml"] = keep(render_sitemap(renderer, pages))
    if is_wanted("robots.txt"):
        outputs["robots.txt"] = keep(render_file(renderer, "robots.txt", "robots.txt", {}, ("content/site.yaml",)))
    for lang in site.config.codes:
        if is_wanted(f"{lang}/feed.xml"):
            outputs[f"{lang}/feed.xml"] = keep(render_feed(renderer, lang))
    if renderer.cards is not None:
        outputs.update((card.path, card) for card in render_cards(renderer, list(outputs.values()), keep, forked,
                                                                  workers))
        if wanted is None:  # a full build: the cache keeps only the cards of the site as it is
            renderer.cards.prune()
    return list(outputs.values())


class WayIn(NamedTuple):
    """One language's door on the root pages: its story's headline and short answer, and the
    engine's words in that language."""

    code: str
    name: str
    headline: str
    answer: str
    t: Any  # the language's Translator
    pages: tuple[tuple[str, str], ...]  # (URL path, name) of the language's timeline and sources pages


def root_uses(site: Site) -> tuple[str, ...]:
    """What the root pages show besides the site's settings: every overview's head and every
    language's engine words."""
    heads = (head_key(doc) for doc in (site.documents.get(("overview", c)) for c in site.config.codes) if doc)
    return (*heads, *(f"translations/{c}.yaml" for c in site.config.codes))


def ways_in(renderer: PageRenderer) -> list[WayIn]:
    """Every language's headline and short answer (its overview's title and summary, or the
    site's title and description where it has no overview), in the site's language order."""
    site = renderer.site
    doors = []
    for language in site.config.languages:
        doc = site.documents.get(("overview", language.code))
        t = renderer.translators[language.code]
        pages = tuple((path, t(f"{kind}.title")) for kind in ("timeline", "sources")
                      if (path := routes.page_path(site, kind, kind, language.code)) is not None)
        doors.append(WayIn(language.code, language.name, doc.title if doc else site.config.title[language.code],
                           doc.summary if doc else site.config.description[language.code], t, pages))
    return doors


def render_cards(renderer: PageRenderer, pages: list[Output], keep: Callable[[Output], Output],
                 forked: bool, workers: int) -> list[Output]:
    """Make the share card of every page rendered (cards.py): each from the cache, or drawn,
    across processes for a large site. A card is made from what its page used."""
    todo = [page for page in pages if page.card]
    maker = renderer.cards
    for page in todo:
        maker.used.add(maker.key(cards.CardSpec(*page.card)))  # the workers' use counts too

    def make(index: int) -> Output:
        page = todo[index]
        return keep(Output(cards.card_path(page.path), maker.card(cards.CardSpec(*page.card)), page.inputs))
    if forked and len(todo) >= parallel.PARALLEL_MIN_PAGES:
        return parallel.fork_map(make, len(todo), workers)
    return [make(index) for index in range(len(todo))]


def collect_backlinks(pages: list[routes.Page], outputs: Any) -> dict[str, list[Backlink]]:
    """Gather, per source id, the pages that cite it, in page order."""
    order = {page.output_file: (index, page) for index, page in enumerate(pages)}
    backlinks: dict[str, list] = {}
    citing = sorted((order[o.path][0], o) for o in outputs if o.backlinks and o.path in order)
    for index, output in citing:
        page = order[output.path][1]
        for source_id, anchor, count in unpack_citations(output.backlinks):
            backlinks.setdefault(source_id, []).append(Backlink(page.lang, page.path, output.title, anchor, count))
    return backlinks


def render_in_workers(renderer: PageRenderer, todo: list, workers: int, progress: Any,
                      sink: Callable[[Output], Output], **context: Any) -> list:
    """Render the pages in `todo` with `workers` processes; return their Outputs in todo order,
    each passed through `sink` in the worker (the build writes the bytes there). Many pages
    go in batches, the first rendered in the parent so templates compile once before fork;
    a few big pages (the sources pages) go one per worker."""
    def render(index: int) -> tuple:
        before = len(renderer.problems.problems)
        return sink(render_page(renderer, todo[index], **context)), renderer.problems.problems[before:]

    few = len(todo) <= workers
    outputs = [] if few else [sink(render_page(renderer, todo[0], **context))]
    for output, problems in parallel.fork_map(render, len(todo), workers, progress, start=len(outputs),
                                              batch=1 if few else None):
        outputs.append(output)
        renderer.problems.extend(problems)
    return outputs


def render_page(renderer: PageRenderer, page: routes.Page, backlinks: dict | None = None) -> Output:
    """Render one page with the context its kind needs."""
    site, t = renderer.site, renderer.translators[page.lang]
    if page.kind == routes.PAGE:
        doc = site.documents[page.key, page.lang]
        return renderer.render(page, TEMPLATES[page.kind], doc=doc, page_title=doc.title, description=doc.summary)
    if page.kind in (routes.HOME, routes.SECTION):
        key = "overview" if page.kind == routes.HOME else page.key
        doc = site.documents.get((key, page.lang))  # a home page without an overview: the site's own words
        context = {"doc": doc, "page_title": doc.title if doc else site.config.title[page.lang],
                   "description": doc.summary if doc else site.config.description[page.lang]}
        if page.kind == routes.HOME:  # the link to the timeline names the days it covers
            context["timeline_link"] = dated(t, "home.timeline_entry", timeline_dates(renderer, site, page.lang))
            context["uses"] = (entry_key("content/timeline.yaml", "dates"), "content/places.yaml")
        if page.kind == routes.SECTION:
            context.update(section_context(site, doc))
            context["uses"] = (entry_key("content/timeline.yaml", f"section:{doc.key}"),)
        return renderer.render(page, TEMPLATES[page.kind], **context)
    title = t(f"{page.kind if page.kind != routes.NOT_FOUND else 'notfound'}.title")
    description = dated(t, "timeline.description", timeline_dates(renderer, site, page.lang)) \
        if page.kind == "timeline" else t(f"{_key(page.kind)}.description")
    context: dict[str, Any] = {"page_title": title, "description": description}
    if page.kind == "timeline":
        context["days"] = timeline_days(renderer, site, site.timeline, page.lang)
        context["uses"] = ("content/timeline.yaml",)  # every event, their order and grouping
    elif page.kind == "sources":
        context["source_groups"] = source_groups(site)
        context["backlinks"] = {source_id: [CitingPage(routes.relative_url(page.path, b.path) + "#" + b.anchor,
                                                       b.title, b.count)
                                            for b in links if b.lang == page.lang]
                                for source_id, links in (backlinks or {}).items()}
    return renderer.render(page, TEMPLATES[page.kind], **context)


class SourceGroup(NamedTuple):
    kind: str
    sources: list


def source_groups(site: Site) -> list[SourceGroup]:
    """The sources by kind (primary, wire, report), each kind sorted as a reference list is:
    by publisher, then date, then title (not by the ids authors happen to choose)."""
    def order(source: Any) -> tuple:
        return (source.publisher.casefold(), source.date.isoformat() if source.date else "~", source.title.casefold())
    groups = []
    for kind in SOURCE_KINDS:
        members = sorted((s for s in site.sources.values() if s.kind == kind), key=order)
        if members:
            groups.append(SourceGroup(kind, members))
    return groups


class CitingPage(NamedTuple):
    """A page that cites a source, as the sources page links to it."""

    href: str  # to the page's first citation of the source
    title: str
    count: int  # how many times the page cites the source


def _key(kind: str) -> str:
    return "notfound" if kind == routes.NOT_FOUND else kind


def section_context(site: Site, doc: Any) -> dict[str, Any]:
    """Return the previous and next sections and the section's own events."""
    sections = reader_sections(site, doc.lang)  # a part not translated yet: its original
    index = reader_position(site, doc.key, doc.lang)
    return {
        "previous": sections[index - 1] if index > 0 else None,
        "next": sections[index + 1] if index + 1 < len(sections) else None,
        "events": site.events_of(doc.key),
    }


def timeline_dates(renderer: PageRenderer, site: Site, lang: str) -> str:
    """Name the span of local days the timeline covers ('5–6 March 2024'), or '' without events."""
    days = [day["date"] for day in timeline_days(renderer, site, site.timeline, lang)]
    return renderer.translators[lang].date_range(min(days), max(days)) if days else ""


def dated(t: Any, key: str, dates: str) -> str:
    """The UI string `key` naming the timeline's dates, or `key_undated` when there are none
    (both are checked, and both count as used, whichever this site needs)."""
    if dates:
        t.pattern(f"{key}_undated")
        return t(key, dates=dates)
    t.pattern(key, "dates")
    return t(f"{key}_undated")


def timeline_days(renderer: PageRenderer, site: Site, events: Any, lang: str) -> list[dict[str, Any]]:
    """Group events by the local day of each event's place (see TimelineEvent.local_day), the
    days in calendar order, the events of a day in timeline order."""
    t = renderer.translators[lang]
    days: dict[Any, list] = {}
    for event in events:
        days.setdefault(event.local_day(site.places), []).append(event)
    return [{"date": day, "label": t.date(day, "full"), "events": days[day]} for day in sorted(days)]


def rfc3339(value: Any) -> str:
    """Write a date or datetime as an Atom timestamp (a date means its start, in UTC)."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return f"{value.isoformat()}T00:00:00Z"


def render_file(renderer: PageRenderer, template: str, path: str, context: dict, inputs: tuple) -> Output:
    """Render a non-HTML file (robots.txt, a feed) from a template."""
    with template_errors(renderer.env, template):
        data = renderer.env.get_template(template).render(config=renderer.site.config, **context).encode("utf-8")
    return Output(path, data, frozenset([*inputs, f"templates/{template}"]))


def render_feed(renderer: PageRenderer, lang: str) -> Output:
    """Render one language's Atom feed: its sections and the dated updates, newest first."""
    site, t = renderer.site, renderer.translators[lang]
    home = routes.absolute_url(site, f"{lang}/")
    entries = []
    for doc in site.sections(lang):
        url = routes.absolute_url(site, routes.page_path(site, routes.SECTION, doc.key, lang))
        entries.append({"title": doc.title, "url": url, "id": url, "published": rfc3339(doc.date),
                        "updated": rfc3339(doc.updated or doc.date), "summary": doc.summary, "sort": str(doc.updated or doc.date)})
    for update in site.updates:
        target = update.items[0]
        path = routes.page_path(site, routes.SECTION, target, lang) if target not in ("overview", "timeline") else \
            routes.page_path(site, routes.HOME if target == "overview" else "timeline", target, lang)
        url = f"{routes.absolute_url(site, path or f'{lang}/')}#update-{update.id}"
        text = t("updates.updated", date=t.date(update.date)) + " " + update.text[lang]
        entries.append({"title": text if len(text) <= 90 else text[:89].rstrip() + "…", "url": url, "id": url,
                        "published": rfc3339(update.date), "updated": rfc3339(update.date), "summary": text,
                        "sort": str(update.date)})
    entries.sort(key=lambda e: (e["sort"], e["id"]), reverse=True)
    if entries:
        updated = max(e["updated"] for e in entries)
    else:  # no dated content: a reproducible build takes its time from SOURCE_DATE_EPOCH
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
        updated = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).isoformat().replace("+00:00", "Z")
    context = {"lang": lang, "feed_url": routes.absolute_url(site, f"{lang}/feed.xml"), "home_url": home,
               "updated": updated, "entries": entries}
    inputs = ("content/site.yaml", "content/updates.yaml", f"translations/{lang}.yaml",
              *(head_key(d) for d in site.documents.values() if d.lang == lang))
    return render_file(renderer, "feed.xml", f"{lang}/feed.xml", context, inputs)


def render_sitemap(renderer: PageRenderer, pages: list[routes.Page]) -> Output:
    """Render sitemap.xml with the same alternates as the page heads."""
    site = renderer.site
    entries = []
    for page in pages:
        if page.kind == routes.NOT_FOUND:
            continue
        versions = routes.versions(site, page)
        entries.append({
            "loc": routes.absolute_url(site, page.path),
            "alternates": [(lang, routes.absolute_url(site, other.path)) for lang, other in versions.items()],
            "x_default": routes.absolute_url(site, versions[site.config.default_language].path)
            if site.config.default_language in versions else None,
        })
    return render_file(renderer, "sitemap.xml", "sitemap.xml", {"entries": entries},
                       ("content/site.yaml", *(head_key(d) for d in site.documents.values())))
