#!/usr/bin/env python3
"""Benchmark the share cards: full builds of a site with a cold card cache (every card
drawn), a warm one (every card read from .penjelas-cache/cards/) and without cards (the
builder given no CardMaker: the pages only), medians of --runs, in-process.

The site (default: this repository's own) is copied to a temporary folder first, so its own
cache is left alone. Each build's card count is checked.

Usage: python bench/cards.py [--root DIR] [--runs 5]
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

from penjelas.build.pipeline import BuildOptions, SiteBuilder  # noqa: E402
from penjelas.render import cards  # noqa: E402


def timed_build(root: Path, out: Path, with_cards: bool) -> tuple[float, int]:
    builder = SiteBuilder(BuildOptions(root, out))
    if not with_cards:
        builder.cards = None
    started = time.perf_counter()
    result = builder.build()
    seconds = time.perf_counter() - started
    assert result.ok, [p.format() for p in result.problems.problems]
    return seconds, sum(1 for output in result.outputs if output.path.startswith("cards/"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "site"
        for part in ("content", "templates", "translations", "assets"):
            shutil.copytree(args.root / part, root / part)
        times: dict[str, list[float]] = {"without cards": [], "cold cache": [], "warm cache": []}
        counts = {}
        for run in range(args.runs):
            for name in times:
                if name == "cold cache":
                    shutil.rmtree(root / cards.CACHE, ignore_errors=True)
                seconds, counts[name] = timed_build(root, Path(temporary) / f"out-{run}-{len(times[name])}-{name[:4]}",
                                                    name != "without cards")
                times[name].append(seconds)
        assert counts["without cards"] == 0 and counts["cold cache"] == counts["warm cache"] > 0
        print(f"{counts['cold cache']} cards, median of {args.runs} full builds (min-max):")
        for name, values in times.items():
            print(f"  {name:14} {statistics.median(values) * 1000:7.0f} ms "
                  f"({min(values) * 1000:.0f}-{max(values) * 1000:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
