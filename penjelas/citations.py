"""Render helper: the numbered citations of one page and where each source was cited.

Numbers follow the order in which a page first cites each source, because render calls
`cite` in document order; the page's source list and the sources page read them back.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass
class CitationList:
    """The sources one page cites, numbered, with an anchor for every citation."""

    label: str  # accessible name pattern for a citation link, e.g. "Sumber {n}"
    numbers: dict = field(default_factory=dict)  # source id -> number
    anchors: dict = field(default_factory=dict)  # source id -> [anchor ids]
    count: int = 0

    def cite(self, ids: list[str] | tuple[str, ...]) -> Markup:
        """Return the superscript links for one citation of one or more sources."""
        links = []
        for source_id in ids:
            number = self.numbers.setdefault(source_id, len(self.numbers) + 1)
            self.count += 1
            anchor = f"ref-{self.count}"
            self.anchors.setdefault(source_id, []).append(anchor)
            links.append(
                f'<a id="{anchor}" href="#source-{escape(source_id)}" '
                f'aria-label="{escape(self.label.format(n=number))}">{number}</a>'
            )
        return Markup('<sup class="cite">' + "<span>,</span>".join(links) + "</sup>")

    def entries(self) -> list[tuple[int, str, list[str]]]:
        """Return (number, source id, anchors) in number order."""
        return sorted((n, sid, self.anchors[sid]) for sid, n in self.numbers.items())


@dataclass(frozen=True)
class Backlink:
    """One page that cites a source, with the anchors of its citations."""

    lang: str
    path: str
    title: str
    anchors: tuple[str, ...]
