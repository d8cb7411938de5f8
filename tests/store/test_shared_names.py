"""nerpipe.xref from the stored keys (store/shared_names.py) equals the cross-references computed
from every mention of every case, after random changes to three cases; and reads no case's mentions
one by one."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from nerpipe.graph.entities import build_entities, normalise_name, shown_text
from nerpipe.labels import CONTEXT_LABELS
from nerpipe.store import Store
from nerpipe.xref import cross_references
from tests.store.test_entity_table import _step


def _from_every_mention(store: Store, case: str) -> dict:
    """What xref answered before the stored keys: entity -> {case: (documents, mentions, forms)},
    the forms (a card number masked) first written first."""
    index = build_entities(store.load_mentions(case), store.list_merges(case))
    names = defaultdict(set)
    for mention, entity in zip(index.mentions, index.mention_entity, strict=True):
        if index.entities[entity].label not in CONTEXT_LABELS:
            names[normalise_name(mention.pattern_id or mention.text)].add(entity)
    found: dict = defaultdict(lambda: defaultdict(lambda: [set(), 0, {}]))
    for other in ("Reef", "Harbor", "Tide"):
        if other == case:
            continue
        for mention in store.load_mentions(other):
            if mention.label in CONTEXT_LABELS:
                continue
            for entity in names.get(normalise_name(mention.pattern_id or mention.text), ()):
                match = found[entity][other]
                match[0].add(mention.doc)
                match[1] += 1
                match[2].setdefault(shown_text(mention), None)
    return {
        entity: {other: (len(m[0]), m[1], tuple(m[2])[:3]) for other, m in cases.items()}
        for entity, cases in found.items()
    }


def _stored(store: Store, case: str, monkeypatch) -> dict:
    with monkeypatch.context() as patched:
        for method in ("load_mentions", "mention_names", "document_texts"):
            patched.setattr(Store, method, lambda *a, method=method, **k: pytest.fail(f"xref called {method}"))
        references = cross_references(store, case)
    return {r.entity: {m.case: (m.documents, m.mentions, m.names) for m in r.matches} for r in references}


@pytest.mark.parametrize("seed", [4, 5])
def test_cross_references_equal_those_from_every_mention_after_each_change(store, seed, monkeypatch):
    rng = random.Random(seed)
    cases = ("Tide", "Harbor", "Reef")
    for case in cases:
        store.create_case(case)
    for number in range(45):
        case = rng.choice(cases)
        _step(rng, store, case, number)
        looked = rng.choice(cases)
        expected = _from_every_mention(store, looked)
        assert _stored(store, looked, monkeypatch) == expected, (number, looked)
    assert any(_from_every_mention(store, case) for case in cases)  # the cases did share names


def test_one_entity_and_only_visible_cases(store, monkeypatch):
    rng = random.Random(9)
    for case in ("Tide", "Harbor", "Reef"):
        store.create_case(case)
        for number in range(4):
            _step(rng, store, case, number * 10 + len(case))
    everything = cross_references(store, "Tide")
    assert everything
    first = everything[0]
    assert cross_references(store, "Tide", entities=[first.entity]) == [first]
    only = cross_references(store, "Tide", entities=[first.entity], visible={"Reef"})
    assert [m.case for r in only for m in r.matches] == [m.case for m in first.matches if m.case == "Reef"]
    assert cross_references(store, "Tide", entities=["PERSON:nobody at all"]) == []
