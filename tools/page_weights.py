#!/usr/bin/env python3
"""Report each built page's weight: HTML bytes plus the stylesheets it loads (budget 50 KB).

Usage: python tools/page_weights.py [output]
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

BUDGET = 50 * 1024


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "output")
    rows = []
    for page in sorted(out.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        css = 0
        for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html):
            target = (out / href.lstrip("/")) if href.startswith("/") else (page.parent / href)
            css += target.resolve().stat().st_size
        rows.append((page.relative_to(out).as_posix(), page.stat().st_size, css))
    print("| page | HTML | CSS | total | budget |\n|---|---|---|---|---|")
    for name, html, css in rows:
        total = html + css
        print(f"| {name} | {html:,} | {css:,} | {total:,} | {'ok' if total <= BUDGET else 'OVER'} |")
    print(f"\n{len(rows)} pages; heaviest {max(h + c for _, h, c in rows):,} bytes of {BUDGET:,}; JavaScript only on the search pages (Pagefind)")


if __name__ == "__main__":
    main()
