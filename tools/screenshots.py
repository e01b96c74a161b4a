#!/usr/bin/env python3
"""Take screenshots of built pages in headless Chromium, phone and desktop, light and dark.

Usage: python tools/screenshots.py [--site output] [--out screenshots] [PATH ...]
Paths are relative to the site (default: every page of the built site, in every
language). The PNGs are for looking at, not for committing (screenshots/ is ignored).
"""
from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = {"phone": 390, "desktop": 1280}


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    """Serve a folder on a free loopback port in a background thread."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def site_pages(site: Path) -> list[str]:
    """Every page of a built site, as paths relative to it: '' (the root), 'id/', 'id/linimasa/', ..."""
    return sorted(index.parent.relative_to(site).as_posix() + "/" if index.parent != site else ""
                  for index in site.rglob("index.html"))


def main() -> None:
    """Take every screenshot asked for."""
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("output"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--schemes", default="light,dark")
    parser.add_argument("--full", action="store_true", help="capture the whole page, not the first screen")
    parser.add_argument("paths", nargs="*", help="pages to take (default: every page of the built site)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    server = serve(args.site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for scheme in args.schemes.split(","):
            for device, width in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                              device_scale_factor=1)
                page = context.new_page()
                for path in args.paths or site_pages(args.site):
                    page.goto(base + path)
                    name = (path.strip("/").replace("/", "_") or "root") + f"-{device}-{scheme}.png"
                    page.screenshot(path=str(args.out / name), full_page=args.full)
                    print(args.out / name)
                context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
