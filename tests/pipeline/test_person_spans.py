"""Suffixes in the person's span and aliases bound to the person (nerpipe/pipeline/person_spans.py),
on sentences written for these tests (issue 34)."""

from nerpipe.pipeline.entity_edits import rule_id


def people(pipeline, text: str) -> set[tuple[str, str, str | None]]:
    return {(e.text, e.ent_id_, rule_id(e)) for e in pipeline.nlp(text).ents if e.label_ == "PERSON"}


def test_a_generational_suffix_stays_in_the_persons_span(pipeline):
    doc = pipeline.nlp("The case was assigned to U.S. District Judge Harold P. Whitcombe, Jr. on Monday.")
    assert "Harold P. Whitcombe, Jr." in {e.text for e in doc.ents if e.label_ == "PERSON"}
    assert "Jr." not in {e.text for e in doc.ents}


def test_an_alias_after_also_known_as_is_the_person(pipeline):
    found = people(pipeline, "Police arrested Anthony Ray Coleman, also known as “Little Bishop,” on Friday.")
    assert ("Little Bishop", "Anthony Ray Coleman", "person_alias") in found


def test_an_aka_alias_in_brackets_is_the_person(pipeline):
    found = people(pipeline, "The leader, Thomas Greer (aka “Tommy Gun”), was sentenced to ten years.")
    assert ("Tommy Gun", "Thomas Greer", "person_alias") in found


def test_one_node_for_the_person_and_the_alias(pipeline):
    from nerpipe.graph.entities import build_entities
    from nerpipe.pipeline.extract import extract_text

    text = "Agents arrested Anthony Ray Coleman, also known as “Little Bishop,” in Dallas. Coleman was held."
    mentions = [m for m in extract_text(pipeline.nlp, text) if m.label == "PERSON"]
    assert set(build_entities(mentions).mention_entity) == {"PERSON:anthony ray coleman"}


def test_an_alias_after_a_dotted_a_k_a_is_the_person(pipeline):
    """ "a.k.a." is one token: split, its full stop ended the sentence and the alias was lost."""
    doc = pipeline.nlp("The first defendant, Leonard Pruitt, a.k.a. “Shadow,” 38, was held without bail.")
    assert "a.k.a." in [t.text for t in doc]
    found = {(e.text, e.ent_id_, rule_id(e)) for e in doc.ents if e.label_ == "PERSON"}
    assert ("Shadow", "Leonard Pruitt", "person_alias") in found
    assert "a.k.a." not in {e.text for e in doc.ents}


def test_a_gangs_quoted_alias_after_its_closing_quote_is_that_gang(pipeline):
    doc = pipeline.nlp("Members of the “Latin Kings,” also known as the “Westfield Ravens,” were charged on Monday.")
    gangs = {e.text: e.ent_id_ for e in doc.ents if e.label_ == "GANG_ORG"}
    assert gangs["Westfield Ravens"] == gangs["Latin Kings"] != ""


def test_an_unquoted_alias_ending_the_clause_is_the_person_and_a_description_is_not(pipeline):
    found = people(pipeline, "Subject: Ramon Vidal, also known as El Gordo\nSources place Ramon Vidal in Yuma.")
    assert ("El Gordo", "Ramon Vidal", "person_alias") in found
    described = people(pipeline, "Police arrested Ramon Vidal, also known as the leader of the crew.")
    assert {alias for alias, canonical, _ in described if canonical == "Ramon Vidal"} == set()
