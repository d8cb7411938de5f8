"""Unlisted gang names from a generic head after them or a gang-name word ending them."""

import pytest

from tests.pipeline.rules_helpers import custom_entities, labelled


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Officers arrested six members of the Kingsway Hustlers street gang on Friday.", "Kingsway Hustlers"),
        ("He was a member of the Dover Street clique until 2019.", "Dover Street"),
        ("Two Black Widows Motorcycle Club members were charged.", "Black Widows"),
        ("The Ridgeback MC clubhouse was searched at dawn.", "Ridgeback"),
    ],
)
def test_a_name_before_a_generic_head_is_a_gang_without_the_head(pipeline, text, name):
    assert (name, "GANG_ORG", "gang_head") in custom_entities(pipeline, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Witnesses said the Eastside Boyz controlled the corner.", "Eastside Boyz"),
        ("The Parkview Gangsters recruited teenagers.", "Parkview Gangsters"),
        ("Prosecutors described the Albanian Mafia as a loose network.", "Albanian Mafia"),
    ],
)
def test_a_name_ending_like_gang_names_end_is_a_gang(pipeline, text, name):
    assert name in labelled(pipeline, text, "GANG_ORG")


def test_a_listed_name_is_widened_by_an_unlisted_one_but_not_by_a_place(pipeline):
    assert "Cedarhill Bloods" in labelled(pipeline, "He joined the Cedarhill Bloods last year.", "GANG_ORG")
    found = labelled(pipeline, "Deputies met members of the Baltimore County Bloods in Towson.", "GANG_ORG")
    assert found == {"Bloods"}


@pytest.mark.parametrize(
    "text",
    [
        "The FBI gang squad worked with the DEA task force.",
        "The National Gang Intelligence Center published its report.",
        "Chicago gangs recruited heavily in 2019.",
        "Mexican cartels moved the shipment north.",
        "Violent gang members were arrested in the sweep.",
        "The Gang Task Force met on Monday.",
        "Police arrested 116 gang members during the surge.",
        "The finance team handled tax set ups and withholding codes.",
        "Members of Tier 1 gangs pose the greatest threat.",
        "A Texas Gang Threat Assessment was released.",
        "Indictment Of Violent Border Gang Members Announced",
    ],
)
def test_agencies_places_kinds_and_headlines_are_not_gangs(pipeline, text):
    assert labelled(pipeline, text, "GANG_ORG") == set()


def test_a_head_after_a_listed_name_changes_nothing(pipeline):
    found = custom_entities(pipeline, "Members of the Bronx Trinitarios Gang were indicted.")
    assert ("Trinitarios", "GANG_ORG", None) in found
    assert not any("Bronx" in text for text, _, _ in found)


def test_a_possessive_name_before_its_head_keeps_the_apostrophe(pipeline):
    text = "Three members of the Sinner's Motorcycle Club and the Rogue’s MC pleaded guilty."
    assert {"Sinner's", "Rogue’s"} <= labelled(pipeline, text, "GANG_ORG")


def test_a_plural_head_shared_by_two_names(pipeline):
    text = "Police arrested members of the Red Dragons and Jade Tiger gangs on Monday."
    assert {"Red Dragons", "Jade Tiger"} <= labelled(pipeline, text, "GANG_ORG")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Agents arrested leaders of Eastside Kings, a decades-old street gang that sold crack.", "Eastside Kings"),
        ("Nine Members of Violent Denver Street Gang, the Ghost Riders, Sentenced to Prison", "Ghost Riders"),
    ],
)
def test_a_name_in_apposition_to_a_gang_head(pipeline, text, name):
    assert labelled(pipeline, text, "GANG_ORG") == {name}


@pytest.mark.parametrize(
    "text",
    [
        "He grew up in Compton, a street gang stronghold, and moved away.",
        "John Smith, a former street gang member, testified for the state.",
        "Outlaw Motorcycle Gangs - Organized Crime on Wheels (Part 1)",
        "Major Prison Gangs\n\nThere are six major prison gangs in the state.",
        "Federal Indictment that Charges 38 Gangsters",
        "Officers said that\n • Some street gang members have moved to the suburbs.",
    ],
)
def test_descriptions_counts_and_headline_words_are_not_gang_names(pipeline, text):
    assert labelled(pipeline, text, "GANG_ORG") == set()
