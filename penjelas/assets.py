"""Assets: which files of assets/ are published, and under which names.

Input: the site's assets/ folder. Output: site path -> output path, with a content hash in
the name when fingerprinting (`assets/style.3fa1c2d9.css`), so browsers never keep an old
stylesheet; the dev server turns fingerprinting off so a stylesheet can be swapped in place.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

HASH_LENGTH = 10


def plan_assets(root: Path, fingerprint: bool) -> dict[str, str]:
    """Return {site path: output path} for every file under assets/."""
    folder = root / "assets"
    plan = {}
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if not path.is_file():
            continue
        site_path = path.relative_to(root).as_posix()
        if fingerprint:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
            stem, dot, suffix = site_path.rpartition(".")
            plan[site_path] = f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else f"{site_path}.{digest}"
        else:
            plan[site_path] = site_path
    return plan
