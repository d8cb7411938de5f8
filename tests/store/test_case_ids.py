"""A case's id is never given to another case, on either backend: memberships, exports and entries
kept under a deleted case's id must not attach to a new case (SQLite gave the highest id again)."""

from __future__ import annotations

from sqlalchemy import select

from nerpipe.store.schema import cases


def case_ids(store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {name: case_id for name, case_id in connection.execute(select(cases.c.name, cases.c.id))}


def test_a_deleted_cases_id_is_never_given_again(store):
    for name in ("Alpha", "Bravo", "Charlie"):
        store.create_case(name)
    given = set(case_ids(store).values())
    store.users.add_user("ana", "analyst", "x")
    store.users.add_member("ana", "Charlie")
    store.delete_case("Charlie")  # the highest id: the one SQLite would hand out next
    store.create_case("Delta")
    store.delete_case("Bravo")
    store.delete_case("Delta")
    store.create_case("Echo")
    new = case_ids(store)
    assert new["Echo"] not in given and new["Echo"] > max(given) + 1
    assert not store.users.is_member(store.users.find("ana").id, "Echo")
    assert [c.name for c in store.list_cases()] == ["Alpha", "Echo"]
