"""Put files into a case: read, extract, store, one whole document at a time.

Resumable: a file whose bytes are already in the case is skipped before it is parsed, so running
the same command after an interruption picks up where it stopped. With workers > 1, reading and
extraction run in that many processes (each loads the pipeline once); this process writes.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from nerpipe.config import Settings
from nerpipe.errors import FileNotReadableError, FileTooLargeError, IngestError
from nerpipe.ingest import ingest_bytes
from nerpipe.pipeline import Pipeline, build_pipeline, extract_documents
from nerpipe.pipeline.build import relation_components
from nerpipe.store import Store
from nerpipe.types import Document, Mention, PipelineInfo

ADDED, DUPLICATE, FAILED = "added", "already in the case", "failed"
log = logging.getLogger(__name__)


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
) -> list[FileOutcome]:
    """Read, extract and store each (name, bytes or path); returns one outcome per file, in the
    order they finish. Files already in the case are skipped before they are parsed."""
    store.list_documents(case)  # fail early, with a clear message, when the case does not exist
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
    if workers > 1 and len(pending) > 1:
        results: Iterator[ExtractedFile] = _parallel(pending, settings, workers)
    else:
        pipeline = pipeline or (build_case_pipeline(settings) if pending else None)
        results = (extract_file(job, pipeline, settings) for job in pending)  # type: ignore[arg-type]
    for result in results:
        report(
            store_extracted(store, case, result)
            if result.error is None
            else FileOutcome(result.name, FAILED, result.error)
        )
    return outcomes


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


def extract_file(job: FileJob, pipeline: Pipeline, settings: Settings) -> ExtractedFile:
    """Read one file (in the sandboxed reader child) and extract its entities; a problem with the
    file is the result's `error`, so the caller goes on with the next one."""
    try:
        data = job.data if job.data is not None else job.path.read_bytes()  # type: ignore[union-attr]
        document = ingest_bytes(data, job.name, settings)
    except OSError as exc:
        return ExtractedFile(job.name, error=f"cannot be read ({exc.strerror or exc})")
    except IngestError as exc:
        return ExtractedFile(job.name, error=exc.problem)
    parts = document.with_attachments()
    by_doc: dict[str, list[Mention]] = {part.id: [] for part in parts}
    try:
        for mention in extract_documents(
            pipeline.nlp, parts, batch_size=settings.batch_size, chunk_chars=settings.chunk_chars
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
