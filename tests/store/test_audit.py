"""The audit log: every write leaves exactly one entry, in the action's own transaction; entries
cannot be changed or deleted; a case's log outlives the case. On SQLite and PostgreSQL."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, text, update

from nerpipe.auth.access import CASE_METHODS
from nerpipe.auth.roles import Role
from nerpipe.errors import StoreError
from nerpipe.store import Store, audit
from nerpipe.store.schema import audit_log, cases, credentials, decisions, documents, failed_logins, memberships
from nerpipe.store.schema import users as users_table
from nerpipe.store.users import UserStore
from tests.store.test_repository import INFO, document, mention

BODY = "Ana sold heroin to the Crips in Denver."


def entries(store: Store) -> list[audit.AuditEntry]:
    return store.audit.entries()


def stored_case(store: Store, name: str = "Tide") -> tuple[str, int]:
    store.create_case(name)
    doc = document(BODY)
    found = [mention(doc, "heroin", "DRUG"), mention(doc, "Crips", "GANG_ORG")]
    added = store.add_document(name, doc, found, INFO, "p")
    return doc.id, added.document_id


def _start_of(phrase: str) -> tuple[int, int]:
    start = BODY.index(phrase)
    return start, start + len(phrase)


#: Every change a store makes, as a call on a case that holds one document; the action it records.
WRITES = {
    "create_case": (lambda s, sha, doc_id: s.create_case("Other"), "case.create"),
    "delete_case": (lambda s, sha, doc_id: s.delete_case("Tide"), "case.delete"),
    "add_document": (
        lambda s, sha, doc_id: s.add_document("Tide", document("Another memo."), [], INFO, "p"),
        "document.add",
    ),
    "delete_document": (lambda s, sha, doc_id: s.delete_document("Tide", doc_id), "document.delete"),
    "replace_mentions": (lambda s, sha, doc_id: s.replace_mentions(doc_id, [], INFO, "p"), "document.reprocess"),
    "reject_mention": (lambda s, sha, doc_id: s.reject_mention("Tide", sha, *_start_of("heroin")), "correction.reject"),
    "relabel_mention": (
        lambda s, sha, doc_id: s.relabel_mention("Tide", sha, *_start_of("heroin"), "WEAPON"),
        "correction.relabel",
    ),
    "add_mention": (
        lambda s, sha, doc_id: s.add_mention("Tide", sha, *_start_of("heroin"), "DRUG"),
        "correction.add",
    ),
    "undo_decision": (
        lambda s, sha, doc_id: (
            s.reject_mention("Tide", sha, *_start_of("heroin")),
            s.undo_decision("Tide", sha, *_start_of("heroin")),
        ),
        "correction.undo",
    ),
    "merge_entities": (lambda s, sha, doc_id: s.merge_entities("Tide", "GANG_ORG:crips", ["DRUG:heroin"]), "merge"),
    "unmerge": (
        lambda s, sha, doc_id: (
            s.merge_entities("Tide", "GANG_ORG:crips", ["DRUG:heroin"]),
            s.unmerge("Tide", "DRUG:heroin"),
        ),
        "merge.undo",
    ),
    "record_export": (lambda s, sha, doc_id: s.record_export("Tide", "gexf", {"labels": ["DRUG"]}), "export"),
    "record_log_export": (lambda s, sha, doc_id: s.record_log_export("Tide", 3), "export"),
    "record_retrain": (lambda s, sha, doc_id: s.record_retrain("Tide", "start"), "retrain.start"),
}


def test_every_write_of_the_store_is_in_the_table():
    """A method the access layer treats as a change (or that changes data on its own) is tested below."""
    writes = {name for name, role in CASE_METHODS.items() if role != Role.VIEWER}
    assert writes | {"create_case", "delete_case", "replace_mentions"} == set(WRITES)


@pytest.mark.parametrize("method", sorted(WRITES))
def test_each_write_leaves_exactly_one_entry_naming_who_what_and_which(store, method):
    sha, doc_id = stored_case(store)
    act, action = WRITES[method]
    before = entries(store)
    bob = store.acting_as("bob")
    act(bob, sha, doc_id)
    new = entries(store)[len(before) :]
    if method in ("undo_decision", "unmerge"):  # the call before it made its own entry
        assert new[0].action in ("correction.reject", "merge")
        new = new[1:]
    assert [e.action for e in new] == [action]
    entry = new[0]
    assert entry.actor == "bob"
    assert entry.at is not None and entry.at.tzinfo is not None
    assert entry.case == ("Other" if method == "create_case" else "Tide")
    assert entry.case_id is not None


def test_a_document_entry_holds_its_name_and_sha256(store):
    sha, _ = stored_case(store)
    added = [e for e in entries(store) if e.action == "document.add"]
    assert len(added) == 1
    assert added[0].target == "memo.txt"
    assert added[0].details["sha256"] == sha
    assert added[0].details["size"] == len(BODY)


def test_no_entry_for_a_change_that_changed_nothing(store):
    sha, doc_id = stored_case(store)
    count = len(entries(store))
    assert not store.add_document("Tide", document(BODY), [], INFO, "p").added  # the same bytes again
    store.undo_decision("Tide", sha, 0, 3)  # no decision there
    store.unmerge("Tide", "DRUG:heroin")  # not merged
    store.merge_entities("Tide", "DRUG:heroin", ["DRUG:heroin"])  # into itself
    store.delete_document("Tide", doc_id + 100)  # not in the case
    assert len(entries(store)) == count


def test_the_local_user_acts_when_no_one_is_named(store):
    store.create_case("Tide")
    assert entries(store)[0].actor == audit.local_actor()
    assert audit.local_actor().startswith("local:")


def test_a_deleted_case_keeps_its_log_with_the_deletion_last(store):
    stored_case(store)
    store.reject_mention("Tide", document(BODY).id, *_start_of("heroin"))
    store.delete_case("Tide")
    log = store.audit.entries(case="Tide")
    assert [e.action for e in log] == ["case.create", "document.add", "correction.reject", "case.delete"]
    assert log[-1].details == {"documents": 1}
    assert store.audit.count(case="Tide") == 4


def test_entries_cannot_be_changed_or_deleted(store):
    store.create_case("Tide")
    for statement in (update(audit_log).values(actor="someone else"), delete(audit_log)):
        with pytest.raises(Exception, match="append-only"), store.engine.begin() as connection:
            connection.execute(statement)
    if store.engine.dialect.name == "postgresql":
        with pytest.raises(Exception, match="append-only"), store.engine.begin() as connection:
            connection.execute(text("TRUNCATE audit_log"))
    assert [e.actor for e in entries(store)] == [audit.local_actor()]


def _failing_entry(*args, **kwargs):
    raise RuntimeError("the audit write failed")


#: What must be there before an undo can undo something (made, with its entry, before the fault).
PRECONDITIONS = {
    "undo_decision": lambda s, sha: s.reject_mention("Tide", sha, *_start_of("heroin")),
    "unmerge": lambda s, sha: s.merge_entities("Tide", "GANG_ORG:crips", ["DRUG:heroin"]),
}
UNDOS = {
    "undo_decision": lambda s, sha, doc_id: s.undo_decision("Tide", sha, *_start_of("heroin")),
    "unmerge": lambda s, sha, doc_id: s.unmerge("Tide", "DRUG:heroin"),
}


@pytest.mark.parametrize("method", sorted(WRITES))
def test_an_action_whose_entry_fails_is_not_stored(store, monkeypatch, method):
    """Same transaction: if the entry cannot be written, the action is rolled back with it."""
    sha, doc_id = stored_case(store)
    if method in PRECONDITIONS:
        PRECONDITIONS[method](store, sha)
    act = UNDOS.get(method) or WRITES[method][0]
    state = _snapshot(store)
    count = len(entries(store))
    monkeypatch.setattr("nerpipe.store.repository.write_entry", _failing_entry)
    with pytest.raises((RuntimeError, StoreError)):
        act(store, sha, doc_id)
    assert _snapshot(store) == state
    assert len(entries(store)) == count


def _snapshot(store: Store) -> tuple:
    with store.engine.connect() as connection:
        tables = [
            sorted(map(tuple, connection.execute(t.select()).all()), key=repr) for t in (cases, documents, decisions)
        ]
        counts = [connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in ("mentions", "merges")]
        return (*map(tuple, tables), *counts)


_HOUR_AGO = datetime.now(UTC) - timedelta(hours=1)


def _ana_session(users) -> None:
    users.open_session(users.find("ana"), "s" * 64, datetime.now(UTC) + timedelta(hours=1), "api")


#: Every change UserStore makes (users, roles, passwords, memberships, sessions, tokens, failed
#: logins), on a store with the user 'ana' (an analyst), the case 'Tide' and one token of ana's;
#: the action each records.
USER_WRITES = {
    "add_user": (lambda u, token: u.add_user("carol", "viewer", "$argon2id$x"), "user.add"),
    "remove_user": (lambda u, token: u.remove_user("ana"), "user.remove"),
    "set_role": (lambda u, token: u.set_role("ana", "viewer"), "user.role"),
    "set_password": (lambda u, token: u.set_password("ana", "$argon2id$new"), "user.password"),
    "add_member": (lambda u, token: u.add_member("ana", "Tide"), "member.add"),
    "remove_member": (lambda u, token: u.remove_member("ana", "Tide"), "member.remove"),
    "open_session": (lambda u, token: _ana_session(u), "login"),
    "end_session": (lambda u, token: u.end_session("s" * 64), "logout"),
    "add_token": (lambda u, token: u.add_token("ana", "u" * 64, "script", None), "token.create"),
    "revoke_token": (lambda u, token: u.revoke_token(token), "token.revoke"),
    "record_failed_login": (lambda u, token: u.record_failed_login("ana", "api"), "login.failed"),
    # Refused by the lockout (a granted attempt is no change yet: its entry comes with its outcome).
    "start_login": (lambda u, token: u.start_login("ana", "api", since=_HOUR_AGO, limit=2), "login.failed"),
}
#: What must be there before a removal or a logout has something to end (made, with its entry, first).
USER_PRECONDITIONS = {
    "remove_member": lambda u: u.add_member("ana", "Tide"),
    "end_session": _ana_session,
    "start_login": lambda u: [u.record_failed_login("ana", "api") for _ in range(2)],
}
#: UserStore's methods that only read.
USER_READS = {
    "list_users",
    "find",
    "password_hash",
    "count",
    "members",
    "is_member",
    "is_member_by_id",
    "member_case_ref",
    "case_rows",
    "case_row",
    "document_case",
    "tokens",
    "credential",
    "failed_logins_since",
}


def _user_store(store: Store, method: str):
    """ana, an admin, 'Tide' and a token of ana's; the users as 'bob' changes them."""
    store.users.add_user("ana", "analyst", "$argon2id$x")
    store.users.add_user("ada", "admin", "$argon2id$x")
    store.create_case("Tide")
    token = store.users.add_token("ana", "t" * 64, "tests", None).id
    users = store.acting_as("bob").users
    if method in USER_PRECONDITIONS:
        USER_PRECONDITIONS[method](users)
    return users, token


def test_every_method_of_the_user_store_is_a_listed_write_or_read():
    public = {name for name, _ in inspect.getmembers(UserStore, inspect.isfunction) if not name.startswith("_")}
    assert public == set(USER_WRITES) | USER_READS


@pytest.mark.parametrize("method", sorted(USER_WRITES))
def test_each_user_write_leaves_exactly_one_entry(store, method):
    users, token = _user_store(store, method)
    act, action = USER_WRITES[method]
    before = len(entries(store))
    act(users, token)
    new = entries(store)[before:]
    assert [e.action for e in new] == [action]
    assert new[0].at.tzinfo is not None and new[0].target in ("ana", "carol")
    # Logging in and out is the user's own act; every other change is recorded as its maker's.
    assert new[0].actor == ("ana" if action in ("login", "logout", "login.failed") else "bob")
    if action.startswith("member."):
        assert new[0].case == "Tide" and new[0].case_id is not None


@pytest.mark.parametrize("method", sorted(USER_WRITES))
def test_a_user_change_whose_entry_fails_is_not_stored(store, monkeypatch, method):
    """Same transaction, as for the case changes above."""
    users, token = _user_store(store, method)
    state, count = _user_snapshot(store), len(entries(store))
    monkeypatch.setattr("nerpipe.store.users.write_entry", _failing_entry)
    with pytest.raises((RuntimeError, StoreError)):
        USER_WRITES[method][0](users, token)
    assert _user_snapshot(store) == state
    assert len(entries(store)) == count


def _user_snapshot(store: Store) -> tuple:
    with store.engine.connect() as connection:
        return tuple(
            tuple(sorted(map(tuple, connection.execute(t.select()).all()), key=repr))
            for t in (users_table, memberships, credentials, failed_logins)
        )
