"""Reads of one document's mentions, and the check of one mention, go through the indexes and give
what the whole case's read gives for them (corrections applied), on both backends."""

from __future__ import annotations

from tests.store.test_repository import INFO, document, mention


def stored_pair(store):
    store.create_case("A")
    first = document("Snow met Ana about heroin.", "one.txt")
    second = document("Ana sold heroin to Snow in Denver.", "two.txt")
    store.add_document("A", first, [mention(first, "Snow", "DRUG"), mention(first, "Ana", "ORG")], INFO, "h")
    store.add_document("A", second, [mention(second, "Ana", "PERSON"), mention(second, "heroin", "DRUG")], INFO, "h")
    store.reject_mention("A", first.id, 0, 4)
    store.relabel_mention("A", first.id, 9, 12, "person")
    return first, second


def test_one_documents_mentions_are_those_of_the_whole_read(store):
    first, second = stored_pair(store)
    whole = store.load_mentions("A")
    for doc in (first, second):
        assert store.load_mentions("A", document=doc.id) == [m for m in whole if m.doc == doc.id]
    assert [(m.text, m.label) for m in store.load_mentions("A", document=first.id)] == [("Ana", "PERSON")]
    assert len(store.load_mentions("A", document=first.id, apply_decisions=False)) == 2
    assert store.load_mentions("A", document="0" * 64) == []


def test_one_mention_is_looked_up_whatever_its_corrections(store):
    first, second = stored_pair(store)
    assert store.has_mention("A", first.id, 0, 4)  # rejected, still a mention to correct or undo
    assert store.has_mention("A", second.id, 0, 3)
    assert not store.has_mention("A", second.id, 0, 4)
    assert not store.has_mention("A", "0" * 64, 0, 3)
