"""Users, roles, memberships, credentials and failed logins in the store; the schema 3 migration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, text

from nerpipe.auth.roles import Role
from nerpipe.errors import CaseNotFoundError, UserError, UserExistsError, UserNotFoundError
from nerpipe.store import Store
from nerpipe.store.schema import ACCESS_AND_AUDIT_TABLES, SCHEMA_VERSION, schema_info

HASH = "$argon2id$not-checked-here"


def test_users_are_added_listed_renamed_never_and_removed(store):
    users = store.users
    users.add_user("Ana.Ruiz", "admin", HASH)
    users.add_user("bob", Role.VIEWER, HASH)
    assert [(u.name, u.role) for u in users.list_users()] == [("ana.ruiz", Role.ADMIN), ("bob", Role.VIEWER)]
    with pytest.raises(UserExistsError, match="already exists"):
        users.add_user("ANA.RUIZ", "analyst", HASH)
    users.set_role("bob", "analyst")
    assert users.find("BOB").role == Role.ANALYST
    users.remove_user("bob")
    assert users.find("bob") is None
    with pytest.raises(UserNotFoundError, match="No user named 'bob'"):
        users.set_role("bob", "viewer")


@pytest.mark.parametrize("name", ["", "a b", "x" * 101, "-lead", "ana/ruiz", "ana\x00"])
def test_unusable_names_and_roles_are_refused(store, name):
    with pytest.raises(UserError, match="cannot be a user name"):
        store.users.add_user(name, "viewer", HASH)


def test_an_unknown_role_is_refused(store):
    with pytest.raises(UserError, match="Unknown role 'boss': use one of viewer, analyst, admin"):
        store.users.add_user("ana", "boss", HASH)


def test_the_last_admin_stays(store):
    users = store.users
    users.add_user("ana", "admin", HASH)
    with pytest.raises(UserError, match="only admin"):
        users.remove_user("ana")
    with pytest.raises(UserError, match="only admin"):
        users.set_role("ana", "analyst")
    users.add_user("bob", "admin", HASH)
    users.set_role("ana", "analyst")
    assert users.count(Role.ADMIN) == 1


def test_membership_is_per_case_and_ends_with_the_case_or_the_user(store):
    users = store.users
    ana = users.add_user("ana", "analyst", HASH)
    store.create_case("Tide")
    store.create_case("Other", owner_id=ana.id)
    users.add_member("ana", "Tide")
    users.add_member("ana", "Tide")  # twice: still one membership, one entry
    assert [r.name for r in users.case_rows(ana.id)] == ["Other", "Tide"]
    assert users.is_member(ana.id, "Tide") and not users.is_member(ana.id, "Nope")
    users.remove_member("ana", "Tide")
    assert [r.name for r in users.case_rows(ana.id)] == ["Other"]
    store.delete_case("Other")
    assert users.case_rows(ana.id) == []
    with pytest.raises(CaseNotFoundError):
        users.add_member("ana", "Other")
    actions = [e.action for e in store.audit.entries()]
    assert actions.count("member.add") == 1 and actions.count("member.remove") == 1


def test_a_session_ends_at_logout_and_a_token_when_revoked(store):
    users = store.users
    ana = users.add_user("ana", "analyst", HASH)
    soon = datetime.now(UTC) + timedelta(minutes=5)
    users.open_session(ana, "s" * 64, soon, "api")
    assert users.credential("s" * 64).valid_at(datetime.now(UTC))
    assert not users.credential("s" * 64).valid_at(soon + timedelta(seconds=1))
    assert users.end_session("s" * 64)
    assert not users.end_session("s" * 64)  # once only: one logout entry
    assert not users.credential("s" * 64).valid_at(datetime.now(UTC))
    token = users.add_token("ana", "t" * 64, "  nightly   import ", None)
    assert token.label == "nightly import" and token.expires_at is None
    with pytest.raises(UserNotFoundError):
        users.revoke_token(token.id, owner="someone-else")
    users.revoke_token(token.id, owner="ana")
    assert users.credential("t" * 64).ended_at is not None
    assert [e.action for e in store.audit.entries()] == ["user.add", "login", "logout", "token.create", "token.revoke"]


def test_a_new_password_ends_the_sessions(store):
    users = store.users
    ana = users.add_user("ana", "analyst", HASH)
    users.open_session(ana, "s" * 64, datetime.now(UTC) + timedelta(hours=1), "dashboard")
    users.set_password("ana", "$argon2id$new")
    assert users.password_hash("ana") == "$argon2id$new"
    assert users.credential("s" * 64).ended_at is not None


def test_failed_logins_are_counted_per_name_and_forgotten_at_a_login(store):
    users = store.users
    ana = users.add_user("ana", "analyst", HASH)
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    for _ in range(3):
        users.record_failed_login("Ana", "api")
    users.record_failed_login("nobody", "api")
    assert users.failed_logins_since("ana", hour_ago) == 3
    assert users.failed_logins_since("ana", datetime.now(UTC) + timedelta(seconds=1)) == 0
    users.open_session(ana, "s" * 64, datetime.now(UTC) + timedelta(hours=1), "api")
    assert users.failed_logins_since("ana", hour_ago) == 0
    assert [e.action for e in store.audit.entries()].count("login.failed") == 4


def test_removing_a_user_keeps_their_entries(store):
    users = store.users
    users.add_user("ana", "analyst", HASH)
    store.acting_as("ana").create_case("Tide")
    users.remove_user("ana")
    assert [(e.actor, e.action) for e in store.audit.entries(case="Tide")] == [("ana", "case.create")]


def test_a_schema_2_store_gets_the_new_tables_empty(store_url):
    opened = Store.open(store_url)
    opened.create_case("Tide")
    with opened.engine.begin() as connection:
        for table in reversed(ACCESS_AND_AUDIT_TABLES):
            table.drop(connection)
        connection.execute(schema_info.update().values(version=2))
    opened.close()
    again = Store.open(store_url)
    try:
        with again.engine.connect() as connection:
            assert connection.execute(text("SELECT version FROM schema_info")).scalar_one() == SCHEMA_VERSION
            assert {t.name for t in ACCESS_AND_AUDIT_TABLES} <= set(inspect(connection).get_table_names())
        assert [c.name for c in again.list_cases()] == ["Tide"]
        assert again.audit.entries() == []
        again.create_case("After")
        with pytest.raises(Exception, match="append-only"), again.engine.begin() as connection:
            connection.execute(text("DELETE FROM audit_log"))
    finally:
        again.close()


def test_a_login_attempt_is_counted_before_its_password_is_checked(store):
    """start_login records the attempt as failed at once; past the limit it refuses (with an entry)
    and records nothing more, and a login forgets the failures up to its own attempt only."""
    users = store.users
    ana = users.add_user("ana", "analyst", HASH)
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    first = users.start_login("Ana", "api", since=hour_ago, limit=3)
    second = users.start_login("ana", "api", since=hour_ago, limit=3)
    assert (first.failures, second.failures) == (1, 2) and not second.lockout_starts
    assert users.failed_logins_since("ana", hour_ago) == 2  # neither checked yet: both counted
    assert store.audit.entries()[-1].action == "user.add"  # a place taken is not an entry
    third = users.start_login("ana", "dashboard", since=hour_ago, limit=3)
    assert third.lockout_starts
    assert users.start_login("ana", "api", since=hour_ago, limit=3) is None
    assert users.failed_logins_since("ana", hour_ago) == 3  # a refusal does not prolong the lockout
    refused = store.audit.entries()[-1]
    assert (refused.action, refused.details["reason"], refused.details["failures"]) == ("login.failed", "locked out", 3)
    users.open_session(ana, "s" * 64, datetime.now(UTC) + timedelta(hours=1), "api", second)
    assert users.failed_logins_since("ana", hour_ago) == 1  # the third, still being checked, counts


def test_failed_logins_lock_a_name_per_source_and_everywhere_past_a_higher_count(store):
    """An outsider's guesses lock the name out for their address only: the user's own address still
    gets its checks, until guesses from many addresses reach the name's own limit."""
    users = store.users
    ana = users.add_user("ana", "analyst", HASH)
    hour_ago = datetime.now(UTC) - timedelta(hours=1)

    def attempt(source: str):
        return users.start_login("ana", "api", since=hour_ago, limit=3, source=source, name_limit=8)

    assert [attempt("203.0.113.9").failures for _ in range(3)] == [1, 2, 3]
    assert attempt("203.0.113.9") is None  # that address is locked out
    refused = store.audit.entries()[-1]
    assert (refused.details["reason"], refused.details["from"]) == ("locked out", "203.0.113.9")
    mine = attempt("10.0.0.7")
    assert mine is not None and mine.failures == 1  # the user's own desk still logs in
    users.open_session(ana, "s" * 64, datetime.now(UTC) + timedelta(hours=1), "api", mine)
    assert attempt("203.0.113.9") is None  # their login does not forgive the outsider's guesses
    for address in ("198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"):
        assert attempt(address) is not None  # 3 + 4 = 7 failures in all
    assert attempt("198.51.100.5").lockout_starts  # the 8th: the name is locked everywhere
    assert attempt("10.0.0.7") is None
    assert store.audit.entries()[-1].details["reason"] == "locked out (guesses from many addresses)"


def test_a_schema_3_store_gets_the_source_of_failed_logins(store_url):
    opened = Store.open(store_url)
    opened.users.record_failed_login("ana", "api")
    with opened.engine.begin() as connection:
        connection.execute(text("ALTER TABLE failed_logins DROP COLUMN source"))
        connection.execute(schema_info.update().values(version=3))
    opened.close()
    again = Store.open(store_url)
    try:
        with again.engine.connect() as connection:
            assert connection.execute(text("SELECT version FROM schema_info")).scalar_one() == SCHEMA_VERSION
            assert connection.execute(text("SELECT name, source FROM failed_logins")).all() == [("ana", "")]
        assert again.users.failed_logins_since("ana", datetime.now(UTC) - timedelta(hours=1)) == 1
    finally:
        again.close()
