#!/usr/bin/env python3
"""Benchmark inputs that were quadratic (issue 19): time per size, and the growth per doubling.

Markdown-level cases are parsed and rendered with the site's MarkdownIt (markdown.prepare);
the last cases build a whole fixture site (tests/sites/basic) whose section holds N quote
blocks or N citations of one source. A growth near x2 per doubling is linear; x4 is quadratic.

Usage: python bench/slow_inputs.py [--sizes 5000,10000,20000]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from penjelas.build.pipeline import BuildOptions, build  # noqa: E402
from penjelas.text.markdown import create_markdown, prepare  # noqa: E402
from tests.conftest import make_site  # noqa: E402

MARKDOWN_CASES = {
    "identical ## headings": lambda n: "\n\n".join("## Same heading" for _ in range(n)),
    "typographic quotes, one paragraph": lambda n: " ".join('"a" \'b\'' for _ in range(n // 4)),
    "> blockquotes": lambda n: "\n\n".join('> a "quoted" line' for _ in range(n)),
    "::: quote lines, consecutive": lambda n: "".join("::: quote q%d\n" % (i % 7) for i in range(n)),
    "unmatched quotes, one paragraph": lambda n: '("a ' * (n // 2) + "b' " * (n // 2),
    "citations, one paragraph": lambda n: "\n".join("claim [@a]" for _ in range(n)),
}


def section_with(body: str) -> str:
    return "---\ntitle: Bench\nsummary: Bench\n---\n\n" + body + "\n"


BUILD_CASES = {
    "site build, N quote blocks": lambda n: "\n\n".join("::: quote hello" for _ in range(n)),
    "site build, N citations of one source": lambda n: "\n\n".join("A claim [@alpha]." for _ in range(n)),
}


def time_markdown(make, n: int) -> float:
    md, text = create_markdown(), make(n)
    started = time.perf_counter()
    prepare(md, text)
    return time.perf_counter() - started


def time_build(make, n: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_site(Path(tmp))
        section = root / "content/sections/meeting.id.md"
        head, _, _ = section.read_text(encoding="utf-8").partition("\n---\n")
        section.write_text(head + "\n---\n\n" + make(n) + "\n", encoding="utf-8")
        started = time.perf_counter()
        result = build(BuildOptions(root, root / "output"))
        elapsed = time.perf_counter() - started
        if not result.ok:
            raise SystemExit("bench site did not build:\n" + "\n".join(p.format() for p in result.problems.sorted()))
        return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,10000,20000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    for cases, timer in ((MARKDOWN_CASES, time_markdown), (BUILD_CASES, time_build)):
        for name, make in cases.items():
            times = [timer(make, n) for n in sizes]
            growth = times[-1] / times[-2] if len(times) > 1 and times[-2] > 0 else float("nan")
            cells = ", ".join(f"N={n:,}: {seconds:.3f} s" for n, seconds in zip(sizes, times))
            print(f"{name:40} {cells}  (x{growth:.1f} per doubling)", flush=True)


if __name__ == "__main__":
    main()
