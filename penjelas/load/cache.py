"""Load stage, parse cache: what was parsed and derived from each file, kept between rebuilds.

Input: a kind of parse, a site path and the file's text (or the objects a result is
computed from). Output: the stored result while that input is the same, the problems found
when it was computed reported again; a new result otherwise. Used by the dev server, so a
rebuild reads and checks again only what a save changed.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from ..problems import ProblemLog


class ParseCache:
    """Remembers the parse of each file's text (and what is derived from it: the document,
    its reference checks), so a rebuild does again only what a change touched.

    One table per kind, keyed by site path; an entry is reused only while its text (or the
    tuple of objects it was computed from) is the same, and the problems found when it was
    computed are reported again each time. each() does the same for a whole set of items
    (every document) and, told which names changed since the load that was last validated
    (`validated`, a RawSite generation), looks at those names only.
    """

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, tuple[Any, Any, list]]] = {}
        self.sets: dict[str, ItemTable] = {}  # each(): per kind, a result for every item
        self.last: dict[str, Any] = {}  # what the last complete validation assembled (see validate)
        self.validated: int | None = None  # the generation of the load that validation was of

    def parse(self, kind: str, site_path: str, text: Any, problems: ProblemLog,
              parse: Callable[[ProblemLog], Any]) -> Any:
        """Return parse(problems) for this text, computed once per distinct text."""
        table = self.tables.get(kind)
        if table is None:
            table = self.tables[kind] = {}
        entry = table.get(site_path)
        if entry is None or (entry[0] is not text and entry[0] != text):
            found = ProblemLog()
            entry = table[site_path] = (text, parse(found), found.problems)
        if entry[2]:
            problems.extend(entry[2])
        return entry[1]

    def each(self, kind: str, items: Mapping[Any, Any], problems: ProblemLog,
             compute: Callable[[Any, Any, ProblemLog], Any], context: Any = None,
             only: Iterable[Any] | None = None) -> dict[Any, Any]:
        """Return {name: compute(name, item, problems)} for every item of `items`.

        An item that is the same (the very object, or an equal one) as last time is not
        computed again while the `context` it is computed against stays the same; its
        problems are reported again. With `only` (the names that may have changed since the
        last call; the caller vouches for the rest), just those names are looked at, and
        `items` needs to hold only them: a rebuild after one edit then costs one item, not
        a pass over the whole site.
        """
        table = self.sets.get(kind)
        if table is None or not _same(table.context, context):
            table, only = ItemTable(context), None
        if only is None:
            previous, table = table, ItemTable(context)
            for name, item in items.items():
                table.put(name, item, previous, compute)
        else:
            table = table.copy()
            for name in only:
                if name in items:
                    table.put(name, items[name], table, compute)
                else:
                    table.drop(name)
        self.sets[kind] = table
        for found in table.noisy.values():
            problems.extend(found)
        return table.results

    def canonical(self, name: str, value: Any) -> tuple[Any, dict]:
        """Return the value stored under name last time if it equals value (else store value),
        and a dict for what is derived from that value alone: the same dict while the value
        stays equal. A key that stays the same object while equal makes the cached parses
        above cheap to compare."""
        table = self.tables.setdefault("canonical", {})
        previous = table.get(name)
        if previous is not None and previous[0] == value:
            return previous[0], previous[1]
        table[name] = (value, {}, [])
        return value, table[name][1]

    def derived(self, kind: str, source: Any, compute: Callable[[], Any]) -> Any:
        """Return compute() for this very object (a record, a document), computed once while
        the object is reused from one rebuild to the next."""
        table = self.tables.setdefault(kind, {})
        entry = table.get(id(source))  # type: ignore[call-overload]
        if entry is None or entry[0] is not source:
            entry = table[id(source)] = (source, compute(), [])  # type: ignore[index]
        return entry[1]

    def missing(self, kind: str, items: dict[str, str]) -> dict[str, str]:
        """Return the {site path: text} of `items` that have no parse for their current text."""
        table = self.tables.get(kind, {})
        return {path: text for path, text in items.items()
                if (entry := table.get(path)) is None or entry[0] != text}

    def store(self, kind: str, site_path: str, text: str, result: Any) -> None:
        """Remember a parse computed elsewhere (in a worker process) that found no problems."""
        self.tables.setdefault(kind, {})[site_path] = (text, result, [])


def _same(old: Any, new: Any) -> bool:
    return old is new or old == new


class ItemTable:
    """ParseCache.each's memory of one kind: per name, the item, its result and its problems."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.entries: dict[Any, tuple[Any, Any]] = {}  # name -> (item, result)
        self.results: dict[Any, Any] = {}  # name -> result, in the order of the items
        self.noisy: dict[Any, list] = {}  # name -> problems, for the names that have some

    def copy(self) -> "ItemTable":
        table = ItemTable(self.context)
        table.entries, table.results, table.noisy = dict(self.entries), dict(self.results), dict(self.noisy)
        return table

    def put(self, name: Any, item: Any, previous: "ItemTable",
            compute: Callable[[Any, Any, ProblemLog], Any]) -> None:
        """Keep the item's result: the one `previous` has if it was computed for the same item."""
        entry = previous.entries.get(name)
        if entry is not None and (entry[0] is item or entry[0] == item):
            found = previous.noisy.get(name, ())
        else:
            log = ProblemLog()
            entry, found = (item, compute(name, item, log)), log.problems
        self.entries[name], self.results[name] = entry, entry[1]
        if found:
            self.noisy[name] = found
        else:
            self.noisy.pop(name, None)

    def drop(self, name: Any) -> None:
        for table in (self.entries, self.results, self.noisy):
            table.pop(name, None)
