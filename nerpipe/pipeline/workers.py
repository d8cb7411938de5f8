"""Running the pipeline in several processes without spaCy's `n_process`.

spaCy's multi-process pipe sends every doc back as bytes and, when anything goes wrong in the parent
(a doc that cannot be read back, an error raised in a worker, a caller that stops reading early),
waits in `proc.join()` for a worker still blocked sending: the run hangs (seen in the ninth session,
`nerpipe extract --workers 2`). Here forked workers run the pipeline on batches and send back only
what `work` makes of each doc; a worker's error is raised in the parent, and stopping early cancels
the batches not yet started, so a run ends one way or the other.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from nerpipe.errors import WorkerError
from nerpipe.pipeline.chunking import BATCH_CHARS, batches

Context = TypeVar("Context")
Result = TypeVar("Result")

#: What a worker process runs: set in each worker by `_start_worker`. Its arguments reach the worker
#: through the fork, so the pipeline is never pickled, and two runs at once cannot mix their jobs.
_job: tuple[Language, Callable[[Doc, Any], Any]] | None = None


def pipe_in_workers(
    nlp: Language,
    items: Iterable[tuple[str, Context]],
    work: Callable[[Doc, Context], Result],
    *,
    workers: int,
    batch_size: int,
    batch_chars: int = BATCH_CHARS,
) -> Iterator[tuple[Context, Result]]:
    """(context, work(doc, context)) for each (text, context) of `items`, in order, the docs made by
    `nlp` in `workers` processes, in batches of at most `batch_size` texts and `batch_chars`
    characters. At most two batches per worker wait at any time."""
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(nlp, work),
    )
    pending: deque[tuple[list[Context], Future[list[Result]]]] = deque()
    try:
        for batch in batches(items, batch_size, batch_chars):
            contexts = [context for _, context in batch]
            pending.append((contexts, pool.submit(_run_batch, batch)))
            while len(pending) > 2 * workers:
                yield from _finished(*pending.popleft())
        while pending:
            yield from _finished(*pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _finished(contexts: list[Context], future: Future[list[Result]]) -> Iterator[tuple[Context, Result]]:
    try:
        results = future.result()
    except BrokenProcessPool as exc:
        raise WorkerError(
            "a worker process died while extracting (out of memory?): run again with fewer workers"
        ) from exc
    yield from zip(contexts, results, strict=True)


def _start_worker(nlp: Language, work: Callable[[Doc, Any], Any]) -> None:
    global _job
    _job = (nlp, work)


def _run_batch(batch: list[tuple[str, Any]]) -> list[Any]:
    assert _job is not None, "_start_worker sets the job when the worker starts"
    nlp, work = _job
    return [work(doc, context) for doc, context in nlp.pipe(batch, as_tuples=True, batch_size=len(batch))]
