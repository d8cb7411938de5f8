"""Session and API token secrets: 256 random bits, shown once, stored as their SHA-256 (a
random secret that long needs no slow hash: there is nothing to guess)."""

from __future__ import annotations

import hashlib
import secrets

SESSION_PREFIX, TOKEN_PREFIX = "nps_", "npt_"


def new_secret(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def secret_sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
