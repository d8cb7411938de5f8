"""Versioned schema changes: step N brings a database from version N to N+1.

Version 1 is the first schema. Version 2 adds the full-text index (store/search_index.py) and fills
it from the documents already stored. Version 3 adds users, memberships, credentials, failed logins
and the append-only audit log (empty: what was done before it has no record).

Steps run under the schema lock (store/engine.py), so processes opening an old store together
upgrade it once.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

from nerpipe.errors import StoreError
from nerpipe.store.schema import ACCESS_AND_AUDIT_TABLES, metadata
from nerpipe.store.search_index import create_search_index, rebuild_search_index


def _to_2(connection: Connection) -> None:
    create_search_index(connection)
    rebuild_search_index(connection)


def _to_3(connection: Connection) -> None:
    metadata.create_all(connection, tables=list(ACCESS_AND_AUDIT_TABLES))


STEPS: dict[int, Callable[[Connection], None]] = {1: _to_2, 2: _to_3}


def migrate(connection: Connection, version: int, target: int) -> None:
    """Apply every step from `version` up to `target`, inside the caller's transaction."""
    while version < target:
        step = STEPS.get(version)
        if step is None:
            raise StoreError(f"No migration from schema version {version}: the database cannot be upgraded.")
        step(connection)
        version += 1
