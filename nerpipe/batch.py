"""Put files into a case: read, extract, store, one whole document at a time.

Resumable: a file whose bytes are already in the case is skipped before it is parsed, so running
the same command after an interruption picks up where it stopped. With workers > 1, reading and
extraction run in that many processes (each loads the pipeline once); this process writes.

A caller may stop the batch (`cancel`): it is honoured between files and, one by one, between the
extraction batches of a file and the scanned pages being read. A file is stored only once all of
it is extracted, so the one being read when it stops is dropped whole: never half a file in the case.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from nerpipe.config import Settings
from nerpipe.errors import FileNotReadableError, FileTooLargeError, IngestError
from nerpipe.ingest import ingest_bytes
from nerpipe.ingest.sandbox import page_progress
from nerpipe.pipeline import Pipeline, build_pipeline, extract_documents
from nerpipe.pipeline.build import relation_components
from nerpipe.pipeline.chunking import BATCH_CHARS
from nerpipe.store import Store
from nerpipe.training.case_models import settings_for_case, uses_model
from nerpipe.types import Document, Mention, PipelineInfo

ADDED, DUPLICATE, FAILED = "added", "already in the case", "failed"
#: A file not added because the caller cancelled the batch (only callers that pass `cancel` see it).
CANCELLED = "cancelled"
CANCELLED_REASON = "not added: the upload was cancelled before this file was stored"
READING, EXTRACTING, STORING = "reading", "extracting", "storing"
log = logging.getLogger(__name__)


class Cancelled(BaseException):
    """Raised where the work checks its cancel flag. A BaseException, like KeyboardInterrupt: the
    `except Exception` that keeps one damaged file from stopping a batch must not swallow it."""


@dataclass(frozen=True, slots=True)
class FileProgress:
    """Where the file in hand stands: reading it, extracting (`done` of `total` characters of its
    text and attachments), or storing it."""

    name: str
    step: str
    done: int = 0
    total: int = 0


@dataclass(slots=True)
class FileOutcome:
    """What happened to one input file (an e-mail's attachments are counted with it)."""

    name: str
    status: str
    reason: str = ""
    documents: int = 0
    mentions: int = 0
    pages: int | None = None
    words: int = 0
    warnings: list[str] = field(default_factory=list)
    labels: dict[str, int] = field(default_factory=dict)


def collect_files(paths: Iterable[Path], recursive: bool) -> tuple[list[Path], list[FileOutcome]]:
    """Files named directly, and the files in named folders (and below them with `recursive`).
    A missing path is an outcome of its own, so the rest still goes in."""
    files: list[Path] = []
    problems: list[FileOutcome] = []
    for path in paths:
        if path.is_dir():
            walker = path.rglob("*") if recursive else path.iterdir()
            files.extend(sorted(p for p in walker if p.is_file() and not p.name.startswith(".")))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(FileOutcome(str(path), FAILED, "no such file or folder"))
    return files, problems


def build_case_pipeline(settings: Settings) -> Pipeline:
    """The pipeline for stored cases: the extraction pipeline, with the parser when the settings
    ask for relation words on links (NERPIPE_RELATIONS=1)."""
    return build_pipeline(settings, extra_components=relation_components(settings))


@dataclass(frozen=True, slots=True)
class FileJob:
    """A file to read: its bytes (uploads) or its path (read by whichever process extracts it)."""

    name: str
    data: bytes | None
    path: Path | None


@dataclass(slots=True)
class ExtractedFile:
    name: str
    documents: list[Document] = field(default_factory=list)
    mentions: list[list[Mention]] = field(default_factory=list)
    info: PipelineInfo | None = None
    error: str | None = None


def ingest_into_case(
    store: Store,
    case: str,
    jobs: Iterable[tuple[str, bytes | Path]],
    settings: Settings,
    *,
    pipeline: Pipeline | None = None,
    workers: int = 1,
    on_outcome: Callable[[FileOutcome], None] | None = None,
    on_progress: Callable[[FileProgress], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[FileOutcome]:
    """Read, extract and store each (name, bytes or path); returns one outcome per file, in the
    order they finish. Files already in the case are skipped before they are parsed.

    `on_progress` hears where the file in hand stands (one file at a time only: with workers > 1
    the files are read elsewhere). Once `cancel` is set, the file in hand and those after it are
    `CANCELLED` outcomes and none of them is stored; the files stored before stay."""
    store.list_documents(case)  # fail early, with a clear message, when the case does not exist
    own = settings_for_case(store, case, settings)  # the case's own model, when it has one
    if own.model != settings.model and pipeline is not None and not uses_model(pipeline.info.path, own):
        pipeline = None  # the shared pipeline given is not the case's model: the case's is built
    settings = own
    outcomes: list[FileOutcome] = []

    def report(outcome: FileOutcome) -> None:
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    pending: list[FileJob] = []
    for name, source in jobs:
        try:
            digest = content_hash(source, name, settings)
        except IngestError as exc:
            report(FileOutcome(name, FAILED, exc.problem))
            continue
        if store.has_document(case, digest):
            report(FileOutcome(name, DUPLICATE))
            continue
        pending.append(FileJob(name, source, None) if isinstance(source, bytes) else FileJob(name, None, source))
    unfinished = Counter(job.name for job in pending)
    names = [job.name for job in pending]
    if workers > 1 and len(pending) > 1:
        results: Iterator[ExtractedFile] = _parallel(pending, settings, workers)
    else:
        pipeline = pipeline or (build_case_pipeline(settings) if pending else None)
        queue = deque(pending)
        pending.clear()  # each file's bytes go once it is done
        results = _in_turn(queue, pipeline, settings, on_progress, cancel)  # type: ignore[arg-type]
    try:
        for result in results:
            unfinished[result.name] -= 1
            if result.error is not None:
                report(FileOutcome(result.name, FAILED, result.error))
                continue
            if on_progress is not None:
                total = sum(len(document.text) for document in result.documents)
                on_progress(FileProgress(result.name, STORING, total, total))
            report(store_extracted(store, case, result))
            if cancel is not None and cancel.is_set():
                break
    except Cancelled:
        pass
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # a pool stops with it
    for name in names:  # only when cancelled: the files not reached, in the order given
        if unfinished[name] > 0:
            unfinished[name] -= 1
            report(FileOutcome(name, CANCELLED, CANCELLED_REASON))
    return outcomes


def _in_turn(
    queue: deque[FileJob],
    pipeline: Pipeline,
    settings: Settings,
    on_progress: Callable[[FileProgress], None] | None,
    cancel: threading.Event | None,
) -> Iterator[ExtractedFile]:
    """One file after another, each let go (its bytes with it) once it is extracted."""
    while queue:
        if cancel is not None and cancel.is_set():
            raise Cancelled
        job = queue.popleft()
        yield extract_file(job, pipeline, settings, on_progress=on_progress, cancel=cancel)
        del job


def content_hash(source: bytes | Path, name: str, settings: Settings) -> str:
    """The content hash, read in blocks (a path is not kept in memory)."""
    if isinstance(source, bytes):
        return hashlib.sha256(source).hexdigest()
    try:
        if source.is_dir():
            raise FileNotReadableError(name, "is a folder, not a file")
        if source.stat().st_size > settings.max_file_bytes:
            limit = settings.max_file_bytes / 1024**2
            raise FileTooLargeError(
                name, f"the file is larger than the {limit:,.0f} MB limit: split it, or raise NERPIPE_MAX_FILE_MB"
            )
        digest = hashlib.sha256()
        with source.open("rb") as stream:
            for block in iter(lambda: stream.read(1024 * 1024), b""):
                digest.update(block)
        return digest.hexdigest()
    except FileNotFoundError:
        raise FileNotReadableError(name, "no such file") from None
    except OSError as exc:
        raise FileNotReadableError(name, f"cannot be read ({exc.strerror or exc})") from None


def extract_file(
    job: FileJob,
    pipeline: Pipeline,
    settings: Settings,
    *,
    on_progress: Callable[[FileProgress], None] | None = None,
    cancel: threading.Event | None = None,
) -> ExtractedFile:
    """Read one file (in the sandboxed reader child) and extract its entities; a problem with the
    file is the result's `error`, so the caller goes on with the next one. Raises `Cancelled`
    between extraction batches once `cancel` is set."""

    def tell(step: str, done: int = 0, total: int = 0) -> None:
        if on_progress is not None:
            on_progress(FileProgress(job.name, step, done, total))

    def page_read(filename: str, page: int, pages: int) -> None:
        tell(READING, page, pages)
        if cancel is not None and cancel.is_set():
            raise Cancelled  # the reader child is killed on the way out

    tell(READING)
    # A caller that follows the file hears of its scanned pages through on_progress; one that does
    # not keeps its own page listener (the CLI's bars).
    followed = on_progress is not None or cancel is not None
    pages: AbstractContextManager[None] = page_progress(page_read) if followed else nullcontext()
    try:
        with pages:
            data = job.data if job.data is not None else job.path.read_bytes()  # type: ignore[union-attr]
            document = ingest_bytes(data, job.name, settings)
    except OSError as exc:
        return ExtractedFile(job.name, error=f"cannot be read ({exc.strerror or exc})")
    except IngestError as exc:
        return ExtractedFile(job.name, error=exc.problem)
    del data
    parts = document.with_attachments()
    by_doc: dict[str, list[Mention]] = {part.id: [] for part in parts}
    total = sum(len(part.text) for part in parts)
    done = 0

    def advance(characters: int) -> None:
        nonlocal done
        done += characters
        tell(EXTRACTING, done, total)
        if cancel is not None and cancel.is_set():
            raise Cancelled

    tell(EXTRACTING, 0, total)
    # Followed, a file goes through the pipeline one piece a batch, so that progress and a cancel
    # come every piece (100,000 characters, a few seconds), not every two; the pieces, and so the
    # mentions, are the same.
    batch_chars = min(settings.chunk_chars, BATCH_CHARS) if followed else BATCH_CHARS
    try:
        for mention in extract_documents(
            pipeline.nlp,
            parts,
            batch_size=settings.batch_size,
            batch_chars=batch_chars,
            chunk_chars=settings.chunk_chars,
            on_progress=advance,
        ):
            by_doc[mention.doc].append(mention)
    except Exception as exc:  # one document the pipeline fails on must not stop the batch
        log.info("extraction failed on %s", job.name, exc_info=True)
        return ExtractedFile(job.name, error=f"entities could not be extracted ({type(exc).__name__}: {exc})")
    return ExtractedFile(job.name, parts, [by_doc[part.id] for part in parts], pipeline.info)


def store_extracted(store: Store, case: str, result: ExtractedFile) -> FileOutcome:
    """Each document (the file, then its attachments) in its own transaction."""
    info = result.info
    assert info is not None
    first = result.documents[0]
    outcome = FileOutcome(
        result.name, ADDED, pages=first.pages, words=sum(len(d.text.split()) for d in result.documents)
    )
    ids: dict[str, int] = {}
    for document, found in zip(result.documents, result.mentions, strict=True):
        parent = ids.get(document.parent) if document.parent else None
        added = store.add_document(case, document, found, info, info.patterns_hash, parent_id=parent)
        ids[document.id] = added.document_id
        if document is first and not added.added:
            return FileOutcome(result.name, DUPLICATE)
        if added.added:
            outcome.documents += 1
            outcome.mentions += len(found)
            outcome.warnings.extend(w if document is first else f"{document.filename}: {w}" for w in document.warnings)
            for mention in found:
                outcome.labels[mention.label] = outcome.labels.get(mention.label, 0) + 1
    return outcome


_worker_pipeline: Pipeline | None = None
_worker_settings: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_pipeline, _worker_settings
    _worker_settings = settings
    _worker_pipeline = build_case_pipeline(settings)


def _work(job: FileJob) -> ExtractedFile:
    assert _worker_pipeline is not None and _worker_settings is not None
    return extract_file(job, _worker_pipeline, _worker_settings)


#: Why a file fails when the worker process reading it died (killed, or out of memory).
WORKER_DIED = (
    "the worker process reading this file stopped (killed, or out of memory): the file may be built to exhaust "
    "memory; the other files went on"
)


def _parallel(jobs: list[FileJob], settings: Settings, workers: int) -> Iterator[ExtractedFile]:
    """Results in the order they finish, at most two files a worker in flight. A worker that dies
    breaks its pool and every file in flight with it: those files are read again one at a time,
    so only the one that stops its worker again fails; the rest go on in a new pool."""
    queue = deque(jobs)
    suspects: deque[FileJob] = deque()
    while queue or suspects:
        if suspects:
            yield from _one_at_a_time(suspects, settings)
            continue
        with _pool(settings, workers) as pool:
            in_flight: dict[Future[ExtractedFile], FileJob] = {}
            while queue or in_flight:
                broken = False
                while queue and len(in_flight) < 2 * workers and not broken:
                    try:
                        in_flight[pool.submit(_work, queue[0])] = queue[0]
                        queue.popleft()
                    except BrokenProcessPool:  # broken since the last wait: its futures say by whom
                        broken = True
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    job = in_flight.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        suspects.append(job)
                        broken = True
                    except Exception as exc:  # a result that cannot come back (pickling...): this file's
                        yield ExtractedFile(job.name, error=f"could not be processed ({type(exc).__name__}: {exc})")
                if broken:
                    log.warning("a worker process died; the %d file(s) in flight are read again", len(in_flight))
                    suspects.extend(in_flight.values())
                    break


def _one_at_a_time(suspects: deque[FileJob], settings: Settings) -> Iterator[ExtractedFile]:
    """Read the files that were in flight when a worker died, alone: the file whose worker dies
    again is the cause and fails; the pool is made anew for the next one."""
    with _pool(settings, 1) as pool:
        while suspects:
            job = suspects.popleft()
            try:
                yield pool.submit(_work, job).result()
            except BrokenProcessPool:
                log.warning("a worker process died reading %s", job.name)
                yield ExtractedFile(job.name, error=WORKER_DIED)
                return
            except Exception as exc:
                yield ExtractedFile(job.name, error=f"could not be processed ({type(exc).__name__}: {exc})")


@contextmanager
def _pool(settings: Settings, workers: int) -> Iterator[ProcessPoolExecutor]:
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_init_worker,
        initargs=(settings,),
    )
    try:
        yield pool
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
