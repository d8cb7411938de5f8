"""The context model: fitted on a few labelled sentences, it labels a word it never saw from the words
around it, leaves every entity found before it alone, gives its probability as confidence and is saved
inside the pipeline."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.tokens import Span

from nerpipe.pipeline.confidence import entity_confidence
from nerpipe.pipeline.context_features import FEATURE_SLOTS, neighbour_vectors, padded_tensor
from nerpipe.pipeline.context_ner import COMPONENT, ContextNer, VectorWeights, add_context_ner
from nerpipe.pipeline.word_classes import FILE_NAME, WordClasses
from nerpipe.training.context_training import context_examples, fit_context_model

DRUGS = ["zorblat", "quenex", "mirodine", "pastrel", "volkane", "trisp", "delmaxo", "furnol"]
FRAMES = [
    "The sample was positive for {}.",
    "Lab analysis identified {} in the bag.",
    "He admitted selling {} downtown.",
]
ORDINARY = [
    "The weather was cold in the morning.",
    "She walked to the library after lunch.",
    "The committee approved the budget for next year.",
    "Our neighbours painted the fence green.",
    "The train to the coast was late again.",
    "He admitted feeling tired after the long drive.",
]


@pytest.fixture(scope="module")
def fitted() -> tuple[list[str], np.ndarray]:
    nlp = spacy.blank("en")
    docs = []
    for frame in FRAMES:
        for drug in DRUGS:
            doc = nlp(frame.format(drug))
            start = doc.text.index(drug)
            doc.ents = [doc.char_span(start, start + len(drug), label="DRUG")]
            docs.append(doc)
    docs += [nlp(text) for text in ORDINARY * 3]
    rows, targets, vectors = context_examples(docs, ("DRUG",), WordClasses())
    assert targets.count("DRUG") == len(FRAMES) * len(DRUGS) and "O" in targets
    assert vectors.shape == (len(rows), 0)  # a blank pipeline sets no doc.tensor
    classes, weights, vector_weights = fit_context_model(rows, targets, vectors)
    assert vector_weights is None
    return classes, weights


def pipeline(fitted, *, labels=("DRUG",), ruler=()) -> spacy.language.Language:
    nlp = spacy.blank("en")
    if ruler:
        nlp.add_pipe("entity_ruler").add_patterns(list(ruler))
    add_context_ner(nlp, *fitted, WordClasses(), list(labels))
    return nlp


@spacy.Language.component("test_fake_tensor")
def fake_tensor(doc):
    """A doc.tensor whose first column says whether a token is one of the made-up verbs in VERB_SIGNS:
    what a real tok2vec would carry about a neighbour word that the hashed features never saw."""
    doc.tensor = np.array([[1.0 if token.lower_ in VERB_SIGNS else 0.0, 0.5] for token in doc], dtype=np.float32)
    return doc


VERB_SIGNS = {"grobbed", "flented", "sprowled", "quibbed"}


def test_neighbour_vectors_reach_a_neighbour_word_never_seen_beside_a_name():
    nlp = spacy.blank("en")
    nlp.add_pipe("test_fake_tensor")
    docs = []
    for verb in ["grobbed", "flented", "sprowled"]:
        for drug in DRUGS:
            doc = nlp(f"They {verb} {drug} yesterday.")
            doc.ents = [Span(doc, 2, 3, "DRUG")]
            docs.append(doc)
    docs += [nlp(f"They {verb} {word} yesterday.") for verb in ["painted", "visited", "washed"] for word in DRUGS]
    rows, targets, vectors = context_examples(docs, ("DRUG",), WordClasses())
    assert vectors.shape == (len(rows), 4)  # the token before and the token after, 2 columns each
    classes, weights, vector_weights = fit_context_model(rows, targets, vectors)
    assert vector_weights is not None and vector_weights.width == 4
    with_vectors = spacy.blank("en")
    with_vectors.add_pipe("test_fake_tensor")
    add_context_ner(with_vectors, classes, weights, WordClasses(), ["DRUG"], vector_weights)
    assert with_vectors.get_pipe(COMPONENT).needs_tensor
    # "quibbed" never came before a name in training; only its vector says it is like "grobbed".
    assert [(e.text, e.label_) for e in with_vectors("They quibbed blorvex yesterday.").ents] == [("blorvex", "DRUG")]
    assert with_vectors("They cleaned blorvex yesterday.").ents == ()
    without_vectors = spacy.blank("en")
    add_context_ner(without_vectors, classes, weights, WordClasses(), ["DRUG"])
    assert without_vectors("They quibbed blorvex yesterday.").ents == ()
    # Saved and loaded with the vectors; run without the tensor, it says what is missing.
    loaded = spacy.blank("en")
    loaded.add_pipe(COMPONENT)
    loaded.from_bytes(with_vectors.to_bytes(exclude=["test_fake_tensor"]), exclude=["test_fake_tensor"])
    assert loaded.get_pipe(COMPONENT).needs_tensor
    with pytest.raises(ValueError, match="tok2vec must run before context_ner"):
        loaded("They quibbed blorvex yesterday.")


def test_an_unseen_word_is_labelled_from_its_context_and_ordinary_text_is_left_alone(fitted):
    nlp = pipeline(fitted)
    doc = nlp("The sample was positive for blorvex.")
    assert [(e.text, e.label_) for e in doc.ents] == [("blorvex", "DRUG")]
    confidence = entity_confidence(doc, doc.ents[0].start, doc.ents[0].end, "DRUG")
    assert 0.6 <= confidence <= 1.0
    assert nlp("The committee walked to the library after lunch.").ents == ()


def test_entities_found_before_are_kept_and_only_its_labels_are_added(fitted):
    kept = pipeline(fitted, ruler=[{"label": "PERSON", "pattern": "blorvex"}])("The sample was positive for blorvex.")
    assert [(e.text, e.label_) for e in kept.ents] == [("blorvex", "PERSON")]
    assert pipeline(fitted, labels=["GANG_ORG"])("The sample was positive for blorvex.").ents == ()


def test_saved_inside_the_pipeline_and_loaded_back(tmp_path, fitted):
    pipeline(fitted).to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.pipe_names == [COMPONENT]
    assert [(e.text, e.label_) for e in loaded("Lab analysis identified krennol in the bag.").ents] == [
        ("krennol", "DRUG")
    ]


def test_saved_to_bytes_and_read_back(fitted):
    data = pipeline(fitted).to_bytes()
    empty = spacy.blank("en")
    empty.add_pipe(COMPONENT)
    assert empty("Lab analysis identified krennol in the bag.").ents == ()
    loaded = empty.from_bytes(data)
    assert [(e.text, e.label_) for e in loaded("Lab analysis identified krennol in the bag.").ents] == [
        ("krennol", "DRUG")
    ]


def test_a_saved_model_without_its_word_classes_is_refused(tmp_path, fitted):
    pipeline(fitted).to_disk(tmp_path / "model")
    (tmp_path / "model" / COMPONENT / FILE_NAME).unlink()
    with pytest.raises(FileNotFoundError, match=FILE_NAME):
        spacy.load(tmp_path / "model")


def test_an_unfitted_model_changes_nothing_and_a_mismatched_one_is_refused(fitted):
    nlp = spacy.blank("en")
    doc = nlp("The sample was positive for blorvex.")
    doc.ents = [Span(doc, 0, 1, "ORG")]
    assert ContextNer(["DRUG"], 0.6)(doc).ents == doc.ents
    classes, weights = fitted
    with pytest.raises(ValueError, match="do not fit"):
        ContextNer(["DRUG"], 0.6).set_model([*classes, "WEAPON"], weights, WordClasses())
    with pytest.raises(ValueError, match="do not fit"):
        ContextNer(["DRUG"], 0.6).set_model(classes, np.zeros((FEATURE_SLOTS, 1)), WordClasses())
    wrong = VectorWeights(np.zeros((4, 1)), np.zeros(4), np.ones(4))
    with pytest.raises(ValueError, match="do not fit vector weights"):
        ContextNer(["DRUG"], 0.6).set_model(classes, weights, WordClasses(), wrong)


def test_vector_scores_projected_per_token_equal_the_standardised_vectors_times_the_weights():
    """span_scores projects each token once; it must give what the fit saw: ((v - mean) / scale) @ W."""
    rng = np.random.default_rng(0)
    doc = spacy.blank("en")("one two three four five")
    doc.tensor = rng.normal(size=(5, 3)).astype(np.float32)
    vectors = VectorWeights(rng.normal(size=(6, 2)), rng.normal(size=6), rng.uniform(0.5, 2.0, size=6))
    spans = [(0, 1), (1, 3), (2, 5), (0, 5), (4, 5)]
    expected = ((neighbour_vectors(doc, spans) - vectors.mean) / vectors.scale) @ vectors.weights
    assert np.allclose(vectors.span_scores(padded_tensor(doc), spans), expected, atol=1e-5)
