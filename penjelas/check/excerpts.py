"""Check stage, excerpts: the passages of a source the story relies on, and their check
against the source's own text.

Input: a source's `excerpts:` list and `text_file:` in sources.yaml. Output: Excerpt records
(read_excerpts), and the problems of an excerpt that is not in the file it claims to come
from (check_text_files: the one check here that reads a file, outside content/ too).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Mapping

from ..model import Excerpt, Source
from ..problems import ProblemLog, suggest
from .fields import Fields, describe, safe_id

KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SEEN = ("original", "copy")
EXCERPT_FIELDS = ("key", "text", "lang", "seen", "via", "translation")


def read_excerpts(f: Fields, language: str | None) -> tuple[Excerpt, ...]:
    """Read a source's `excerpts:` list (`language`: the source's, each excerpt's default)."""
    if not f.has("excerpts"):
        return ()
    data = f.data["excerpts"]
    if not isinstance(data, list):
        f.error("excerpts", f"'excerpts' must be a list, got {describe(data)}",
                "write each passage as '- key: ...' with its text, seen and translation under it")
        return ()
    excerpts: dict[str, Excerpt] = {}
    for index, item in enumerate(data):
        where = data.item_locations[index] if hasattr(data, "item_locations") else f.loc("excerpts")
        label = f"{f.what} excerpt {index + 1}"
        if isinstance(item, dict) and isinstance(item.get("key"), str):
            label = f"{f.what} excerpt '{item['key']}'"
        ef = Fields(item, where, label, f.problems, f.languages)
        if not ef.ok:
            continue
        ef.warn_unknown(EXCERPT_FIELDS)
        excerpt = read_excerpt(ef, language)
        if excerpt is None:
            continue
        if excerpt.key in excerpts:
            ef.error("key", f"duplicate excerpt key '{excerpt.key}' (first used on line "
                     f"{excerpts[excerpt.key].location.line})",
                     f"every excerpt of a source needs its own key, e.g. 'key: {excerpt.key}-2'")
            continue
        excerpts[excerpt.key] = excerpt
    return tuple(excerpts.values())


def read_excerpt(f: Fields, language: str | None) -> Excerpt | None:
    """Read one excerpt; None when its key, text or language is unusable."""
    key = f.string("key", example="some-passage")
    if key is not None and not KEY_PATTERN.match(key):
        f.error("key", f"'{key}' is not a valid excerpt key",
                f"use lowercase letters, digits and hyphens, e.g. 'key: {safe_id(key).replace('_', '-').replace('.', '-')}'")
        key = None
    text = f.string("text")
    lang = f.identifier("lang") if f.has("lang") else language
    seen = f.choice("seen", SEEN)
    via = f.text("via", required=False, shared=True) if f.has("via") else {}
    translation = read_translation(f, lang)
    if key is None or text is None or lang is None:
        return None
    return Excerpt(key=key, text=text, lang=lang, seen=seen or SEEN[0], via=via, translation=translation,
                   location=f.where, at=f.locations())


def read_translation(f: Fields, lang: str | None) -> dict[str, str]:
    """Read `translation: {en: ...}`: our translation into every site language but the excerpt's."""
    needed = [code for code in f.languages if code != lang]
    example = "{" + ", ".join(f"{code}: ..." for code in needed) + "}"
    if not f.has("translation"):
        if needed and lang is not None:
            f.problems.error(f.where, f"{f.what}: missing required field 'translation' (our translation of "
                             f"the passage into {', '.join(needed)})", f"add 'translation: {example}'")
        return {}
    value = f.data["translation"]
    if not isinstance(value, dict):
        f.error("translation", f"'translation' must give the text per language, got {describe(value)}",
                f"write 'translation: {example}'")
        return {}
    inner = Fields(value, f.loc("translation"), f"{f.what} 'translation'", f.problems)
    result = {}
    for code in value:
        if code not in f.languages:
            inner.error(code, f"unknown language '{code}'", f"configured languages: {', '.join(f.languages)}")
        elif code == lang:
            inner.problems.warning(inner.loc(code), f"{inner.what}: the passage is in '{code}' already; "
                                   f"this translation is ignored", f"remove '{code}:' under 'translation'")
        else:
            text = inner.string(code)
            if text is not None:
                result[code] = text
    for code in needed:
        if code not in value and lang is not None:
            f.problems.error(f.loc("translation"), f"{f.what}: 'translation' has no '{code}' text",
                             f"add '{code}: ...' under 'translation' (our own translation of the passage)")
    return result


def text_file_path(root: Path, source: Source) -> Path:
    """Return where a source's text_file is: relative to the site root (it may lead outside it)."""
    return root / source.text_file


def text_file_stamps(root: Path, sources: Mapping[str, Source]) -> tuple:
    """What the text-file check depends on besides the sources: each file's size and time."""
    stamps = []
    for source in sources.values():
        if source.text_file:
            try:
                stat = text_file_path(root, source).stat()
                stamps.append((source.id, stat.st_mtime_ns, stat.st_size))
            except OSError:
                stamps.append((source.id, None, None))
    return tuple(stamps)


def check_text_files(root: Path, sources: Mapping[str, Source], problems: ProblemLog) -> None:
    """Check every excerpt of a source that names a text_file is word for word in that file;
    a file that does not exist here (a fresh clone without the material) is one note."""
    for source in sources.values():
        if not source.text_file:
            continue
        at = source.at.get("text_file", source.location)
        path = text_file_path(root, source)
        shown = source.text_file
        what = f"source '{source.id}'"
        if path.is_dir():
            problems.error(at, f"{what}: text_file '{shown}' is a folder, not a file",
                           f"name the file in it that holds the source's text, e.g. 'text_file: {shown.rstrip('/')}/"
                           f"{source.id}.txt'")
            continue
        if not path.exists():
            count = len(source.excerpts)
            problems.note(at, f"{what}: text_file '{shown}' is not here, so its {count} "
                          f"excerpt{'' if count == 1 else 's'} were not checked against it",
                          f"put the source's text at {shown} (relative to the site root) to check them")
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            problems.error(at, f"{what}: text_file '{shown}' is not UTF-8 text (byte 0x{error.object[error.start]:02x} "
                           f"at position {error.start})", f"save {shown} as UTF-8")
            continue
        except OSError as error:
            problems.error(at, f"{what}: text_file '{shown}' cannot be read ({error.strerror or error})",
                           f"check that {shown} is a file you can read, or remove 'text_file:'")
            continue
        for excerpt in source.excerpts:
            if excerpt.text not in text:
                problems.error(excerpt.at.get("text", excerpt.location),
                               f"{what} excerpt '{excerpt.key}': the text is not in text_file '{shown}'"
                               f"{divergence(excerpt.text, text)}",
                               f"copy the passage exactly as {shown} has it (every letter, space and "
                               "quotation mark)")


def divergence(passage: str, text: str) -> str:
    """Say where a passage stops matching the text: after its longest beginning found in it."""
    low, high = 0, len(passage)
    while low < high:  # the longest prefix in text (a prefix of a found prefix is found too)
        middle = (low + high + 1) // 2
        if passage[:middle] in text:
            low = middle
        else:
            high = middle - 1
    if low < 10:
        return " (not even its first words are)"
    after = passage[low:low + 20]
    return f" (it matches up to '{passage[max(0, low - 20):low]}', then has '{after}')"


def excerpt_hint(source_id: str, key: str, keys: Iterable[str]) -> str:
    """The hint of an unknown excerpt key: the source's own keys, closest first."""
    keys = sorted(set(keys))
    if not keys:
        return (f"source '{source_id}' has no excerpts yet: add one with 'key: {key}' under its "
                f"'excerpts:' in content/sources.yaml, or cite [@{source_id}] alone")
    return suggest(key, keys) + f" (the excerpts of '{source_id}')"
