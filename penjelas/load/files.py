"""Load stage, files: read site files into raw data that remembers where each value came from.

Input: a site root folder. Output: a RawSite (each YAML file parsed, each Markdown file's
front matter and body, the translation tables), with line numbers for every mapping key and
list item (yaml_loader.py), plus the problems met while reading; symlinks out of the site
and special files (FIFOs, devices) are reported, never opened.
"""
from __future__ import annotations

import itertools
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import ERROR, Location, Problem, ProblemLog
from .cache import ParseCache
from .yaml_loader import YamlMap, parse_yaml


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
    texts: dict = field(default_factory=dict)  # site path -> the text of a content file (the glossary reads it)
    translations: dict = field(default_factory=dict)  # language code -> parsed YAML
    unreadable: set = field(default_factory=set)  # site paths that exist but could not be read
    file_problems: dict = field(default_factory=dict)  # site path -> problems met reading it
    link_problems: dict = field(default_factory=dict)  # site path -> symlink pointing outside
    generation: int = field(default_factory=lambda: next(_GENERATIONS))  # tells loads apart
    since: int | None = None  # the load this one was made from by reading `changed` again
    changed: frozenset = frozenset()

    def copy(self) -> "RawSite":
        return RawSite(self.root, dict(self.data), dict(self.markdown), dict(self.texts), dict(self.translations),
                       set(self.unreadable), dict(self.file_problems), dict(self.link_problems))

    def forget(self, site_path: str) -> None:
        """Drop what was read from one file."""
        for table in (self.data, self.markdown, self.texts, self.file_problems, self.link_problems):
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
                "updates.yaml", "glossary.yaml")
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
        raw.data[site_path] = load_yaml_file(raw.root, path, found, cache, raw.texts)
        if raw.data[site_path] is None and found.has_errors():
            raw.unreadable.add(site_path)  # a file of comments alone (or `null`) holds no records: not unreadable
    elif site_path.startswith("content/") and site_path.endswith(".md") and not is_image(site_path):
        text = read_text(path, site_path, found)
        if text is not None:
            raw.texts[site_path] = text
        split = split_front_matter(text, site_path, found, cache) if text is not None else None
        if split is not None and split.front is not None:
            raw.markdown[site_path] = split
        else:
            raw.unreadable.add(site_path)
    elif translation_language(site_path):
        raw.translations[translation_language(site_path)] = load_yaml_file(raw.root, path, found, cache)
    if found.problems:
        raw.file_problems[site_path] = found.problems


def load_yaml_file(root: Path, path: Path, problems: ProblemLog, cache: ParseCache | None = None,
                   texts: dict | None = None) -> Any:
    """Read and parse one YAML file (keeping its text in `texts`, when given)."""
    site_path = site_path_of(root, path)
    text = read_text(path, site_path, problems)
    if text is None:
        return None
    if texts is not None:
        texts[site_path] = text
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
