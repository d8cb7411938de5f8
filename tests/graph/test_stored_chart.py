"""The link chart from what the store keeps (case_chart.stored_links) has the entities and link
weights of the chart built from every mention, and reads no mention."""

from __future__ import annotations

import random

import pytest

from nerpipe.case_chart import case_chart, case_links, stored_links, top_entities
from nerpipe.graph.chart import chart_from
from nerpipe.graph.cooccur import Context
from nerpipe.store import Store
from tests.store.random_case import INFO, random_document, random_step


@pytest.fixture
def store(tmp_path):
    opened = Store.open(f"sqlite:///{tmp_path / 'nerpipe.db'}")
    opened.create_case("Tide")
    rng = random.Random(21)
    for number in range(12):
        opened.add_document("Tide", *random_document(rng, number), INFO, "h")
    for number in range(12, 30):
        random_step(rng, opened, "Tide", number)
    yield opened
    opened.close()


@pytest.mark.parametrize("context", [Context("sentence"), Context("sentence", 2), Context("paragraph")], ids=str)
def test_the_stored_chart_has_the_entities_and_weights_of_the_one_from_every_mention(store, context, monkeypatch):
    full = case_links(store, "Tide", context=context)
    expected_entities = {k: (e.name, e.label, e.mentions, e.documents) for k, e in full.index.entities.items()}
    expected_edges = {pair: edge.weight for pair, edge in full.edges.items()}
    monkeypatch.setattr(Store, "load_mentions", lambda *a, **k: pytest.fail("read every mention"))
    monkeypatch.setattr(Store, "document_texts", lambda *a, **k: pytest.fail("read every text"))
    stored = case_links(store, "Tide", context=context, evidence=False)
    assert {k: (e.name, e.label, e.mentions, e.documents) for k, e in stored.index.entities.items()} == (
        expected_entities
    )
    assert {pair: edge.weight for pair, edge in stored.edges.items()} == expected_edges
    assert stored.labels == full.labels
    drawn = chart_from(stored, min_weight=2)
    assert {frozenset(pair) for pair in drawn.graph.edges} == {
        frozenset(pair) for pair, weight in expected_edges.items() if weight >= 2
    }


def test_filters_keep_the_path_through_the_mentions(store):
    day = store.mention_days("Tide")[0].first
    dated = case_chart(store, "Tide", dates=(day, day))
    assert case_links(store, "Tide", dates=(day, day), evidence=False).edges.keys() == dated.edges.keys()
    assert all(edge.evidence for edge in dated.edges.values())


def test_the_top_entities_and_the_links_among_them(store):
    top = top_entities(store, "Tide", 4)
    rows = store.case_entities("Tide").entities
    assert len(top) == 4 and [rows[e].mentions for e in top] == sorted((rows[e].mentions for e in top), reverse=True)
    among = stored_links(store, "Tide", entities=top)
    full = case_links(store, "Tide")
    assert {p: e.weight for p, e in among.edges.items()} == {
        p: e.weight for p, e in full.edges.items() if set(p) <= set(top)
    }
