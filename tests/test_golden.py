"""The basic fixture site's generated files, compared with tests/golden/basic/ file by file.

After an intended change to templates or rendering, regenerate with:
    python -m pytest tests/test_golden.py --update-golden
and review the diff of tests/golden/ before committing it.
"""
from __future__ import annotations

import difflib
import shutil
from pathlib import Path

from .conftest import build, make_site

GOLDEN = Path(__file__).parent / "golden" / "basic"
# copied, bookkeeping, or images whose pixels depend on the fonts installed (tests/test_cards.py checks them)
SKIP = ("assets/", ".penjelas-output", ".penjelas-state.json", "cards/")
SEARCH = "pagefind/"  # Pagefind's index and UI (tests/test_search.py): compared between builds, not kept here


def generated_files(out: Path, skip: tuple[str, ...] = (*SKIP, SEARCH)) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.relative_to(out).as_posix().startswith(skip)}


def test_output_matches_golden(tmp_path, request):
    root = make_site(tmp_path)
    assert build(root).code == 0
    actual = generated_files(root / "output")
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, data in actual.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    expected = generated_files(GOLDEN)
    assert sorted(actual) == sorted(expected), "the set of generated files changed"
    diffs = []
    for name in sorted(expected):
        if actual[name] != expected[name]:
            diffs.extend(difflib.unified_diff(expected[name].decode().splitlines(), actual[name].decode().splitlines(),
                                              f"golden/{name}", f"output/{name}", lineterm=""))
    assert not diffs, "output differs from tests/golden (regenerate with --update-golden if intended):\n" + "\n".join(diffs[:200])


def test_two_builds_are_byte_identical(tmp_path):
    first = make_site(tmp_path / "a")
    second = make_site(tmp_path / "b")
    assert build(first).code == 0 and build(second).code == 0
    assert generated_files(first / "output", SKIP) == generated_files(second / "output", SKIP)
