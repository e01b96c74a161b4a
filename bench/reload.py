#!/usr/bin/env python3
"""Benchmark the authoring loop: incremental rebuild times and save-to-browser latency.

For the real site and a generated large site it measures (median of --runs):
- the incremental rebuild after editing one section, one UI string and one template
  (SiteBuilder.rebuild, the same code the dev server runs), with the pages re-rendered;
- the time from writing a section file to its new text being in the DOM of an open page,
  through the real `build.py serve` and headless Chromium (skipped without /usr/bin/chromium).

Usage: python bench/reload.py [--runs 5] [--sections 200] [--skip-browser]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.generate import write_site  # noqa: E402
from penjelas.build.pipeline import BuildOptions, SiteBuilder  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def copy_real_site(target: Path) -> Path:
    for part in ("content", "templates", "translations", "assets"):
        shutil.copytree(REPO / part, target / part)
    return target


def edits(root: Path) -> dict[str, tuple[str, str, str]]:
    """Return, per kind of change, the file and a text replacement that changes a page."""
    sections = sorted((root / "content/sections").glob("*.en.md"))
    section = sections[len(sections) // 2].relative_to(root).as_posix()
    return {
        "one section": (section, "\n\n", "\n\nEdited paragraph [@{cite}].\n\n"),
        "one UI string": ("translations/en.yaml", "skip: Skip to content", "skip: Skip to the text"),
        "one template": ("templates/partials/timeline_item.html", 'class="event"', 'class="event e"'),
    }


def first_source(root: Path) -> str:
    for line in (root / "content/sources.yaml").read_text().splitlines():
        if line.startswith("- id:"):
            return line.split(":", 1)[1].strip()
    raise SystemExit("no sources")


def measure_rebuilds(root: Path, runs: int) -> list[tuple[str, float, int, int]]:
    """Return (change, median ms, pages rebuilt, pages in all) per kind of change."""
    builder = SiteBuilder(BuildOptions(root, root / "output", incremental=True))  # as the dev server runs
    full = builder.build()
    assert full.ok, [p.format() for p in full.problems.errors]
    total = sum(1 for o in full.outputs if o.path.endswith(".html"))
    cite = first_source(root)
    rows = []
    for name, (site_path, old, new) in edits(root).items():
        path = root / site_path
        original = path.read_text()
        new = new.replace("{cite}", cite)
        times, pages = [], 0
        for run in range(runs):
            path.write_text(original.replace(old, new.replace("Edited", f"Edited {run}"), 1) if run % 2 == 0 else original)
            started = time.perf_counter()
            result = builder.rebuild({site_path})
            times.append((time.perf_counter() - started) * 1000)
            assert result.ok and not result.full, (name, result.reason)
            pages = sum(1 for o in result.rebuilt if o.path.endswith(".html"))
        path.write_text(original)
        builder.rebuild({site_path})
        rows.append((name, statistics.median(times), pages, total))
    return rows


def measure_browser(root: Path, runs: int) -> list[float]:
    """Return save-to-DOM latencies in ms through the real dev server and Chromium."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(REPO))
    from tests.browser import DevServer, open_live

    server = DevServer(root, "-q")
    section = sorted((root / "content/sections").glob("*.en.md"))[0]
    slug = next(l.split(":", 1)[1].strip() for l in section.read_text().splitlines() if l.startswith("slug:"))
    original = section.read_text()
    latencies = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = open_live(browser, f"{server.url}en/{slug}/")
            for run in range(runs):
                marker = f"Latency marker {run} {time.time_ns()}"
                body_start = original.index("\n---\n", 4) + 5
                started = time.perf_counter()
                section.write_text(original[:body_start] + marker + "\n\n" + original[body_start:])
                page.wait_for_function(f"document.body.innerText.includes({marker!r})", timeout=30_000)
                latencies.append((time.perf_counter() - started) * 1000)
                time.sleep(0.3)
            browser.close()
    finally:
        section.write_text(original)
        server.stop()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sections", type=int, default=200, help="sections per language in the generated site")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sites = {"real site": copy_real_site(Path(tmp) / "real")}
        generated = Path(tmp) / "generated"
        write_site(generated, args.sections, events=100, sources=50)
        sites[f"generated, {args.sections} sections per language"] = generated
        print(f"Incremental rebuilds (median of {args.runs}; SiteBuilder.rebuild as in the dev server)")
        print("| site | change | pages re-rendered | median ms |\n|---|---|---|---|")
        for label, root in sites.items():
            for name, ms, pages, total in measure_rebuilds(root, args.runs):
                print(f"| {label} | {name} | {pages} of {total} | {ms:.0f} |", flush=True)
        if args.skip_browser or not CHROMIUM.exists():
            print("\nsave-to-browser latency: skipped (no Chromium at /usr/bin/chromium or --skip-browser)")
            return
        print(f"\nSave-to-browser latency (file written until the new text is in the DOM; median of {args.runs})")
        print("| site | median ms | min | max |\n|---|---|---|---|")
        for label, root in sites.items():
            values = measure_browser(root, args.runs)
            print(f"| {label} | {statistics.median(values):.0f} | {min(values):.0f} | {max(values):.0f} |", flush=True)


if __name__ == "__main__":
    main()
