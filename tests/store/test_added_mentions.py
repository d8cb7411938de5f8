"""A mention an analyst adds (Store.add_mention): stored as a correction, read everywhere mentions
are, in the stored entity keys, undoable, audited, carried to the name's other occurrences."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import create_engine, inspect, select

from nerpipe.errors import CaseError
from nerpipe.graph.entities import build_entities
from nerpipe.store import Store
from nerpipe.store.schema import SCHEMA_VERSION, schema_info
from nerpipe.types import SOURCE_ANALYST, Document, Mention, PipelineInfo

INFO = PipelineInfo("en_test", "1", "-", "test", ("ner",), {}, "0" * 64)
TEXT = "Police seized blue fentanyl near the Pier Road.  Luis Ortega sold fentanyl, not fentanyls, to Ana."
OTHER = "A second file: fentanyl again, and xfentanyl is no word."


def _document(text: str, name: str) -> tuple[Document, str]:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(sha, name, "text/plain", text, size=len(text)), sha


def _found(sha: str, text: str) -> list[Mention]:
    first_end = text.index(".") + 1
    found = []
    for words, label, sentence in (("the Pier Road", "LOC", 0), ("Luis Ortega", "PERSON", 1), ("Ana", "PERSON", 1)):
        start = text.index(words)
        bounds = (0, first_end) if sentence == 0 else (first_end + 2, len(text))
        found.append(
            Mention(sha, words, label, start, start + len(words), sentence, "model", None, 0.9, None, False, *bounds)
        )
    return found


@pytest.fixture
def case(store) -> tuple[Store, str]:
    store.create_case("Tide")
    document, sha = _document(TEXT, "report.txt")
    store.add_document("Tide", document, _found(sha, TEXT), INFO, "h")
    return store, sha


def _entities(store: Store) -> dict:
    return {key: (e.name, e.label, tuple(e.aliases), e.mentions, e.documents) for key, e in _built(store).items()}


def _built(store: Store):
    return build_entities(store.load_mentions("Tide"), store.list_merges("Tide")).entities


def _stored(store: Store) -> dict:
    return {
        key: (e.name, e.label, e.aliases, e.mentions, e.documents)
        for key, e in store.case_entities("Tide").entities.items()
    }


def test_an_added_mention_is_read_back_in_the_entity_table_and_undone(case):
    store, sha = case
    start = TEXT.index("fentanyl")
    # whitespace around the words is trimmed; the label is upper-cased
    made = store.add_mention("Tide", sha, start - 1, start + len("fentanyl") + 1, " drug ")
    assert made == [(sha, start, start + 8)]
    added = [m for m in store.load_mentions("Tide", document=sha) if m.source == SOURCE_ANALYST]
    assert [(m.text, m.label, m.start, m.end) for m in added] == [("fentanyl", "DRUG", start, start + 8)]
    assert added[0].sentence == 0 and (added[0].sentence_start, added[0].sentence_end) == (0, TEXT.index(".") + 1)
    assert added == [m for m in store.load_mentions("Tide") if m.source == SOURCE_ANALYST]
    assert "DRUG:fentanyl" in _stored(store)
    assert _stored(store) == _entities(store)
    assert store.entity_mentions("Tide", "DRUG:fentanyl") == added
    assert store.has_mention("Tide", sha, start, start + 8)
    assert ("Tide", "DRUG", "fentanyl", None, sha) in store.mention_names("Tide")
    # what the pipeline found is unchanged
    assert all(m.source != SOURCE_ANALYST for m in store.load_mentions("Tide", apply_decisions=False))
    decision = store.list_decisions("Tide")[0]
    assert (decision["action"], decision["label"], decision["text"]) == ("add", "DRUG", "fentanyl")

    store.undo_decision("Tide", sha, start, start + 8)
    assert all(m.source != SOURCE_ANALYST for m in store.load_mentions("Tide"))
    assert "DRUG:fentanyl" not in _stored(store)
    assert _stored(store) == _entities(store)
    entries = [(e.action, e.details) for e in store.audit.entries(case="Tide")]
    assert entries[-2] == (
        "correction.add",
        {"sha256": sha, "start": start, "end": start + 8, "label": "DRUG", "text": "fentanyl"},
    )
    assert entries[-1][0] == "correction.undo" and entries[-1][1]["undone"] == "add DRUG"


def test_an_added_span_replaces_the_found_mention_it_overlaps_until_undone(case):
    store, sha = case
    start = TEXT.index("Pier Road")
    store.add_mention("Tide", sha, start, start + len("Pier Road"), "GPE")
    words = {(m.text, m.label, m.source) for m in store.load_mentions("Tide", document=sha)}
    assert ("Pier Road", "GPE", SOURCE_ANALYST) in words
    assert not any(text == "the Pier Road" for text, *_ in words)
    assert _stored(store) == _entities(store)
    # another added span over it replaces the first addition
    store.add_mention("Tide", sha, start - 4, start + len("Pier Road"), "LOC")
    added = [(m.text, m.label) for m in store.load_mentions("Tide") if m.source == SOURCE_ANALYST]
    assert added == [("the Pier Road", "LOC")]
    assert [d["action"] for d in store.list_decisions("Tide")] == ["add"]
    store.undo_decision("Tide", sha, start - 4, start + len("Pier Road"))
    assert ("the Pier Road", "LOC", "model") in {(m.text, m.label, m.source) for m in store.load_mentions("Tide")}
    assert _stored(store) == _entities(store)


def test_rejecting_an_added_mention_takes_it_away_and_relabelling_keeps_it_added(case):
    store, sha = case
    start = TEXT.index("fentanyl")
    store.add_mention("Tide", sha, start, start + 8, "DRUG")
    store.relabel_mention("Tide", sha, start, start + 8, "weapon")
    assert [(m.text, m.label) for m in store.load_mentions("Tide") if m.source == SOURCE_ANALYST] == [
        ("fentanyl", "WEAPON")
    ]
    assert [(d["action"], d["label"]) for d in store.list_decisions("Tide")] == [("add", "WEAPON")]
    store.reject_mention("Tide", sha, start, start + 8)
    assert all(m.source != SOURCE_ANALYST for m in store.load_mentions("Tide"))
    assert store.list_decisions("Tide") == []
    assert _stored(store) == _entities(store)


def test_an_added_mention_outlives_reprocessing_and_the_document_added_again(case):
    store, sha = case
    start = TEXT.index("Ana")
    store.add_mention("Tide", sha, start, start + 3, "GANG_ORG")
    row = store.list_documents("Tide")[0]
    store.replace_mentions(row.id, _found(sha, TEXT)[:1], INFO, "h2")
    assert ("Ana", "GANG_ORG") in {(m.text, m.label) for m in store.load_mentions("Tide")}
    assert _stored(store) == _entities(store)
    store.delete_document("Tide", row.id)
    assert store.load_mentions("Tide") == []
    document, _ = _document(TEXT, "report.txt")
    store.add_document("Tide", document, _found(sha, TEXT), INFO, "h")
    mentions = store.load_mentions("Tide")
    assert ("Ana", "GANG_ORG", SOURCE_ANALYST) in {(m.text, m.label, m.source) for m in mentions}
    assert ("Ana", "PERSON") not in {(m.text, m.label) for m in mentions}
    assert _stored(store) == _entities(store)


def test_carry_adds_every_occurrence_at_word_boundaries_in_the_case(case):
    store, sha = case
    other, other_sha = _document(OTHER, "second.txt")
    store.add_document("Tide", other, [], INFO, "h")
    second = TEXT.index("fentanyl", TEXT.index("Ortega"))
    store.reject_mention("Tide", sha, second, second + 8)  # an analyst's decision stands
    start = TEXT.index("fentanyl")
    made = store.add_mention("Tide", sha, start, start + 8, "DRUG", carry=True)
    assert made == [(sha, start, start + 8), (other_sha, OTHER.index("fentanyl"), OTHER.index("fentanyl") + 8)]
    added = [(m.doc, m.start) for m in store.load_mentions("Tide") if m.source == SOURCE_ANALYST]
    assert added == [(sha, start), (other_sha, OTHER.index("fentanyl"))]  # not 'fentanyls' nor 'xfentanyl'
    assert _stored(store)["DRUG:fentanyl"][3:] == (2, 2)
    assert _stored(store) == _entities(store)
    assert [e.action for e in store.audit.entries(case="Tide")].count("correction.add") == 2


@pytest.mark.parametrize(
    ("start", "end", "label", "message"),
    [
        (5, 5, "DRUG", "not a span of report.txt"),
        (-1, 4, "DRUG", "not a span of report.txt"),
        (0, len(TEXT) + 1, "DRUG", f"its text has {len(TEXT)} characters"),
        (TEXT.index("  "), TEXT.index("  ") + 2, "DRUG", "hold no words"),
        (0, 6, "two words", "cannot be a label"),
        (0, 6, "", "cannot be a label"),
    ],
)
def test_a_bad_span_or_label_is_refused_with_a_clear_error(case, start, end, label, message):
    store, sha = case
    with pytest.raises(CaseError, match=message):
        store.add_mention("Tide", sha, start, end, label)
    assert store.list_decisions("Tide") == []


def test_an_unknown_document_is_refused(case):
    store, _ = case
    with pytest.raises(CaseError, match=r"No document 0{64} in case 'Tide'"):
        store.add_mention("Tide", "0" * 64, 0, 4, "DRUG")


def test_a_store_made_before_added_mentions_is_migrated(store_url):
    """A store as schema 7 left it (decisions without words) opens at schema 8 with its decisions."""
    store = Store.open(store_url)
    store.create_case("Tide")
    document, sha = _document(TEXT, "report.txt")
    store.add_document("Tide", document, _found(sha, TEXT), INFO, "h")
    ana = TEXT.index("Ana")
    store.relabel_mention("Tide", sha, ana, ana + 3, "ORG")
    store.close()
    engine = create_engine(store_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE decisions DROP COLUMN text")
        connection.execute(schema_info.update().values(version=7))
    engine.dispose()
    store = Store.open(store_url)
    with store.engine.connect() as connection:
        assert connection.execute(select(schema_info.c.version)).scalar_one() == SCHEMA_VERSION >= 8
        assert "text" in {column["name"] for column in inspect(connection).get_columns("decisions")}
    assert [(d["action"], d["label"], d["text"]) for d in store.list_decisions("Tide")] == [("relabel", "ORG", None)]
    start = TEXT.index("fentanyl")
    store.add_mention("Tide", sha, start, start + 8, "DRUG")
    assert ("fentanyl", "DRUG") in {(m.text, m.label) for m in store.load_mentions("Tide")}
    assert ("Ana", "ORG") in {(m.text, m.label) for m in store.load_mentions("Tide")}
    assert _stored(store) == _entities(store)
    store.close()
