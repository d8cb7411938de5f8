"""Store.case_revision, the dashboard's cache key, changes when a document is reprocessed: the
counts of documents, decisions and merges do not, and the mention ids a reprocessing of the last
document gives can be the same ones again."""

from __future__ import annotations

import random

from nerpipe.store import Store
from tests.store.random_case import INFO, random_document


def test_reprocessing_a_document_changes_the_revision(store: Store):
    store.create_case("Tide")
    rng = random.Random(3)
    for number in range(3):
        document, found = random_document(rng, number)
        added = store.add_document("Tide", document, found, INFO, "h")
    before = store.case_revision("Tide")
    store.replace_mentions(added.document_id, found, INFO, "h")  # the same mentions again
    after = store.case_revision("Tide")
    assert after != before
    store.replace_mentions(added.document_id, found[:1], INFO, "patterns changed")
    assert store.case_revision("Tide") not in (before, after)
    assert store.case_revision("Tide") == store.case_revision("Tide")


def test_reprocessing_another_case_leaves_this_revision(store: Store):
    store.create_case("Tide")
    store.create_case("Other")
    rng = random.Random(4)
    store.add_document("Tide", *random_document(rng, 1), INFO, "h")
    document, found = random_document(rng, 2)
    other = store.add_document("Other", document, found, INFO, "h")
    before = store.case_revision("Tide")
    store.replace_mentions(other.document_id, found, INFO, "h")
    assert store.case_revision("Tide") == before
