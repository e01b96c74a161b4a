"""Load stage, YAML: a safe loader that keeps the line and column of every mapping, key and
list item, and reports duplicate keys, tabs and malformed YAML as problems.

Input: a file's text and its site path. Output: YamlMap / YamlList values (plain dicts and
lists that know where they came from), or None with the problem recorded.
"""
from __future__ import annotations

from typing import Any

import yaml

from ..problems import Location, ProblemLog


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
