"""Write stage, search: the full-text index of a written site, one per language, by Pagefind.

Input: a folder of written pages (the staging folder of a build, or the output folder after a
dev-server rebuild). Output: its pagefind/ folder (the index and Pagefind's search UI) and the
list of files in it, which the build records in the output manifest. Pagefind reads each
page's `<html lang>` (one index per language, with stemming) and only what the templates mark
`data-pagefind-body`, and the kind of each page as a filter. Pagefind 1.5 lists the languages
and each filter's values in a random order: both are put in order (and the files that name
them renamed), so two builds of one site stay byte-identical. A missing or failing Pagefind is a problem of the build, never a site
published without its search.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from ..problems import ERROR, Location, Problem
from .staging import read_manifest, write_manifest

FOLDER = "pagefind"  # where the index goes, inside the output folder
INSTALL = "install the requirements: python -m pip install -r requirements.txt (it brings pagefind[extended])"


class IndexFailed(Exception):
    """Pagefind is not installed, or it failed on the written pages."""

    def __init__(self, message: str, hint: str = INSTALL):
        super().__init__(message)
        self.message, self.hint = message, hint

    def problem(self, out: Path) -> Problem:
        return Problem(Location(str(out / FOLDER)), ERROR, self.message, self.hint)


def executable() -> Path | None:
    """Return Pagefind's binary (from the `pagefind[extended]` package), or None."""
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-not-found]
    except ImportError:
        return None
    found = get_executable()
    return Path(found) if found else None


def index_site(folder: Path) -> list[str]:
    """Index the pages in `folder` into folder/pagefind (replaced whole, so nothing stale is
    left); return its files as paths relative to `folder`. Raises IndexFailed."""
    binary = executable()
    if binary is None or not binary.is_file():
        raise IndexFailed("could not build the search index: Pagefind is not installed")
    fresh = folder / f".{FOLDER}.new-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        run = subprocess.run([str(binary), "--site", str(folder), "--output-path", str(fresh), "--quiet"],
                             capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise IndexFailed(f"could not build the search index: Pagefind ({binary}) did not run: {exc}") from None
    if run.returncode != 0 or not (fresh / "pagefind-ui.js").is_file():
        shutil.rmtree(fresh, ignore_errors=True)
        said = " ".join((run.stderr or run.stdout).split())[-300:] or "no output"
        raise IndexFailed(f"could not build the search index: Pagefind exited with code {run.returncode}: {said}",
                          f"nothing was published; fix what Pagefind reports, or {INSTALL}")
    sort_filters(fresh)
    sort_entry(fresh / "pagefind-entry.json")
    target = folder / FOLDER
    old = folder / f".{FOLDER}.old-{os.getpid()}"
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return sorted(path.relative_to(folder).as_posix() for path in target.rglob("*") if path.is_file())


SIGNATURE = b"pagefind_dcd"  # what each of Pagefind's gzipped CBOR files starts with


def read_cbor(data: bytes, at: int = 0) -> tuple:
    """Decode the CBOR Pagefind writes in a filter file (arrays, text, unsigned integers)."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info >= 24:
        size = 1 << (info - 24)
        info, at = int.from_bytes(data[at:at + size], "big"), at + size
    if major == 0:
        return info, at
    if major == 3:
        return data[at:at + info].decode("utf-8"), at + info
    if major == 4:
        items = []
        for _ in range(info):
            item, at = read_cbor(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"unexpected CBOR type {major} in a Pagefind filter file")


def write_cbor(value: object) -> bytes:
    def head(major: int, n: int) -> bytes:
        if n < 24:
            return bytes([major << 5 | n])
        size = next(size for size in (1, 2, 4, 8) if n < 1 << (8 * size))
        return bytes([major << 5 | (24 + size.bit_length() - 1)]) + n.to_bytes(size, "big")
    if isinstance(value, int):
        return head(0, value)
    if isinstance(value, str):
        text = value.encode("utf-8")
        return head(3, len(text)) + text
    assert isinstance(value, list)
    return head(4, len(value)) + b"".join(write_cbor(item) for item in value)


def sort_filters(bundle: Path) -> None:
    """Put each filter's values (and their pages) in order, rename the filter files by their new
    content, and point each language's metadata (renamed too) and the entry file at them."""
    renamed: dict[str, str] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        data = gzip.decompress(path.read_bytes())
        (name, values), end = read_cbor(data, len(SIGNATURE))
        if not data.startswith(SIGNATURE) or end != len(data):
            raise IndexFailed(f"could not build the search index: {path.name} is not the filter file this "
                              "engine knows (Pagefind's format changed?)", f"{INSTALL}, the pinned Pagefind")
        ordered = SIGNATURE + write_cbor([name, sorted([value, sorted(pages)] for value, pages in values)])
        lang, _, old = path.stem.partition("_")
        new = hashlib.sha256(ordered).hexdigest()[:len(old)]
        path.unlink()
        (path.parent / f"{lang}_{new}.pf_filter").write_bytes(gzip.compress(ordered, mtime=0))
        renamed[f"{lang}_{old}"] = f"{lang}_{new}"
    if not renamed:
        return
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    for lang, about in entry.get("languages", {}).items():
        meta = bundle / f"pagefind.{about['hash']}.pf_meta"
        data = gzip.decompress(meta.read_bytes())
        for old, new in renamed.items():
            data = data.replace(old.encode("utf-8"), new.encode("utf-8"))  # same length: the CBOR stays valid
        digest = hashlib.sha256(data).hexdigest()[:len(about["hash"].partition("_")[2])]
        meta.unlink()
        about["hash"] = f"{lang}_{digest}"
        (bundle / f"pagefind.{about['hash']}.pf_meta").write_bytes(gzip.compress(data, mtime=0))
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                               encoding="utf-8")


def sort_entry(path: Path) -> None:
    """Write Pagefind's list of language indexes in a stable order (it lists them in a random
    one), so two builds of the same site stay byte-identical."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def reindex_output(out: Path) -> list[str]:
    """Index the output folder again in place (after the dev server replaced pages) and list
    the new index files in its manifest instead of the old ones. Raises IndexFailed."""
    files = index_site(out)
    written = read_manifest(out)
    if written is not None:
        write_manifest(out, {name for name in written if not name.startswith(FOLDER + "/")} | set(files))
    return files
