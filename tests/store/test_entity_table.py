"""The entity table from the mentions' stored keys (store/mention_keys.py, store/entity_table.py)
equals build_entities over the case's mentions, after any change; and reads no mention one by one."""

from __future__ import annotations

import hashlib
import random

import pytest
from sqlalchemy import create_engine, event, select

from nerpipe.graph.entities import build_entities, mention_key
from nerpipe.store import Store
from nerpipe.store.schema import SCHEMA_VERSION, schema_info
from nerpipe.types import Document, Mention, PipelineInfo

INFO = PipelineInfo("en_test", "1", "-", "test", ("ner",), {}, "0" * 64)
#: Words that exercise every resolution rule: full names and their parts, titles, a name the NER
#: labels two ways, an organisation and its short form, places written several ways, a gang by
#: pattern and by the NER, a weapon's kind and model, a card number.
WORDS = (
    ("Luis Ortega", "PERSON"),
    ("Det. Luis Ortega", "PERSON"),
    ("Luis Ortega", "ORG"),
    ("Luis", "PERSON"),
    ("Ortega", "PERSON"),
    ("Ortega", "ORG"),
    ("Marco Salazar", "PERSON"),
    ("Marco Salazar", "ORG"),
    ("Salazar", "NORP"),
    ("Marco", "PERSON"),
    ("Ana Ortega", "PERSON"),
    ("Drug Enforcement Administration", "ORG"),
    ("DEA", "ORG"),
    ("TX", "ORG"),
    ("Texas", "GPE"),
    ("Austin", "GPE"),
    ("Austin", "PERSON"),
    ("the Pier Road", "LOC"),
    ("Sinaloa", "ORG"),
    ("handgun", "WEAPON"),
    ("Glock 19", "WEAPON"),
    ("4111 1111 1111 1111", "CARD"),
    ("heroin", "DRUG"),
)
PATTERNS = (("Sinaloa", "GANG_ORG", "Sinaloa Cartel"), ("Ortega", "PERSON", None), ("Austin", "GPE", None))


def _document(rng: random.Random, number: int) -> tuple[Document, list[Mention]]:
    parts, found, offset = [], [], 0
    for _ in range(rng.randint(1, 12)):
        if rng.random() < 0.15:
            words, label, pattern = rng.choice(PATTERNS)
            source = "pattern"
        else:
            (words, label), pattern, source = rng.choice(WORDS), None, "model"
        sentence = f"{words} was seen."
        found.append(Mention("", words, label, offset, offset + len(words), len(parts), source, pattern, None, None))
        parts.append(sentence)
        offset += len(sentence) + 1
    text = " ".join(parts) + f" ({number})"
    sha = hashlib.sha256(text.encode()).hexdigest()
    document = Document(sha, f"doc{number}.txt", "text/plain", text, size=len(text))
    return document, [_in(m, sha) for m in found]


def _in(mention: Mention, sha: str) -> Mention:
    return Mention(
        sha,
        mention.text,
        mention.label,
        mention.start,
        mention.end,
        mention.sentence,
        mention.source,
        mention.pattern_id,
        None,
        None,
        sentence_start=mention.start,
        sentence_end=mention.end + 9,
    )


def _expected(store: Store, case: str) -> dict:
    index = build_entities(store.load_mentions(case), store.list_merges(case))
    return {
        key: (e.name, e.label, tuple(e.aliases), e.mentions, e.documents) for key, e in index.entities.items()
    }, index


def _stored(store: Store, case: str) -> dict:
    return {
        key: (e.name, e.label, e.aliases, e.mentions, e.documents)
        for key, e in store.case_entities(case).entities.items()
    }


def _step(rng: random.Random, store: Store, case: str, number: int) -> str:
    docs = store.list_documents(case)
    mentions = store.load_mentions(case, apply_decisions=False)
    entities = list(build_entities(store.load_mentions(case), store.list_merges(case)).entities)
    choice = rng.random()
    if choice < 0.3 or not docs:
        document, found = _document(rng, number)
        store.add_document(case, document, found, INFO, "h")
        return "add"
    if choice < 0.33:
        store.delete_document(case, rng.choice(docs).id)
        return "delete"
    if choice < 0.45:
        return _add_mention(rng, store, case, docs)
    if choice < 0.55 and mentions:
        m = rng.choice(mentions)
        store.reject_mention(case, m.doc, m.start, m.end)
        return "reject"
    if choice < 0.7 and mentions:
        m = rng.choice(mentions)
        store.relabel_mention(case, m.doc, m.start, m.end, rng.choice(["PERSON", "ORG", "GPE", "CARD", "WEAPON"]))
        return "relabel"
    if choice < 0.78 and store.list_decisions(case):
        d = rng.choice(store.list_decisions(case))
        store.undo_decision(case, d["sha256"], d["start"], d["end"])
        return "undo"
    if choice < 0.88 and len(entities) > 1:
        into, *members = rng.sample(entities, min(len(entities), rng.randint(2, 3)))
        # Sometimes by an id the mentions gave before resolution, as merges saved earlier do.
        members = [mention_key(rng.choice(mentions)) if rng.random() < 0.3 else key for key in members]
        store.merge_entities(case, into, members)
        return "merge"
    if choice < 0.93 and store.list_merges(case):
        store.unmerge(case, rng.choice(store.list_merges(case)).members[0])
        return "unmerge"
    row = rng.choice(docs)
    sha = row.sha256
    _, found = _document(rng, number)
    store.replace_mentions(row.id, [_in(m, sha) for m in found], INFO, "h2")
    return "reprocess"


def _add_mention(rng: random.Random, store: Store, case: str, docs: list) -> str:
    """An analyst marks words: a name of WORDS where the text has one (sometimes carried to its
    other occurrences), or any few characters (overlapping found and added mentions alike)."""
    row = rng.choice(docs)
    text = store.load_document(case, row.id).text
    label = rng.choice(["PERSON", "ORG", "GPE", "DRUG", "WEAPON"])
    words = rng.choice(WORDS)[0]
    if words in text and rng.random() < 0.6:
        start = text.index(words)
        store.add_mention(case, row.sha256, start, start + len(words), label, carry=rng.random() < 0.5)
        return "add mention"
    start = rng.randrange(len(text) - 3)
    end = min(len(text), start + rng.randint(3, 20))
    if text[start:end].strip():
        store.add_mention(case, row.sha256, start, end, label)
    return "add span"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stored_entities_equal_those_built_from_every_mention_after_each_change(store, seed):
    rng = random.Random(seed)
    store.create_case("Tide")
    store.create_case("Other")
    other, found = _document(rng, 999)
    store.add_document("Other", other, found, INFO, "h")  # another case's mentions count for nothing here
    for number in range(60):
        done = _step(rng, store, "Tide", number)
        expected, index = _expected(store, "Tide")
        assert _stored(store, "Tide") == expected, (number, done)
        if expected:
            entity = rng.choice(sorted(expected))
            assert store.entity_mentions("Tide", entity) == index.mentions_of(entity), (number, done)


def test_a_page_is_filtered_sorted_and_counted(store):
    store.create_case("Tide")
    rng = random.Random(7)
    for number in range(12):
        store.add_document("Tide", *_document(rng, number), INFO, "h")
    everything = _expected(store, "Tide")[0]
    page = store.entity_page("Tide", labels=["PERSON", "ORG"], min_mentions=2, offset=1, limit=3)
    wanted = sorted(
        (key for key, e in everything.items() if e[1] in ("PERSON", "ORG") and e[3] >= 2),
        key=lambda key: (-everything[key][3], -everything[key][4], key),
    )
    assert page.total == len(wanted) > 4
    assert [row.id for row in page.rows] == wanted[1:4]
    assert page.labels == sorted({e[1] for e in everything.values()})
    found = store.entity_page("Tide", search="ortega", limit=None).rows
    assert found and all(any("ortega" in alias.lower() for alias in row.aliases) for row in found)
    by_name = store.entity_page("Tide", sort="name", limit=None).rows
    assert [row.name.casefold() for row in by_name] == sorted(row.name.casefold() for row in by_name)
    with pytest.raises(ValueError, match="sort by one of"):
        store.entity_page("Tide", sort="colour")


def test_the_entity_page_reads_no_mention_one_by_one(store, monkeypatch):
    """Only grouped queries touch the mentions, and as many of them for a case twice the size."""
    store.create_case("Tide")
    rng = random.Random(3)
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    monkeypatch.setattr(Store, "load_mentions", lambda *a, **k: pytest.fail("the entity page read every mention"))
    counts = []
    for number in range(40):
        store.add_document("Tide", *_document(rng, number), INFO, "h")
        if number in (19, 39):
            statements.clear()
            assert store.entity_page("Tide").total > 5
            on_mentions = [s for s in statements if "FROM mentions" in s.replace("\n", " ")]
            assert on_mentions and all("GROUP BY" in s for s in on_mentions), on_mentions
            counts.append(len(statements))
    assert counts[0] == counts[1]


def test_a_store_made_before_the_keys_is_migrated_and_shows_the_same_entities(store_url):
    """A store as schema 6 left it (no key columns) gets them filled, decisions and all."""
    store = Store.open(store_url)
    store.create_case("Tide")
    rng = random.Random(11)
    for number in range(10):
        store.add_document("Tide", *_document(rng, number), INFO, "h")
    first = store.load_mentions("Tide")[0]
    store.relabel_mention("Tide", first.doc, first.start, first.end, "GPE")
    store.merge_entities("Tide", "PERSON:luis ortega", ["PERSON:marco salazar"])
    expected, _ = _expected(store, "Tide")
    store.close()
    engine = create_engine(store_url)
    with engine.begin() as connection:
        for column in ("plain_key", "own_key", "entity_key", "form", "fixed"):
            connection.exec_driver_sql(f"ALTER TABLE mentions DROP COLUMN {column}")
        connection.execute(schema_info.update().values(version=6))
    engine.dispose()
    store = Store.open(store_url)
    with store.engine.connect() as connection:
        assert connection.execute(select(schema_info.c.version)).scalar_one() == SCHEMA_VERSION
    assert _stored(store, "Tide") == expected == _expected(store, "Tide")[0]
    store.close()
