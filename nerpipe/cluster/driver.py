"""The driver of a cluster ingest: lists the files, keeps a bounded number in flight, reports each
file's outcome as it comes back. It holds file names and outcomes, never the case's text (bytes of
the files in flight only, when the workers cannot read the paths)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from pathlib import Path

from nerpipe.batch import DUPLICATE, FAILED, FileOutcome, content_hash
from nerpipe.cluster.connect import ClusterError, first_line
from nerpipe.cluster.tasks import PLUGIN_NAME, IngestPlugin, ingest_file, pipeline_identity, sees_file
from nerpipe.config import Settings
from nerpipe.errors import IngestError, NerpipeError
from nerpipe.store import Store
from nerpipe.training.case_models import settings_for_case

#: Files in flight per worker thread: one running, one waiting, so a worker never idles on the driver.
IN_FLIGHT_PER_THREAD = 2


def ingest_on_cluster(
    client,
    store: Store,
    case: str,
    jobs: Iterable[tuple[str, bytes | Path]],
    settings: Settings,
    *,
    on_outcome: Callable[[FileOutcome], None] | None = None,
    in_flight: int | None = None,
    send_bytes: bool | None = None,
) -> list[FileOutcome]:
    """Read, extract and store each (name, bytes or path) on the cluster's workers; one outcome per
    file, in the order they finish, as `ingest_into_case` gives them. Paths are read by the workers
    when they see the same files (a shared folder), else their bytes are sent (`send_bytes` forces
    either)."""
    from distributed import as_completed

    store.has_document(case, "")  # fail early, with the store's message, when the case does not exist
    settings = settings_for_case(store, case, settings)  # the case's own model (or the team's), as ingest uses
    store_url = store.engine.url.render_as_string(hide_password=False)
    _check_store_reachable(client, store)
    _start_workers(client, settings, store_url, store.actor)
    outcomes: list[FileOutcome] = []

    def report(outcome: FileOutcome) -> None:
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    run = uuid.uuid4().hex[:12]
    names: dict[str, str] = {}
    tasks = _tasks(client, store, case, iter(jobs), settings, send_bytes, report)
    running = as_completed()

    def submit_next() -> bool:
        task = next(tasks, None)
        if task is None:
            return False
        index, name, data, path = task
        key = f"nerpipe-ingest-{run}-{index}"
        names[key] = name
        running.add(client.submit(ingest_file, case, name, data, path, key=key, pure=False, retries=1))
        return True

    def window() -> int:
        """Files in flight: as many as the workers there are now take (workers may join or leave)."""
        return in_flight or max(2, IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))

    while running.count() < window() and submit_next():
        pass
    for future in running:
        report(_outcome(future, names.pop(future.key)))
        future.release()
        while running.count() < window() and submit_next():
            pass
    return outcomes


def _tasks(
    client,
    store: Store,
    case: str,
    jobs: Iterator[tuple[str, bytes | Path]],
    settings: Settings,
    send_bytes: bool | None,
    report: Callable[[FileOutcome], None],
) -> Iterator[tuple[int, str, bytes | None, str | None]]:
    """(index, name, bytes, path) for each file to send; files the driver already knows the outcome
    of (unreadable here, or already in the case when their bytes would be sent) are reported."""
    for index, (name, source) in enumerate(jobs):
        if isinstance(source, bytes):
            yield index, name, source, None
            continue
        if send_bytes is None:
            send_bytes = not _paths_shared(client, source)
        if not send_bytes:
            yield index, name, None, str(source.resolve())
            continue
        try:
            if store.has_document(case, content_hash(source, name, settings)):
                report(FileOutcome(name, DUPLICATE))
                continue
            data = source.read_bytes()
        except IngestError as exc:
            report(FileOutcome(name, FAILED, exc.problem))
            continue
        except OSError as exc:
            report(FileOutcome(name, FAILED, f"cannot be read ({exc.strerror or exc})"))
            continue
        yield index, name, data, None


def _paths_shared(client, path: Path) -> bool:
    """Whether every worker reads this path as the driver does (one probe, at the first file)."""
    try:
        size = path.stat().st_size
    except OSError:
        return True  # the worker reports the missing file as the single-process ingest does
    return all(client.run(sees_file, str(path.resolve()), size).values())


def _check_store_reachable(client, store: Store) -> None:
    """An SQLite store is a file: the workers must see it (a local cluster, or a shared folder)."""
    if store.engine.dialect.name != "sqlite":
        return
    database = store.engine.url.database or ""
    if not all(client.run(sees_file, database, -1).values()):
        raise ClusterError(
            f"the cluster's workers cannot open the SQLite store {database}: on several machines, use "
            "PostgreSQL (NERPIPE_DATABASE_URL=postgresql+psycopg://user:password@host/nerpipe)"
        )


def _start_workers(client, settings: Settings, store_url: str, actor: str) -> None:
    """Each worker loads the pipeline and opens the store once; all must run the same pipeline."""
    try:
        client.register_plugin(IngestPlugin(settings, store_url, actor), name=PLUGIN_NAME)
    except NerpipeError as exc:
        raise ClusterError(f"the workers could not start: {exc}") from None
    except Exception as exc:  # an error raised in a worker's setup comes back as it was raised there
        raise ClusterError(f"the workers could not start ({type(exc).__name__}: {exc})") from None
    identities = set(client.run(pipeline_identity).values())
    if len(identities) > 1:
        found = "; ".join(sorted(identities))
        raise ClusterError(
            f"the workers run different pipelines ({found}): install the same model and patterns on every "
            "worker, or set NERPIPE_MODEL and NERPIPE_PATTERNS_DIR to shared paths"
        )


def _outcome(future, name: str) -> FileOutcome:
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        return FileOutcome(
            name,
            FAILED,
            "the worker reading it stopped each time it was tried (killed, or out of memory): "
            "the file may be built to exhaust memory",
        )
    except NerpipeError:
        raise
    except (OSError, TimeoutError, CancelledError) as exc:
        why = "the connection to the scheduler was lost" if isinstance(exc, CancelledError) else first_line(exc)
        raise ClusterError(
            f"lost the Dask cluster while ingesting ({why}): run the same command again, the files stored "
            "so far are skipped"
        ) from None
