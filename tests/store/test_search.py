"""Full-text search in the store, on SQLite and PostgreSQL alike: indexed with each document in
its transaction, kept right by deletes, queries parsed and refused with a clear message."""

from __future__ import annotations

import sqlite3

import pytest

from nerpipe.errors import QueryError
from nerpipe.search.hits import search_case
from nerpipe.types import Document, PipelineInfo

INFO = PipelineInfo("test", "0", "-", "test", ())


def add(store, case, name, text, page_starts=(), parent_id=None):
    document = Document(
        id=f"{name:0<64}"[:64], filename=name, media_type="text/plain", text=text, page_starts=page_starts
    )
    return store.add_document(case, document, [], INFO, "h", parent_id=parent_id).document_id


@pytest.fixture
def case(store):
    store.create_case("Harbor")
    add(store, "Harbor", "memo.txt", "Luis Ortega met Maria Lopez at the pier. They moved cocaine.")
    add(store, "Harbor", "tip.txt", "A tip: Ortega sold heroin near the Peña bakery, not cocaine.")
    add(
        store,
        "Harbor",
        "report.pdf",
        "Page one is about the weather.\fPage two: fentanyl pills seized from Lopez.",
        page_starts=(0, 31),
    )
    store.create_case("Other")
    add(store, "Other", "other.txt", "Cocaine in another case.")
    return "Harbor"


def names(results):
    return [hit.filename for hit in results.hits]


def test_words_phrases_and_or_not_and_prefixes(store, case):
    assert sorted(names(search_case(store, case, "cocaine"))) == ["memo.txt", "tip.txt"]
    assert names(search_case(store, case, '"Luis Ortega"')) == ["memo.txt"]
    assert names(search_case(store, case, '"Ortega Luis"')) == []
    assert names(search_case(store, case, "cocaine AND pier")) == ["memo.txt"]
    assert names(search_case(store, case, "cocaine pier")) == ["memo.txt"]
    assert sorted(names(search_case(store, case, "heroin OR fentanyl"))) == ["report.pdf", "tip.txt"]
    assert names(search_case(store, case, "cocaine NOT heroin")) == ["memo.txt"]
    assert names(search_case(store, case, "cocaine -heroin")) == ["memo.txt"]
    assert sorted(names(search_case(store, case, "fent* OR hero*"))) == ["report.pdf", "tip.txt"]
    assert names(search_case(store, case, "(heroin OR pier) NOT bakery")) == ["memo.txt"]


def test_case_and_accents_are_folded_and_other_cases_are_not_searched(store, case):
    assert names(search_case(store, case, "PENA")) == ["tip.txt"]
    assert names(search_case(store, case, "peña")) == ["tip.txt"]
    assert names(search_case(store, case, "another")) == []


def test_hits_are_ranked_and_show_a_marked_snippet_the_page_and_the_place(store, case):
    results = search_case(store, case, "Lopez")
    assert results.total == 2
    by_name = {hit.filename: hit for hit in results.hits}
    report = by_name["report.pdf"]
    assert report.page == 2 and "«Lopez»" in report.snippet
    text = store.load_document(case, report.document_id).text
    assert text[report.start : report.end] == "Lopez"
    assert by_name["memo.txt"].page is None
    assert results.hits[0].score >= results.hits[1].score


def test_a_search_can_be_narrowed_to_some_documents(store, case):
    memo = next(d for d in store.list_documents(case) if d.filename == "memo.txt")
    assert names(search_case(store, case, "cocaine", only_documents=[memo.sha256])) == ["memo.txt"]
    assert names(search_case(store, case, "cocaine", only_documents=[])) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"Luis Ortega', "phrase is not closed"),
        ("cocaine AND", "needs a word after it"),
        ("OR cocaine", "needs a word before it"),
        ("NOT cocaine", "needs a word that must appear"),
        ("(cocaine OR heroin", "not closed"),
        ("cocaine)", "no opening bracket"),
        ("c*", "at least 2 letters"),
        ("   ", "at least one word"),
        ("***", "at least one word"),
        ("cocaine OR NOT heroin", "NOT cannot be one side of an OR"),
    ],
)
def test_a_malformed_query_gets_a_clear_message_never_a_database_error(store, case, query, message):
    with pytest.raises(QueryError, match=message):
        search_case(store, case, query)


def test_words_the_database_treats_as_syntax_are_only_words(store, case):
    for query in ("NEAR", "cocaine NEAR/2 pier", "text:cocaine", "^cocaine", "cocaine + pier", "'; DROP TABLE"):
        search_case(store, case, query)  # no error: each is words to look for


def test_deleting_a_document_or_a_case_keeps_the_index_right(store, case):
    tip = next(d for d in store.list_documents(case) if d.filename == "tip.txt")
    store.delete_document(case, tip.id)
    assert names(search_case(store, case, "heroin")) == []
    assert names(search_case(store, case, "cocaine")) == ["memo.txt"]
    store.delete_case("Other")
    store.create_case("Other")
    add(store, "Other", "again.txt", "Cocaine again.")
    assert names(search_case(store, "Other", "cocaine")) == ["again.txt"]


def test_an_attachment_deleted_with_its_email_leaves_the_index(store):
    store.create_case("Mail")
    mail = add(store, "Mail", "mail.eml", "See the attached ledger.")
    add(store, "Mail", "ledger.txt", "Ledger: payments to Ortega.", parent_id=mail)
    assert names(search_case(store, "Mail", "payments")) == ["ledger.txt"]
    store.delete_document("Mail", mail)
    assert names(search_case(store, "Mail", "payments")) == []


def test_the_same_document_twice_is_indexed_once(store, case):
    add(store, case, "memo.txt", "Luis Ortega met Maria Lopez at the pier. They moved cocaine.")
    assert search_case(store, case, "pier").total == 1


def test_reprocessing_keeps_the_index(store, case):
    memo = next(d for d in store.list_documents(case) if d.filename == "memo.txt")
    store.replace_mentions(memo.id, [], INFO, "h2")
    assert names(search_case(store, case, "pier")) == ["memo.txt"]


def test_long_documents_are_searchable_to_their_end(store):
    store.create_case("Long")
    add(store, "Long", "long.txt", "filler words here. " * 20_000 + "the last words: Rio Bravo shipment.")
    hit = search_case(store, "Long", '"Rio Bravo"').hits[0]
    assert hit.start > 300_000 and "«Rio Bravo»" in hit.snippet


def test_a_database_made_before_the_index_is_indexed_when_opened(tmp_path):
    from nerpipe.store import Store

    path = tmp_path / "old.db"
    url = f"sqlite:///{path}"
    store = Store.open(url)
    store.create_case("Old")
    add(store, "Old", "old.txt", "Stored before search existed: cocaine.")
    store.close()
    with sqlite3.connect(path) as raw:  # back to the schema of version 1
        raw.execute("DROP TRIGGER document_search_delete")
        raw.execute("DROP TABLE document_search")
        raw.execute("UPDATE schema_info SET version = 1")
    reopened = Store.open(url)
    assert names(search_case(reopened, "Old", "cocaine")) == ["old.txt"]
    reopened.close()
