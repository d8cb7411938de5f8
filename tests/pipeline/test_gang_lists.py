"""Proper names in a list made mostly of gangs are gangs."""

from tests.pipeline.rules_helpers import custom_entities, labelled


def test_unlisted_names_in_a_list_of_gangs(pipeline):
    text = (
        "Those arrested belong to nine gangs: MS-13 (Mara Salvatrucha), Latin Kings, Tango Blast, "
        "Westside Ramblers, Bloods, Crips, Eastside Homies and the Trinitarios."
    )
    found = {(t, rule) for t, label, rule in custom_entities(pipeline, text) if label == "GANG_ORG"}
    assert {("Westside Ramblers", "gang_list"), ("Eastside Homies", "gang_list")} <= found


def test_a_place_or_a_list_of_few_gangs_is_left_alone(pipeline):
    text = "Members came from the Bloods, the Crips, Latin Kings, Houston and Dallas."
    assert "Houston" not in labelled(pipeline, text, "GANG_ORG")
    text = "The Bloods, Westside Ramblers and Eastside Homies were named."
    assert labelled(pipeline, text, "GANG_ORG") == {"Bloods"}
