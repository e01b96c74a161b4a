"""Assets: which files of assets/ and content/images/ are published, and under which names.

Input: the site's assets/ folder and the story's images in content/images/. Output: site
path -> output path. An asset gets a content hash in its name when fingerprinting
(`assets/style.3fa1c2d9.css`), so browsers never keep an old stylesheet; the dev server
turns fingerprinting off so a stylesheet can be swapped in place. An image of the story keeps
its name under images/ (`content/images/map.png` -> `images/map.png`).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .load import IMAGES  # the story's images (and other files its pages link to)

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


def plan_assets(root: Path, fingerprint: bool) -> dict[str, str]:
    """Return {site path: output path} for every file under assets/ and content/images/."""
    plan = {}
    for site_path in copied_files(root):
        if fingerprint and site_path.startswith(ASSETS):
            digest = hashlib.sha256((root / site_path).read_bytes()).hexdigest()[:HASH_LENGTH]
            stem, dot, suffix = site_path.rpartition(".")
            plan[site_path] = f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else f"{site_path}.{digest}"
        else:
            plan[site_path] = published_name(site_path)
    return plan
