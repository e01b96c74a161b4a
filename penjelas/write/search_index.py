"""Write stage, search: the full-text index of a written site, one per language, by Pagefind.

Input: a folder of written pages (the staging folder of a build, or the output folder after a
dev-server rebuild). Output: its pagefind/ folder (the index and Pagefind's search UI) and the
list of files in it, which the build records in the output manifest. Pagefind reads each
page's `<html lang>` (one index per language, with stemming) and only what the templates mark
`data-pagefind-body`. (No `data-pagefind-filter`: Pagefind 1.5 writes filter values in a
random order, and two builds of one site must be byte-identical.) A missing or failing Pagefind is a problem of the build, never a site
published without its search.
"""
from __future__ import annotations

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
    sort_entry(fresh / "pagefind-entry.json")
    target = folder / FOLDER
    old = folder / f".{FOLDER}.old-{os.getpid()}"
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return sorted(path.relative_to(folder).as_posix() for path in target.rglob("*") if path.is_file())


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
