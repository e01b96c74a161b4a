"""Render stage, across processes: the pages of a large site are split between forked workers.

The model and the renderer reach the workers by fork (nothing is pickled going out but
page ranges); each worker returns its Outputs and the problems it met. Used by full
builds of the command line only: the dev server runs threads, which do not mix with fork.
"""
from __future__ import annotations

import multiprocessing
from typing import Any

PARALLEL_MIN_PAGES = 200  # below this, starting processes costs more than it saves
BATCH = 32  # pages per task: small enough for a live progress count and even load

_shared: dict[str, Any] = {}  # set in the parent just before forking; workers inherit it


def _render_batch(bounds: tuple[int, int]) -> tuple[list, list]:
    from .pages import render_page

    renderer, todo = _shared["renderer"], _shared["todo"]
    before = len(renderer.problems.problems)
    outputs = [render_page(renderer, page) for page in todo[bounds[0]:bounds[1]]]
    return outputs, renderer.problems.problems[before:]


def render_in_workers(renderer: Any, todo: list, workers: int, progress: Any = None) -> list:
    """Render the pages in `todo` with `workers` processes; return their Outputs in todo order."""
    from .pages import render_page

    # the first page in the parent: templates compile and locale data loads once, before fork
    first = [render_page(renderer, todo[0])]
    batches = [(start, min(start + BATCH, len(todo))) for start in range(1, len(todo), BATCH)]
    _shared.update(renderer=renderer, todo=todo)
    results: dict[int, list] = {-1: first}
    done = 1
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for index, (outputs, problems) in enumerate(pool.imap(_render_batch, batches)):
                results[index] = outputs
                renderer.problems.extend(problems)
                done += len(outputs)
                if progress is not None:
                    progress(done, len(todo))
    finally:
        _shared.clear()
    return [output for index in range(-1, len(batches)) for output in results[index]]
