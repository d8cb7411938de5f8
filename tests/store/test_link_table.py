"""The case's links counted from the stored context members (store/link_table.py) equal
graph.chart.link_entities over every mention, in every context, after any change."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import create_engine, event, select

from nerpipe.graph.chart import link_entities
from nerpipe.graph.cooccur import Context
from nerpipe.store import Store
from nerpipe.store.schema import SCHEMA_VERSION, link_members, schema_info
from tests.store.random_case import INFO, random_document, random_step

CONTEXTS = (Context("sentence"), Context("sentence", 3), Context("paragraph"), Context("document"))


def _expected(store: Store, case: str, context: Context, labels=None) -> dict:
    linked = link_entities(
        store.load_mentions(case),
        store.document_texts(case),
        context=context,
        labels=labels,
        merges=store.list_merges(case),
        max_evidence=10**9,
    )
    return {key: (edge.weight, len({item.doc for item in edge.evidence})) for key, edge in linked.edges.items()}


def _stored(store: Store, case: str, context: Context, **options) -> dict:
    return {
        (link.source, link.target): (link.weight, link.documents)
        for link in store.link_weights(case, context=context, **options)
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_stored_links_equal_those_built_from_every_mention_after_each_change(store, seed):
    rng = random.Random(seed)
    store.create_case("Tide")
    store.create_case("Other")
    store.add_document("Other", *random_document(rng, 999), INFO, "h")  # no link of another case counts
    seen = set()
    for number in range(40):
        done = random_step(rng, store, "Tide", number)
        seen.add(done)
        for context in CONTEXTS:
            assert _stored(store, "Tide", context) == _expected(store, "Tide", context), (number, done, context)
    assert {"add", "delete", "merge", "reprocess", "reject", "relabel", "undo"} <= seen
    assert _expected(store, "Tide", CONTEXTS[3])


def test_links_of_some_labels_and_entities(store):
    store.create_case("Tide")
    rng = random.Random(6)
    for number in range(10):
        store.add_document("Tide", *random_document(rng, number), INFO, "h")
    context = Context("sentence", 2)
    everything = _expected(store, "Tide", context, labels=["PERSON", "DATE"])
    assert _stored(store, "Tide", context, labels=["PERSON", "DATE"]) == everything
    top = {entity for pair in sorted(everything)[:3] for entity in pair}
    among = {pair: value for pair, value in everything.items() if set(pair) <= top}
    assert among and among != everything
    assert _stored(store, "Tide", context, labels=["PERSON", "DATE"], entities=top) == among


def test_a_deleted_document_leaves_no_member(store):
    store.create_case("Tide")
    document, found = random_document(random.Random(2), 1)
    added = store.add_document("Tide", document, found, INFO, "h")
    with store.engine.connect() as connection:
        assert connection.execute(select(link_members.c.id)).first() is not None
    store.delete_document("Tide", added.document_id)
    with store.engine.connect() as connection:
        assert connection.execute(select(link_members.c.id)).first() is None


def test_a_store_made_before_the_link_members_is_migrated(store_url):
    """A store as schema 8 left it (no link members) gets them for every document."""
    store = Store.open(store_url)
    store.create_case("Tide")
    rng = random.Random(8)
    for number in range(10):
        store.add_document("Tide", *random_document(rng, number), INFO, "h")
    first = store.load_mentions("Tide")[0]
    store.reject_mention("Tide", first.doc, first.start, first.end)
    store.merge_entities("Tide", "PERSON:luis ortega", ["PERSON:marco salazar"])
    expected = {context: _expected(store, "Tide", context) for context in CONTEXTS}
    store.close()
    engine = create_engine(store_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE link_members")
        for column in ("day_first", "day_last"):
            connection.exec_driver_sql(f"ALTER TABLE mentions DROP COLUMN {column}")
        connection.execute(schema_info.update().values(version=8))
    engine.dispose()
    store = Store.open(store_url)
    with store.engine.connect() as connection:
        assert connection.execute(select(schema_info.c.version)).scalar_one() == SCHEMA_VERSION
    for context in CONTEXTS:
        assert _stored(store, "Tide", context) == expected[context] == _expected(store, "Tide", context)
    assert expected[CONTEXTS[0]]
    store.close()


@pytest.mark.parametrize("context", CONTEXTS, ids=str)
def test_the_evidence_of_a_link_is_that_of_the_links_built_from_every_mention(store, context):
    store.create_case("Tide")
    rng = random.Random(12)
    for number in range(14):
        random_step(rng, store, "Tide", number)
    linked = link_entities(
        store.load_mentions("Tide"), store.document_texts("Tide"), context=context, merges=store.list_merges("Tide")
    )
    assert linked.edges
    for (a, b), edge in sorted(linked.edges.items())[:12]:
        for cap in (2, 50):
            found = store.link_evidence("Tide", (b, a), context=context, max_evidence=cap)
            assert (found.source, found.target) == (a, b)
            want = edge.evidence[:cap]
            assert [(e.doc, e.page, e.start, e.end, e.text) for e in found.evidence] == [
                (e.doc, e.page, e.start, e.end, e.text) for e in want
            ]
        if edge.weight <= 50:
            assert dict(found.relations) == edge.relations


def test_opening_one_link_reads_only_the_documents_that_hold_both(store, monkeypatch):
    """No whole-case read: neither load_mentions nor document_texts, and mention rows and texts
    are read only from documents where both entities occur."""
    store.create_case("Tide")
    rng = random.Random(13)
    for number in range(30):
        store.add_document("Tide", *random_document(rng, number), INFO, "h")
    linked = link_entities(store.load_mentions("Tide"), store.document_texts("Tide"), max_evidence=10**9)
    (a, b), edge = max(linked.edges.items(), key=lambda item: (-item[1].weight, item[0]))
    holding = {e.doc for e in edge.evidence}
    monkeypatch.setattr(Store, "load_mentions", lambda *a, **k: pytest.fail("read every mention"))
    monkeypatch.setattr(Store, "document_texts", lambda *a, **k: pytest.fail("read every text"))
    statements: list[tuple[str, object]] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append((args[2], args[3])))
    found = store.link_evidence("Tide", (a, b), max_evidence=1000)
    assert len(found.evidence) == edge.weight
    ids = {d.id: d.sha256 for d in store.list_documents("Tide")}
    reads = [(sql, params) for sql, params in statements if _reads_rows(sql)]
    assert reads
    for sql, params in reads:
        read = {ids[value] for value in _values(params) if isinstance(value, int) and value in ids}
        assert read and read <= holding, (sql, params)
    assert len(holding) < len(ids)


def _reads_rows(sql: str) -> bool:
    """A statement that reads mention rows or document texts (not a grouped or keyed look-up)."""
    flat = " ".join(sql.split())
    return "mentions.id, mentions.document_id" in flat or "SELECT documents.text" in flat


def _values(params: object) -> list:
    if isinstance(params, dict):
        return list(params.values())
    if isinstance(params, (list, tuple)):
        return [v for item in params for v in (_values(item) if isinstance(item, (dict, list, tuple)) else [item])]
    return [params]
