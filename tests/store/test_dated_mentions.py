"""One day's mentions (the timeline's evidence of one bar) read through the stored dates equal the
mentions that graph.timeline.mention_dates dates to that range, after random changes."""

from __future__ import annotations

import datetime
import hashlib
import random
from collections import defaultdict

import pytest

from nerpipe.case_timeline import dated_documents
from nerpipe.graph.timeline import mention_dates
from nerpipe.store import Store
from nerpipe.types import Document, Mention
from tests.store.random_case import INFO, random_step


def _expected(store: Store, case: str) -> dict:
    """(first, last) -> the case's mentions dated so, in case order (from every mention)."""
    found = store.load_mentions(case)
    by_day = defaultdict(list)
    for mention, when in zip(found, mention_dates(found, dated_documents(store, case)), strict=True):
        if when is not None:
            by_day[(when.start, when.end)].append(mention)
    return by_day


@pytest.mark.parametrize("seed", [2, 3])
def test_a_days_mentions_equal_those_dated_from_every_mention(store, seed):
    rng = random.Random(seed)
    store.create_case("Tide")
    table_checked = 0
    for number in range(40):
        random_step(rng, store, "Tide", number)
        expected = _expected(store, "Tide")
        if not expected:
            continue
        first, last = rng.choice(sorted(expected))
        found, total = store.dated_mentions("Tide", first, last, limit=1000)
        assert [m for m, _ in found] == expected[(first, last)] and total == len(found), number
        capped, total = store.dated_mentions("Tide", first, last, limit=1)
        assert [m for m, _ in capped] == expected[(first, last)][:1] and total == len(found)
        table = store.case_entities("Tide")
        entity = rng.choice(sorted(table.members))
        keys = table.members[entity]
        mine, _ = store.dated_mentions("Tide", first, last, keys, limit=1000)
        assert all(key in keys for _, key in mine)
        assert [m for m, _ in mine] == [m for m, key in found if key in keys]
        table_checked += 1
    assert table_checked > 10
    assert store.dated_mentions("Tide", first, last, [], limit=5) == ([], 0)


def test_keys_with_quotes_percent_signs_and_backslashes(store):
    """The keys go into the SQL inline (more than a backend takes as parameters): any name is safe."""
    text = "Report of March 3, 2026. Pat O'Brien, 100% Ltd and Al\\ Jones met."
    names = ["Pat O'Brien", "100% Ltd", "Al\\ Jones"]
    sha = hashlib.sha256(text.encode()).hexdigest()
    found = [
        Mention(sha, w, "PERSON", text.index(w), text.index(w) + len(w), 1, "model", None, None, sentence_start=25)
        for w in names
    ]
    store.create_case("Tide")
    store.add_document("Tide", Document(sha, "a.txt", "text/plain", text, size=len(text)), found, INFO, "h")
    table = store.case_entities("Tide")
    keys = [key for entity, members in table.members.items() for key in members if entity != "PERSON:pat o'brien"]
    day = datetime.date(2026, 3, 3)
    read, total = store.dated_mentions("Tide", day, day, keys)
    assert sorted(m.text for m, _ in read) == ["100% Ltd", "Al\\ Jones"] and total == 2
    entity_of = {key: entity for entity, members in table.members.items() for key in members}
    page, total = store.mention_page("Tide", {k: entity_of[k] for k in keys})
    assert sorted(m.text for m, _ in page) == ["100% Ltd", "Al\\ Jones"] and total == 2
