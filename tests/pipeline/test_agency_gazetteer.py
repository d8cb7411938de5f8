"""The gazetteer of agencies, courts and districts (patterns/agencies_patterns.jsonl): whole names, one
node for every form (issue 34). Sentences written for these tests."""

from nerpipe.graph.entities import build_entities
from nerpipe.pipeline.extract import extract_text


def orgs(pipeline, text: str) -> dict[str, str]:
    mentions = [m for m in extract_text(pipeline.nlp, text) if m.label == "ORG"]
    index = build_entities(mentions)
    return {m.text: key for m, key in zip(mentions, index.mention_entity, strict=True)}


def test_a_name_with_commas_is_one_span_and_its_abbreviation_the_same_node(pipeline):
    found = orgs(
        pipeline, "The Bureau of Alcohol, Tobacco, Firearms and Explosives (ATF) seized rifles. ATF agents left."
    )
    assert found["Bureau of Alcohol, Tobacco, Firearms and Explosives"] == found["ATF"]


def test_the_agencys_forms_are_one_node_and_the_drug_ice_is_not_the_agency(pipeline):
    text = "U.S. Immigration and Customs Enforcement and ICE agents seized ice, a form of methamphetamine."
    found = orgs(pipeline, text)
    assert found["U.S. Immigration and Customs Enforcement"] == found["ICE"]
    assert "ice" not in found


def test_a_judicial_district_and_its_office_are_whole(pipeline):
    found = orgs(pipeline, "The U.S. Attorney's Office for the Eastern District of Michigan filed the case.")
    assert "U.S. Attorney's Office for the Eastern District of Michigan" in found
