"""Load stage, files: read site files into raw data that remembers where each value came from.

Input: a site root folder. Output: RawFile objects (YAML data or front matter + Markdown body)
with line numbers for every mapping key and list item, plus the problems met while reading.
"""
from __future__ import annotations

import itertools
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import yaml

from ..problems import ERROR, Location, Problem, ProblemLog


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


class YamlMap(dict):
    """A YAML mapping that knows the line and column of itself and of each key."""

    location: Location
    key_locations: dict


class YamlList(list):
    """A YAML sequence that knows the line and column of itself and of each item."""

    location: Location
    item_locations: list


# libyaml's parser when PyYAML was built with it (about 10x faster); the same marks and errors.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):
    """Safe loader that records positions and reports duplicate keys."""


# Dates and times stay strings: validate parses them with clear messages (PyYAML would
# turn some into date objects and leave others, such as times without seconds, as text).
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _location(loader: _LineLoader, mark: yaml.Mark) -> Location:
    return Location(loader.site_path, mark.line + 1 + loader.line_offset, mark.column + 1)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> YamlMap:
    loader.flatten_mapping(node)
    mapping = YamlMap()
    mapping.location = _location(loader, node.start_mark)
    mapping.key_locations = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        where = _location(loader, key_node.start_mark)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            loader.problems.error(where, "a mapping key must be a plain word or number")
            continue
        if key in mapping:
            first = mapping.key_locations[key]
            loader.problems.error(
                where,
                f"duplicate key '{key}' (first defined on line {first.line})",
                "YAML keeps only the last value of a repeated key: remove or rename one of them",
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_locations[key] = where
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> YamlList:
    items = YamlList(loader.construct_object(child, deep=True) for child in node.value)
    items.location = _location(loader, node.start_mark)
    items.item_locations = [_location(loader, child.start_mark) for child in node.value]
    return items


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def parse_yaml(text: str, site_path: str, problems: ProblemLog, line_offset: int = 0) -> Any:
    """Parse YAML text; return None and record a problem when it is malformed."""
    loader = _LineLoader(text)
    loader.site_path = site_path
    loader.line_offset = line_offset
    loader.problems = problems
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else 0
        col = mark.column + 1 if mark else 0
        tab = tab_column(text, mark) if mark else None
        if tab is not None:
            problems.error(Location(site_path, line, tab),
                           "malformed YAML: a tab is used to indent this line; YAML indents with spaces only",
                           "replace the tab with spaces, lined up with the fields it belongs with")
            return None
        what = exc.problem or exc.context or "malformed YAML"
        if exc.problem and exc.context and exc.context_mark:
            what += f" ({exc.context} that starts on line {exc.context_mark.line + 1 + line_offset})"
        problems.error(
            Location(site_path, line, col),
            f"malformed YAML: {what}",
            "check indentation, and quote text that contains ': ', '#', or starts with a quote, '[' or '{'",
        )
    except yaml.YAMLError as exc:
        problems.error(Location(site_path, 1), f"malformed YAML: {exc}")
    finally:
        loader.dispose()
    return None


def tab_column(text: str, mark: yaml.Mark) -> int | None:
    """Return the 1-based column of the tab that broke a YAML parse at `mark` (a tab in the
    line's indentation, or right at the mark as after a list dash), or None if it was no tab."""
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    if line[mark.column:mark.column + 1] == "\t":
        return mark.column + 1
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    return indent.index("\t") + 1 if "\t" in indent else None


def read_text(path: Path, site_path: str, problems: ProblemLog) -> str | None:
    """Read a UTF-8 file (BOM and CRLF accepted); record a problem if it is not UTF-8."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(
            Location(site_path, line, col),
            f"file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
            "save the file as UTF-8 in your editor",
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class MarkdownFile:
    """A Markdown file split into its front matter data and its body."""

    site_path: str
    front: Any
    body: str
    body_line: int  # line number of the first body line in the file
    location: Location = field(default_factory=lambda: Location(""))


_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


def split_front_matter(text: str, site_path: str, problems: ProblemLog,
                       cache: ParseCache | None = None) -> MarkdownFile | None:
    """Split `---` YAML front matter from a Markdown body, keeping the body's line offset."""
    where = Location(site_path, 1)
    if not text.strip():
        problems.error(where, "file is empty", "a content file starts with front matter between '---' lines")
        return None
    if not text.startswith("---") or not _FENCE.match(text):
        problems.error(where, "front matter missing: the file must start with a '---' line",
                       "add '---', the fields (title, slug, summary, ...), and a closing '---'")
        return None
    closing = _FENCE.search(text, text.index("\n") + 1 if "\n" in text else len(text))
    if not closing:
        problems.error(where, "front matter is not closed: no second '---' line",
                       "add a line with '---' after the last front matter field")
        return None
    front_text = text[text.index("\n") + 1: closing.start()]
    errors_before = len(problems.errors)
    if cache is not None:
        front = cache.parse("front", site_path, front_text, problems,
                            lambda found: parse_yaml(front_text, site_path, found, line_offset=1))
    else:
        front = parse_yaml(front_text, site_path, problems, line_offset=1)
    if front is None and len(problems.errors) == errors_before:
        front = YamlMap()  # an empty front matter block; validation names the missing fields
        front.location, front.key_locations = where, {}
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, body_start) + 1
    return MarkdownFile(site_path, front, text[body_start:], body_line, where)


_GENERATIONS = itertools.count(1)


@dataclass
class RawSite:
    """Everything read from a site folder, before validation."""

    root: Path
    data: dict = field(default_factory=dict)  # site path -> parsed YAML (None if unreadable)
    markdown: dict = field(default_factory=dict)  # site path -> MarkdownFile
    translations: dict = field(default_factory=dict)  # language code -> parsed YAML
    unreadable: set = field(default_factory=set)  # site paths that exist but could not be read
    file_problems: dict = field(default_factory=dict)  # site path -> problems met reading it
    link_problems: dict = field(default_factory=dict)  # site path -> symlink pointing outside
    generation: int = field(default_factory=lambda: next(_GENERATIONS))  # tells loads apart
    since: int | None = None  # the load this one was made from by reading `changed` again
    changed: frozenset = frozenset()

    def copy(self) -> "RawSite":
        return RawSite(self.root, dict(self.data), dict(self.markdown), dict(self.translations),
                       set(self.unreadable), dict(self.file_problems), dict(self.link_problems))

    def forget(self, site_path: str) -> None:
        """Drop what was read from one file."""
        for table in (self.data, self.markdown, self.file_problems, self.link_problems):
            table.pop(site_path, None)
        self.translations.pop(translation_language(site_path), None)
        self.unreadable.discard(site_path)

    def problems(self) -> list:
        return [p for found in (*self.link_problems.values(), *self.file_problems.values()) for p in found]

    def knows(self, site_path: str) -> bool:
        """Tell whether this load read the file (or met a problem with it)."""
        return any(site_path in table for table in (self.data, self.markdown, self.unreadable, self.file_problems,
                                                     self.link_problems)) \
            or translation_language(site_path) in self.translations


CONTENT_YAML = ("site.yaml", "timeline.yaml", "places.yaml", "sources.yaml", "people.yaml", "quotes.yaml",
                "updates.yaml")
_DATA_FILES = {f"content/{name}" for name in CONTENT_YAML}


def site_path_of(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def translation_language(site_path: str) -> str:
    """Return the language of a translations/<lang>.yaml path, or '' for other paths."""
    folder, _, name = site_path.rpartition("/")
    return name[:-5] if folder == "translations" and name.endswith(".yaml") else ""


def load_site(root: Path, problems: ProblemLog, cache: ParseCache | None = None,
              previous: RawSite | None = None, changed: set[str] | None = None) -> RawSite:
    """Read every content, data and translation file of the site at root.

    With `previous` (the last load of this root) and `changed` (the site paths saved since),
    only the changed files are read again; the rest, and the problems met reading them,
    come from `previous`. Added or removed files need a full load (the dev server does one).
    """
    if previous is not None and changed is not None:
        raw = previous.copy()
        raw.since, raw.changed = previous.generation, frozenset(changed)
        for site_path in sorted(changed):
            raw.forget(site_path)
            path = root / site_path
            if is_outside(root, path):
                raw.link_problems[site_path] = [outside_problem(root, path)]
            elif special_kind(path):
                raw.link_problems[site_path] = [special_problem(root, path)]
            elif bad_name := asset_name_problem(root, path):
                raw.link_problems[site_path] = [bad_name]
            elif path.is_file():
                read_file(raw, site_path, cache)
        problems.extend(raw.problems())
        return raw
    raw = RawSite(root)
    for problem in check_symlinks(root):
        raw.link_problems.setdefault(problem.location.path, []).append(problem)
    content = root / "content"
    if not content.is_dir():
        problems.error(Location("content"), "no content/ folder in the site root",
                       f"run from a site folder or pass --root (looked in {root})")
        return raw
    paths = [content / name for name in CONTENT_YAML if (content / name).is_file()]
    paths += sorted(path for path in content.rglob("*.md") if not is_image(site_path_of(root, path)))
    translations = root / "translations"
    paths += sorted(translations.glob("*.yaml")) if translations.is_dir() else []
    for path in paths:
        if not is_outside(root, path) and is_regular(path):  # never open a FIFO or a device
            read_file(raw, site_path_of(root, path), cache)
    problems.extend(raw.problems())
    return raw


def read_file(raw: RawSite, site_path: str, cache: ParseCache | None) -> None:
    """Read one content, data or translation file into raw, keeping its problems apart."""
    found = ProblemLog()
    path = raw.root / site_path
    if site_path in _DATA_FILES:
        raw.data[site_path] = load_yaml_file(raw.root, path, found, cache)
        if raw.data[site_path] is None:
            raw.unreadable.add(site_path)
    elif site_path.startswith("content/") and site_path.endswith(".md") and not is_image(site_path):
        text = read_text(path, site_path, found)
        split = split_front_matter(text, site_path, found, cache) if text is not None else None
        if split is not None and split.front is not None:
            raw.markdown[site_path] = split
        else:
            raw.unreadable.add(site_path)
    elif translation_language(site_path):
        raw.translations[translation_language(site_path)] = load_yaml_file(raw.root, path, found, cache)
    if found.problems:
        raw.file_problems[site_path] = found.problems


def load_yaml_file(root: Path, path: Path, problems: ProblemLog, cache: ParseCache | None = None) -> Any:
    """Read and parse one YAML file."""
    site_path = site_path_of(root, path)
    text = read_text(path, site_path, problems)
    if text is None:
        return None
    if not text.strip():
        problems.error(Location(site_path, 1), "file is empty", "add the data or delete the file")
        return None
    if cache is not None:
        return cache.parse("yaml", site_path, text, problems, lambda found: parse_yaml(text, site_path, found))
    return parse_yaml(text, site_path, problems)


def is_outside(root: Path, path: Path) -> bool:
    """Tell whether a symlinked file points outside the site root (reported by load_site)."""
    return path.is_symlink() and not path.resolve().is_relative_to(root.resolve())


INPUT_FOLDERS = ("content", "templates", "translations", "assets")


def check_symlinks(root: Path) -> list:
    """Return a problem for every symlink in the input folders that points outside the site root,
    and for every special file there (a FIFO, socket or device: reading it would hang the build).

    Such a link would publish (or read) a file that is not part of the site.
    """
    found = []
    for folder in INPUT_FOLDERS:
        for current, dirs, files in os.walk(root / folder):
            file_names = set(files)
            for name in sorted(dirs + files):
                path = Path(current) / name
                if is_outside(root, path):
                    found.append(outside_problem(root, path))
                elif name in file_names and special_kind(path):
                    found.append(special_problem(root, path))
                elif not ASSET_NAME.match(name) and (problem := asset_name_problem(root, path)):
                    found.append(problem)
    return found


ASSET_NAME = re.compile(r"^[A-Za-z0-9._-]+$")
IMAGES = "content/images/"  # the story's images: published as they are under images/, never read as content


def is_image(site_path: str) -> bool:
    """Tell whether a site file is in content/images/ (copied to the output, not read)."""
    return site_path.startswith(IMAGES)


def asset_name_problem(root: Path, path: Path) -> Problem | None:
    """A file or folder of assets/ or content/images/ is published under its own name, which is
    part of an address: refuse a name that cannot be one as it is (spaces, '?', '#', '%', ...)."""
    site_path = site_path_of(root, path)
    if not site_path.startswith(("assets/", IMAGES)) or ASSET_NAME.match(path.name):
        return None
    safe = re.sub(r"-+(?=\.)|(?<=\.)-+", "", re.sub(r"[^A-Za-z0-9._-]+", "-", path.name)).strip("-") or "asset"
    what, published = ("image", "images/" + site_path[len(IMAGES):]) if is_image(site_path) else ("asset", site_path)
    return Problem(Location(site_path, 1), ERROR,
                   f"{what} name '{path.name}' cannot be part of an address (it is published as {published})",
                   f"rename it to use only letters, digits, '.', '-' and '_', e.g. '{safe}'")


def special_kind(path: Path) -> str:
    """Name what a path is if it is neither a regular file nor a folder ('' otherwise), without
    opening it (a symlink is followed to what it points to)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return ""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return ""
    for test, kind in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return kind
    return "a special file"


def is_regular(path: Path) -> bool:
    """Tell whether a path is a regular file (or a symlink to one), without opening it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def special_problem(root: Path, path: Path) -> Problem:
    site_path = site_path_of(root, path)
    return Problem(Location(site_path, 1), ERROR, f"{site_path} is not a regular file: it is {special_kind(path)}",
                   f"remove it (rm {site_path}); only regular files belong in {site_path.split('/')[0]}/")


def outside_problem(root: Path, path: Path) -> Problem:
    return Problem(Location(site_path_of(root, path), 1), ERROR,
                   f"symlink points outside the site root (to {path.resolve()})",
                   "copy the file into the site instead of linking to it")
