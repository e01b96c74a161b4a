"""Check stage, glossary: content/glossary.yaml -> the site's decided terms and names per
language, and a warning for each variant to avoid that a page's text uses.

Input: the glossary's data and the text of every content file (Markdown and YAML). Output:
the Term list and the problems. The words of a quotation are the source's, not ours: text in
quotation marks, in a marked foreign quote `[...]{lang=xx}`, a quote's versions
(quotes.yaml) and a source's title and excerpts (sources.yaml) are never checked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

import yaml

from ..load.cache import ParseCache
from ..problems import Location, ProblemLog
from .fields import Fields, describe, location_of

GLOSSARY = "content/glossary.yaml"
# Fields whose text is a source's own words (after dropping list positions and language keys).
QUOTED = {"content/quotes.yaml": {("versions", "text")},
          "content/sources.yaml": {("title",), ("excerpts", "text")}}
# Fields that hold names of things in the site, not text a reader reads as prose.
NOT_TEXT = {"id", "url", "slug", "translation_of", "source", "sources", "section", "speaker", "place", "items",
            "kind", "language", "lang", "when", "date", "updated", "confidence", "key", "text_file", "seen",
            "locale", "code", "base_url"}


@dataclass(frozen=True)
class Term:
    """One decided term of a language, the variants to avoid, and where it was decided."""

    lang: str
    term: str
    avoid: tuple[str, ...]
    at: Location  # where the glossary decides it

    @property
    def line(self) -> int:
        return self.at.line


def read_glossary(data: Any, langs: tuple[str, ...], problems: ProblemLog) -> tuple[Term, ...]:
    """Read content/glossary.yaml: a list of entries, each a term per language."""
    if data is None:
        return ()
    example = f"- {langs[0]}: {{term: ..., avoid: [...]}}"
    if not isinstance(data, list):
        problems.error(location_of(data, Location(GLOSSARY, 1)),
                       f"the glossary must be a list of entries, got {describe(data)}",
                       f"write each entry as '{example}'")
        return ()
    terms: list[Term] = []
    for index, entry in enumerate(data):
        f = Fields(entry, data.item_locations[index], f"glossary entry {index + 1}", problems)
        for key in f.data:
            if key == "note":
                continue
            if key not in langs:
                f.error(key, f"unknown language '{key}'",
                        f"write the entry's terms under the site's languages ({', '.join(langs)}); "
                        "a remark goes under 'note'")
                continue
            term = read_term(f, key)
            if term is not None:
                terms.append(term)
    check_contradictions(terms, problems)
    return tuple(terms)


def read_term(entry: Fields, lang: str) -> Term | None:
    """Read one language of an entry: `term` alone as text, or `{term: ..., avoid: [...]}`."""
    value, at = entry.data[lang], entry.loc(lang)
    if isinstance(value, str) and value.strip():
        return Term(lang, value.strip(), (), at)
    f = Fields(value, at, f"{entry.what} '{lang}'", entry.problems)
    if not f.ok:
        return None
    f.warn_unknown(("term", "avoid"))
    term = f.string("term", example="the word to write")
    avoid = f.data.get("avoid", [])
    avoid = [avoid] if isinstance(avoid, str) else avoid
    if not isinstance(avoid, list):
        f.error("avoid", f"'avoid' must be a list of the variants not to write, got {describe(avoid)}",
                "write 'avoid: [\"variant one\", \"variant two\"]'")
        return None
    kept = []
    for position, variant in enumerate(avoid):
        where = getattr(f.data.get("avoid"), "item_locations", [f.loc("avoid")] * len(avoid))[position]
        if not isinstance(variant, str) or not variant.strip():
            entry.problems.error(where, f"{f.what}: a variant to avoid must be text, got {describe(variant)}",
                                 "write the variant between quotes, or remove the item")
        elif term is not None and variant.strip().casefold() == term.casefold():
            entry.problems.error(where, f"{f.what}: '{variant.strip()}' is both the term and a variant to avoid",
                                 f"remove '{variant.strip()}' from 'avoid' (a variant differs from the term "
                                 "in more than letter case)")
        else:
            kept.append(variant.strip())
    return Term(lang, term, tuple(kept), at) if term is not None else None


def check_contradictions(terms: list[Term], problems: ProblemLog) -> None:
    """Refuse a variant that a language avoids twice, or that is also one of its terms."""
    decided = {(t.lang, t.term.casefold()): t for t in terms}
    seen: dict[tuple[str, str], Term] = {}
    for term in terms:
        for variant in term.avoid:
            key = (term.lang, variant.casefold())
            where = term.at
            if key in decided:
                problems.error(where, f"glossary: '{variant}' is avoided here but is the '{term.lang}' term "
                               f"decided on line {decided[key].line}",
                               f"keep '{variant}' in one of the two entries only")
            elif key in seen and seen[key] is not term:
                problems.error(where, f"glossary: '{variant}' is already avoided in '{term.lang}' on line "
                               f"{seen[key].line} (in favour of '{seen[key].term}')",
                               "list each variant once per language")
            seen[key] = term


def check_texts(texts: dict[str, str], terms: tuple[Term, ...], langs: tuple[str, ...],
                problems: ProblemLog, cache: ParseCache) -> None:
    """Warn about every variant a content file writes (each file scanned once per text and glossary)."""
    if not any(term.avoid for term in terms):
        return
    for path in sorted(texts):
        if path == GLOSSARY or not path.startswith("content/") or path.startswith("content/images/"):
            continue
        text = texts[path]
        cache.parse("glossary", path, (text, terms, langs), problems,
                    lambda found, path=path, text=text: scan_file(path, text, terms, langs, found))


def scan_file(path: str, text: str, terms: tuple[Term, ...], langs: tuple[str, ...], problems: ProblemLog) -> None:
    """Warn about each variant in one file's texts."""
    for lang, line, col, part in file_texts(path, text, langs):
        for term, variant, start, written in find_variants(part, lang, terms):
            before = part[:start]
            at_line = line + before.count("\n")
            at_col = (col + start) if "\n" not in before else start - before.rindex("\n")
            problems.warning(Location(path, at_line, at_col),
                             f"glossary: write '{term.term}', not '{written}' (the '{term.lang}' term)",
                             f"the term is decided in {GLOSSARY}:{term.line}; words in quotation marks or "
                             "in [...]{lang=xx} are a quotation and are not checked")


def find_variants(text: str, lang: str | None, terms: tuple[Term, ...]) -> Iterator[tuple[Term, str, int, str]]:
    """Yield (term, variant, offset, the words as written) for each variant in a text of `lang`
    (None: a text of no one language, such as a name, checked against every language)."""
    masked = mask_quotations(text)
    for term in terms:
        if lang is not None and term.lang != lang:
            continue
        preferred = [m.span() for m in word_pattern(term.term).finditer(masked)]
        for variant in term.avoid:
            for match in word_pattern(variant).finditer(masked):
                if not any(s <= match.start() < e or s < match.end() <= e for s, e in preferred):
                    yield term, variant, match.start(), re.sub(r"\s+", " ", match.group())


_PATTERNS: dict[str, re.Pattern] = {}


def word_pattern(words: str) -> re.Pattern:
    """Match `words` as whole words, in any letter case, across line breaks."""
    pattern = _PATTERNS.get(words)
    if pattern is None:
        body = r"\s+".join(re.escape(part) for part in words.split())
        pattern = _PATTERNS[words] = re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
    return pattern


_FOREIGN = re.compile(r"\[[^\[\]]*\]\{[^{}]*\blang=[^{}]*\}")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_CODE = re.compile(r"`[^`\n]+`")
_QUOTES = re.compile(r'"(?:[^"\n]|\n(?![ \t]*\n))*"|“[^“”]*”|«[^«»]*»|„[^„“”]*[“”]')


def mask_quotations(text: str) -> str:
    """Blank out what is not our own wording (quotations, foreign quotes, comments, code),
    keeping every other character where it is."""
    blank = lambda m: re.sub(r"[^\n]", " ", m.group())  # noqa: E731
    for pattern in (_COMMENT, _CODE, _FOREIGN, _QUOTES):
        text = pattern.sub(blank, text)
    return text


_LANG_SUFFIX = re.compile(r"\.([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\.md$")
_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


def file_texts(path: str, text: str, langs: tuple[str, ...]) -> Iterator[tuple[str | None, int, int, str]]:
    """Yield (language, line, column, text) for each stretch of a file's own text: a Markdown
    file's front matter values and body, a YAML file's values."""
    if not path.endswith(".md"):
        yield from yaml_texts(path, text, langs, None, 0)
        return
    suffix = _LANG_SUFFIX.search(path)
    lang = suffix.group(1) if suffix and suffix.group(1) in langs else None
    closing = _FENCE.search(text, text.index("\n") + 1) if text.startswith("---") and "\n" in text else None
    if closing is None:
        yield lang, 1, 1, text
        return
    front = text[text.index("\n") + 1:closing.start()]
    yield from yaml_texts(path, front, langs, lang, 1)
    body_start = min(closing.end() + 1, len(text))
    yield lang, text.count("\n", 0, body_start) + 1, 1, text[body_start:]


def yaml_texts(path: str, text: str, langs: tuple[str, ...], lang: str | None,
               line_offset: int) -> Iterator[tuple[str | None, int, int, str]]:
    """Yield the text values of a YAML text, each with its language and position."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return  # reported by the loader
    lines = text.split("\n")
    quoted = QUOTED.get(path, set())
    stack: list[tuple[Any, tuple[str, ...], str | None]] = [(root, (), lang)] if root is not None else []
    while stack:
        node, keys, node_lang = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key_node, value in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
                if key in langs:
                    stack.append((value, keys, key))
                elif key not in NOT_TEXT:
                    stack.append((value, keys + (key,), node_lang))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, keys, node_lang) for child in node.value)
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and keys \
                and not any(keys[-len(q):] == q for q in quoted):
            yield (node_lang, node.start_mark.line + 1 + line_offset, node.start_mark.column + 1,
                   scalar_source(node, lines))


def scalar_source(node: yaml.ScalarNode, lines: list[str]) -> str:
    """Return a scalar's text as written in the file, its own quotes blanked and escaped
    quotes made plain (so positions stay those of the file)."""
    start, end = node.start_mark, node.end_mark
    if start.line == end.line:
        source = lines[start.line][start.column:end.column]
    else:
        source = "\n".join([lines[start.line][start.column:], *lines[start.line + 1:end.line],
                            lines[end.line][:end.column] if end.line < len(lines) else ""])
    if node.style in ('"', "'") and len(source) >= 2:
        source = " " + source[1:-1] + " "
    if node.style == '"':
        source = source.replace('\\"', ' "')
    return source
