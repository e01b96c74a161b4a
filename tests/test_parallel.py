"""Rendering across processes gives exactly the files a single process gives."""
from __future__ import annotations

from pathlib import Path

from penjelas.build.pipeline import BuildOptions, SiteBuilder
from penjelas.render import parallel

from .conftest import make_site


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_parallel_build_is_byte_identical_to_a_serial_one(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 1)  # the fixture site is small
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(parallel, "BATCH", 3)
    prepared = []
    prepare_in_workers = parallel.prepare_in_workers
    monkeypatch.setattr(parallel, "prepare_in_workers",
                        lambda md, texts, workers: prepared.append(len(texts)) or prepare_in_workers(md, texts, workers))
    root = make_site(tmp_path, "untranslated")
    serial = SiteBuilder(BuildOptions(root, tmp_path / "serial", workers=1)).build()
    done = []
    forked = SiteBuilder(BuildOptions(root, tmp_path / "forked", workers=2,
                                      progress=lambda n, total: done.append((n, total)))).build()
    assert serial.ok and forked.ok
    assert files(tmp_path / "serial") == files(tmp_path / "forked")
    assert [p.format() for p in serial.problems.sorted()] == [p.format() for p in forked.problems.sorted()]
    assert done[-1][0] == done[-1][1] and len(done) > 1, "progress is reported as batches finish"
    assert prepared and prepared[0] > 1, "the Markdown files were parsed by the workers"
