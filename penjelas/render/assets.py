"""Render stage, assets: which files of assets/ and content/images/ are published, and under which names.

Input: the site's assets/ folder and the story's images in content/images/. Output: site
path -> output path. An asset gets a content hash in its name when fingerprinting
(`assets/style.3fa1c2d9.css`), so browsers never keep an old stylesheet; the dev server
turns fingerprinting off so a stylesheet can be swapped in place. An image of the story keeps
its name under images/ (`content/images/map.png` -> `images/map.png`).
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..load.files import IMAGES  # the story's images (and other files its pages link to)

HASH_LENGTH = 10
ASSETS = "assets/"
PUBLISHED_IMAGES = "images/"  # where they are published


def published_name(site_path: str) -> str:
    """Return the output path of a file copied as it is (without a fingerprint)."""
    if site_path.startswith(IMAGES):
        return PUBLISHED_IMAGES + site_path[len(IMAGES):]
    return site_path


def is_copied(site_path: str) -> bool:
    """Tell whether a site file is published as it is: an asset or an image of the story."""
    return site_path.startswith((ASSETS, IMAGES))


def copied_files(root: Path) -> list[str]:
    """Return the site paths of every file under assets/ and content/images/ (nothing is read)."""
    found = []
    for folder in (ASSETS, IMAGES):
        base = root / folder
        found += [path.relative_to(root).as_posix() for path in sorted(base.rglob("*"))
                  if path.is_file()] if base.is_dir() else []
    return found


# A CSS string (kept as it is), a brace, semicolon or comma (kept, without the white space
# around it, which never changes what CSS means there), or a comment, the indentation of a
# line or a blank line (dropped).
_CSS_TRIM = re.compile(r"""("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')|\s*([{};,])\s*|/\*.*?\*/|^[ \t]+|\n(?=\s*\n)""",
                       re.S | re.M)


def published_bytes(path: Path) -> bytes:
    """Return the bytes an asset is published with: a stylesheet without its comments, the
    indentation of its lines, blank lines or the spaces around braces, semicolons and commas
    (every page loads it: they are weight, not style);
    any other file as it is."""
    data = path.read_bytes()
    if path.suffix != ".css":
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    return _CSS_TRIM.sub(lambda m: m.group(1) or m.group(2) or "", text).lstrip().encode("utf-8")


def plan_assets(root: Path, fingerprint: bool) -> dict[str, str]:
    """Return {site path: output path} for every file under assets/ and content/images/."""
    plan = {}
    for site_path in copied_files(root):
        if fingerprint and site_path.startswith(ASSETS):
            digest = hashlib.sha256(published_bytes(root / site_path)).hexdigest()[:HASH_LENGTH]
            stem, dot, suffix = site_path.rpartition(".")
            plan[site_path] = f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else f"{site_path}.{digest}"
        else:
            plan[site_path] = published_name(site_path)
    return plan


def image_size(path: Path) -> tuple[int, int] | None:
    """Return (width, height) in pixels read from a PNG, GIF, JPEG or WebP file's header, or
    None for another kind of file (or one too damaged to say). Reads at most 256 KiB."""
    try:
        with path.open("rb") as file:
            head = file.read(256 * 1024)
    except OSError:
        return None
    size = None
    if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
        size = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        size = int.from_bytes(head[6:8], "little"), int.from_bytes(head[8:10], "little")
    elif head[:2] == b"\xff\xd8":
        size = _jpeg_size(head)
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        size = _webp_size(head)
    return size if size and size[0] > 0 and size[1] > 0 else None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Walk a JPEG's segments to its frame header (SOF0-SOF15 but DHT, JPG, DAC)."""
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if marker == 0xFF:  # fill byte
            index += 1
            continue
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return int.from_bytes(data[index + 7:index + 9], "big"), int.from_bytes(data[index + 5:index + 7], "big")
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length
            index += 2
            continue
        index += 2 + int.from_bytes(data[index + 2:index + 4], "big")
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    kind = data[12:16]
    if kind == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        return int.from_bytes(data[26:28], "little") & 0x3FFF, int.from_bytes(data[28:30], "little") & 0x3FFF
    if kind == b"VP8L" and data[20:21] == b"\x2f":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == b"VP8X":
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


def image_sizes(root: Path) -> dict[str, tuple[int, int]]:
    """Return {published name: (width, height)} for the images of content/images/ whose size can be read."""
    sizes = {}
    for site_path in copied_files(root):
        if site_path.startswith(IMAGES) and (size := image_size(root / site_path)):
            sizes[published_name(site_path)] = size
    return sizes
