"""Retraining on a thread of its own, with a stand-in for the retrain function: progress is
readable while it runs, the verdict is kept, Cancel stops it, a second retrain on the server is
refused, a failure is a message and leaves the model in use, and only a case's analysts start
one; the start and the end are in the audit log."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from nerpipe import Settings
from nerpipe.auth.access import CaseAccess
from nerpipe.batch import Cancelled
from nerpipe.errors import CaseNotFoundError, NerpipeError, PermissionDeniedError
from nerpipe.retrain_jobs import (
    BUG_MESSAGE,
    CANCELLED_JOB,
    FINISHED,
    KEPT,
    STOPPED,
    RetrainJobs,
    RetrainRunningError,
)
from nerpipe.store import Store
from nerpipe.store.case_refs import split_ref
from nerpipe.training.case_models import case_model_info
from tests.case_helpers import add_text

TIMEOUT_S = 30


@dataclass(frozen=True)
class Outcome:
    """The fields of nerpipe.training.from_case.RetrainOutcome that the job and its views read."""

    accepted: bool
    reason: str
    model_path: Path | None
    scores: dict
    trained_on: str


USED = Outcome(True, "Not worse on the held-out documents: it is used.", Path("m"), {}, "3 corrected documents")


@pytest.fixture
def store(tmp_path):
    opened = Store.open(f"sqlite:///{tmp_path / 'nerpipe.db'}")
    opened.create_case("C")
    opened.create_case("D")
    yield opened
    opened.close()


class Paused:
    """A retrain that reports progress, then waits to be let go (or cancelled)."""

    def __init__(self, result=USED, cancelled: Exception | None = None) -> None:
        self.cancelled = cancelled or Cancelled()
        self.reached = threading.Event()
        self.go = threading.Event()
        self.result = result
        self.calls: list[str] = []

    def __call__(self, store, case, *, settings, progress=None, cancel=None):
        self.calls.append(case)
        progress("training: epoch 1 of 4", 0.25)
        self.reached.set()
        while not self.go.wait(0.02):
            if cancel():
                raise self.cancelled
        if isinstance(self.result, BaseException):
            raise self.result
        return self.result


def retrain_log(store: Store, case: str = "C") -> list[tuple[str, dict]]:
    return [(e.action, e.details) for e in store.audit.entries(case=case) if e.action.startswith("retrain.")]


def test_progress_shows_while_it_runs_and_the_verdict_is_kept(store, settings):
    retrain = Paused()
    jobs = RetrainJobs()
    job = jobs.start(store, "C", settings, started_by="ana", retrain=retrain)
    assert retrain.reached.wait(TIMEOUT_S)
    state = jobs.get(store.case_ref("C")).state()
    assert state.running and state.what == "training: epoch 1 of 4" and state.fraction == 0.25
    assert jobs.running() is job
    assert retrain_log(store) == [("retrain.start", {})]
    retrain.go.set()
    assert job.wait(TIMEOUT_S)
    state = jobs.get(store.case_ref("C")).state()  # read again later, as a rerun does
    assert state.step == FINISHED and state.outcome is USED and state.error is None and state.fraction == 1.0
    assert jobs.running() is None
    assert retrain_log(store)[-1] == (
        "retrain.end",
        {"result": "used", "reason": USED.reason, "trained_on": "3 corrected documents"},
    )
    jobs.clear(store.case_ref("C"))
    assert jobs.get(store.case_ref("C")) is None


@pytest.mark.parametrize(
    "cancelled", [Cancelled(), NerpipeError("Retraining was cancelled: the case keeps its current model.")]
)
def test_cancel_stops_it_without_a_verdict(store, settings, cancelled):
    retrain = Paused(cancelled=cancelled)
    jobs = RetrainJobs()
    job = jobs.start(store, "C", settings, retrain=retrain)
    assert retrain.reached.wait(TIMEOUT_S)
    job.cancel()
    assert job.state().cancelling
    assert job.wait(TIMEOUT_S)
    state = job.state()
    assert state.step == CANCELLED_JOB and state.outcome is None and state.error is None
    assert retrain_log(store)[-1] == ("retrain.end", {"result": "cancelled", "reason": "cancelled"})


def test_a_second_retrain_on_the_server_is_refused_until_the_first_ends(store, settings):
    first = Paused()
    jobs = RetrainJobs()
    job = jobs.start(store, "C", settings, started_by="ana", retrain=first)
    assert first.reached.wait(TIMEOUT_S)
    with pytest.raises(RetrainRunningError, match=r"already being retrained \(started by ana\)"):
        jobs.start(store, "C", settings, retrain=Paused())
    with pytest.raises(RetrainRunningError, match="Another case's model is being retrained") as refused:
        jobs.start(store, "D", settings, retrain=Paused())
    assert "'C'" not in str(refused.value) and " C " not in str(refused.value)  # another team's case stays unnamed
    assert retrain_log(store, "D") == []
    first.go.set()
    assert job.wait(TIMEOUT_S)
    second = Paused()
    second.go.set()
    assert jobs.start(store, "D", settings, retrain=second).wait(TIMEOUT_S)
    assert second.calls == ["D"]
    assert jobs.get(store.case_ref("C")).state().outcome is USED  # each case keeps its own verdict


def test_a_failure_is_a_message_and_the_model_in_use_stays(store, settings, tmp_path):
    model = tmp_path / "case-model.txt"
    model.write_text("the model in use")

    def failing(store, case, *, settings, progress=None, cancel=None):
        progress("training", 0.5)
        raise NerpipeError("Only 1 corrected document in C: retraining needs at least 3.")

    job = RetrainJobs().start(store, "C", settings, retrain=failing)
    assert job.wait(TIMEOUT_S)
    state = job.state()
    assert state.step == STOPPED and state.outcome is None
    assert state.error == (
        "Retraining stopped: Only 1 corrected document in C: retraining needs at least 3. "
        "The model in use for this case is unchanged."
    )
    assert model.read_text() == "the model in use"
    assert retrain_log(store)[-1][1]["result"] == "failed"


def test_a_bug_in_the_retrain_is_a_plain_message_not_a_traceback(store, settings):
    def buggy(store, case, *, settings, progress=None, cancel=None):
        raise KeyError("label")

    job = RetrainJobs().start(store, "C", settings, retrain=buggy)
    assert job.wait(TIMEOUT_S)
    assert job.state().step == STOPPED and job.state().error == BUG_MESSAGE


def test_only_the_cases_analysts_start_one(store, settings):
    users = store.users
    made = {name: users.add_user(name, role, "$argon2id$x") for name, role in [("ana", "analyst"), ("val", "viewer")]}
    for name in made:
        users.add_member(name, "C")
    outsider = users.add_user("out", "analyst", "$argon2id$x")
    retrain = Paused()
    retrain.go.set()
    jobs = RetrainJobs()
    with pytest.raises(PermissionDeniedError):
        jobs.start(CaseAccess(store, made["val"]), "C", settings, retrain=retrain)
    with pytest.raises(CaseNotFoundError):
        jobs.start(CaseAccess(store, outsider), "C", settings, retrain=retrain)
    assert retrain.calls == [] and retrain_log(store) == [] and jobs.running() is None
    job = jobs.start(CaseAccess(store, made["ana"]), "C", settings, started_by="ana", retrain=retrain)
    assert job.wait(TIMEOUT_S) and job.state().step == FINISHED
    actors = [(e.actor, e.action) for e in store.audit.entries(case="C") if e.action.startswith("retrain.")]
    assert actors == [("ana", "retrain.start"), ("ana", "retrain.end")]


# -- with the real retrain function (nerpipe.training.from_case), stopped before any training ------


def _corrected(store: Store, documents: int) -> None:
    texts = [
        "Agents seized fentanyl from the Latin Kings in Chicago.",
        "The Bloods sold heroin. Maria Lopez bought flakka from them.",
        "Members of MS-13 moved methamphetamine through Houston.",
    ]
    for number, text in enumerate(texts[:documents]):
        sha = add_text(store, "C", f"{number}.txt", text, [("Chicago", "GPE")])
        start = text.index(" ") + 1
        store.add_mention("C", sha, start, text.index(" ", start), "DRUG")


def test_the_real_retrain_refusing_too_few_documents_is_a_message_and_no_model_is_made(store, tmp_path):
    _corrected(store, 1)
    settings = Settings.from_env(env={}, models_dir=tmp_path / "models")
    job = RetrainJobs().start(store, "C", settings)
    assert job.wait(120)
    state = job.state()
    assert state.step == STOPPED
    assert "has 1 corrected document: retraining needs at least 3" in state.error
    assert state.error.endswith(KEPT)
    assert case_model_info(settings, split_ref(store.case_ref("C"))[1]) is None


def test_the_real_retrain_cancelled_at_once_makes_no_model(store, tmp_path):
    _corrected(store, 3)
    settings = Settings.from_env(env={}, models_dir=tmp_path / "models")
    job = RetrainJobs().start(store, "C", settings)
    job.cancel()  # heard after the corrected documents are read, before training
    assert job.wait(120)
    assert job.state().step == CANCELLED_JOB and job.state().error is None
    assert case_model_info(settings, split_ref(store.case_ref("C"))[1]) is None
    assert retrain_log(store)[-1] == ("retrain.end", {"result": "cancelled", "reason": "cancelled"})
