"""Retraining a case's model on a thread of its own, as uploads run (`nerpipe.upload_jobs`): a
Streamlit script run ends at the next click, and a retrain inside it would end with it, so the
dashboard starts a job here and reads its state at every rerun.

One retrain runs at a time on a server: training takes every core and a model's worth of memory,
and two at once would starve the dashboard and each other, so a second one is refused with a
message saying so. A job keeps what it is doing (the retrain function's progress), a cancel flag
that the function checks between its steps, and then its outcome or its error until someone
clears it, so an analyst who comes back finds the verdict. The retrain function installs the new
model only when it accepts it; a job that fails or is cancelled leaves the model in use as it was.

Starting a job is an analyst's act in the case (the access layer's `record_retrain`, which
refuses viewers and non-members); its start and its end are in the audit log.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from nerpipe.batch import Cancelled
from nerpipe.config import Settings
from nerpipe.errors import NerpipeError

if TYPE_CHECKING:
    from nerpipe.training.from_case import RetrainOutcome

#: What a job is doing: running, or ended (an outcome, cancelled, or stopped by an error).
RUNNING, FINISHED, CANCELLED_JOB, STOPPED = "running", "finished", "cancelled", "stopped"
KEPT = "The model in use for this case is unchanged."
BUG_MESSAGE = f"Retraining stopped on an error in nerpipe. {KEPT}"
log = logging.getLogger(__name__)


class RetrainFunction(Protocol):
    """`nerpipe.training.from_case.retrain_from_case`, or a stand-in for tests."""

    def __call__(
        self,
        store: Any,
        case: str,
        *,
        settings: Settings,
        progress: Callable[[str, float], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> RetrainOutcome: ...


def default_retrain() -> RetrainFunction:
    """The real retrain function, imported when first used (spaCy's training code is heavy)."""
    from nerpipe.training.from_case import retrain_from_case

    return retrain_from_case


class RetrainRunningError(NerpipeError):
    """A second retrain while one is running on this server."""


@dataclass(frozen=True, slots=True)
class RetrainState:
    """A job as it stands now, for a view to draw (the job goes on changing, this does not)."""

    case: str
    started_by: str
    step: str
    what: str
    fraction: float
    cancelling: bool
    outcome: RetrainOutcome | None
    error: str | None

    @property
    def running(self) -> bool:
        return self.step == RUNNING


class RetrainJob:
    """One retrain of one case's model, run on its own thread by `start`."""

    def __init__(self, store: Any, case: str, settings: Settings, retrain: RetrainFunction, *, started_by: str) -> None:
        self.case = case
        self._store = store
        self._settings = settings
        self._retrain = retrain
        self._started_by = started_by
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self._ended = threading.Event()
        self._step = RUNNING
        self._what = "starting"
        self._fraction = 0.0
        self._outcome: RetrainOutcome | None = None
        self._error: str | None = None
        self._thread = threading.Thread(target=self._run, name=f"nerpipe-retrain {case}", daemon=True)

    def start(self) -> RetrainJob:
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Stop at the retrain's next step or epoch; the model in use stays."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the job has ended."""
        return self._ended.wait(timeout)

    def state(self) -> RetrainState:
        with self._lock:
            return RetrainState(
                self.case,
                self._started_by,
                self._step,
                self._what,
                self._fraction,
                self._cancel.is_set(),
                self._outcome,
                self._error,
            )

    def _run(self) -> None:
        outcome: RetrainOutcome | None = None
        error: str | None = None
        try:
            outcome = self._retrain(
                self._store, self.case, settings=self._settings, progress=self._on_progress, cancel=self._cancel.is_set
            )
        except Cancelled:
            pass
        except NerpipeError as exc:
            if not self._cancel.is_set():  # a cancelled retrain may say so by raising
                error = f"Retraining stopped: {exc} {KEPT}"
        except Exception:  # a bug: logged for us, the job says it stopped
            log.exception("retraining the model of %s stopped", self.case)
            error = BUG_MESSAGE
        with self._lock:
            self._outcome = outcome
            self._error = error
            self._step = FINISHED if outcome is not None else STOPPED if error else CANCELLED_JOB
            if outcome is not None:
                self._fraction = 1.0
        self._record_end()
        self._ended.set()

    def _on_progress(self, what: str, fraction: float) -> None:
        with self._lock:
            self._what = what
            self._fraction = min(max(float(fraction), 0.0), 1.0)

    def _record_end(self) -> None:
        state = self.state()
        if state.outcome is not None:
            details = {
                "result": "used" if state.outcome.accepted else "kept aside",
                "reason": state.outcome.reason,
                "trained_on": state.outcome.trained_on,
            }
        else:
            details = {"result": "failed" if state.error else "cancelled", "reason": state.error or "cancelled"}
        try:
            self._store.record_retrain(self.case, "end", details)
        except Exception:  # e.g. the starter lost the role meanwhile: the job's own report still stands
            log.exception("the end of retraining %s could not be logged", self.case)


class RetrainJobs:
    """The retrains of one server: at most one running, and the last one of each case kept (its
    verdict) until cleared. Keyed by the case's NAME#ID, so two teams' cases of one name stay apart."""

    def __init__(self) -> None:
        self._jobs: dict[str, RetrainJob] = {}
        self._lock = threading.Lock()

    def start(
        self,
        store: Any,
        case: str,
        settings: Settings,
        *,
        started_by: str = "",
        retrain: RetrainFunction | None = None,
    ) -> RetrainJob:
        """A new job, started; refused while any retrain runs on this server. `store` is the
        store as the user may use it (nerpipe.auth.access): a viewer or a non-member is refused
        before anything starts. The start is in the audit log."""
        retrain = retrain or default_retrain()
        ref = store.case_ref(case)
        with self._lock:
            running = next((job for job in self._jobs.values() if not job.wait(0)), None)
            if running is not None:
                raise RetrainRunningError(self._busy_message(running, ref))
            store.record_retrain(case, "start")
            job = RetrainJob(store, case, settings, retrain, started_by=started_by)
            self._jobs[ref] = job.start()
            return job

    def get(self, case_ref: str) -> RetrainJob | None:
        with self._lock:
            return self._jobs.get(case_ref)

    def running(self) -> RetrainJob | None:
        """The retrain running on this server, if any (of any case)."""
        with self._lock:
            return next((job for job in self._jobs.values() if not job.wait(0)), None)

    def clear(self, case_ref: str) -> None:
        """Forget an ended job (its verdict has been read); a running one stays."""
        with self._lock:
            job = self._jobs.get(case_ref)
            if job is not None and job.wait(0):
                del self._jobs[case_ref]

    def _busy_message(self, running: RetrainJob, ref: str) -> str:
        if self._jobs.get(ref) is running:
            who = f" (started by {running.state().started_by})" if running.state().started_by else ""
            return f"This case's model is already being retrained{who}: wait for it to end, or cancel it."
        # Another case, perhaps another team's: its name is not given.
        return (
            "Another case's model is being retrained on this server, and one retrain runs at a time (it uses "
            "every core): try again when it has ended, in a few minutes."
        )
