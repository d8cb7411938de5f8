"""The resolution stage as the chart, tables and exports see it: build_entities on sentences written
for these tests (issue 34)."""

from dataclasses import replace

from nerpipe.graph.entities import Merge, build_entities
from tests.graph.helpers import mentions_in


def keys_of(text: str, names: list[tuple[str, str]]) -> set[str]:
    return set(build_entities(mentions_in("d1", text, names)).mention_entity)


def test_title_suffix_and_middle_initial_leave_the_node_but_stay_in_the_mention():
    text = "Judge Maria T. Lopez, Jr. presided. Later Maria Lopez ruled."
    index = build_entities(
        mentions_in("d1", text, [("Judge Maria T. Lopez, Jr.", "PERSON"), ("Maria Lopez", "PERSON")])
    )
    assert list(index.entities) == ["PERSON:maria lopez"]
    entity = index.entities["PERSON:maria lopez"]
    assert entity.name == "Maria Lopez"
    assert entity.aliases == ["Judge Maria T. Lopez, Jr.", "Maria Lopez"]


def test_a_first_name_or_a_part_of_a_compound_name_joins_the_one_full_name_it_fits():
    text = "Dana Whitfield Ortiz was charged. Whitfield Ortiz fled. Dana was caught. Dana Whitfield pleaded."
    names = [("Dana Whitfield Ortiz", "PERSON"), ("Whitfield Ortiz fled", "PERSON"), ("Dana was", "PERSON")]
    mentions = mentions_in("d1", text, [("Dana Whitfield Ortiz", "PERSON")])
    for form in ("Whitfield Ortiz", "Dana", "Dana Whitfield"):
        start = text.index(form + (" fled" if form == "Whitfield Ortiz" else " was" if form == "Dana" else " pleaded"))
        mentions.append(replace(mentions[0], text=form, start=start, end=start + len(form)))
    assert names  # the sentences above name one person four ways
    assert set(build_entities(mentions).mention_entity) == {"PERSON:dana whitfield ortiz"}


def test_a_surname_two_full_names_share_joins_neither():
    text = "Ana Ruiz and Tomas Ruiz were charged. Ruiz fled."
    mentions = mentions_in("d1", text, [("Ana Ruiz", "PERSON"), ("Tomas Ruiz", "PERSON")])
    start = text.index("Ruiz fled")
    mentions.append(replace(mentions[0], text="Ruiz", start=start, end=start + 4))
    assert set(build_entities(mentions).mention_entity) == {"PERSON:ana ruiz", "PERSON:tomas ruiz", "PERSON:ruiz"}


def test_places_by_their_canonical_name_and_a_state_code_called_an_organisation():
    text = "Agents in Va. and Virginia, in TX and Texas, for the U.S. and the United States."
    names = [("Va.", "GPE"), ("Virginia", "GPE"), ("TX", "ORG"), ("Texas", "GPE"), ("U.S.", "GPE")]
    assert keys_of(text, [*names, ("United States", "GPE")]) == {"GPE:virginia", "GPE:texas", "GPE:united states"}


def test_a_city_called_an_organisation_is_a_place_and_a_police_force_called_a_place_is_an_organisation():
    assert keys_of("The raid in Boise was led by the Tucson Police.", [("Boise", "ORG"), ("Tucson Police", "GPE")]) == {
        "GPE:boise",
        "ORG:tucson police",
    }


def test_one_label_per_name_from_the_votes_of_its_mentions():
    text = "Marlow Quince was arrested. Marlow Quince pleaded. Marlow Quince was sentenced."
    mentions = mentions_in("d1", text, [("Marlow Quince", "PERSON")])
    mentions[1] = replace(mentions[1], label="ORG")
    index = build_entities(mentions)
    assert list(index.entities) == ["PERSON:marlow quince"]
    assert index.entities["PERSON:marlow quince"].mentions == 3


def test_a_short_form_joins_the_organisation_whose_initials_it_spells():
    text = "The Harbor City Transit Authority (HCTA) and the Port Safety Board met. HCTA officers left."
    names = [("Harbor City Transit Authority", "ORG"), ("HCTA", "ORG"), ("Port Safety Board", "ORG")]
    assert keys_of(text, names) == {"ORG:harbor city transit authority", "ORG:port safety board"}


def test_the_analysts_merge_stays_on_top_of_the_resolution():
    text = "Dana Whitfield met Dana Whitfield Ortiz. Whitfield left."
    mentions = mentions_in("d1", text, [("Dana Whitfield Ortiz", "PERSON")])
    start = text.index("Dana Whitfield met")
    mentions.append(replace(mentions[0], text="Dana Whitfield", start=start, end=start + 14))
    assert set(build_entities(mentions).mention_entity) == {"PERSON:dana whitfield ortiz"}
    apart = build_entities(mentions, [Merge("PERSON:someone else", ("PERSON:dana whitfield ortiz",))])
    assert set(apart.mention_entity) == {"PERSON:someone else"}


def test_a_merge_saved_under_the_ids_of_an_earlier_version_still_applies():
    """Before the resolution stage each mention's own words were its entity's id; a merge an analyst
    saved then names those ids, and must still fold the same people into one node."""
    text = "Judge Maria T. Lopez, Jr. presided. M. Lopez-Garza ruled."
    mentions = mentions_in("d1", text, [("Judge Maria T. Lopez, Jr.", "PERSON"), ("M. Lopez-Garza", "PERSON")])
    today = build_entities(mentions)
    assert len(today.entities) == 2 and "PERSON:judge maria t. lopez, jr." not in today.entities
    saved = [Merge("PERSON:judge maria t. lopez, jr.", ("PERSON:m. lopez-garza",))]
    merged = build_entities(mentions, saved)
    assert list(merged.entities) == ["PERSON:maria lopez"]
    assert merged.entities["PERSON:maria lopez"].mentions == 2


def test_washington_dc_is_one_place_with_dc(pipeline):
    from nerpipe.pipeline.extract import extract_text

    text = "WASHINGTON, D.C. - Agents met in Washington, D.C. on Monday. D.C. police helped."
    index = build_entities(extract_text(pipeline.nlp, text, "d1"))
    places = {e.id for e in index.entities.values() if e.label == "GPE"}
    assert places == {"GPE:district of columbia"}


def test_forms_of_one_substance_are_one_node_and_hashish_is_not_marijuana(pipeline):
    from nerpipe.pipeline.extract import extract_text

    text = "They sold cocaine and crack cocaine, then marijuana and hashish."
    index = build_entities(extract_text(pipeline.nlp, text, "d1"))
    drugs = sorted(e.id for e in index.entities.values() if e.label == "DRUG")
    assert drugs == ["DRUG:cannabis", "DRUG:cocaine", "DRUG:hashish"]


def test_words_the_ner_labelled_that_a_list_calls_a_gang_join_the_gang():
    text = "The Sinaloa cartel grew. Sinaloa leads the trade."
    mentions = mentions_in("d1", text, [("Sinaloa cartel", "GANG_ORG"), ("Sinaloa leads", "ORG")])
    listed = replace(mentions[0], source="pattern", pattern_id="Sinaloa Cartel")
    start = text.index("Sinaloa leads")
    bare = replace(mentions[1], text="Sinaloa", start=start, end=start + 7)
    same_words = replace(listed, text="Sinaloa", start=text.index("Sinaloa"), end=text.index("Sinaloa") + 7)
    index = build_entities([listed, same_words, bare])
    assert set(index.mention_entity) == {"GANG_ORG:sinaloa cartel"}
    # Without the listed mention of the same words, the NER's ORG stays its own node.
    assert build_entities([listed, bare]).mention_entity[1] == "ORG:sinaloa"


def test_a_kind_of_weapon_is_a_weapon_type_off_the_chart_and_a_model_a_weapon(pipeline):
    from nerpipe.graph.cooccur import cooccurrence_edges
    from nerpipe.pipeline.extract import extract_text

    text = "Rico Vance carried a handgun and a Glock 19. Police also found two shotguns near Rico Vance."
    mentions = extract_text(pipeline.nlp, text, "d1")
    index = build_entities(mentions)
    labels = {e.name: e.label for e in index.entities.values()}
    assert labels["handgun"] == labels["shotguns"] == "WEAPON_TYPE"
    assert labels["Glock 19"] == "WEAPON"
    assert {m.label for m in mentions if m.text in ("handgun", "shotguns")} == {"WEAPON"}  # mentions keep it
    linked = {entity for pair in cooccurrence_edges(index, {"d1": text}) for entity in pair}
    assert {index.entities[e].label for e in linked} >= {"WEAPON", "PERSON"}
    assert "WEAPON_TYPE" not in {index.entities[e].label for e in linked}


def test_an_analysts_weapon_stays_a_weapon_whatever_its_words():
    mentions = mentions_in("d1", "They hid a pipe bomb.", [("pipe bomb", "WEAPON")])
    assert build_entities(mentions).entities["WEAPON_TYPE:pipe bomb"].label == "WEAPON_TYPE"
    relabelled = [replace(m, source="analyst") for m in mentions]
    assert list(build_entities(relabelled).entities) == ["WEAPON:pipe bomb"]
