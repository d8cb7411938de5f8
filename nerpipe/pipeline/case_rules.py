"""The case rules: one spaCy component, after the NER, that adds what lists cannot know.

Each rule lives in its own module and says there why it exists; docs/model.md gives the figure on real
text that keeps it. Order matters: names are found first, then lists and abbreviations spread a label
from a name to its short forms, and last every occurrence of a name gets the label one got.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from nerpipe.pipeline.abbreviations import find_abbreviations
from nerpipe.pipeline.cartel_lists import CartelLists
from nerpipe.pipeline.drug_spelling import COMPONENT as SPELLING
from nerpipe.pipeline.entity_edits import lower_words
from nerpipe.pipeline.furniture import clean_entities
from nerpipe.pipeline.gang_lists import find_gangs_in_lists
from nerpipe.pipeline.gang_names import find_gang_names
from nerpipe.pipeline.one_label_per_name import carry_labels
from nerpipe.pipeline.person_spans import attach_suffixes, bind_aliases
from nerpipe.pipeline.street_names import find_street_names

COMPONENT = "case_rules"
#: How sure each rule is: what a mention found by it shows as its confidence.
RULE_CONFIDENCE: dict[str, float] = {
    "gang_head": 0.9,
    "gang_name_ending": 0.9,
    "street_names": 0.9,
    "quoted_drug_list": 0.9,
    "cartel_list": 0.9,
    "gang_list": 0.8,
    "abbreviation": 0.9,
    "drug_alias": 0.9,
    "same_name": 0.9,
    "person_alias": 0.9,
}


@Language.factory(COMPONENT)
def make_case_rules(nlp: Language, name: str) -> CaseRules:
    return CaseRules(CartelLists.from_patterns(nlp.vocab, ()))


class CaseRules:
    """Runs the rules in order over each doc."""

    def __init__(self, cartel_lists: CartelLists) -> None:
        self.cartel_lists = cartel_lists

    def set_patterns(self, nlp: Language, patterns: Iterable[dict]) -> None:
        """The pattern lists give the cartels' short forms ("Sinaloa" from "Sinaloa Cartel")."""
        triples = [
            (p["label"], p["pattern"], p.get("id") or p["pattern"]) for p in patterns if isinstance(p["pattern"], str)
        ]
        self.cartel_lists = CartelLists.from_patterns(nlp.vocab, triples)

    def __call__(self, doc: Doc) -> Doc:
        clean_entities(doc)
        attach_suffixes(doc)
        bind_aliases(doc)
        lowers = lower_words(doc)
        find_gang_names(doc, lowers)
        find_street_names(doc, lowers)
        self.cartel_lists(doc)
        find_gangs_in_lists(doc)
        find_abbreviations(doc)
        carry_labels(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


def add_case_rules(nlp: Language, patterns: Iterable[dict]) -> None:
    """The rules run after the NER (before a trained model's drug spelling model, which takes the words
    nothing else took), with the current pattern lists."""
    if COMPONENT in nlp.component_names:
        nlp.remove_pipe(COMPONENT)
    if SPELLING in nlp.pipe_names:
        rules = nlp.add_pipe(COMPONENT, before=SPELLING)
    else:
        rules = nlp.add_pipe(COMPONENT, last=True)
    rules.set_patterns(nlp, patterns)
