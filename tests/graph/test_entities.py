import pytest

from nerpipe.graph.entities import Merge, build_entities, normalise_name
from tests.graph.helpers import mentions_in


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("The  Latin Kings", "latin kings"),
        ("Carlos Mendez’s", "carlos mendez"),
        ("Carlos Mendez's", "carlos mendez"),
        ("ＭＳ－１３", "ms-13"),
        ("MS–13", "ms-13"),
        ("“Big” Tony", '"big" tony'),
        ("the", "the"),
    ],
)
def test_normalised_names(raw, normal):
    assert normalise_name(raw) == normal


def test_pattern_ids_merge_variants_and_entities_have_counts():
    text = "Mara Salvatrucha runs the block. MS13 sells there. The Latin Kings and the latin kings argue."
    mentions = mentions_in(
        "d1",
        text,
        [
            ("Mara Salvatrucha", "GANG_ORG"),
            ("MS13", "GANG_ORG"),
            ("Latin Kings", "GANG_ORG"),
            ("latin kings", "GANG_ORG"),
        ],
        pattern_ids={"Mara Salvatrucha": "MS-13", "MS13": "MS-13"},
    )
    index = build_entities(mentions)
    assert set(index.entities) == {"GANG_ORG:ms-13", "GANG_ORG:latin kings"}
    ms13 = index.entities["GANG_ORG:ms-13"]
    assert ms13.aliases == ["MS13", "Mara Salvatrucha"]
    assert (ms13.mentions, ms13.documents, ms13.label) == (2, 1, "GANG_ORG")


def test_display_name_is_the_most_frequent_surface_form():
    mentions = mentions_in("d1", "DEA agents. DEA again.", [("DEA", "ORG")]) + mentions_in(
        "d2", "The dea.", [("dea", "ORG")]
    )
    entity = build_entities(mentions).entities["ORG:dea"]
    assert (entity.name, entity.mentions, entity.documents) == ("DEA", 3, 2)


def test_a_surname_joins_the_single_full_name_in_the_same_document():
    text = "Juan Perez was arrested. Perez refused to talk."
    index = build_entities(mentions_in("d1", text, [("Juan Perez", "PERSON"), ("Perez", "PERSON")]))
    # "Perez" inside "Juan Perez" is found too by the helper; every Perez joins Juan Perez.
    assert set(index.entities) == {"PERSON:juan perez"}
    assert "Perez" in index.entities["PERSON:juan perez"].aliases


def test_a_surname_shared_by_two_full_names_stays_apart():
    text = "Juan Perez and Rosa Perez met. Perez left."
    mentions = [
        m
        for m in mentions_in("d1", text, [("Juan Perez", "PERSON"), ("Rosa Perez", "PERSON"), ("Perez", "PERSON")])
        if not (m.text == "Perez" and m.start < 30)
    ]
    assert "PERSON:perez" in build_entities(mentions).entities


def test_a_lone_surname_joins_the_cases_one_full_name_with_it_and_none_of_two():
    mentions = mentions_in("d1", "Juan Perez spoke.", [("Juan Perez", "PERSON")]) + mentions_in(
        "d2", "Perez spoke.", [("Perez", "PERSON")]
    )
    assert set(build_entities(mentions).entities) == {"PERSON:juan perez"}
    mentions += mentions_in("d3", "Rosa Perez spoke.", [("Rosa Perez", "PERSON")])
    assert set(build_entities(mentions).entities) == {"PERSON:juan perez", "PERSON:rosa perez", "PERSON:perez"}


def test_a_name_takes_the_label_most_of_its_mentions_have_across_the_case():
    mentions = (
        mentions_in("d1", "Marco Salazar met Ana.", [("Marco Salazar", "ORG")])
        + mentions_in("d2", "Marco Salazar left.", [("Marco Salazar", "PERSON")])
        + mentions_in("d3", "Marco Salazar paid.", [("Marco Salazar", "PERSON")])
    )
    assert set(build_entities(mentions).mention_entity) == {"PERSON:marco salazar"}


def test_merges_apply_keep_aliases_follow_chains_and_undo_by_removal():
    text = "El Chapo met Guzman. Joaquin Guzman left. Shorty stayed."
    mentions = mentions_in("d1", text, [("El Chapo", "PERSON"), ("Joaquin Guzman", "PERSON"), ("Shorty", "PERSON")])
    merges = [Merge("PERSON:joaquin guzman", ("PERSON:el chapo",)), Merge("PERSON:el chapo", ("PERSON:shorty",))]
    merged = build_entities(mentions, merges)
    assert set(merged.entities) == {"PERSON:joaquin guzman"}
    assert merged.entities["PERSON:joaquin guzman"].aliases == ["El Chapo", "Joaquin Guzman", "Shorty"]
    assert len(build_entities(mentions, merges[:1]).entities) == 2
    assert len(build_entities(mentions).entities) == 3


def test_a_surname_the_model_called_an_organisation_joins_the_person():
    text = "Marco Salazar drove. Salazar was nervous. The DEA watched."
    mentions = [
        m
        for m in mentions_in("d1", text, [("Marco Salazar", "PERSON"), ("Salazar", "ORG"), ("DEA", "ORG")])
        if not (m.text == "Salazar" and m.start < 14)
    ]
    index = build_entities(mentions)
    assert set(index.entities) == {"PERSON:marco salazar", "ORG:dea"}
    assert index.entities["PERSON:marco salazar"].aliases == ["Marco Salazar", "Salazar"]
