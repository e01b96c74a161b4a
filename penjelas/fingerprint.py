"""Fingerprints of originals: a short hash of the text a translation translates.

Input: text (a document's title, summary, key points and body, or an entry's per-language
text). Output: the fingerprint a translation records in `translation_of`. Pure functions,
below the model (Document.fingerprint uses them) and the translation checks.
"""
from __future__ import annotations

import hashlib
from typing import Any

FINGERPRINT_LENGTH = 12


def fingerprint(text: str) -> str:
    """Return the short fingerprint of an original's text (line endings and trailing spaces ignored)."""
    normal = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def document_text(title: Any, summary: Any, key_points: Any, body: str) -> str:
    """Return what a translation of a document translates: title, summary, key points, body."""
    points = [f"key point: {point}" for point in key_points or ()]
    return "\n".join([f"title: {title}", f"summary: {summary}", *points, "", body])
