"""Two processes storing the same documents into one case at the same moment (SQLite and, in CI,
PostgreSQL): each document is stored once, the other writer hears "already in this case", and
no database error quotes a document's text."""

from __future__ import annotations

import multiprocessing

import pytest

from nerpipe.errors import StoreError
from nerpipe.store import Store
from tests.store.test_repository import INFO, document, mention

ROUNDS = 30
SECRET = "Informant Zulu-7 saw heroin"


def _body(index: int) -> str:
    return f"{SECRET} at the pier, report {index}. The Crips were there."


def _writer(url: str, barrier, results) -> None:
    store = Store.open(url)
    try:
        for index in range(ROUNDS):
            doc = document(_body(index), f"report-{index}.txt")
            barrier.wait(timeout=60)  # both writers insert the same document at the same moment
            try:
                added = store.add_document("Shared", doc, [mention(doc, "heroin", "DRUG")], INFO, INFO.patterns_hash)
                results.put((index, "added" if added.added else "duplicate"))
            except Exception as exc:  # the test reports what went wrong, whatever it was
                results.put((index, f"{type(exc).__name__}: {exc}"))
    finally:
        store.close()


def test_two_processes_adding_the_same_documents_at_once_store_each_once(store, store_url):
    store.create_case("Shared")
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    writers = [context.Process(target=_writer, args=(store_url, barrier, results)) for _ in range(2)]
    for writer in writers:
        writer.start()
    outcomes: dict[int, list[str]] = {}
    for _ in range(2 * ROUNDS):
        index, outcome = results.get(timeout=120)
        outcomes.setdefault(index, []).append(outcome)
    for writer in writers:
        writer.join(30)
    problems = {index: found for index, found in outcomes.items() if sorted(found) != ["added", "duplicate"]}
    assert problems == {}
    stored = store.list_documents("Shared")
    assert len(stored) == ROUNDS
    assert all(d.mention_count == 1 for d in stored)


def test_a_database_error_names_the_file_but_never_quotes_its_text(store):
    store.create_case("A")
    doc = document(SECRET + " in a document whose parent is gone.", "orphan.txt")
    with pytest.raises(StoreError) as raised:
        store.add_document("A", doc, [mention(doc, "heroin", "DRUG")], INFO, INFO.patterns_hash, parent_id=987654)
    message = str(raised.value)
    assert "orphan.txt" in message
    assert "Zulu" not in message and "heroin" not in message
