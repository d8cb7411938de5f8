"""A killed process leaves no action without its audit entry and no entry without its action:
the two are one transaction. The child (audit_child.py) is killed with SIGKILL, the way the
kernel's out-of-memory killer or a power cut ends a process, at the worst moment (entry written,
not yet committed) and at random moments of a stream of changes."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from nerpipe.store import Store
from nerpipe.store.schema import audit_log, cases, decisions, documents, users
from tests.store.audit_child import INFO, memo

ROOT = Path(__file__).resolve().parents[2]


def child(url: str, action: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.audit_child", url, action],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def rows(store: Store, table) -> list:
    with store.engine.connect() as connection:
        return connection.execute(select(table)).all()


@pytest.fixture
def tide(store: Store) -> Store:
    store.create_case("Tide")
    store.add_document("Tide", *memo("Ana sold heroin."), INFO, "p")
    return store


#: What each killed action would have changed, read back: it must be as before.
EFFECTS = {
    "create_case": lambda s: sorted(r.name for r in rows(s, cases)),
    "add_document": lambda s: sorted(r.sha256 for r in rows(s, documents)),
    "reject": lambda s: len(rows(s, decisions)),
    "delete_case": lambda s: sorted(r.name for r in rows(s, cases)),
    "add_user": lambda s: sorted(r.name for r in rows(s, users)),
}


@pytest.mark.parametrize("action", sorted(EFFECTS))
def test_killed_between_the_entry_and_the_commit_leaves_neither(tide, store_url, action):
    before, entries = EFFECTS[action](tide), len(rows(tide, audit_log))
    process = child(store_url, action)
    try:
        line = process.stdout.readline()
        assert line.strip() == "entry written", process.stderr.read()
    finally:
        kill(process)
    fresh = Store.open(store_url)
    try:
        assert EFFECTS[action](fresh) == before
        assert len(rows(fresh, audit_log)) == entries
        fresh.create_case("After")  # the store is usable: no lock left behind
    finally:
        fresh.close()


@pytest.mark.slow
def test_killed_at_random_moments_every_action_has_its_entry(store, store_url):
    generator = random.Random(25)
    for _ in range(4):
        process = child(store_url, "loop")
        try:
            for _ in range(generator.randint(1, 5)):
                assert process.stdout.readline(), process.stderr.read()
            time.sleep(generator.uniform(0, 0.05))
        finally:
            kill(process)
        _check_every_action_has_its_entry(store)


def _check_every_action_has_its_entry(store: Store) -> None:
    log = rows(store, audit_log)
    created = Counter(e.case_name for e in log if e.action == "case.create")
    assert created == Counter(r.name for r in rows(store, cases))
    added = Counter(e.case_id for e in log if e.action == "document.add")
    assert added == Counter(r.case_id for r in rows(store, documents))
    standing = Counter()
    for entry in log:
        if entry.action == "correction.reject":
            standing[entry.case_id] += 1
        elif entry.action == "correction.undo":
            standing[entry.case_id] -= 1
    assert +standing == Counter(r.case_id for r in rows(store, decisions))
