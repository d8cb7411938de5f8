"""Street names of drugs where a document defines them."""

import pytest

from tests.pipeline.rules_helpers import custom_entities, labelled


def test_quoted_aliases_after_a_drug(pipeline):
    text = "Agents seized heroin, also known as “Black Pearl”, “Chiva”, and “Tar” in the raid."
    assert {"Black Pearl", "Chiva", "Tar"} <= labelled(pipeline, text, "DRUG")


def test_comma_inside_the_quotes_still_separates(pipeline):
    text = "The powder, a mix of fentanyl called “Gray Death,” “Dust,” or worse, was sold downtown."
    assert labelled(pipeline, text, "DRUG") >= {"fentanyl"}
    text = "Ketamine, also called “Kit Kat,” “Super K,” or “Vitamin K,” was found."
    assert {"Kit Kat", "Super K", "Vitamin K"} <= labelled(pipeline, text, "DRUG")


def test_a_street_names_heading_lists_bare_names(pipeline):
    text = "Methamphetamine Street Names: Chalk, Crank, Go-fast, Tweak, and Yellow Bam. It is a stimulant."
    found = labelled(pipeline, text, "DRUG")
    assert {"Chalk", "Crank", "Go-fast", "Tweak", "Yellow Bam"} <= found
    assert "It" not in found


def test_an_alias_after_a_drug_noun(pipeline):
    assert "footballs" in labelled(pipeline, "The tablets, also called “footballs,” sell for $5.", "DRUG")


@pytest.mark.parametrize(
    "text",
    [
        "The suspect, also known as “Shorty”, fled on foot.",
        "The ski run known as Tunnel Creek is steep after fresh powder.",
        "Her nickname was Sunny, and she was known as a good neighbour.",
    ],
)
def test_aliases_of_people_and_places_are_not_drugs(pipeline, text):
    assert labelled(pipeline, text, "DRUG") == set()


def test_quoted_names_listed_with_a_quoted_drug(pipeline):
    text = "The shop sold “Bliss” and “Spice” products next to “Molly” and “Ecstasy” tablets."
    found = {(t, rule) for t, label, rule in custom_entities(pipeline, text) if label == "DRUG"}
    assert {("Molly", "quoted_drug_list"), ("Ecstasy", None)} <= found
    assert ("Bliss", "quoted_drug_list") not in found  # no drug among “Bliss” and “Spice”


def test_a_name_at_the_end_of_a_line_leaves_the_line_break_out(pipeline):
    text = "Ecstasy Street Names: Molly, Adam, Lover's Speed\nWhat is it? A stimulant."
    doc = pipeline.nlp(text)
    assert "Lover's Speed" in {e.text for e in doc.ents if e.label_ == "DRUG"}


def test_street_names_given_after_a_drug_are_that_drug_one_node(pipeline):
    from nerpipe.graph.entities import build_entities
    from nerpipe.pipeline.extract import extract_text

    text = "Crystal methamphetamine, also known as “Glass”, “Shard”, and “Tina”, reached the island. Glass sells."
    doc = pipeline.nlp(text)
    ids = {e.text: e.ent_id_ for e in doc.ents if e.label_ == "DRUG"}
    assert ids["Glass"] == ids["Shard"] == ids["Tina"] == ids["Crystal methamphetamine"] != ""
    index = build_entities(extract_text(pipeline.nlp, text, "d1"))
    drugs = [e for e in index.entities.values() if e.label == "DRUG"]
    assert len(drugs) == 1 and {"Glass", "Shard", "Tina"} <= set(drugs[0].aliases)


def test_a_street_name_list_naming_its_drug_runs_over_wrapped_lines(pipeline):
    text = (
        "What are common street names?\nCommon street names for ketamine include:\n"
        "Cat Valium, Jet, Purple, Kit\nKat, Trip-and-Fall,\n        Special K, and Vitamin K\n\nWhat is it?\nA powder."
    )
    found = labelled(pipeline, text, "DRUG")
    assert {"Cat Valium", "Jet", "Purple", "Kit\nKat", "Trip-and-Fall", "Special K", "Vitamin K"} <= found
    assert not {"What", "What is it", "ketamine include"} & found


def test_a_common_names_heading_opens_a_list_in_a_drug_sheet_only(pipeline):
    sheet = "Ketamine is sold as a white powder.\n\nCommon Names\n\nCat Valium, Jet, and Purple\n\n4% of users"
    assert {"Cat Valium", "Jet", "Purple"} <= labelled(pipeline, sheet, "DRUG")
    garden = "Trees of the county.\n\nCommon Names\n\nRed Oak, Sugar Maple, and White Pine\n\nPlanting guide"
    assert labelled(pipeline, garden, "DRUG") == set()
    prose = "Ketamine was seized. The common names of the dealers were Jet, Purple and Sam."
    assert labelled(pipeline, prose, "DRUG") == {"Ketamine"}


def test_a_street_names_column_of_a_fact_table(pipeline):
    text = (
        "Ketamine\n| Brand Names | Street Names | Common Forms |\n|---|---|---|\n"
        "| Ketalar, Ketaset | Cat Valium, Jet, Vitamin K With LSD: Kitty Flip | Liquid, white powder, tablets |\n"
    )
    found = labelled(pipeline, text, "DRUG")
    assert {"Cat Valium", "Jet", "Vitamin K"} <= found
    assert not {"Liquid", "tablets", "Vitamin K With LSD"} & found
