"""Each mention's dated days, stored beside it (schema 9), equal graph.timeline.mention_dates over
the case's mentions with the documents' own dates, after any change; Store.mention_days counts them."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from sqlalchemy import create_engine, select

from nerpipe.case_timeline import dated_documents
from nerpipe.graph.entities import build_entities
from nerpipe.graph.timeline import mention_dates
from nerpipe.store import Store
from nerpipe.store.schema import SCHEMA_VERSION, documents, mentions, schema_info
from tests.store.random_case import INFO, random_document, random_step


def _expected(store: Store, case: str) -> dict:
    found = store.load_mentions(case)
    dates = mention_dates(found, dated_documents(store, case))
    return {(m.doc, m.start, m.end): (d.start, d.end) if d else None for m, d in zip(found, dates, strict=True)}


def _stored(store: Store, case: str) -> dict:
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(documents.c.sha256, mentions.c.start, mentions.c.end, mentions.c.day_first, mentions.c.day_last)
            .join(documents, documents.c.id == mentions.c.document_id)
            .where(documents.c.case_id == _case_id(store, case), mentions.c.entity_key.is_not(None))
        ).all()
    return {(r[0], r[1], r[2]): (r[3], r[4]) if r[3] is not None else None for r in rows}


def _case_id(store: Store, case: str) -> int:
    return next(summary.id for summary in store.list_cases() if summary.name == case)


def _days(expected: dict) -> list[tuple]:
    return sorted(Counter(when for when in expected.values() if when is not None).items())


@pytest.mark.parametrize("seed", [1, 2])
def test_stored_dates_equal_those_computed_from_every_mention_after_each_change(store, seed):
    rng = random.Random(seed)
    store.create_case("Tide")
    store.create_case("Other")
    store.add_document("Other", *random_document(rng, 999), INFO, "h")
    for number in range(40):
        done = random_step(rng, store, "Tide", number)
        expected = _expected(store, "Tide")
        assert _stored(store, "Tide") == expected, (number, done)
        assert [((d.first, d.last), d.mentions) for d in store.mention_days("Tide")] == _days(expected)
    assert any(when is not None for when in expected.values())


def test_days_of_some_entities_only(store):
    store.create_case("Tide")
    rng = random.Random(4)
    for number in range(8):
        store.add_document("Tide", *random_document(rng, number), INFO, "h")
    found = store.load_mentions("Tide")
    index = build_entities(found, [])
    dates = dict(zip(((m.doc, m.start, m.end) for m in found), _expected(store, "Tide").values(), strict=True))
    entity = next(e for e in index.entities if e.startswith("PERSON:luis"))
    keys = store.case_entities("Tide").members[entity]
    mine = Counter(dates[(m.doc, m.start, m.end)] for m in index.mentions_of(entity))
    mine.pop(None, None)
    assert [((d.first, d.last), d.mentions) for d in store.mention_days("Tide", keys)] == sorted(mine.items())
    assert mine
    assert store.mention_days("Tide", []) == []


def test_a_store_made_before_the_dates_is_migrated(store_url):
    """A store as schema 8 left it (no day columns) gets them filled, corrections and all."""
    store = Store.open(store_url)
    store.create_case("Tide")
    rng = random.Random(5)
    for number in range(10):
        store.add_document("Tide", *random_document(rng, number), INFO, "h")
    first = store.load_mentions("Tide")[0]
    store.relabel_mention("Tide", first.doc, first.start, first.end, "DATE")
    expected = _expected(store, "Tide")
    store.close()
    engine = create_engine(store_url)
    with engine.begin() as connection:
        for column in ("day_first", "day_last"):
            connection.exec_driver_sql(f"ALTER TABLE mentions DROP COLUMN {column}")
        connection.exec_driver_sql("DROP TABLE IF EXISTS link_members")
        connection.execute(schema_info.update().values(version=8))
    engine.dispose()
    store = Store.open(store_url)
    with store.engine.connect() as connection:
        assert connection.execute(select(schema_info.c.version)).scalar_one() == SCHEMA_VERSION
    assert _stored(store, "Tide") == expected == _expected(store, "Tide")
    assert any(when is not None for when in expected.values())
    store.close()
