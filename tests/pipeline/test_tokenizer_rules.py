import spacy

from nerpipe.pipeline.build import add_entity_ruler
from nerpipe.pipeline.models import ModelChoice, load_model
from nerpipe.pipeline.tokenizer_rules import add_case_tokenizer_rules, blank_english
from nerpipe.training.convert import AnnotatedText, Span, clean

SENTENCE_END = "The screen was positive for 2C-B.\nthe rest was clean"


def words(nlp, text: str) -> list[str]:
    return [token.text for token in nlp.tokenizer(text) if not token.is_space]


def test_a_stop_after_hyphen_and_capital_is_split_off_but_initials_stay_whole():
    nlp = blank_english()
    assert words(nlp, SENTENCE_END)[5:9] == ["2C", "-", "B", "."]
    assert words(spacy.blank("en"), SENTENCE_END)[5:8] == ["2C", "-", "B."]  # what the defaults do
    assert words(nlp, "Agent John B. Smith of the U.S. Army.") == [
        "Agent", "John", "B.", "Smith", "of", "the", "U.S.", "Army", ".",
    ]  # fmt: skip
    assert words(nlp, "an AK-47.") == ["an", "AK-47", "."]


def test_adding_the_rules_twice_changes_nothing():
    nlp = blank_english()
    pattern = nlp.tokenizer.suffix_search.__self__.pattern
    add_case_tokenizer_rules(nlp)
    assert nlp.tokenizer.suffix_search.__self__.pattern == pattern


def test_loaded_pipelines_get_the_rules(tmp_path):
    spacy.blank("en").to_disk(tmp_path / "plain")
    nlp = load_model(ModelChoice(str(tmp_path / "plain"), "chosen explicitly"))
    assert words(nlp, SENTENCE_END)[5:9] == ["2C", "-", "B", "."]


def test_a_name_before_a_full_stop_can_be_annotated_and_matched():
    start = SENTENCE_END.index("2C-B")
    cleaned, report = clean([AnnotatedText(SENTENCE_END, [Span(start, start + 4, "DRUG")])])
    assert cleaned[0].spans == [Span(start, start + 4, "DRUG")] and not report.warnings
    nlp = blank_english()
    add_entity_ruler(nlp, [{"label": "DRUG", "pattern": "2C-B", "id": "2C-B"}])
    assert [(e.text, e.label_) for e in nlp(SENTENCE_END).ents] == [("2C-B", "DRUG")]


def test_a_footnote_mark_glued_to_a_word_is_split_off(pipeline):
    text = "They sold heroin and cocaine.1 The defendants appeared in court."
    doc = pipeline.nlp(text)
    assert "cocaine" in [t.text for t in doc]
    assert ("cocaine", "DRUG") in {(e.text, e.label_) for e in doc.ents}
    assert [t.text for t in pipeline.nlp.make_doc("python3.11 and 10.5 mg")] == ["python3.11", "and", "10.5", "mg"]
