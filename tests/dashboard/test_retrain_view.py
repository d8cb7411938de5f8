"""Retrain model view, with a stand-in for the retrain function: how many documents are corrected,
the button, progress with Cancel, then the before/after table and the verdict; the sidebar names
the case's model; a failure is a message; viewers see no controls."""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from nerpipe.batch import Cancelled
from nerpipe.errors import NerpipeError
from nerpipe.store.case_refs import split_ref
from nerpipe.training.case_models import case_model_dir, write_case_meta
from tests.dashboard.helpers import (
    BROKEN_VIEW,
    PASSWORD,
    app,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    logged_in,
    open_store,
    page_text,
    stored_document,
)

TEXT = "Carlos Mendez sold fentanyl to the Latin Kings.\nAna Ruiz watched from the car."
SCORES = {
    "base + patterns": {"DRUG": (1.0, 0.5, 0.667), "GANG_ORG": (0.9, 0.6, 0.72)},
    "current": {"DRUG": (1.0, 0.5, 0.667), "GANG_ORG": (0.9, 0.6, 0.72)},
    "retrained": {"DRUG": (1.0, 0.75, 0.857), "GANG_ORG": (0.95, 0.7, 0.806)},
}
TIMEOUT_S = 30


@dataclass(frozen=True)
class Outcome:
    """The fields of nerpipe.training.from_case.RetrainOutcome the view reads."""

    accepted: bool
    reason: str
    model_path: Path | None
    scores: dict
    trained_on: str


def corrected_case(documents: int = 4, corrected: int = 3) -> None:
    """A case of `documents` documents, `corrected` of them with a name an analyst added."""
    store = open_store()
    for number in range(documents):
        sha = stored_document("Op Tide", f"memo{number}.txt", TEXT, [("Carlos Mendez", "PERSON")])
        if number < corrected:
            store.add_mention("Op Tide", sha, TEXT.index("Ana Ruiz"), TEXT.index("Ana Ruiz") + 8, "PERSON")
    store.close()


class StandIn:
    """A retrain that reports progress and waits to be let go; on success it saves a case model
    as the real one does (a folder with config.cfg and case_meta.json), so the sidebar names it."""

    def __init__(self, accepted: bool = True, error: Exception | None = None) -> None:
        self.reached, self.go = threading.Event(), threading.Event()
        self.accepted, self.error = accepted, error

    def __call__(self, store, case, *, settings, progress=None, cancel=None):
        progress("training, epoch 1 of 2", 0.4)
        self.reached.set()
        while not self.go.wait(0.02):
            if cancel():
                raise Cancelled
        if self.error is not None:
            raise self.error
        folder = None
        if self.accepted:
            folder = case_model_dir(settings, split_ref(store.case_ref(case))[1])
            folder.mkdir(parents=True)
            (folder / "config.cfg").write_text("[nlp]\n")
            write_case_meta(
                folder,
                {"name": "Op Tide model 1", "trained_on": "1 corrected document", "when": "2026-12-08T01:00:00+00:00"},
            )
        reason = "Not worse on the held-out documents." if self.accepted else "Worse on GANG_ORG (F 0.72 → 0.60)."
        return Outcome(self.accepted, reason, folder, SCORES, "1 corrected document of case Op Tide")


@pytest.fixture
def stand_in(monkeypatch):
    made = StandIn()
    monkeypatch.setattr("nerpipe.retrain_jobs.default_retrain", lambda: made)
    return made


def job():
    """The case's retrain job, as the app under test keeps it (its views are imported by the app)."""
    return sys.modules["views.retrain"].jobs().get(open_store().case_ref("Op Tide"))


def start(at):
    at.button(key="retrain_start").click().run()
    return at


def test_retrain_shows_progress_then_the_before_and_after_and_the_sidebar_names_the_model(stand_in):
    corrected_case()
    at = go(app(), "Retrain model")
    assert "3 of 4 document(s) corrected (3 correction(s)" in page_text(at)
    assert "No model of its own yet" in " ".join(m.value for m in at.sidebar.markdown)
    at = start(at)
    assert stand_in.reached.wait(TIMEOUT_S)
    at = at.run()
    assert at.main.get("progress")[0].proto.text == "Retraining: training, epoch 1 of 2"
    assert [b.key for b in at.button if b.key == "retrain_cancel"] == ["retrain_cancel"]
    assert any("being retrained" in i.value for i in at.sidebar.info)
    assert at.button(key="retrain_start").disabled
    stand_in.go.set()
    assert job().wait(TIMEOUT_S)
    at = at.run()
    assert not at.exception and BROKEN_VIEW not in page_text(at)
    assert "Retrained model: used for this case. Not worse on the held-out documents." in page_text(at).replace("*", "")
    table = at.main.table[0].value.reset_index()
    assert table.to_dict("records") == [
        {"label": "DRUG", "base + patterns": "1.00 / 0.50 / 0.67", "current": "1.00 / 0.50 / 0.67",
         "retrained": "1.00 / 0.75 / 0.86"},
        {"label": "GANG_ORG", "base + patterns": "0.90 / 0.60 / 0.72", "current": "0.90 / 0.60 / 0.72",
         "retrained": "0.95 / 0.70 / 0.81"},
    ]  # fmt: skip
    assert "Op Tide model 1, trained on 1 corrected document" in " ".join(m.value for m in at.sidebar.markdown).replace(
        "*", ""
    )
    actions = [e.action for e in open_store().audit.entries(case="Op Tide")]
    assert actions[-2:] == ["retrain.start", "retrain.end"]


def test_a_model_kept_aside_says_why_and_the_sidebar_keeps_the_default(monkeypatch):
    corrected_case()
    kept = StandIn(accepted=False)
    kept.go.set()
    monkeypatch.setattr("nerpipe.retrain_jobs.default_retrain", lambda: kept)
    at = start(go(app(), "Retrain model"))
    assert job().wait(TIMEOUT_S)
    at = at.run()
    verdict = "Retrained model: kept aside, the model in use stays. Worse on GANG_ORG (F 0.72 → 0.60)."
    assert verdict in page_text(at).replace("*", "")
    assert "No model of its own yet" in " ".join(m.value for m in at.sidebar.markdown)


def test_cancel_stops_the_retrain_and_says_the_model_stays(stand_in):
    corrected_case()
    at = start(go(app(), "Retrain model"))
    assert stand_in.reached.wait(TIMEOUT_S)
    at = at.run()
    at.button(key="retrain_cancel").click().run()
    assert job().wait(TIMEOUT_S)
    at = at.run()
    assert "The retrain was cancelled. The model in use for this case is unchanged." in page_text(at)
    at.button(key="retrain_clear").click().run()
    assert "cancelled" not in page_text(at)


def test_a_failure_is_a_message_not_a_traceback(monkeypatch):
    corrected_case()
    failing = StandIn(error=NerpipeError("Only 1 corrected document: retraining needs at least 3."))
    failing.go.set()
    monkeypatch.setattr("nerpipe.retrain_jobs.default_retrain", lambda: failing)
    at = start(go(app(), "Retrain model"))
    assert job().wait(TIMEOUT_S)
    at = at.run()
    assert not at.exception
    assert [e.value.replace("\\", "") for e in at.main.error] == [
        "Retraining stopped: Only 1 corrected document: retraining needs at least 3. The model in use for this "
        "case is unchanged."
    ]


@pytest.mark.parametrize("corrected", [0, 2])
def test_with_too_few_corrected_documents_the_button_is_off_and_says_why(corrected):
    corrected_case(corrected=corrected)
    at = go(app(), "Retrain model")
    assert f"{corrected} of 4 document(s) corrected" in page_text(at)
    assert "Retraining needs corrections in at least 3 documents" in page_text(at)
    assert at.button(key="retrain_start").disabled


def test_a_viewer_sees_the_model_but_no_controls(monkeypatch, stand_in):
    from nerpipe.auth.passwords import hash_password

    monkeypatch.setenv("NERPIPE_AUTH", "1")
    corrected_case()
    store = open_store()
    store.users.add_user("ada", "admin", hash_password(PASSWORD))  # a server with logins has an admin
    store.users.add_user("val", "viewer", hash_password(PASSWORD))
    store.users.add_member("val", "Op Tide")
    at = go(logged_in("val"), "Retrain model")
    assert not at.exception
    assert not [b for b in at.button if b.key and b.key.startswith("retrain_")]
    assert "Retraining needs the analyst role" in page_text(at)
    assert "No model of its own yet" in " ".join(m.value for m in at.sidebar.markdown)


def test_an_admin_makes_the_cases_model_the_teams_and_withdraws_it_an_analyst_cannot(monkeypatch):
    """Issue 37: a case model belongs to its case, or to the team when an admin promotes it."""
    from nerpipe.auth.passwords import hash_password
    from nerpipe.config import Settings
    from nerpipe.training.case_models import team_model_info

    monkeypatch.setenv("NERPIPE_AUTH", "1")
    corrected_case()
    store = open_store()
    for name, role in [("ada", "admin"), ("ana", "analyst")]:
        store.users.add_user(name, role, hash_password(PASSWORD))
        store.users.add_member(name, "Op Tide")
    folder = case_model_dir(Settings.from_env(), split_ref(store.case_ref("Op Tide"))[1])
    folder.mkdir(parents=True)
    (folder / "config.cfg").write_text("[nlp]\n")
    write_case_meta(folder, {"name": "Op Tide model 1", "trained_on": "3 corrected documents of case Op Tide"})

    analyst = go(logged_in("ana"), "Retrain model")
    assert not [b for b in analyst.button if b.key in ("retrain_promote", "retrain_withdraw")]

    at = go(logged_in("ada"), "Retrain model")
    assert "No team model" in page_text(at)
    next(b for b in at.button if b.key == "retrain_promote").click().run()
    assert not at.exception, at.exception
    assert "now the team's" in page_text(at) and "made the team's from case Op Tide by ada" in page_text(at)
    assert team_model_info(Settings.from_env()) is not None
    next(b for b in at.button if b.key == "retrain_withdraw").click().run()
    assert "withdrawn" in page_text(at) and team_model_info(Settings.from_env()) is None
    assert [e.action for e in store.audit.entries() if e.action.startswith("model.")] == [
        "model.promote",
        "model.withdraw",
    ]
