"""Text, Markdown: one MarkdownIt instance with the site's extensions.

Extensions: Pandoc citations `[@id]` / `[@a; @b]` (numbered notes), each id with an optional
locator naming one of the source's excerpts (`[@id, excerpt-key]`, `[@a, key; @b]`), the `::: quote ID`
block, `[words]{lang=xx}` spans. Each text is parsed and rendered to HTML once
(`prepare`); what depends on the page (citation numbers, quote blocks) is left as marked
holes that `Prepared.fill` fills, in order, through the page's callbacks, so numbering
follows page order. A Prepared is small and picklable: it crosses process boundaries and
holds no token tree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator, Mapping, NamedTuple, Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core.smartquotes import process_inlines
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.anchors.index import slugify
from mdit_py_plugins.attrs import attrs_plugin

from ..model import Cite

_CITATION = re.compile(r"\[(@[^\[\]]*)\]")
_CITE_ID = re.compile(r"^@([A-Za-z0-9][\w.:-]*)(?:\s*,\s*(\S(?:.*\S)?))?$")
_QUOTE_LINE = re.compile(r"^:::[ \t]*quote[ \t]+(\S+)[ \t]*$")
SAFE_SCHEMES = ("http:", "https:", "mailto:")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
# What a refused link leaves behind as text: [x](scheme:...), <scheme:...>, [ref]: scheme:...
_REFUSED_LINK = re.compile(r"(?:\]\(\s*<?|<|^\s*\[[^\]]+\]:\s*<?)([a-z][a-z0-9+.\-]*):", re.IGNORECASE | re.MULTILINE)


HUGGED_BREAK = "citation_softbreak"  # a soft line break just before a citation


def citation_plugin(md: MarkdownIt) -> None:
    """Register the `citation` inline rule (before `link`) and its renderer."""
    md.inline.ruler.before("link", "citation", _parse_citation)
    md.add_render_rule("citation", render_citation)
    md.add_render_rule(HUGGED_BREAK, lambda self, tokens, idx, options, env: "")


def _parse_citation(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "[" or not state.src.startswith("[@", state.pos):
        return False
    match = _CITATION.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        # A note-style citation hugs the word before it, as in Pandoc: "jam [@a]." -> "jam¹."
        state.pending = state.pending.rstrip(" \t")
        if not state.pending and state.tokens and state.tokens[-1].type == "softbreak":
            # ... also when it starts a line: the line break before it renders as nothing
            # (kept as a token, so the lines of what follows are still counted)
            state.tokens[-1].type = HUGGED_BREAK
        parts = [part.strip() for part in match.group(1).split(";")]
        token = state.push("citation", "", 0)
        token.content = match.group(0)
        token.meta = {
            "cites": [Cite(m.group(1), m.group(2)) for m in map(_CITE_ID.match, parts) if m],
            "malformed": [p for p in parts if not _CITE_ID.match(p)],
            "line_in_block": _line_in_block(state),
        }
    state.pos = match.end()
    return True


def _line_in_block(state: StateInline) -> int:
    """Return the 0-based line of state.pos in the block, counting on from the last citation
    (counting from the block's start each time was quadratic in the citations of a paragraph)."""
    counted_to, lines = getattr(state, "penjelas_lines", (0, 0))
    if state.pos < counted_to:
        counted_to, lines = 0, 0
    lines += state.src.count("\n", counted_to, state.pos)
    state.penjelas_lines = (state.pos, lines)
    return lines


def render_citation(self: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    """Render a citation through the page's citation callback."""
    return env["cite"](tokens[idx].meta["cites"])


def quote_plugin(md: MarkdownIt) -> None:
    """Register the `quote_ref` block rule (`::: quote ID` alone on a line) and its renderer."""
    # before lheading: otherwise lheading scans every following line for an underline, from
    # each of many consecutive quote lines (quadratic)
    md.block.ruler.before("lheading", "quote_ref", _parse_quote_ref)
    md.add_render_rule("quote_ref", render_quote_ref)


def _parse_quote_ref(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    line = state.src[state.bMarks[start] + state.tShift[start]: state.eMarks[start]]
    match = _QUOTE_LINE.match(line)
    if not match:
        return False
    if not silent:
        token = state.push("quote_ref", "", 0)
        token.meta = {"id": match.group(1)}
        token.map = [start, start + 1]
    state.line = start + 1
    return True


def render_quote_ref(self: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    """Render a quote block through the page's quote callback."""
    return env["quote"](tokens[idx].meta["id"])


def is_internal(url: str) -> bool:
    """Tell whether a link or image address points into the site: a path (from the site root
    or relative), not an address with a scheme, not '//host/...', not a '#fragment' alone."""
    url = url.strip()
    return bool(url) and not _SCHEME.match(url) and not url.startswith(("//", "#", "?"))


def internal_url_plugin(md: MarkdownIt) -> None:
    """Leave a hole for every internal link and image address, filled per page by env["url"]
    (the page knows where it is published, so it can write the address relative to itself),
    and one for an internal image's width and height, filled by env["size"]."""
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("image", _render_image)


def _with_url_hole(token: Token, attr: str, env: dict, render: Any) -> str:
    value = token.attrGet(attr)
    if "url" not in env or not isinstance(value, str) or not is_internal(value):
        return render()
    token.attrSet(attr, env["url"](value))
    try:
        return render()
    finally:
        token.attrSet(attr, value)


def _render_link_open(self: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    return _with_url_hole(tokens[idx], "href", env, lambda: self.renderToken(tokens, idx, options, env))


def _render_image(self: Any, tokens: list[Token], idx: int, options: Any, env: dict) -> str:
    html = _with_url_hole(tokens[idx], "src", env, lambda: RendererHTML.image(self, tokens, idx, options, env))
    src = tokens[idx].attrGet("src")
    if "size" not in env or not isinstance(src, str) or not is_internal(src):
        return html
    end = len(html) - (3 if html.endswith(" />") else 1)  # a hole for ' width=".." height=".."'
    return html[:end] + env["size"](src) + html[end:]


def _validate_link(url: str) -> bool:
    scheme = _SCHEME.match(url.strip())
    return scheme is None or scheme.group(0).lower() in SAFE_SCHEMES


def create_markdown() -> MarkdownIt:
    """Return the site's MarkdownIt: CommonMark, no raw HTML, typographic quotes, extensions."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["table", "strikethrough"])
    md.validateLink = _validate_link
    citation_plugin(md)
    quote_plugin(md)
    internal_url_plugin(md)
    attrs_plugin(md, spans=True, allowed=("lang", "class", "id"))
    typography_plugin(md)
    md.core.ruler.push("foreign_words", _italic_foreign_words)
    md.core.ruler.push("anchor", _heading_ids)
    return md


# Languages whose style guide sets words and phrases of another language in italics: Indonesian
# (PUEBI), Malay, French. English news style does not (not even quoted foreign speech).
ITALIC_FOREIGN = frozenset({"id", "ms", "fr"})


def _base(lang: str | None) -> str:
    return re.split(r"[-_]", lang or "")[0].lower()


def _italic_foreign_words(state: Any) -> None:
    """In a text whose language (env["lang"]) italicises foreign words, write each
    `[words]{lang=xx}` span of another language as <i lang="xx">: HTML's element for a phrase
    from another language, italic without a stylesheet rule."""
    lang = _base(state.env.get("lang") if isinstance(state.env, dict) else None)
    if lang not in ITALIC_FOREIGN:
        return
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        opened: list[Token] = []
        for child in token.children:
            if child.type == "span_open":
                opened.append(child)
                if _base(str(child.attrGet("lang") or lang)) != lang:
                    child.tag = "i"
            elif child.type == "span_close" and opened:
                child.tag = opened.pop().tag


# The quotation marks (double open, double close, single open, single close) news in a language
# uses; a language not listed uses English marks, as Indonesian does (PUEBI). French sets its
# guillemets off with a narrow no-break space.
QUOTE_MARKS: dict[str, Sequence[str]] = {
    "de": "„“‚‘", "fr": ("«\u202f", "\u202f»", "“", "”"), "es": "«»“”", "it": "«»“”", "pt": "«»“”",
    "ru": "«»„“", "uk": "«»„“", "pl": "„”«»", "nl": "“”‘’", "ja": "「」『』", "zh": "“”‘’",
}
ENGLISH_QUOTE_MARKS = "“”‘’"


def quote_marks(lang: str | None) -> Sequence[str]:
    """Return the quotation marks of a language ('id', 'en-GB', 'de_AT')."""
    return QUOTE_MARKS.get(_base(lang), ENGLISH_QUOTE_MARKS)


def typography_plugin(md: MarkdownIt) -> None:
    """Turn on markdown-it's typographer: dashes and ellipses (replacements) and quotation marks
    and apostrophes (smart quotes) in the quote marks of env["lang"], bounded (see below)."""
    md.enable(["replacements", "smartquotes"])
    md.core.ruler.before("smartquotes", "split_text", _split_long_text)
    md.core.ruler.at("smartquotes", _bounded_smartquotes)


@lru_cache(maxsize=1)
def _plain_typographer() -> MarkdownIt:
    md = MarkdownIt("zero", {"typographer": True})  # text only: no Markdown syntax, no entities
    typography_plugin(md)
    return md


_TYPOGRAPHIC = re.compile(r"['\"]|\.\.|--|\+-|\([cCrRtTpP]")  # what the typographer can change


def typographic(text: str, lang: str) -> str:
    """Return a plain text (a title, a summary: no Markdown) with the typography Markdown texts
    get: the language's quotation marks, apostrophes, dashes and ellipses."""
    if not _TYPOGRAPHIC.search(text):
        return text
    tokens = _plain_typographer().parseInline(text, {"lang": lang})
    return "".join(child.content for child in tokens[0].children or ())


def typeset(text: Mapping[str, str]) -> dict[str, str]:
    """Return a per-language plain text with each language's typography (see typographic)."""
    return {lang: typographic(value, lang) for lang, value in text.items()}


TEXT_PIECE = 256  # characters; smart quotes rewrite a whole text token for every quote in it


MAX_QUOTE_MARKS = 2000  # in one paragraph; beyond it the paragraph keeps its straight quotes


def _bounded_smartquotes(state: Any) -> None:
    """markdown-it's smart quotes, paragraph by paragraph, skipping a paragraph with more than
    MAX_QUOTE_MARKS quote marks: pairing searches back through every quote still open, so
    thousands of unmatched ones took minutes. Such a paragraph keeps straight quotes."""
    options = state.md.options
    if not options.typographer:
        return
    default, options["quotes"] = options.quotes, quote_marks(state.env.get("lang") if isinstance(state.env, dict) else None)
    try:
        for token in state.tokens:
            if token.type != "inline" or not token.children:
                continue
            marks = token.content.count('"') + token.content.count("'")
            if 0 < marks <= MAX_QUOTE_MARKS:
                process_inlines(token.children, state)
    finally:
        options["quotes"] = default


def _split_long_text(state: Any) -> None:
    """Cut long text tokens with quote marks into pieces before markdown-it's smart quotes run,
    so the text it copies for each quote is short (linear, not quadratic, in the quotes of a
    paragraph). The rule reads the characters beside a quote across token boundaries, so the
    result is the same; markdown-it's text_join rule joins the pieces again afterwards."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        pieces: list[Token] = []
        for child in block.children:
            text = child.content
            if child.type != "text" or len(text) <= TEXT_PIECE or ('"' not in text and "'" not in text):
                pieces.append(child)
                continue
            for start in range(0, len(text), TEXT_PIECE):
                pieces.append(Token("text", "", 0, content=text[start:start + TEXT_PIECE], level=child.level))
        block.children = pieces


def _heading_ids(state: Any) -> None:
    """Give each ## and ### heading an id from its text, as mdit-py-plugins' anchors plugin does
    (its slugify; explicit `{#id}` ids kept and never reused; repeats get -1, -2, ...), but
    remembering the next free number of each text: the plugin counts up from 1 for every
    repeat, so 20,000 identical headings took 20,000²/2 lookups."""
    tokens = state.tokens
    taken = {str(heading_id) for token in tokens if token.type == "heading_open" and (heading_id := token.attrGet("id"))}
    next_number: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.tag not in ("h2", "h3") or token.attrGet("id"):
            continue
        children = tokens[index + 1].children or []
        base = slugify("".join(child.content for child in children if child.type in ("text", "code_inline")))
        slug, number = base, next_number.get(base, 1)
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        next_number[base] = number
        taken.add(slug)
        token.attrSet("id", slug)


HOLE = "\x00"  # cannot occur in rendered Markdown: the parser turns NUL into U+FFFD


@dataclass(frozen=True)
class Prepared:
    """A Markdown text rendered once: HTML with a hole per citation or quote block, and what
    it references (with lines) for validation."""

    parts: tuple[str, ...]  # HTML around the holes; one more than `calls`
    calls: tuple[tuple[str, Any], ...]  # ("cite", Cites), ("quote", id), ("url" or "size", address): one per hole
    references: tuple["Reference", ...]
    headings: tuple["Heading", ...] = ()  # the ## and ### headings, for a table of contents
    words: int = 0  # words of the text itself (not citations, quote blocks or markup), for a reading time

    def fill(self, env: dict) -> str:
        """Return the HTML with each hole filled by env["cite"](Cites) / env["quote"](id) /
        env["url"](address) (an internal link or image address, returned escaped for HTML) /
        env["size"](address) (an image's ' width=".." height=".."' attributes, or '')."""
        if not self.calls:
            return self.parts[0]
        out = [self.parts[0]]
        for (kind, value), part in zip(self.calls, self.parts[1:]):
            out.append(env[kind](value))
            out.append(part)
        return "".join(out)

    def cited(self) -> Iterator[str]:
        """Yield the source ids cited, in order (repeats included)."""
        return (ref.value for ref in self.references if ref.kind == "citation")


def prepare(md: MarkdownIt, text: str, inline: bool = False, lang: str | None = None) -> Prepared:
    """Parse and render a Markdown text (a block document, or one line with `inline`) written
    in `lang` (its quotation marks; English ones when None)."""
    calls: list[tuple[str, Any]] = []

    def hole(kind: str) -> Any:
        def record(value: Any) -> str:
            calls.append((kind, tuple(value) if isinstance(value, list) else value))
            return HOLE
        return record

    env = {"cite": hole("cite"), "quote": hole("quote"), "url": hole("url"), "size": hole("size"), "lang": lang}
    tokens = md.parseInline(text, env) if inline else md.parse(text, env)
    html = md.renderer.render(tokens, md.options, env)
    return Prepared(tuple(html.split(HOLE)), tuple(calls), tuple(find_references(tokens)),
                    tuple(find_headings(tokens)), count_words(tokens))


class Heading(NamedTuple):
    """A ## or ### heading of a document: its level, its id (the anchor) and its plain text."""

    level: int
    id: str
    text: str


def _plain(children: list[Token] | None) -> str:
    return "".join(child.content for child in children or () if child.type in ("text", "code_inline"))


def find_headings(tokens: list[Token]) -> Iterator[Heading]:
    """Yield the ## and ### headings of a parsed document with the ids _heading_ids gave them."""
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3") and token.attrGet("id"):
            yield Heading(int(token.tag[1]), str(token.attrGet("id")), _plain(tokens[index + 1].children).strip())


_LETTER = re.compile(r"\w")


def count_words(tokens: list[Token]) -> int:
    """Count the words a reader reads in a parsed document: its text and inline code, not its
    citations, quote blocks (quotes.yaml) or link addresses. Words are what whitespace
    separates (a third of the time a word pattern took); a piece without a letter or digit,
    such as the stop after a citation, is none."""
    return sum(len(child.content.split()) for token in tokens if token.type == "inline"
               for child in token.children or ()
               if child.type in ("text", "code_inline") and _LETTER.search(child.content))


class Reference(NamedTuple):
    """Something a document points to: a citation id, a quote id or a link, with its line."""

    kind: str  # "citation" | "malformed-citation" | "quote" | "unsafe-link" | "link" | "image" | "image-no-alt"
    value: str  # an id, a scheme, or the address of an internal link or image
    line: int  # 0-based line within the parsed text
    key: str | None = None  # a citation's excerpt key (its locator), if it names one


def find_references(tokens: list[Token]) -> Iterator[Reference]:
    """Yield every citation, quote and link of a parsed document with its line."""
    for token in tokens:
        if token.type == "quote_ref":
            yield Reference("quote", token.meta["id"], token.map[0])
        if token.type != "inline" or not token.children:
            continue
        block_line = token.map[0] if token.map else 0
        newlines = 0
        for child in token.children:
            if child.type in ("softbreak", "hardbreak", HUGGED_BREAK):
                newlines += 1
            elif child.type == "citation":
                line = block_line + child.meta["line_in_block"]
                for cite in child.meta["cites"]:
                    yield Reference("citation", cite.source, line, cite.key)
                for bad in child.meta["malformed"]:
                    yield Reference("malformed-citation", bad, line)
            elif child.type == "text":
                for match in _REFUSED_LINK.finditer(child.content):
                    if f"{match.group(1).lower()}:" not in SAFE_SCHEMES:
                        yield Reference("unsafe-link", match.group(1), block_line + newlines)
            elif child.type in ("link_open", "image"):
                address = child.attrGet("href" if child.type == "link_open" else "src")
                if isinstance(address, str) and is_internal(address):
                    kind = "link" if child.type == "link_open" else "image"
                    yield Reference(kind, address, block_line + newlines)
                if child.type == "image" and not child.content.strip():
                    yield Reference("image-no-alt", str(address), block_line + newlines)


def paragraphs(tokens: list[Token]) -> Iterator[tuple[str, list[Token], int]]:
    """Yield (kind, inline children, 0-based line) for each paragraph and list item text."""
    depth_in_item = 0
    for i, token in enumerate(tokens):
        if token.type == "list_item_open":
            depth_in_item += 1
        elif token.type == "list_item_close":
            depth_in_item -= 1
        elif token.type == "inline" and i > 0 and tokens[i - 1].type == "paragraph_open":
            kind = "item" if depth_in_item else "paragraph"
            yield kind, token.children or [], token.map[0] if token.map else 0
