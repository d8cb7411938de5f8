"""Bare cartel names, labelled where they stand in a list of gangs."""

from nerpipe.pipeline.cartel_lists import short_forms
from tests.pipeline.rules_helpers import labelled


def test_short_forms_come_from_the_cartel_patterns():
    forms = short_forms(
        [
            ("GANG_ORG", "Gulf Cartel", "Gulf Cartel"),
            ("GANG_ORG", "Cártel de Juárez", "Juárez Cartel"),
            ("GANG_ORG", "Rudaj Organization", "Rudaj Organization"),
            ("GANG_ORG", "Latin Kings", "Latin Kings"),
            ("DRUG", "Cartel Red", "x"),
        ]
    )
    assert forms == {
        "gulf": "Gulf Cartel",
        "juárez": "Juárez Cartel",
        "juarez": "Juárez Cartel",
        "rudaj": "Rudaj Organization",
    }


def test_a_shared_plural_cartels_gives_each_name(pipeline):
    assert labelled(pipeline, "Both the Gulf and Juárez Cartels bribed officials.", "GANG_ORG") == {"Gulf", "Juárez"}


def test_names_in_a_list_of_gangs(pipeline):
    text = "Five groups dominate: Tijuana, Los Zetas, Gulf, and La Familia Michoacana."
    assert {"Tijuana", "Gulf", "Los Zetas", "La Familia Michoacana"} <= labelled(pipeline, text, "GANG_ORG")


def test_a_place_stays_a_place_outside_a_list_of_gangs(pipeline):
    assert labelled(pipeline, "She flew from Tijuana to Sinaloa, Mexico, in May.", "GANG_ORG") == set()


def test_everyday_words_that_name_gangs_are_gangs_only_in_a_list_of_gangs(pipeline):
    text = "The study covers motorcycle gangs, particularly the Hells Angels, Outlaws, Pagans, and Banditos."
    assert {"Hells Angels", "Outlaws", "Pagans", "Banditos"} <= labelled(pipeline, text, "GANG_ORG")
    quoted = 'Two of the largest are the "Outlaws," the "Pagans," and the "Bandidos."'
    assert {"Outlaws", "Pagans", "Bandidos"} <= labelled(pipeline, quoted, "GANG_ORG")
    bullets = "People Nation sets:\n • Latin Kings\n • Bishops\n • Gaylords\n • Latin Counts"
    assert {"Bishops", "Gaylords"} <= labelled(pipeline, bullets, "GANG_ORG")
    cartels = "Traffickers tied to the Federation, the Gulf Cartel and the Juárez Cartel moved cocaine."
    assert {"Federation", "Gulf Cartel", "Juárez Cartel"} <= labelled(pipeline, cartels, "GANG_ORG")


def test_everyday_words_alone_stay_words(pipeline):
    text = "The Outlaws, Pagans and Rebels of history met the Federation of Teachers and the bishops in Chicago."
    assert labelled(pipeline, text, "GANG_ORG") == set()
