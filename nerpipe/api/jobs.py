"""Uploads run as jobs, one at a time in a background thread (the machine's cores go to the
pipeline), each with its per-file outcomes as they finish. Jobs live in this server's memory:
after a restart their ids are gone, but what they stored stays, and uploading the same files
again skips those already in the case."""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from nerpipe.api.problems import ApiProblem
from nerpipe.errors import NerpipeError

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
log = logging.getLogger(__name__)


@dataclass
class Job:
    id: str
    case_id: int
    case: str
    owner: str
    files: int
    status: str = QUEUED
    outcomes: list[dict] = field(default_factory=list)
    error: str | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None
    future: Future | None = field(default=None, repr=False)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "case_id": self.case_id,
            "status": self.status,
            "files": self.files,
            "files_done": len(self.outcomes),
            "outcomes": list(self.outcomes),
            "error": self.error,
            "created_at": self.created_at,
            "finished_at": self.finished_at,
        }


class JobRunner:
    """The jobs of this server; each is visible to the one who started it only."""

    def __init__(self, *, keep: int = 500) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nerpipe-upload")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._keep = keep
        self._lock = threading.Lock()

    def submit(self, owner: str, case_id: int, case: str, files: int, work: Callable[[Job], None]) -> Job:
        job = Job(uuid.uuid4().hex, case_id, case, owner, files)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self._keep:  # the oldest finished ones go first
                oldest = next((j for j in self._jobs.values() if j.status in (DONE, FAILED)), None)
                if oldest is None:
                    break
                del self._jobs[oldest.id]
        job.future = self._executor.submit(self._run, job, work)
        return job

    @staticmethod
    def _run(job: Job, work: Callable[[Job], None]) -> None:
        job.status = RUNNING
        try:
            work(job)
            job.status = DONE
        except NerpipeError as exc:
            job.status, job.error = FAILED, str(exc)
        except Exception:  # a bug: logged for us, the job says it failed
            log.exception("upload job %s failed", job.id)
            job.status, job.error = FAILED, "The upload stopped on an error in nerpipe: files already stored are kept."
        finally:
            job.finished_at = datetime.now(UTC)

    def get(self, job_id: str, owner: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or job.owner != owner:
            raise ApiProblem(404, f"No job {job_id} (jobs are kept until the server restarts).")
        return job

    def unfinished(self, owner: str) -> int:
        """How many of `owner`'s jobs are queued or running (their files wait on this server's disk)."""
        with self._lock:
            return sum(1 for job in self._jobs.values() if job.owner == owner and job.status in (QUEUED, RUNNING))

    @staticmethod
    def wait(job: Job, seconds: float) -> None:
        if job.future is not None and seconds > 0:
            with contextlib.suppress(TimeoutError):
                job.future.result(timeout=seconds)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
