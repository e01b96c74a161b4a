"""Shared test helpers: fixture sites copied into tmp_path, and running the real CLI."""
from __future__ import annotations

import contextlib
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from penjelas.commands.cli import main

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
STORY = REPO.parent / "shared" / "story"


@dataclass
class Run:
    code: int
    out: str
    err: str


def make_site(tmp_path: Path, *cases: str, base: str = "basic") -> Path:
    """Build a site folder: the repo's templates, translations and assets, the `base` fixture
    story (tests/sites/basic unless told), then each case's files on top (a file named
    NAME.delete removes NAME)."""
    root = tmp_path / "site"
    for part in ("templates", "translations", "assets"):
        shutil.copytree(REPO / part, root / part)
    for case in (base, *cases):
        source = SITES / case
        for path in sorted(source.rglob("*")):
            if path.is_dir():
                continue
            target = root / path.relative_to(source)
            if path.name.endswith(".delete"):
                target.with_name(path.name[: -len(".delete")]).unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    return root


def build(root: Path, *args: str, out: Path | None = None) -> Run:
    """Run `build.py --root ROOT --out OUT ARGS` in-process and capture its output."""
    out = out or root / "output"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["--root", str(root), "--out", str(out), *args])
    return Run(code, stdout.getvalue(), stderr.getvalue())


def soup(path: Path) -> BeautifulSoup:
    """Parse a built HTML file."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run (skipped, with the reason, where it is missing)."""
    from .browser import CHROMIUM, CHROMIUM_ARGS, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The basic fixture site, built once into site/output."""
    root = make_site(tmp_path)
    result = build(root)
    assert result.code == 0, result.err
    return root


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output instead of comparing")
