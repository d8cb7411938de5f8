"""Document furniture and broken name spans (nerpipe/pipeline/furniture.py), on sentences written for
these tests in the shapes of press releases, court orders and reports (issue 34)."""

import pytest

from nerpipe.pipeline.furniture import is_ordinary

NAMES = ("PERSON", "ORG", "GPE", "LOC", "FAC")


def names(pipeline, text: str) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in pipeline.nlp(text).ents if e.label_ in NAMES}


def texts(pipeline, text: str) -> set[str]:
    return {t for t, _ in names(pipeline, text)}


@pytest.mark.parametrize(
    ("text", "furniture"),
    [
        (
            "For Immediate Release\nMonday, June 7, 2021\nU.S. Attorney's Office, District of Alaska",
            "Immediate Release",
        ),
        ("Case 3:19-cr-00412 Docket No. 57\nThe motion to suppress is DENIED.", "DENIED"),
        ("UNCLASSIFIED\n\n(U) Executive Summary\n\nStreet gangs remain a threat to the region.", "Executive Summary"),
        ("Operation Northern Lantern targeted gang members in the county.", "Operation Northern Lantern"),
        ("The Harbor Violent Crime Initiative began in 2019.", "Harbor Violent Crime Initiative"),
        ("Violence Against Innocent Families Will Not Be Tolerated, Prosecutors Say", "Violence Against"),
    ],
)
def test_document_furniture_is_no_entity(pipeline, text, furniture):
    assert not any(furniture in found or found in furniture.split() for found in texts(pipeline, text))


def test_a_dangling_of_the_and_a_dateline_dash_are_cut_off(pipeline):
    found = texts(pipeline, "DALLAS - Agents of the Harbor Division of the Federal Bureau of Investigation met.")
    assert not any(t.endswith((" of the", " -")) for t in found)
    assert "Federal Bureau of Investigation" in found


def test_a_name_of_ordinary_words_with_an_organisations_head_stays(pipeline):
    found = texts(pipeline, "The case was brought by the Criminal Division of the Justice Department.")
    assert any(t.endswith("Criminal Division") for t in found)


def test_a_listed_place_of_ordinary_words_stays(pipeline):
    """A guard: the base NER finds it, and the rule must not take it away."""
    assert ("New Jersey", "GPE") in names(pipeline, "The ring sold heroin across New Jersey and Delaware.")


def test_ordinary_words_are_told_from_names():
    assert is_ordinary("violence") and is_ordinary("gang")
    assert not is_ordinary("Johnson") and not is_ordinary("Austin")


def test_an_officials_title_is_no_organisation_or_place(pipeline):
    doc = pipeline.nlp(
        "The defendants appeared before United States Magistrate Judge Vera Ostrowski and U.S. Magistrate "
        "Judge Paul Kimura. Acting United States Attorney Dana Reyes announced the charges."
    )
    names = {e.text for e in doc.ents if e.label_ in ("ORG", "GPE", "NORP", "LOC")}
    assert not {n for n in names if n.split()[-1] in ("Magistrate", "Attorney", "Judge")}
    assert not {n for n in names if n.startswith("Acting")}


def test_an_entity_of_small_words_only_is_dropped():
    import spacy
    from spacy.tokens import Span

    from nerpipe.pipeline.furniture import clean_entities

    doc = spacy.blank("en")("members of the “ United Blood Nation ” were charged")
    doc.ents = [Span(doc, 2, 4, label="ORG"), Span(doc, 4, 7, label="ORG")]
    clean_entities(doc)
    assert [e.text for e in doc.ents] == ["United Blood Nation"]
