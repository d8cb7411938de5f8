"""Versioned schema changes: step N brings a database from version N to N+1.

Version 1 is the first schema; no step is needed yet. A future change adds, for example:

    def _to_2(connection):
        connection.execute(text("ALTER TABLE documents ADD COLUMN language VARCHAR(10)"))

and registers it in STEPS as {1: _to_2}.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

from nerpipe.errors import StoreError

STEPS: dict[int, Callable[[Connection], None]] = {}


def migrate(connection: Connection, version: int, target: int) -> None:
    """Apply every step from `version` up to `target`, inside the caller's transaction."""
    while version < target:
        step = STEPS.get(version)
        if step is None:
            raise StoreError(f"No migration from schema version {version}: the database cannot be upgraded.")
        step(connection)
        version += 1
