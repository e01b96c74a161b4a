"""Render helper: schema.org JSON-LD for a page (NewsArticle, WebSite, ItemList).

Input: the site, the page and its language versions. Output: a JSON string that is safe
inside <script type="application/ld+json">. Built in Python, not in a template, so the JSON
is always well formed.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from .. import routes
from ..model import Document, Site


def _date(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else None


def cited_sources(doc: Document) -> tuple[str, ...]:
    """Return the source ids a document cites, in order of first citation."""
    seen: dict[str, None] = {}
    for prepared in [doc.prepared] + [prepared for _, _, prepared in doc.key_points]:
        for source_id in prepared.cited():
            seen.setdefault(source_id, None)
    return tuple(seen)


def news_article(site: Site, doc: Document, url: str, versions: dict[str, routes.Page],
                 cited: tuple[str, ...]) -> dict[str, Any]:
    """Describe a section (or the overview) as a NewsArticle with its citations and translations."""
    default = site.config.default_language
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "NewsArticle", "@id": url, "url": url,
        "mainEntityOfPage": url, "headline": doc.title, "description": doc.summary, "inLanguage": doc.lang,
        "datePublished": _date(doc.date), "dateModified": _date(doc.updated or doc.date),
        "publisher": {"@type": "Organization", "name": site.config.publisher},
        "citation": [_citation(site, source_id) for source_id in cited if source_id in site.sources],
    }
    if site.config.author:
        data["author"] = {"@type": "Organization", "name": site.config.author}
    others = {lang: routes.absolute_url(site, page.path) for lang, page in versions.items() if lang != doc.lang}
    if doc.lang != default and default in others:
        data["translationOfWork"] = {"@id": others[default]}
    elif doc.lang == default and others:
        data["workTranslation"] = [{"@id": other} for other in others.values()]
    return data


def _citation(site: Site, source_id: str) -> dict[str, Any]:
    source = site.sources[source_id]
    item: dict[str, Any] = {"@type": "CreativeWork", "name": source.title, "publisher": source.publisher,
                            "inLanguage": source.language}
    if source.date:
        item["datePublished"] = _date(source.date)
    if source.url:
        item["url"] = source.url
    return item


def website(site: Site, lang: str, url: str) -> dict[str, Any]:
    """Describe the site in one language."""
    return {"@context": "https://schema.org", "@type": "WebSite", "@id": url, "url": url,
            "name": site.config.title[lang], "description": site.config.description[lang], "inLanguage": lang,
            "publisher": {"@type": "Organization", "name": site.config.publisher}}


def timeline_list(site: Site, lang: str, url: str, title: str) -> dict[str, Any]:
    """Describe the timeline as an ItemList of its events."""
    return {"@context": "https://schema.org", "@type": "ItemList", "@id": url, "url": url, "name": title,
            "inLanguage": lang, "numberOfItems": len(site.timeline),
            "itemListElement": [{"@type": "ListItem", "position": index, "url": f"{url}#{event.id}",
                                 "name": event.title[lang]} for index, event in enumerate(site.timeline, 1)]}


def to_script(data: list[dict[str, Any]]) -> str:
    """Serialise for a script element: compact, stable, and unable to close the element."""
    text = json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
