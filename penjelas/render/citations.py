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


@dataclass
class CitationList:
    """The sources one page cites, numbered, with an anchor for every citation."""

    label: str  # accessible name pattern for a citation link, e.g. "Sumber {n}"
    back_label: str = "{n}"  # accessible name pattern for a link back to a citation
    numbers: dict = field(default_factory=dict)  # source id -> number
    anchors: dict = field(default_factory=dict)  # source id -> [anchor ids]
    passages: dict = field(default_factory=dict)  # "source-id#excerpt-key" -> [anchor ids] of citations naming it
    count: int = 0

    def cite(self, cites: Sequence[Cite | str]) -> Markup:
        """Return the superscript links of one citation of one or more sources (each a Cite:
        its id and the excerpt it names, or an id), in number order, each a link to the
        source's line in the page's source list (a repeated id is cited once)."""
        links = []
        for source_id, key in dict.fromkeys(c if isinstance(c, Cite) else Cite(c) for c in cites):
            number = self.numbers.setdefault(source_id, len(self.numbers) + 1)
            self.count += 1
            anchor = f"ref-{self.count}"
            self.anchors.setdefault(source_id, []).append(anchor)
            if key is not None:
                self.passages.setdefault(passage_id(source_id, key), []).append(anchor)
            links.append((number, f'<a id="{anchor}" href="#source-{escape(source_id)}" '
                                  f'aria-label="{escape(fill(self.label, {"n": number}))}">{number}</a>'))
        links.sort(key=lambda link: link[0])
        return Markup('<sup class="cite">' + "<span>,</span>".join(link for _, link in links) + "</sup>")

    def entries(self) -> list[CitedSource]:
        """Return the cited sources in number order, each with links back to its citations."""
        return [CitedSource(number, source_id, tuple(
                    BackRef(anchor, index + 1, fill(self.back_label, {"n": index + 1}))
                    for index, anchor in enumerate(self.anchors[source_id])))
                for source_id, number in sorted(self.numbers.items(), key=lambda item: item[1])]


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
