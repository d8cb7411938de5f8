"""Versioned schema changes: step N brings a database from version N to N+1.

Version 1 is the first schema. Version 2 adds the full-text index (store/search_index.py) and fills
it from the documents already stored. Version 3 adds users, memberships, credentials, failed logins
and the append-only audit log (empty: what was done before it has no record). Version 4 adds where a
failed login came from (earlier ones count as from nowhere in particular). Version 5 adds saved
chart layouts (empty). Version 6 drops the uniqueness of case names across the store (a name is
unique among the cases one user can see: store/case_refs.py), keeping every case and its id.
Version 7 adds each mention's entity keys within its document (store/mention_keys.py), computed for
every stored document. Version 8 adds a decision's words (decisions.text), which a mention an
analyst adds keeps (earlier decisions, rejections and relabellings, need none). Version 9 adds
each mention's dated days (mentions.day_first, day_last) and computes every stored document's
keys and dates again (step 7 only adds the key columns: this step fills them), with the entity keys
each of its contexts holds (link_members, store/link_table.py), for the links, and a case's
revision (cases.revision: raised by reprocessing, which changes no count the views' caches key on).

Steps run under the schema lock (store/engine.py), so processes opening an old store together
upgrade it once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import Connection, inspect

from nerpipe.errors import StoreError
from nerpipe.store.mention_keys import DATE_COLUMNS, KEY_COLUMNS, fill_all_keys
from nerpipe.store.schema import ACCESS_AND_AUDIT_TABLES, cases, chart_layouts, link_members, metadata
from nerpipe.store.search_index import create_search_index, rebuild_search_index

log = logging.getLogger("nerpipe.store")


def _to_2(connection: Connection) -> None:
    create_search_index(connection)
    rebuild_search_index(connection)


def _to_3(connection: Connection) -> None:
    metadata.create_all(connection, tables=list(ACCESS_AND_AUDIT_TABLES))


def _to_4(connection: Connection) -> None:
    # A store at version 2 got today's failed_logins table from step 3, column and all.
    if "source" not in {column["name"] for column in inspect(connection).get_columns("failed_logins")}:
        connection.exec_driver_sql("ALTER TABLE failed_logins ADD COLUMN source VARCHAR(64) NOT NULL DEFAULT ''")


def _to_5(connection: Connection) -> None:
    metadata.create_all(connection, tables=[chart_layouts])


def _to_6(connection: Connection) -> None:
    unique = [c for c in inspect(connection).get_unique_constraints("cases") if c["column_names"] == ["name"]]
    if unique and connection.dialect.name == "sqlite":
        _rebuild_sqlite_cases(connection)
    for constraint in unique if connection.dialect.name != "sqlite" else ():
        connection.exec_driver_sql(f'ALTER TABLE cases DROP CONSTRAINT "{constraint["name"]}"')
    connection.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_cases_name ON cases (name)")


def _rebuild_sqlite_cases(connection: Connection) -> None:
    """SQLite cannot drop a column's UNIQUE: the table is made again, by SQLite's own procedure
    (foreign keys are off here, engine._lock_schema, so dropping the old table deletes nothing
    that hangs off it), and the foreign keys are checked before the commit."""
    # legacy_alter_table: the other tables' foreign keys keep naming "cases" (the new table).
    connection.exec_driver_sql("PRAGMA legacy_alter_table=ON")
    connection.exec_driver_sql("ALTER TABLE cases RENAME TO cases_before_6")
    connection.exec_driver_sql("PRAGMA legacy_alter_table=OFF")
    cases.create(connection)
    connection.exec_driver_sql(
        "INSERT INTO cases (id, name, created_at) SELECT id, name, created_at FROM cases_before_6"
    )
    connection.exec_driver_sql("DROP TABLE cases_before_6")
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise StoreError(f"Upgrading the case store broke {len(broken)} reference(s) to cases: nothing was changed.")


def _to_7(connection: Connection) -> None:
    """The key columns; step 9 fills them (with the columns it adds, which today's code writes)."""
    _add_mention_columns(connection, {column: "INTEGER" if column == "fixed" else "TEXT" for column in KEY_COLUMNS})


def _add_mention_columns(connection: Connection, kinds: dict[str, str]) -> None:
    present = {column["name"] for column in inspect(connection).get_columns("mentions")}
    for column, kind in kinds.items():
        if column not in present:
            connection.exec_driver_sql(f"ALTER TABLE mentions ADD COLUMN {column} {kind}")


def _to_8(connection: Connection) -> None:
    if "text" not in {column["name"] for column in inspect(connection).get_columns("decisions")}:
        connection.exec_driver_sql("ALTER TABLE decisions ADD COLUMN text TEXT")


def _to_9(connection: Connection) -> None:
    _add_mention_columns(connection, dict.fromkeys(DATE_COLUMNS, "DATE"))
    metadata.create_all(connection, tables=[link_members])
    if "revision" not in {column["name"] for column in inspect(connection).get_columns("cases")}:
        connection.exec_driver_sql("ALTER TABLE cases ADD COLUMN revision INTEGER NOT NULL DEFAULT 0")
    fill_all_keys(connection)


STEPS: dict[int, Callable[[Connection], None]] = {
    1: _to_2,
    2: _to_3,
    3: _to_4,
    4: _to_5,
    5: _to_6,
    6: _to_7,
    7: _to_8,
    8: _to_9,
}


def migrate(connection: Connection, version: int, target: int) -> None:
    """Apply every step from `version` up to `target`, inside the caller's transaction. Said first
    (on the command line's stderr, in the dashboard's log): a big store's upgrade takes minutes."""
    if version < target:
        log.warning(
            "upgrading the case store from schema %d to %d, once: every document's entity keys, dates and "
            "links are computed again (minutes for tens of thousands of documents)",
            version,
            target,
        )
    while version < target:
        step = STEPS.get(version)
        if step is None:
            raise StoreError(f"No migration from schema version {version}: the database cannot be upgraded.")
        step(connection)
        version += 1
