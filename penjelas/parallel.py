"""Work across processes: the Markdown files and the pages of a large site are split
between forked workers.

What the work needs (the model, the renderer, the Markdown parser) reaches the workers by
fork; nothing is pickled going out but index ranges, and what comes back is small
(Prepared texts, Outputs). Used by full builds of the command line only: the dev server
runs threads, which do not mix with fork.
"""
from __future__ import annotations

import multiprocessing
from typing import Any, Callable

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


def render_in_workers(renderer: Any, todo: list, workers: int, progress: Any, sink: Callable[[Any], Any],
                      **context: Any) -> list:
    """Render the pages in `todo` with `workers` processes; return their Outputs in todo order,
    each passed through `sink` in the worker (the build writes the bytes there). Many pages
    go in batches, the first rendered in the parent so templates compile once before fork;
    a few big pages (the sources pages) go one per worker."""
    from .pages import render_page

    def render(index: int) -> tuple:
        before = len(renderer.problems.problems)
        return sink(render_page(renderer, todo[index], **context)), renderer.problems.problems[before:]

    few = len(todo) <= workers
    outputs = [] if few else [sink(render_page(renderer, todo[0], **context))]
    for output, problems in fork_map(render, len(todo), workers, progress, start=len(outputs),
                                     batch=1 if few else None):
        outputs.append(output)
        renderer.problems.extend(problems)
    return outputs


def prepare_in_workers(md: Any, texts: list[str], workers: int) -> list:
    """Parse and render Markdown texts (markdown.prepare) with `workers` processes, in order."""
    from .markdown import prepare

    return fork_map(lambda index: prepare(md, texts[index]), len(texts), workers)
