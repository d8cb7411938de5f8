"""nerpipe.auth.admin: what the dashboard's Admin view and `nerpipe user ...` both call. Admins
(or the store itself) may; analysts and viewers are refused by the package, nothing changed and
nothing logged; every change is in the audit log under the admin's name."""

from __future__ import annotations

import pytest

from nerpipe.auth import admin, passwords
from nerpipe.auth.access import CaseAccess
from nerpipe.auth.login import authenticate, create_token, log_in
from nerpipe.auth.passwords import hash_password
from nerpipe.errors import AuthError, PermissionDeniedError, UserError

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new passphrase"
HASHED = hash_password(PASSWORD)


@pytest.fixture
def people(store):
    """ada (admin), ana (analyst, member of Tide), val (viewer); Old has no members."""
    made = {
        name: store.users.add_user(name, role, HASHED)
        for name, role in [("ada", "admin"), ("ana", "analyst"), ("val", "viewer")]
    }
    store.create_case("Tide")
    store.create_case("Old")
    store.users.add_member("ana", "Tide")
    return {name: CaseAccess(store, user) for name, user in made.items()}


def logs_in(store, name: str, password: str) -> bool:
    try:
        log_in(store, name, password, session_minutes=5, via="test")
    except AuthError:
        return False
    return True


ACTIONS = {
    "user_rows": lambda a: admin.user_rows(a),
    "every_case": lambda a: admin.every_case(a),
    "create_user": lambda a: admin.create_user(a, "vic", "viewer", PASSWORD),
    "set_role": lambda a: admin.set_role(a, "val", "admin"),
    "reset_password": lambda a: admin.reset_password(a, "ada", NEW_PASSWORD),
    "disable_user": lambda a: admin.disable_user(a, "ada"),
    "enable_user": lambda a: admin.enable_user(a, "ada"),
    "remove_user": lambda a: admin.remove_user(a, "ada"),
    "add_member": lambda a: admin.add_member(a, "ana", "Old"),
    "remove_member": lambda a: admin.remove_member(a, "ana", "Tide"),
    "server_log": lambda a: admin.server_log(a),
    "create_token": lambda a: admin.create_token(a, "ada"),
}


@pytest.mark.parametrize("who", ["ana", "val"])
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_analysts_and_viewers_are_refused_and_nothing_changes(people, store, who, action):
    logged = store.audit.count()
    with pytest.raises(PermissionDeniedError, match="manage users"):
        ACTIONS[action](people[who])
    assert store.audit.count() == logged
    assert [u.name for u in store.users.list_users()] == ["ada", "ana", "val"]
    assert logs_in(store, "ada", PASSWORD)
    assert [r.name for r in store.users.case_rows(people["ana"].user.id)] == ["Tide"]


def test_an_admin_sees_every_case_and_every_user_with_their_cases(people):
    assert admin.every_case(people["ada"]) == ["Old", "Tide"]
    rows = {row.name: row for row in admin.user_rows(people["ada"])}
    assert rows["ana"].cases == ("Tide",) and rows["ada"].cases == ()
    assert not any(row.disabled for row in rows.values())


def test_a_user_made_by_an_admin_logs_in_and_it_is_logged_as_theirs(people, store):
    made = admin.create_user(people["ada"], "Vic", "viewer", PASSWORD)
    assert (made.name, made.role) == ("vic", "viewer")
    assert logs_in(store, "vic", PASSWORD)
    entry = store.audit.entries(actions=["user.add"])[-1]
    assert (entry.actor, entry.target, entry.details) == ("ada", "vic", {"role": "viewer"})
    with pytest.raises(UserError, match="at least 10 characters"):
        admin.create_user(people["ada"], "short", "viewer", "2short")


def test_a_disabled_user_cannot_log_in_nor_use_a_session_or_token_until_enabled(people, store):
    session = log_in(store, "ana", PASSWORD, session_minutes=5, via="test").secret
    token, _ = create_token(store, "ana")
    admin.disable_user(people["ada"], "ana")
    for secret in (session, token):
        with pytest.raises(AuthError):
            authenticate(store, secret)
    assert not logs_in(store, "ana", PASSWORD)
    assert [row.disabled for row in admin.user_rows(people["ada"]) if row.name == "ana"] == [True]
    assert admin.user_rows(people["ada"])[1].cases == ("Tide",)  # role and cases stay
    admin.enable_user(people["ada"], "ana")
    assert logs_in(store, "ana", PASSWORD)
    with pytest.raises(AuthError):
        authenticate(store, token)  # revoked for good
    actions = [(e.actor, e.action, e.target) for e in store.audit.entries(actions=["user.disable", "user.enable"])]
    assert actions == [("ada", "user.disable", "ana"), ("ada", "user.enable", "ana")]
    assert store.audit.entries(actions=["user.disable"])[0].details == {"sessions_and_tokens_ended": 2}


def test_no_admin_disables_themself_or_the_last_admin_who_can_log_in(people, store):
    with pytest.raises(UserError, match="cannot disable yourself"):
        admin.disable_user(people["ada"], "ada")
    with pytest.raises(UserError, match="only admin who can log in"):
        admin.disable_user(store, "ada")  # the CLI: the store itself
    assert logs_in(store, "ada", PASSWORD)


def test_a_reset_password_replaces_the_old_one_and_keeps_a_disabled_user_disabled(people, store):
    admin.reset_password(people["ada"], "ana", NEW_PASSWORD)
    assert not logs_in(store, "ana", PASSWORD)
    assert logs_in(store, "ana", NEW_PASSWORD)
    admin.disable_user(people["ada"], "val")
    admin.reset_password(people["ada"], "val", NEW_PASSWORD)
    assert not logs_in(store, "val", NEW_PASSWORD)
    admin.enable_user(people["ada"], "val")
    assert logs_in(store, "val", NEW_PASSWORD)
    assert store.audit.entries(actions=["user.password"])[0].actor == "ada"


def test_a_member_added_by_an_admin_sees_the_case_with_their_role(people, store):
    admin.add_member(people["ada"], "val", "Old")
    assert [c.name for c in people["val"].list_cases()] == ["Old"]
    with pytest.raises(PermissionDeniedError):
        people["val"].delete_document("Old", "0" * 64)
    admin.remove_member(people["ada"], "val", "Old")
    assert people["val"].list_cases() == []
    logged = [
        (e.actor, e.action, e.case, e.target) for e in store.audit.entries(actions=["member.add", "member.remove"])
    ]
    assert logged[-2:] == [("ada", "member.add", "Old", "val"), ("ada", "member.remove", "Old", "val")]


def test_the_server_log_has_logins_failed_logins_and_user_changes_by_part(people, store):
    assert not logs_in(store, "ana", "not the password")
    assert logs_in(store, "ana", PASSWORD)
    admin.set_role(people["ada"], "val", "analyst")
    everything = [e.action for e in admin.server_log(people["ada"])]
    assert everything[:3] == ["user.role", "login", "login.failed"]  # newest first
    assert {e.action for e in admin.server_log(people["ada"], "logins")} == {"login", "login.failed"}
    assert "user.role" in {e.action for e in admin.server_log(people["ada"], "users")}
    assert "login" not in {e.action for e in admin.server_log(people["ada"], "users")}
    with pytest.raises(UserError, match="Unknown part"):
        admin.server_log(people["ada"], "secrets")


def test_no_token_is_made_for_a_disabled_user(people, store):
    admin.disable_user(people["ada"], "ana")
    with pytest.raises(UserError, match="'ana' is disabled"):
        admin.create_token(store, "ana")
    admin.enable_user(store, "ana")
    secret, _ = admin.create_token(store, "ana", label="nightly")
    assert authenticate(store, secret).user.name == "ana"


def test_a_disabled_users_password_is_checked_as_slowly_as_an_unknown_name(people, store, monkeypatch):
    """The time a login takes must not tell a disabled name from a wrong password: the full
    argon2 check runs (against the hash kept for unknown names)."""
    checked = []
    real = passwords._hasher

    class Spy:
        def verify(self, hashed: str, password: str) -> bool:
            checked.append(hashed)
            return real.verify(hashed, password)

    monkeypatch.setattr(passwords, "_hasher", Spy())
    admin.disable_user(people["ada"], "ana")
    assert not logs_in(store, "ana", PASSWORD)
    assert checked == [passwords._UNKNOWN]


def test_a_reset_password_revokes_the_users_api_tokens_unless_told_to_keep_them(people, store):
    token, _ = create_token(store, "ana")
    assert admin.reset_password(people["ada"], "ana", NEW_PASSWORD) == 1
    with pytest.raises(AuthError):
        authenticate(store, token)  # a token made with the leaked password stops working too
    kept, _ = create_token(store, "ana")
    assert admin.reset_password(people["ada"], "ana", PASSWORD, revoke_tokens=False) == 0
    assert authenticate(store, kept).user.name == "ana"
