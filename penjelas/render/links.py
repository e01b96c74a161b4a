"""Render stage, internal links: where a link or image address in a Markdown document leads, and whether the
site publishes something there.

Input: an address as written (`/en/page/`, `../other/`, `images/map.png`), the document's
folder and the URL path of the page showing it. Output: the site path it leads to (a page's
URL path, `assets/...`, or `images/...` for a file of content/images/), checked against the
pages and files the site will publish; the render stage writes it relative to each page, so
it works under any base path.

- `/...` is a path from the site root (a leading base path, `/news/` of
  `https://host/news/`, is dropped: the author may have it in mind);
- a relative address that leads into content/images/, from the document's folder or from
  content/ (`images/map.png`), is that image; any other relative address is resolved against
  the page's URL, as a browser does.
"""
from __future__ import annotations

import posixpath
from typing import Any, Iterable, NamedTuple
from urllib.parse import unquote, urlsplit

from ..problems import Location, ProblemLog, suggest
from ..routes import relative_url
from .assets import IMAGES, PUBLISHED_IMAGES


class Target(NamedTuple):
    path: str | None  # the site path it leads to ("en/page/", "images/map.png"), None: outside the site
    suffix: str  # "?query#fragment" as written


def resolve(address: str, folder: str, page_path: str, base_path: str) -> Target:
    """Return where an internal address written in a file of `folder`, shown on the page at
    `page_path`, leads."""
    parts = urlsplit(address.strip())
    path = unquote(parts.path)
    suffix = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    slash = path.endswith("/")
    if path.startswith("/"):
        if base_path != "/" and (path + "/").startswith(base_path):
            path = path[len(base_path) - 1:] or "/"
        found = posixpath.normpath(path)
        found = "" if found in ("/", "//") else found.lstrip("/")
    else:
        for start in (folder, "content"):
            in_content = posixpath.normpath(posixpath.join(start, path))
            if in_content.startswith(IMAGES):
                return Target(PUBLISHED_IMAGES + in_content[len(IMAGES):], suffix)
        here = page_path if page_path.endswith("/") else posixpath.dirname(page_path)
        found = posixpath.normpath(posixpath.join(here or ".", path or "."))
        if found == ".":
            found = ""
        if found.startswith(".."):
            return Target(None, suffix)
    if slash and found:
        found += "/"
    return Target(found, suffix)


def published(target: str, files: frozenset[str]) -> str | None:
    """Return the URL path of what the site publishes at `target` (a page, with its '/'), or None.

    `files`: every output file (pages as 'en/page/index.html') and every published asset and image."""
    if target.endswith("/") or target == "":
        return target if target + "index.html" in files else None
    if target in files:
        return target[: -len("index.html")] if target.endswith("index.html") and target != "index.html" else target
    if f"{target}/index.html" in files:
        return target + "/"
    return None


class LinkTargets(NamedTuple):
    """What a document's links are checked against (the same object while it stays equal)."""

    files: frozenset[str]  # output files, site paths of published assets and images
    copied: tuple[str, ...]  # published names of the files of assets/ and content/images/
    pages: tuple[str, ...]  # URL paths of the pages
    base_path: str


def check_document_links(doc: Any, page_path: str, targets: LinkTargets, problems: ProblemLog) -> None:
    """Report every internal link or image of one document that leads to nothing the site
    publishes, and every image without alt text."""
    folder = posixpath.dirname(doc.path)
    parts = [(doc.prepared, doc.body_line)] + [(prepared, at) for _, at, prepared in doc.key_points]
    for prepared, first_line in parts:
        for ref in prepared.references:
            where = Location(doc.path, first_line + ref.line)
            if ref.kind == "image-no-alt":
                problems.warning(where, f"image '{ref.value}' has no alt text",
                                 f"describe what it shows between the brackets: ![...]({ref.value})")
            elif ref.kind in ("link", "image"):
                target = resolve(ref.value, folder, page_path, targets.base_path)
                if target.path is None or published(target.path, targets.files) is None:
                    report_missing(ref.kind, ref.value, target, page_path, targets, where, problems)


def report_missing(kind: str, address: str, target: Target, page_path: str, targets: LinkTargets,
                   where: Location, problems: ProblemLog) -> None:
    """Name what the address leads to and the nearest things that exist, written as the author
    would write them."""
    what = "image" if kind == "image" else "link to"
    path = urlsplit(address.strip()).path
    images = [name for name in targets.copied if name.startswith(PUBLISHED_IMAGES)]
    if target.path is None:
        problems.error(where, f"{what} '{address}' leads outside the site (above its root)",
                       f"write the address from the site root, e.g. '/{page_path}'")
        return
    if path.startswith("/"):
        base = targets.base_path if (path + "/").startswith(targets.base_path) else "/"
        known = [base + p for p in (targets.copied if kind == "image" else [*targets.pages, *targets.copied])]
        problems.error(where, f"{what} '{address}': the site publishes no page or file at /{target.path}",
                       suggest(path, known))
        return
    if target.path.startswith(PUBLISHED_IMAGES) or kind == "image":
        name = target.path if target.path.startswith(PUBLISHED_IMAGES) else \
            PUBLISHED_IMAGES + posixpath.basename(path)
        message = f"{what} '{address}': there is no file {IMAGES}{name[len(PUBLISHED_IMAGES):]}"
        if not target.path.startswith(PUBLISHED_IMAGES):
            message = f"{what} '{address}': no such file; the story's images go in {IMAGES}"
        hint = suggest(name, images) if images else \
            f"put the file in {IMAGES} and write ![...]({name})"
        problems.error(where, message, hint)
        return
    known = [relative_url(page_path, p) for p in targets.pages] + images
    problems.error(where, f"{what} '{address}': the site publishes no page or file at /{target.path} "
                          f"(relative to this page, /{page_path})", suggest(path, known))
