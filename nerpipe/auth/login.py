"""Logging in and out, and knowing who holds a session or an API token.

A login checks the password (argon2), opens a session that ends after `Settings.session_minutes`,
and records both in the audit log. After MAX_FAILED_LOGINS wrong passwords for one name from one
address within LOCKOUT, that name cannot log in from there until the oldest of them is LOCKOUT old:
the password is not even checked, so guessing is slowed to a few tries per quarter hour. Counted per
address, an outsider's guesses do not lock the user (an admin too) out of their own desk;
MAX_FAILED_LOGINS_PER_NAME from all addresses together locks the name everywhere, which bounds
guessing spread over many machines. Each attempt takes its place in the count before its password
is checked (UserStore.start_login), so guesses sent all at once are limited like guesses sent one
after another.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from nerpipe.auth.passwords import password_matches
from nerpipe.auth.tokens import SESSION_PREFIX, TOKEN_PREFIX, new_secret, secret_sha256
from nerpipe.errors import AuthError, LoginRateLimitError, UserError
from nerpipe.store import Store
from nerpipe.store.users import SESSION, Credential, User

MAX_FAILED_LOGINS = 5
MAX_FAILED_LOGINS_PER_NAME = 50
#: Password checks at once in this process: each holds argon2's 64 MiB for about a third of a
#: second, and anyone may ask for one, so a flood of logins waits here instead of filling memory.
_CHECKS = threading.BoundedSemaphore(4)
#: Seconds a login waits for its turn before the server says it is busy.
CHECK_WAIT_SECONDS = 10.0
LOCKOUT = timedelta(minutes=15)
NOT_LOGGED_IN = "Not logged in, or the session expired or the token was revoked: log in again."


@dataclass(frozen=True, slots=True)
class Login:
    user: User
    #: The session secret: shown to the client once, stored only as its SHA-256.
    secret: str
    expires_at: datetime


def log_in(store: Store, name: str, password: str, *, session_minutes: int, via: str, source: str = "") -> Login:
    """A new session for `name`, or AuthError (wrong name or password: the two read the same) or
    LoginRateLimitError (too many recent failures for this name from `source`, the client's
    address, or from everywhere). Every refusal is in the audit log."""
    if not _CHECKS.acquire(timeout=CHECK_WAIT_SECONDS):
        raise LoginRateLimitError("The server is busy checking other logins: try again in a minute.")
    try:
        return _checked_login(store, name, password, session_minutes=session_minutes, via=via, source=source)
    finally:
        _CHECKS.release()


def _checked_login(store: Store, name: str, password: str, *, session_minutes: int, via: str, source: str) -> Login:
    now = datetime.now(UTC)
    users = store.users
    attempt = users.start_login(
        name, via, since=now - LOCKOUT, limit=MAX_FAILED_LOGINS, source=source, name_limit=MAX_FAILED_LOGINS_PER_NAME
    )
    if attempt is None:
        raise LoginRateLimitError(
            f"Too many failed logins for '{name}': wait {int(LOCKOUT.total_seconds() // 60)} minutes and try again."
        )
    # Always one hash verification (a dummy hash for an unknown name): a wrong name costs as much
    # as a wrong password, so timing does not tell which names exist.
    matches = password_matches(users.password_hash(name), password)
    user = users.find(name) if matches else None
    if user is None:
        users.record_failed_login(name, via, attempt)
        raise AuthError("Wrong user name or password.")
    secret = new_secret(SESSION_PREFIX)
    expires_at = now + timedelta(minutes=session_minutes)
    users.open_session(user, secret_sha256(secret), expires_at, via, attempt)
    return Login(user, secret, expires_at)


def log_out(store: Store, secret: str) -> bool:
    """End a login session; False when it was not one (or had ended already)."""
    return store.users.end_session(secret_sha256(secret))


def authenticate(store: Store, secret: str) -> Credential:
    """The session or API token `secret` stands for, if it is still valid; AuthError otherwise."""
    if not secret.startswith((SESSION_PREFIX, TOKEN_PREFIX)):
        raise AuthError(NOT_LOGGED_IN)
    credential = store.users.credential(secret_sha256(secret))
    if credential is None or not credential.valid_at(datetime.now(UTC)):
        raise AuthError(NOT_LOGGED_IN)
    return credential


def create_token(
    store: Store, name: str, *, label: str = "", days: int | None = 90, max_days: int = 365
) -> tuple[str, Credential]:
    """A new API token for `name` (the secret, shown once, and its record), valid `days`. A token
    lasts at most `max_days` (NERPIPE_TOKEN_MAX_DAYS): a secret that leaks stops working at last."""
    if days is None or not 1 <= days <= max_days:
        raise UserError(
            f"An API token lasts 1 to {max_days} days on this server (NERPIPE_TOKEN_MAX_DAYS, set by its admin): "
            f"ask for {max_days} days or fewer, and make a new token before it ends."
        )
    secret = new_secret(TOKEN_PREFIX)
    expires_at = datetime.now(UTC) + timedelta(days=days) if days else None
    return secret, store.users.add_token(name, secret_sha256(secret), label, expires_at)


def is_session(credential: Credential) -> bool:
    return credential.kind == SESSION
