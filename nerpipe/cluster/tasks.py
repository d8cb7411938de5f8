"""What runs on a Dask worker: the pipeline and the store, set up once per worker process by a
plugin, and one task per file that reads, extracts and stores it as `nerpipe ingest` does.

A task is safe to run twice (Dask runs it again elsewhere when its worker dies): a file whose bytes
are already in the case is skipped before it is parsed, and the store never holds the same bytes
twice in a case (its unique constraint settles two writers at once)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from pathlib import Path

from distributed import WorkerPlugin, get_worker

from nerpipe.batch import (
    DUPLICATE,
    FAILED,
    FileJob,
    FileOutcome,
    build_case_pipeline,
    content_hash,
    extract_file,
    store_extracted,
)
from nerpipe.config import Settings
from nerpipe.errors import IngestError
from nerpipe.pipeline import Pipeline
from nerpipe.store import Store

PLUGIN_NAME = "nerpipe-ingest"


class IngestPlugin(WorkerPlugin):
    """Loads the case pipeline and opens the store once per worker process (and again in a worker
    that replaces a dead one)."""

    def __init__(self, settings: Settings, store_url: str, actor: str) -> None:
        self.settings = settings
        self.store_url = store_url
        self.actor = actor
        self.pipeline: Pipeline | None = None
        self.store: Store | None = None

    def setup(self, worker) -> None:
        _stop_profiler(worker)
        self.pipeline = cached_pipeline(self.settings)
        self.store = Store.open(self.store_url, actor=self.actor)

    def teardown(self, worker) -> None:
        if self.store is not None:
            self.store.close()


def _stop_profiler(worker) -> None:
    """Dask's statistical profiler samples the worker's stack every 10 ms and keeps what it saw: a
    worker grew by about 0.3 MB per file with it (and it costs time); nothing here reads it."""
    for name in ("profile", "profile-cycle"):
        callback = worker.periodic_callbacks.pop(name, None)
        if callback is not None:
            callback.stop()
    worker.profile_history.clear()
    worker.profile_keys_history.clear()


#: Pipelines this process has loaded, by settings and the state of their files: a worker that
#: serves several ingest runs loads the pipeline once, and again only when a model or pattern changes.
_pipelines: dict[tuple[Settings, tuple[float, int]], Pipeline] = {}


def cached_pipeline(settings: Settings) -> Pipeline:
    key = (settings, _files_stamp(settings.patterns_dir, settings.models_dir))
    if key not in _pipelines:
        _pipelines.clear()
        _pipelines[key] = build_case_pipeline(settings)
    return _pipelines[key]


def _files_stamp(*folders: Path) -> tuple[float, int]:
    """The newest modification time and the number of files under the folders."""
    newest, count = 0.0, 0
    for folder in folders:
        for path in folder.rglob("*") if folder.is_dir() else ():
            with contextlib.suppress(OSError):
                newest = max(newest, path.stat().st_mtime)
                count += 1
    return newest, count


def ingest_file(case: str, name: str, data: bytes | None, path: str | None) -> FileOutcome:
    """Read, extract and store one file (its bytes, or a path this worker can read)."""
    plugin = get_worker().plugins[PLUGIN_NAME]
    assert isinstance(plugin, IngestPlugin) and plugin.pipeline is not None and plugin.store is not None
    source: bytes | Path = data if data is not None else Path(path or "")
    try:
        digest = content_hash(source, name, plugin.settings)
    except IngestError as exc:
        return FileOutcome(name, FAILED, exc.problem)
    if plugin.store.has_document(case, digest):
        return FileOutcome(name, DUPLICATE)
    job = FileJob(name, data, None) if data is not None else FileJob(name, None, Path(path or ""))
    result = extract_file(job, plugin.pipeline, plugin.settings)
    if result.error is not None:
        return FileOutcome(name, FAILED, result.error)
    return store_extracted(plugin.store, case, result)


def sees_file(path: str, size: int) -> bool:
    """Whether this worker reads `path` as the driver does (same size, or any size for -1): then
    paths are shared."""
    try:
        return size in (-1, os.stat(path).st_size)
    except OSError:
        return False


def is_daemonic() -> bool:
    return bool(multiprocessing.current_process().daemon)


def pipeline_identity(dask_worker) -> str:
    """The pipeline this worker runs, for the driver to check that every worker runs the same
    (called through `client.run`, which passes the worker)."""
    plugin = dask_worker.plugins[PLUGIN_NAME]
    info = plugin.pipeline.info
    return f"{info.name} {info.version} (patterns {info.patterns_hash[:12]})"
