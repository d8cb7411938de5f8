"""Case names are unique among the cases one user can see, not in the whole store (issue 39, item 3):
two teams may each have a "Harbor"; a name is resolved among the cases seen, NAME#ID picks one of
several; audit entries keep each case apart by id. Schema 6 drops the old uniqueness, keeping
every case, its id and what hangs off it. On SQLite and (when set) PostgreSQL."""

from __future__ import annotations

import hashlib
import sqlite3
import threading

import pytest
from sqlalchemy import create_engine, inspect, select

from nerpipe.errors import CaseError, CaseExistsError, CaseNotFoundError
from nerpipe.store import Store
from nerpipe.store.schema import SCHEMA_VERSION, cases, documents, memberships, schema_info
from nerpipe.types import Document, PipelineInfo

INFO = PipelineInfo("test", "0", "-", "test", ())


def _doc(body: str) -> Document:
    return Document(hashlib.sha256(body.encode()).hexdigest(), "memo.txt", "text/plain", body, size=len(body))


def _two_teams(store: Store) -> tuple[int, int]:
    """ana's Harbor and bob's Harbor, each made by its analyst; their ids."""
    ana = store.users.add_user("ana", "analyst", "$argon2id$x")
    bob = store.users.add_user("bob", "analyst", "$argon2id$x")
    assert store.create_case("Harbor", owner_id=ana.id, visible_to=ana.id)
    assert store.create_case("Harbor", owner_id=bob.id, visible_to=bob.id)
    first, second = (row.id for row in store.users.case_rows())
    return first, second


def test_a_name_is_taken_only_among_the_cases_its_maker_sees(store):
    first, second = _two_teams(store)
    assert first != second and [c.name for c in store.list_cases()] == ["Harbor", "Harbor"]
    ana = store.users.find("ana")
    with pytest.raises(CaseExistsError, match="A case named 'Harbor' already exists"):
        store.create_case("Harbor", owner_id=ana.id, visible_to=ana.id)
    with pytest.raises(CaseExistsError):  # without a user (single-user mode, the CLI): every case
        store.create_case("Harbor")


def test_a_shared_name_asks_which_case_and_name_hash_id_picks_it(store):
    first, second = _two_teams(store)
    with pytest.raises(CaseError) as caught:
        store.list_documents("Harbor")
    assert str(caught.value) == (
        f"Several cases you can see are named 'Harbor': say which one, as 'Harbor#{first}' or 'Harbor#{second}'."
    )
    store.add_document(f"Harbor#{second}", _doc("Carlos Mendez."), [], INFO, "h")
    assert store.list_documents(f"Harbor#{first}") == []
    assert [d.filename for d in store.list_documents(f"Harbor#{second}")] == ["memo.txt"]
    assert store.case_labels() == {first: f"Harbor#{first}", second: f"Harbor#{second}"}
    with pytest.raises(CaseNotFoundError):
        store.list_documents(f"Tide#{first}")  # the id with another name is no address


def test_a_name_in_the_form_of_an_address_is_refused(store):
    with pytest.raises(CaseError, match="cannot end in '#' and a number"):
        store.create_case("Harbor#2")


def test_audit_entries_keep_two_cases_of_one_name_apart(store):
    first, second = _two_teams(store)
    store.add_document(f"Harbor#{second}", _doc("Carlos Mendez."), [], INFO, "h")
    added = [e for e in store.audit.entries() if e.action == "document.add"]
    assert [(e.case_id, e.case) for e in added] == [(second, "Harbor")]  # the name, not the address
    mine = store.audit.entries(case=f"Harbor#{first}", current_only=True)
    assert [(e.action, e.case_id) for e in mine] == [("case.create", first)]
    theirs = store.audit.entries(case=f"Harbor#{second}", current_only=True)
    assert [e.action for e in theirs] == ["case.create", "document.add"]


def test_two_makers_of_one_new_name_at_once_make_one_case(store_url):
    """The name check and the insert are one step under a lock for names (no unique index now)."""
    for round_ in range(5):
        name, outcomes = f"Op {round_}", []
        barrier = threading.Barrier(4)

        def make(name=name, outcomes=outcomes, barrier=barrier) -> None:
            opened = Store.open(store_url)
            barrier.wait(timeout=30)
            outcomes.append(opened.create_case(name, exist_ok=True))
            opened.close()

        threads = [threading.Thread(target=make) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert sorted(outcomes) == [False, False, False, True], round_
    opened = Store.open(store_url)
    assert len(opened.list_cases()) == 5
    opened.close()


V5_CASES = (
    "CREATE TABLE cases (id INTEGER NOT NULL, name VARCHAR(200) NOT NULL, created_at DATETIME NOT NULL, "
    "PRIMARY KEY (id), UNIQUE (name))"
)


def _as_schema_5(url: str) -> None:
    """The cases table as schema 5 made it (name UNIQUE, no index on it), the version set back."""
    if url.startswith("sqlite"):  # made again as SQLite asks, foreign keys off so nothing cascades
        connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        for statement in (
            "PRAGMA foreign_keys=OFF",
            "BEGIN",
            "PRAGMA legacy_alter_table=ON",
            "ALTER TABLE cases RENAME TO cases_6",
            V5_CASES,
            "INSERT INTO cases SELECT id, name, created_at FROM cases_6",
            "DROP TABLE cases_6",
            "UPDATE schema_info SET version = 5",
            "COMMIT",
        ):
            connection.execute(statement)
        connection.close()
        return
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE cases ADD CONSTRAINT cases_name_key UNIQUE (name)")
        connection.exec_driver_sql("DROP INDEX ix_cases_name")
        connection.execute(schema_info.update().values(version=5))
    engine.dispose()


def test_a_schema_5_store_is_migrated_keeping_every_case_and_what_hangs_off_it(store_url):
    old = Store.open(store_url)
    ana = old.users.add_user("ana", "analyst", "$argon2id$x")
    old.create_case("Harbor", owner_id=ana.id)
    old.add_document("Harbor", _doc("Carlos Mendez sold fentanyl."), [], INFO, "h")
    old.create_case("Tide")
    old.close()
    _as_schema_5(store_url)
    engine = create_engine(store_url)
    with engine.connect() as connection:  # as schema 5 left it
        assert [c["column_names"] for c in inspect(connection).get_unique_constraints("cases")] == [["name"]]
    engine.dispose()
    store = Store.open(store_url)
    with store.engine.connect() as connection:
        assert connection.execute(select(schema_info.c.version)).scalar_one() == SCHEMA_VERSION
        assert inspect(connection).get_unique_constraints("cases") == []
        assert "ix_cases_name" in {i["name"] for i in inspect(connection).get_indexes("cases")}
        assert connection.execute(select(cases.c.name).order_by(cases.c.id)).scalars().all() == ["Harbor", "Tide"]
        assert connection.execute(select(documents.c.case_id)).scalars().all() == [1]
        assert connection.execute(select(memberships.c.case_id)).scalars().all() == [1]
    bob = store.users.add_user("bob", "analyst", "$argon2id$x")
    assert store.create_case("Harbor", owner_id=bob.id, visible_to=bob.id)  # refused before: UNIQUE
    store.delete_case("Harbor#1")  # foreign keys still cascade
    with store.engine.connect() as connection:
        assert connection.execute(select(documents.c.id)).all() == []
        assert connection.execute(select(memberships.c.user_id)).scalars().all() == [bob.id]
    store.close()
