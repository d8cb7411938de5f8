"""The case NER's filter: pattern matches and custom labels stay, the rest is left for the base NER."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Span

from nerpipe.pipeline.case_ner import CASE_LABELS_ONLY, REMEMBER, case_labels, merge_entities


@Language.component("test_fake_case_ner")
def fake_case_ner(doc):
    """Stands in for a trained NER: notes what it was given, adds a DRUG and an ORG."""
    doc.user_data["seen by case ner"] = [e.text for e in doc.ents]
    ice = doc.char_span(doc.text.index("ice"), doc.text.index("ice") + 3, label="DRUG")
    acme = doc.char_span(doc.text.index("Acme"), doc.text.index("Acme") + 4, label="ORG")
    doc.set_ents([ice, acme], default="unmodified")
    return doc


def test_only_preset_entities_and_custom_labels_survive_and_the_rest_stays_open():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Bob"}])
    nlp.add_pipe(REMEMBER)
    nlp.add_pipe("test_fake_case_ner")
    nlp.add_pipe(CASE_LABELS_ONLY, config={"labels": ["DRUG", "GANG_ORG"]})
    doc = nlp("Bob sold ice to Acme staff.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Bob", "PERSON"), ("ice", "DRUG")]
    # The case NER reads the text without the pattern matches, as it was trained.
    assert doc.user_data["seen by case ner"] == []
    # "missing", not "O": the base NER that follows may still label Acme.
    assert doc[4].ent_iob_ == "" and doc[5].ent_iob_ == ""
    assert case_labels(nlp) == ["DRUG", "GANG_ORG"]
    assert case_labels(spacy.blank("en")) == []


def _spans(doc, *found: tuple[str, str]) -> list[Span]:
    spans = []
    for text, label in found:
        start = doc.text.index(text)
        spans.append(doc.char_span(start, start + len(text), label=label))
    return spans


def test_a_longer_found_name_of_the_same_label_replaces_the_pattern_match_it_contains():
    doc = spacy.blank("en")("They moved pink cocaine and heroin for Bob.")
    preset = _spans(doc, ("cocaine", "DRUG"), ("heroin", "DRUG"), ("Bob", "PERSON"))
    found = _spans(doc, ("pink cocaine", "DRUG"))
    merged = merge_entities(preset, found)
    assert [(e.text, e.label_) for e in merged] == [("pink cocaine", "DRUG"), ("heroin", "DRUG"), ("Bob", "PERSON")]


def test_a_found_name_that_only_runs_on_past_a_pattern_match_does_not_replace_it():
    doc = spacy.blank("en")("Agents found heroin hidden in a van of Los Norteños de Alamar.")
    preset = _spans(doc, ("heroin", "DRUG"), ("Norteños", "GANG_ORG"))
    found = _spans(doc, ("heroin hidden", "DRUG"), ("Los Norteños de Alamar", "GANG_ORG"))
    assert [e.text for e in merge_entities(preset, found)] == ["heroin", "Los Norteños de Alamar"]


def test_pattern_matches_win_every_other_overlap():
    doc = spacy.blank("en")("Bob Stone sold crack cocaine near Ice Street.")
    preset = _spans(doc, ("Bob Stone", "PERSON"), ("crack cocaine", "DRUG"), ("Ice Street", "GANG_ORG"))
    found = _spans(
        doc,
        ("Bob Stone sold", "DRUG"),  # contains a match of another label
        ("cocaine", "DRUG"),  # shorter than the match
        ("near Ice", "DRUG"),  # crosses a match
    )
    assert merge_entities(preset, found) == preset
    # A found entity that overlaps no match is kept.
    sold = _spans(doc, ("sold", "DRUG"))
    assert [e.text for e in merge_entities(preset, sold)] == ["Bob Stone", "sold", "crack cocaine", "Ice Street"]
