"""A process for the kill tests (test_audit_kill.py): it makes changes to a store and is killed.

`python -m tests.store.audit_child URL ACTION` makes one change and, once its audit entry is
written but not committed, says "entry written" and waits to be killed. ACTION `loop` makes
changes without end, one line per change, to be killed at any moment."""

from __future__ import annotations

import hashlib
import sys
import time
import uuid

from nerpipe.store import Store, repository, users
from nerpipe.types import Document, Mention, PipelineInfo

INFO = PipelineInfo("en_test", "1.0", "/models/test", "test", ("ner",), {}, "p" * 64)


def memo(body: str) -> tuple[Document, list[Mention]]:
    doc = Document(hashlib.sha256(body.encode()).hexdigest(), "memo.txt", "text/plain", body, size=len(body))
    start = body.index("heroin")
    return doc, [Mention(doc.id, "heroin", "DRUG", start, start + 6, 0, "pattern", None, 1.0, sentence_end=len(body))]


def wait_after_the_entry(original):
    def written(*args, **kwargs):
        original(*args, **kwargs)
        print("entry written", flush=True)
        time.sleep(120)

    return written


ACTIONS = {
    "create_case": lambda s: s.create_case("New"),
    "add_document": lambda s: s.add_document("Tide", *memo("Ana sold heroin again."), INFO, "p"),
    "reject": lambda s: s.reject_mention("Tide", memo("Ana sold heroin.")[0].id, 9, 15),
    "delete_case": lambda s: s.delete_case("Tide"),
    "add_user": lambda s: s.users.add_user("carol", "viewer", "not-a-real-hash"),
}


def loop(store: Store) -> None:
    run = uuid.uuid4().hex[:8]  # each killed run makes cases of its own
    for number in range(100_000):
        case = f"case {run} {number}"
        store.create_case(case)
        doc, found = memo(f"Ana sold heroin, note {number}.")
        store.add_document(case, doc, found, INFO, "p")
        store.reject_mention(case, doc.id, found[0].start, found[0].end)
        if number % 2:
            store.undo_decision(case, doc.id, found[0].start, found[0].end)
        print(number, flush=True)


def main() -> None:
    url, action = sys.argv[1], sys.argv[2]
    store = Store.open(url, actor="child")
    if action == "loop":
        loop(store)
        return
    repository.write_entry = wait_after_the_entry(repository.write_entry)
    users.write_entry = wait_after_the_entry(users.write_entry)
    ACTIONS[action](store)


if __name__ == "__main__":
    main()
