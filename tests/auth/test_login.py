"""Logging in: argon2 passwords, wrong names and passwords alike, the rate limit, sessions that
expire or end at logout, API tokens that are revoked or expire."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import update

from nerpipe.auth import login, passwords
from nerpipe.auth.first_admin import ensure_first_admin
from nerpipe.auth.passwords import hash_password, password_matches
from nerpipe.auth.tokens import secret_sha256
from nerpipe.errors import AuthError, LoginRateLimitError, UserError
from nerpipe.store.schema import credentials, users

PASSWORD = "correct horse battery"


@pytest.fixture
def ana(store):
    return store.users.add_user("ana", "analyst", hash_password(PASSWORD))


def test_passwords_are_kept_as_argon2id_hashes(store, ana):
    with store.engine.connect() as connection:
        stored = connection.execute(users.select()).one().password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert password_matches(stored, PASSWORD)
    assert not password_matches(stored, PASSWORD + "!")
    assert not password_matches(None, PASSWORD)
    assert not password_matches("not a hash", PASSWORD)


def test_a_short_password_is_refused():
    with pytest.raises(UserError, match="at least 10 characters"):
        hash_password("short")


def test_a_login_opens_a_session_that_expires(store, ana):
    done = login.log_in(store, "Ana", PASSWORD, session_minutes=30, via="api")
    assert done.user.name == "ana"
    assert timedelta(minutes=29) < done.expires_at - datetime.now(UTC) <= timedelta(minutes=30)
    assert login.authenticate(store, done.secret).user.name == "ana"
    with store.engine.begin() as connection:  # half an hour later
        connection.execute(update(credentials).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    with pytest.raises(AuthError, match="log in again"):
        login.authenticate(store, done.secret)


def test_the_secret_is_not_stored(store, ana):
    done = login.log_in(store, "ana", PASSWORD, session_minutes=30, via="api")
    with store.engine.connect() as connection:
        kept = [row.secret_sha256 for row in connection.execute(credentials.select())]
    assert kept == [secret_sha256(done.secret)] and done.secret not in kept


def test_logout_ends_the_session(store, ana):
    done = login.log_in(store, "ana", PASSWORD, session_minutes=30, via="dashboard")
    assert login.log_out(store, done.secret)
    with pytest.raises(AuthError):
        login.authenticate(store, done.secret)
    assert [e.action for e in store.audit.entries()] == ["user.add", "login", "logout"]


@pytest.mark.parametrize(("name", "password"), [("ana", "wrong password!"), ("nobody", PASSWORD), ("", "")])
def test_a_wrong_name_or_password_reads_the_same_and_is_logged(store, ana, name, password):
    with pytest.raises(AuthError, match=r"^Wrong user name or password\.$"):
        login.log_in(store, name, password, session_minutes=30, via="api")
    assert store.audit.entries()[-1].action == "login.failed"


def test_failed_logins_are_rate_limited_per_name(store, ana):
    for _ in range(login.MAX_FAILED_LOGINS):
        with pytest.raises(AuthError, match="Wrong"):
            login.log_in(store, "ana", "not the password", session_minutes=30, via="api")
    with pytest.raises(LoginRateLimitError, match="Too many failed logins for 'ana': wait 15 minutes"):
        login.log_in(store, "ana", PASSWORD, session_minutes=30, via="api")  # the right one, refused too
    store.users.add_user("bob", "viewer", hash_password(PASSWORD))
    assert login.log_in(store, "bob", PASSWORD, session_minutes=30, via="api").user.name == "bob"


def test_an_api_token_works_until_revoked_or_expired(store, ana):
    secret, token = login.create_token(store, "ana", label="import", days=30)
    assert secret.startswith("npt_") and token.expires_at is not None
    assert login.authenticate(store, secret).user.name == "ana"
    store.users.revoke_token(token.id)
    with pytest.raises(AuthError):
        login.authenticate(store, secret)
    short, _ = login.create_token(store, "ana", days=1)
    with store.engine.begin() as connection:
        connection.execute(update(credentials).values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
    with pytest.raises(AuthError):
        login.authenticate(store, short)


@pytest.mark.parametrize("secret", ["", "Bearer", "npt_made-up", "nps_" + "a" * 43, "x" * 5000])
def test_a_made_up_secret_is_refused(store, ana, secret):
    with pytest.raises(AuthError):
        login.authenticate(store, secret)


def test_the_first_admin_comes_from_the_environment_or_a_prompt(store):
    with pytest.raises(UserError, match="NERPIPE_ADMIN_USER and NERPIPE_ADMIN_PASSWORD"):
        ensure_first_admin(store, {})
    env = {"NERPIPE_ADMIN_USER": "chief", "NERPIPE_ADMIN_PASSWORD": PASSWORD}
    assert ensure_first_admin(store, env) == "chief"
    assert ensure_first_admin(store, env) is None  # there is one now
    assert store.users.find("chief").role.value == "admin"


def test_the_first_admin_can_be_asked_for(store):
    assert ensure_first_admin(store, {}, lambda: ("boss", PASSWORD)) == "boss"


def test_an_unknown_name_costs_a_hash_verification_like_a_wrong_password(store, ana, monkeypatch):
    """Both paths verify one argon2 hash (the dummy one for an unknown name), so they take as long
    as each other and timing does not tell which names exist."""
    verified: list[str] = []
    real = PasswordHasher.verify

    def counting(self, hash_, password):
        verified.append(hash_)
        return real(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    for name in ("ana", "nobody", "not a valid name!"):
        with pytest.raises(AuthError, match="Wrong user name or password"):
            login.log_in(store, name, "not the password", session_minutes=30, via="api")
    real_hash = store.users.password_hash("ana")
    assert verified == [real_hash, passwords._UNKNOWN, passwords._UNKNOWN]
    assert passwords._UNKNOWN.split("$")[:4] == real_hash.split("$")[:4]  # same algorithm and cost


def test_every_refused_login_is_audited_the_lockout_too(store, ana):
    """12 wrong tries, the right password during the lockout and 4 variants of the name: 17
    refusals, 17 entries; the fifth failure says that it starts the lockout."""
    tries = [("ana", f"wrong guess {i}") for i in range(12)] + [("ana", PASSWORD)]
    tries += [(name, "wrong guess again") for name in ("Ana", " ana", "ANA ", "aNa")]
    refused = []
    for name, password in tries:
        with pytest.raises(AuthError) as raised:
            login.log_in(store, name, password, session_minutes=30, via="api")
        refused.append(type(raised.value))
    assert refused == [AuthError] * 5 + [LoginRateLimitError] * 12
    failed = [e for e in store.audit.entries() if e.action == "login.failed"]
    assert len(failed) == len(tries)
    assert [e.details["reason"] for e in failed] == ["wrong name or password"] * 5 + ["locked out"] * 12
    assert [e.details.get("lockout_starts", False) for e in failed[:5]] == [False] * 4 + [True]
    assert {e.target for e in failed} == {"ana"} and {e.details["via"] for e in failed} == {"api"}


@pytest.mark.parametrize("days", [None, 0, 366, 100_000])
def test_no_api_token_lasts_for_ever_or_past_the_servers_maximum(store, ana, days):
    with pytest.raises(UserError, match="1 to 365 days"):
        login.create_token(store, "ana", days=days, max_days=365)
    assert store.users.tokens("ana") == []
    _, token = login.create_token(store, "ana", days=7, max_days=7)
    assert token.expires_at - datetime.now(UTC) <= timedelta(days=7)


def test_an_outsiders_guesses_do_not_lock_the_user_out_of_their_own_address(store, ana):
    for _ in range(login.MAX_FAILED_LOGINS):
        with pytest.raises(AuthError):
            login.log_in(store, "ana", "wrong password!", session_minutes=30, via="api", source="203.0.113.9")
    with pytest.raises(LoginRateLimitError):
        login.log_in(store, "ana", PASSWORD, session_minutes=30, via="api", source="203.0.113.9")
    done = login.log_in(store, "ana", PASSWORD, session_minutes=30, via="dashboard", source="10.0.0.7")
    assert done.user.name == "ana"
    failed = [e for e in store.audit.entries() if e.action == "login.failed"]
    assert {e.details["from"] for e in failed} == {"203.0.113.9"} and len(failed) == login.MAX_FAILED_LOGINS + 1


def test_logins_wait_their_turn_for_a_password_check_and_a_flood_is_told_the_server_is_busy(store, ana, monkeypatch):
    monkeypatch.setattr(login, "_CHECKS", threading.BoundedSemaphore(1))
    monkeypatch.setattr(login, "CHECK_WAIT_SECONDS", 0.1)
    login._CHECKS.acquire()  # another login's check is running
    try:
        with pytest.raises(LoginRateLimitError, match="busy"):
            login.log_in(store, "ana", PASSWORD, session_minutes=30, via="api")
    finally:
        login._CHECKS.release()
    assert store.users.failed_logins_since("ana", datetime.now(UTC) - timedelta(hours=1)) == 0  # not a failure
    assert login.log_in(store, "ana", PASSWORD, session_minutes=30, via="api").user.name == "ana"
