from nerpipe import Settings, build_pipeline, extract_text

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
