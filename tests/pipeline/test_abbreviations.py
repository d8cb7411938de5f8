"""Short forms a document defines for a gang or a drug, bound for that document only."""

from nerpipe import extract
from tests.pipeline.rules_helpers import custom_entities, labelled


def test_a_defined_short_form_gets_the_name_label_and_id_everywhere(pipeline):
    text = "Agents targeted the Gangster Disciples (GD) in Chicago. Two GD leaders were later charged."
    mentions = [m for m in extract(pipeline.nlp, [("d", text)]) if m.text == "GD"]
    assert len(mentions) == 2
    assert {(m.label, m.pattern_id, m.source) for m in mentions} == {("GANG_ORG", "Gangster Disciples", "rule")}


def test_a_short_form_of_an_unlisted_gang_found_by_a_rule(pipeline):
    text = "The Kingsway Posse (KP) street gang sold crack. KP members carried pistols."
    assert labelled(pipeline, text, "GANG_ORG") == {"Kingsway Posse", "KP"}


def test_the_head_between_name_and_short_form_may_be_spelled(pipeline):
    text = "Detectives charged the Bronx Trinitarios Gang (“BTG”) with murder; BTG controlled the block."
    assert labelled(pipeline, text, "GANG_ORG") == {"Trinitarios", "BTG"}


def test_a_short_form_that_does_not_spell_the_name_is_not_bound(pipeline):
    text = "The Latin Kings (XQ) met in Newark. XQ was closed."
    assert "XQ" not in labelled(pipeline, text, "GANG_ORG")


def test_the_binding_holds_in_its_own_document_only(pipeline):
    first = "The Hoover Crips (HC) sold heroin."
    second = "HC approved the budget."
    mentions = list(extract(pipeline.nlp, [("a", first), ("b", second)]))
    assert [(m.doc, m.text) for m in mentions if m.text == "HC"] == [("a", "HC")]


def test_a_word_before_a_parenthesised_drug_is_another_name_of_it(pipeline):
    found = custom_entities(pipeline, "They took acid (LSD) and opioids (fentanyl) at the party.")
    assert ("acid", "DRUG", "drug_alias") in found
    assert not any(text == "opioids" for text, _, _ in found)
