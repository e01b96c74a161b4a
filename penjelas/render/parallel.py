"""Render stage, work across processes: the Markdown files and the pages of a large site are
split between forked workers (fork_map; pages.render_in_workers renders pages with it).

What the work needs (the model, the renderer, the Markdown parser) reaches the workers by
fork; nothing is pickled going out but index ranges, and what comes back is small
(Prepared texts, Outputs). Used by full builds of the command line only: the dev server
runs threads, which do not mix with fork.
"""
from __future__ import annotations

import multiprocessing
from typing import Any, Callable

from ..text.markdown import prepare

PARALLEL_MIN_PAGES = 200  # below this, starting processes costs more than it saves
PARALLEL_MIN_FILES = 200
BATCH = 32  # items per task: small enough for a live progress count and even load

_shared: dict[str, Any] = {}  # set in the parent just before forking; workers inherit it


def _run_batch(bounds: tuple[int, int]) -> list:
    work = _shared["work"]
    return [work(index) for index in range(*bounds)]


def fork_map(work: Callable[[int], Any], count: int, workers: int, progress: Any = None,
             start: int = 0, batch: int | None = None) -> list:
    """Return [work(i) for i in range(start, count)], computed by `workers` forked processes
    in batches, in order; `progress(done, count)` is called as batches come back."""
    size = batch or BATCH
    batches = [(low, min(low + size, count)) for low in range(start, count, size)]
    results: list = []
    _shared["work"] = work
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for outputs in pool.imap(_run_batch, batches):
                results.extend(outputs)
                if progress is not None:
                    progress(start + len(results), count)
    finally:
        _shared.clear()
    return results


def prepare_in_workers(md: Any, texts: list[tuple[str, str]], workers: int) -> list:
    """Parse and render Markdown texts, each (text, language) (markdown.prepare), with `workers`
    processes, in order."""
    return fork_map(lambda index: prepare(md, texts[index][0], lang=texts[index][1]), len(texts), workers)
