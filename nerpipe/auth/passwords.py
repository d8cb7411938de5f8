"""Passwords, kept as argon2id hashes (argon2-cffi's default parameters: 64 MiB, 3 passes)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from nerpipe.errors import UserError
from nerpipe.store.user_admin import is_disabled_hash

MIN_PASSWORD = 10
MAX_PASSWORD = 1000
_hasher = PasswordHasher()
#: Verified against when the name is unknown, so a wrong name takes as long as a wrong password.
_UNKNOWN = _hasher.hash("no such user: this hash is only ever compared against")


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"A password needs at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise UserError(f"A password can have at most {MAX_PASSWORD} characters.")


def hash_password(password: str) -> str:
    check_password(password)
    return _hasher.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    """Whether `password` is the one hashed; with no hash (an unknown name) or a disabled user's
    (store/user_admin.py), as slow and False: the time taken does not tell them apart."""
    if password_hash is not None and is_disabled_hash(password_hash):
        password_hash = None
    try:
        return _hasher.verify(password_hash or _UNKNOWN, password[:MAX_PASSWORD]) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
