"""Uploads that run on a thread of their own, so that nothing the person who started one does
meanwhile can stop it: a Streamlit script run ends at the next widget interaction, and an ingest
run inside it would end with it.

A job holds its files' bytes until each is read, the outcome of every file as it ends, where the
file in hand stands (characters extracted, or scanned pages read) and a cancel flag that the
ingest checks between files and between a file's extraction batches (`nerpipe.batch`): a file is
stored whole or not at all. Jobs of one server take turns on the pipeline (one core's worth of
work each, and memory for one file at a time); a job waiting for its turn says so.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from nerpipe.batch import (
    CANCELLED,
    CANCELLED_REASON,
    FAILED,
    READING,
    Cancelled,
    FileOutcome,
    FileProgress,
    ingest_into_case,
)
from nerpipe.config import Settings
from nerpipe.errors import NerpipeError
from nerpipe.pipeline import Pipeline
from nerpipe.store import Store

#: What a job is doing: waiting for another job to finish with the pipeline, running, or ended
#: (all files done, cancelled, or stopped by an error such as a store that became unavailable).
WAITING, RUNNING, FINISHED, CANCELLED_JOB, STOPPED = "waiting", "running", "finished", "cancelled", "stopped"
#: How often a waiting job looks whether it was cancelled (seconds).
_POLL_S = 0.2
BUG_MESSAGE = "The upload stopped on an error in nerpipe: the files already added are kept."
log = logging.getLogger(__name__)


class UploadRunningError(NerpipeError):
    """A second upload into a case while the first one is still running."""


@dataclass(frozen=True, slots=True)
class UploadState:
    """A job as it stands now, for a view to draw (the job goes on changing, this does not)."""

    case: str
    files: int
    step: str
    outcomes: tuple[FileOutcome, ...]
    current: FileProgress | None
    cancelling: bool
    error: str | None

    @property
    def running(self) -> bool:
        return self.step in (WAITING, RUNNING)

    @property
    def fraction(self) -> float:
        """Files done, plus the share of the file in hand that is extracted."""
        if not self.files:
            return 1.0
        within = 0.0
        if self.running and self.current is not None and self.current.step != READING and self.current.total:
            within = min(self.current.done / self.current.total, 1.0)
        return min((len(self.outcomes) + within) / self.files, 1.0)


class UploadJob:
    """One upload into one case, run on its own thread by `start`."""

    def __init__(
        self,
        store: Store,
        case: str,
        files: list[tuple[str, bytes]],
        settings: Settings,
        pipeline: Pipeline,
        *,
        turn: threading.Lock | None = None,
    ) -> None:
        self.case = case
        self._store = store
        self._files: list[tuple[str, bytes]] | None = list(files)
        self._names = [name for name, _ in files]
        self._settings = settings
        self._pipeline = pipeline
        self._turn = turn or threading.Lock()
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self._ended = threading.Event()
        self._step = WAITING
        self._outcomes: list[FileOutcome] = []
        self._current: FileProgress | None = None
        self._error: str | None = None
        self._thread = threading.Thread(target=self._run, name=f"nerpipe-upload {case}", daemon=True)

    def start(self) -> UploadJob:
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Stop after the extraction batch or scanned page in hand: that file is not stored, the
        files stored before it stay, the rest are reported as not added."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the job has ended."""
        return self._ended.wait(timeout)

    def state(self) -> UploadState:
        with self._lock:
            return UploadState(
                self.case,
                len(self._names),
                self._step,
                tuple(self._outcomes),
                self._current,
                self._cancel.is_set(),
                self._error,
            )

    def _run(self) -> None:
        try:
            self._wait_for_turn()
            try:
                with self._lock:
                    self._step = RUNNING
                ingest_into_case(
                    self._store,
                    self.case,
                    self._take_files(),
                    self._settings,
                    pipeline=self._pipeline,
                    on_outcome=self._on_outcome,
                    on_progress=self._on_progress,
                    cancel=self._cancel,
                )
            finally:
                self._turn.release()
        except Cancelled:  # while it waited for its turn
            pass
        except NerpipeError as exc:
            self._stop(str(exc))
        except Exception:  # a bug: logged for us, the job says it stopped
            log.exception("upload into %s stopped", self.case)
            self._stop(BUG_MESSAGE)
        finally:
            self._end()

    def _wait_for_turn(self) -> None:
        while not self._turn.acquire(timeout=_POLL_S):
            if self._cancel.is_set():
                raise Cancelled

    def _take_files(self) -> Iterator[tuple[str, bytes]]:
        """The files, each let go by the job as the ingest takes it."""
        files, self._files = self._files or [], None
        files.reverse()
        while files:
            yield files.pop()

    def _on_outcome(self, outcome: FileOutcome) -> None:
        with self._lock:
            self._outcomes.append(outcome)
            self._current = None

    def _on_progress(self, progress: FileProgress) -> None:
        with self._lock:
            self._current = progress

    def _stop(self, error: str) -> None:
        with self._lock:
            self._error = error

    def _end(self) -> None:
        """Every file has an outcome: those the job never reached say why."""
        with self._lock:
            self._files = None
            self._current = None
            left = Counter(self._names) - Counter(o.name for o in self._outcomes)
            for name in self._names:
                if left[name] > 0:
                    left[name] -= 1
                    self._outcomes.append(
                        FileOutcome(name, FAILED, f"not added: {self._error}")
                        if self._error
                        else FileOutcome(name, CANCELLED, CANCELLED_REASON)
                    )
            self._step = STOPPED if self._error else CANCELLED_JOB if self._cancel.is_set() else FINISHED
        self._ended.set()


#: Uploads one person may have running (or waiting their turn) at once, over all cases.
MAX_RUNNING_PER_OWNER = 2


class UploadJobs:
    """The uploads of one server, one per owner and case: the one running, or the last one's
    report until its owner clears it. The owner is the logged-in user, or "" without logins."""

    def __init__(self) -> None:
        self._jobs: dict[tuple[str, str], UploadJob] = {}
        self._lock = threading.Lock()
        self._turn = threading.Lock()

    def start(
        self,
        owner: str,
        case: str,
        store: Store,
        files: list[tuple[str, bytes]],
        settings: Settings,
        pipeline: Pipeline,
    ) -> UploadJob:
        """A new job, started; refused while the owner's last one into this case still runs, or
        while MAX_RUNNING_PER_OWNER of theirs run (each holds its files' bytes until read)."""
        with self._lock:
            current = self._jobs.get((owner, case))
            if current is not None and not current.wait(0):
                raise UploadRunningError(
                    f"An upload into {case} is still running: wait for it to end, or cancel it, before adding more."
                )
            running = [c for (who, c), job in self._jobs.items() if who == owner and not job.wait(0)]
            if len(running) >= MAX_RUNNING_PER_OWNER:
                raise UploadRunningError(
                    f"You have {len(running)} uploads running (into {', '.join(sorted(running))}): wait for one "
                    "to end, or cancel it, before starting another."
                )
            job = UploadJob(store, case, files, settings, pipeline, turn=self._turn)
            self._jobs[(owner, case)] = job.start()
            return job

    def get(self, owner: str, case: str) -> UploadJob | None:
        with self._lock:
            return self._jobs.get((owner, case))

    def clear(self, owner: str, case: str) -> None:
        """Forget an ended job (its report has been read); a running one stays."""
        with self._lock:
            job = self._jobs.get((owner, case))
            if job is not None and job.wait(0):
                del self._jobs[(owner, case)]
