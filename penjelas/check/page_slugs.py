"""Check stage, engine vocabulary: the default slugs of the site-wide pages (timeline, sources, people, search)
per language, used where content/site.yaml `pages:` gives none.

Input: a page name and the configured language codes. Output: language -> slug. Native
words as lowercase ASCII slugs; a language not in the table gets the English words.
"""
from __future__ import annotations

DEFAULT_PAGE_SLUGS: dict[str, dict[str, str]] = {
    "en": {"timeline": "timeline", "sources": "sources", "people": "people", "search": "search"},
    "id": {"timeline": "linimasa", "sources": "sumber", "people": "tokoh", "search": "cari"},
    "ms": {"timeline": "garis-masa", "sources": "sumber", "people": "tokoh", "search": "cari"},
    "fr": {"timeline": "chronologie", "sources": "sources", "people": "personnes", "search": "recherche"},
    "de": {"timeline": "chronik", "sources": "quellen", "people": "personen", "search": "suche"},
    "es": {"timeline": "cronologia", "sources": "fuentes", "people": "personas", "search": "buscar"},
    "nl": {"timeline": "tijdlijn", "sources": "bronnen", "people": "personen", "search": "zoeken"},
    "pt": {"timeline": "cronologia", "sources": "fontes", "people": "pessoas", "search": "pesquisa"},
}
FALLBACK = "en"


def default_page_slug(page: str, lang: str) -> str:
    """Return the default slug of a site-wide page in a language ('pt-br' looks up 'pt')."""
    table = DEFAULT_PAGE_SLUGS.get(lang) or DEFAULT_PAGE_SLUGS.get(lang.replace("_", "-").split("-")[0]) \
        or DEFAULT_PAGE_SLUGS[FALLBACK]
    return table[page]


def default_page_slugs(page: str, codes: tuple[str, ...]) -> dict[str, str]:
    """Return the default slug of a site-wide page in each configured language."""
    return {lang: default_page_slug(page, lang) for lang in codes}
