"""The case NER's filter: pattern matches and custom labels stay, the rest is left for the base NER."""

from __future__ import annotations

import spacy
from spacy.language import Language

from nerpipe.pipeline.case_ner import CASE_LABELS_ONLY, REMEMBER, case_labels


@Language.component("test_fake_case_ner")
def fake_case_ner(doc):
    """Stands in for a trained NER: adds a DRUG and an ORG beside what is already there."""
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
    # "missing", not "O": the base NER that follows may still label Acme.
    assert doc[4].ent_iob_ == "" and doc[5].ent_iob_ == ""
    assert case_labels(nlp) == ["DRUG", "GANG_ORG"]
    assert case_labels(spacy.blank("en")) == []
