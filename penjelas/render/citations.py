"""Render helper: the numbered citations of one page and where each source was cited.

Numbers follow the order in which a page first cites each source, because render calls
`cite` in document order; the page's source list and the sources page read them back.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, NamedTuple, Sequence

from markupsafe import Markup, escape

from ..model import Cite
from ..text.i18n import fill


class BackRef(NamedTuple):
    """A link from a page's source list back to one citation of the source."""

    anchor: str  # the citation's id on the page
    number: int  # 1, 2, 3 ... in the order the page cites the source
    label: str  # accessible name, e.g. "Kembali ke rujukan 2"


class CitedSource(NamedTuple):
    """One entry of a page's source list."""

    number: int
    id: str
    backrefs: tuple[BackRef, ...]


class Peek(NamedTuple):
    """The preview of one passage of a source that a page's citations name: their numbers
    open it in place (a popover). A citation of a source as a whole opens the source's own
    entry in the page's source list instead, so nothing is written twice."""

    id: str  # the popover element's id
    number: int  # the source's number on the page
    source: str
    key: str


@dataclass
class CitationList:
    """The sources one page cites, numbered, with an anchor for every citation."""

    label: str  # accessible name pattern for a citation link, e.g. "Sumber {n}"
    back_label: str = "{n}"  # accessible name pattern for a link back to a citation
    numbers: dict = field(default_factory=dict)  # source id -> number
    anchors: dict = field(default_factory=dict)  # source id -> [anchor ids]
    passages: dict = field(default_factory=dict)  # "source-id#excerpt-key" -> [anchor ids] of citations naming it
    peeks: dict = field(default_factory=dict)  # (source id, excerpt key) -> popover id
    count: int = 0  # citations (clusters of marks) so far

    def cite(self, cites: Sequence[Cite | str]) -> Markup:
        """Return one citation of one or more sources (each a Cite: its id and the excerpt it
        names, or an id): a superscript with the anchor its back-links go to and one mark per
        source, in number order. A mark is a link to the source's line in the page's source
        list and a button that opens that line (or the passage the citation names) in place;
        style.css shows the button where the browser has popovers, the link elsewhere. The
        button is named "Source 3" (it opens, so it says what); the link, the fallback of older
        browsers, is a number in running text that leads to the list, as in print."""
        self.count += 1
        anchor = f"ref-{self.count}"
        marks = []
        for source_id, key in dict.fromkeys(c if isinstance(c, Cite) else Cite(c) for c in cites):
            number = self.numbers.setdefault(source_id, len(self.numbers) + 1)
            self.anchors.setdefault(source_id, []).append(anchor)
            target = f"source-{source_id}"
            if key is not None:
                self.passages.setdefault(passage_id(source_id, key), []).append(anchor)
                target = self.peeks.setdefault((source_id, key), f"peek-{len(self.peeks) + 1}")
            label = escape(fill(self.label, {"n": number}))
            marks.append((number, f'<a href="#source-{escape(source_id)}">{number}</a>'
                                  f'<button popovertarget="{escape(target)}" aria-label="{label}">{number}</button>'))
        marks.sort(key=lambda mark: mark[0])
        # U+2060 WORD JOINER: no line break between the word and the mark (the button is an
        # atomic inline, which a line may otherwise break before) or within a cluster
        return Markup(f'\u2060<sup class="cite" id="{anchor}">' + "<span>,</span>\u2060".join(m for _, m in marks) + "</sup>")

    def entries(self) -> list[CitedSource]:
        """Return the cited sources in number order, each with links back to its citations."""
        return [CitedSource(number, source_id, tuple(
                    BackRef(anchor, index + 1, fill(self.back_label, {"n": index + 1}))
                    for index, anchor in enumerate(self.anchors[source_id])))
                for source_id, number in sorted(self.numbers.items(), key=lambda item: item[1])]

    def peek_list(self) -> list[Peek]:
        """Return the previews of passages the page's citations open, in the order first cited."""
        return [Peek(peek, self.numbers[source_id], source_id, key) for (source_id, key), peek in self.peeks.items()]


@dataclass(frozen=True, slots=True)
class Backlink:
    """One page that cites a source: where its first citation of it is, and how many it has."""

    lang: str
    path: str
    title: str
    anchor: str
    count: int


def passage_id(source_id: str, key: str) -> str:
    """How the sources page names one excerpt of one source (ids and keys have no '#')."""
    return f"{source_id}#{key}"


def pack_citations(anchors: dict[str, list[str]], passages: dict[str, list[str]] | None = None) -> str:
    """Pack what the sources page needs of one page's citations into one short text: per
    cited source a line 'id first-anchor count', per cited excerpt a line 'id#key first-anchor
    count'. A build keeps this for every page until the sources pages render (some 200,000
    citations for 4,000 pages), so compactness pays."""
    return "\n".join(f"{cited} {found[0]} {len(found)}" for cited, found in (*anchors.items(), *(passages or {}).items()))


def unpack_citations(packed: str) -> Iterator[tuple[str, str, int]]:
    """Yield (source id or passage_id, first anchor, count) from pack_citations' text (ids have no spaces)."""
    for line in packed.splitlines():
        source_id, anchor, count = line.split(" ")
        yield source_id, anchor, int(count)
