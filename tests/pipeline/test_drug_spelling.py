"""The drug spelling model: fitted on a few drug names against English words, it labels a rare word
spelled like a drug that nothing else took, never a common English word or an entity found before,
gives its probability as confidence and is saved inside the pipeline."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.tokens import Span

from nerpipe.pipeline.confidence import entity_confidence
from nerpipe.pipeline.drug_spelling import (
    COMPONENT,
    SPELLING_SLOTS,
    WEIGHTS_FILE,
    DrugSpelling,
    SpellingModel,
    add_drug_spelling,
    spelling_word,
    word_runs,
)
from nerpipe.pipeline.patterns import load_patterns
from nerpipe.pipeline.word_classes import WordClasses
from nerpipe.training.spelling_training import common_words, fit_spelling_model, spelling_examples
from nerpipe.training.train import fit_spelling

DRUG_NAMES = [
    "diazepam",
    "lorazepam",
    "bromazepam",
    "clonazepam",
    "temazepam",
    "alprazolam",
    "triazolam",
    "bromazolam",
    "etizolam",
    "mephedrone",
    "methylone",
    "pentylone",
    "eutylone",
    "cathinone",
    "isotonitazene",
    "metonitazene",
    "protonitazene",
    "hydro-boxes",
    "yellow-boxes",
    "silver-boxes",
    "crystal meth",  # more than one word: not a spelling example
]
ENGLISH = [
    "weather",
    "morning",
    "library",
    "budget",
    "neighbours",
    "painted",
    "garden",
    "window",
    "kitchen",
    "station",
    "harbour",
    "blanket",
    "teacher",
    "council",
    "morning",
    "evening",
    "weekend",
    "holiday",
    "printer",
    "journey",
    "picture",
    "village",
    "mountain",
    "letters",
    "parking",
    "bottle",
    "shelter",
    "orchard",
    "freight",
    "machine",
    "candle",
    "tavern",
    "silver",
    "summer",
    "winter",
    "basket",
    "feather",
    "marble",
    "pillow",
    "ribbon",
    "saddle",
    "thunder",
    "wallet",
    "wrinkle",
    "zebra",
]
#: Rare names a case file holds that are neither drugs nor English words.
RARE_NAMES = ["Thornbury", "Castellanos", "Whitlock", "Nakamura", "Pavlovic", "Fontaine", "Okonkwo"]


def fitted_model() -> SpellingModel:
    """A spelling model fitted on the small word lists above."""
    word_classes = WordClasses(log_probs={word: -10 for word in ENGLISH})
    nlp = spacy.blank("en")
    docs = [nlp(f"Statement of {name} taken at the station.") for name in RARE_NAMES]
    drugs, english = spelling_examples(DRUG_NAMES, docs, word_classes)
    assert "crystal meth" not in drugs and "thornbury" in english
    return fit_spelling_model(drugs, english, common_words(word_classes))


@pytest.fixture(scope="module")
def model() -> SpellingModel:
    return fitted_model()


def pipeline(model: SpellingModel, ruler: list[dict] | None = None) -> spacy.language.Language:
    nlp = spacy.blank("en")
    if ruler:
        nlp.add_pipe("entity_ruler").add_patterns(ruler)
    add_drug_spelling(nlp, model)
    return nlp


def test_a_word_is_one_written_word_of_letters_digits_and_inner_hyphens():
    nlp = spacy.blank("en")
    doc = nlp("Seized alpha-PVP, flubromazepam. and pills- (etizolam)\nnext")
    assert [doc[start:end].text for start, end in word_runs(doc)] == [
        "Seized",
        "alpha-PVP",
        "flubromazepam",
        "and",
        "etizolam",
        "next",
    ]
    taken = {doc.text.split().index("alpha-PVP,") + 1}  # the hyphen of alpha-PVP
    assert "alpha-PVP" not in [doc[start:end].text for start, end in word_runs(doc, taken)]
    assert spelling_word("flubromazepam") and spelling_word("alpha-PVP")
    assert not any(spelling_word(word) for word in ("MDPHP", "4-fluoro", "state_of", "tusi", "--------"))


def test_a_rare_word_spelled_like_a_drug_is_labelled_with_its_probability(model):
    nlp = pipeline(model)
    doc = nlp("Gustavo said the Latin Kings forced her to carry flubromazepam across the border.")
    assert [(e.text, e.label_) for e in doc.ents] == [("flubromazepam", "DRUG")]
    confidence = entity_confidence(doc, doc.ents[0].start, doc.ents[0].end, "DRUG")
    assert 0.9 <= confidence <= 1.0
    assert model.probability("flubromazepam") == pytest.approx(confidence, abs=1e-4)


def test_common_english_words_and_rare_names_are_left_alone(model):
    nlp = pipeline(model)
    common = SpellingModel(model.weights, model.bias, model.common_words | {"flubromazepam"})
    assert common.probability("flubromazepam") > 0.9 and not common.scores("flubromazepam")
    assert pipeline(common)("She was forced to carry flubromazepam.").ents == ()
    assert nlp("Statement of Okonkwo and Thornbury, taken in the village by the harbour.").ents == ()
    assert nlp("Blankets, feathers and marbles were in the basket.").ents == ()


def test_a_compound_is_judged_only_when_one_of_its_parts_is_a_rare_word(model):
    assert model.probability("pizza-boxes") > 0.6  # it learned "-boxes" from the made-up slang
    assert not model.scores("pizza-boxes") and not model.scores("lock-boxes")
    assert model.scores("N-ethylpentylone") and model.scores("flubromazepam")
    nlp = spacy.blank("en")
    nlp.add_pipe(COMPONENT, config={"min_probability": 0.6}).set_model(model)
    doc = nlp("The search found pizza-boxes, lock-boxes and N-ethylpentylone.")
    assert [(e.text, e.label_) for e in doc.ents] == [("N-ethylpentylone", "DRUG")]


def test_entities_found_before_are_kept(model):
    nlp = pipeline(model, ruler=[{"label": "PERSON", "pattern": "flubromazepam"}])
    doc = nlp("She was forced to carry flubromazepam.")
    assert [(e.text, e.label_) for e in doc.ents] == [("flubromazepam", "PERSON")]


def test_saved_inside_the_pipeline_and_loaded_back(tmp_path, model):
    pipeline(model).to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.pipe_names == [COMPONENT]
    assert [e.text for e in loaded("He sold deschloroetizolam online.").ents] == ["deschloroetizolam"]
    assert loaded.get_pipe(COMPONENT).model.common_words == model.common_words


def test_saved_to_bytes_and_read_back(model):
    data = pipeline(model).to_bytes()
    empty = spacy.blank("en")
    empty.add_pipe(COMPONENT)
    assert empty("He sold deschloroetizolam online.").ents == ()
    assert [e.text for e in empty.from_bytes(data)("He sold deschloroetizolam online.").ents] == ["deschloroetizolam"]


def test_a_saved_model_without_its_weights_is_refused(tmp_path, model):
    pipeline(model).to_disk(tmp_path / "model")
    (tmp_path / "model" / COMPONENT / WEIGHTS_FILE).unlink()
    with pytest.raises(FileNotFoundError, match=WEIGHTS_FILE):
        spacy.load(tmp_path / "model")


def test_an_unfitted_component_changes_nothing_and_wrong_weights_are_refused(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe(COMPONENT)
    doc = nlp("He sold deschloroetizolam online.")
    assert doc.ents == ()
    nlp.to_disk(tmp_path / "unfitted")
    assert spacy.load(tmp_path / "unfitted").get_pipe(COMPONENT).model is None
    with pytest.raises(ValueError, match="weights"):
        DrugSpelling(0.9).set_model(SpellingModel(np.zeros(10, dtype=np.float32), 0.0, frozenset()))
    doc.ents = [Span(doc, 2, 3, "ORG")]
    assert DrugSpelling(0.9)(doc).ents == doc.ents


def test_training_without_a_one_word_drug_name_gives_no_spelling_model(tmp_path):
    (tmp_path / "patterns").mkdir()
    (tmp_path / "patterns" / "drugs.jsonl").write_text('{"label": "DRUG", "pattern": "crystal meth"}\n')
    patterns = load_patterns(None, tmp_path / "patterns")
    nlp = spacy.blank("en")
    word_classes = WordClasses(log_probs={word: -10 for word in ENGLISH})
    assert fit_spelling([nlp("He sold crystal meth in the village.")], patterns, word_classes) is None
    assert fit_spelling([nlp("He sold etizolam.")], patterns, WordClasses()) is None  # no vocabulary
    fitted = fit_spelling([nlp("He sold etizolam.")], patterns, word_classes)
    assert fitted is None  # "etizolam" is not gold DRUG in that doc: still nothing to learn from
    doc = nlp("He sold etizolam in the village.")
    doc.ents = [Span(doc, 2, 3, "DRUG")]
    fitted = fit_spelling([doc], patterns, word_classes)
    assert fitted is not None and fitted.summary["drug_words"] == 1


def test_fitting_needs_both_kinds_of_word():
    with pytest.raises(ValueError, match="needs drug and English words"):
        fit_spelling_model(set(), {"window"}, frozenset())
    assert fit_spelling_model({"diazepam"}, {"window"}, frozenset()).weights.shape[0] == SPELLING_SLOTS
