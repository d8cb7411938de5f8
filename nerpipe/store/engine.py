"""Connecting to the case store: SQLite by default (a file under the data folder, WAL mode, so the
dashboard and a command-line batch can write at the same time), any SQLAlchemy URL otherwise
(`NERPIPE_DATABASE_URL=postgresql+psycopg://...` for a team server)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, func, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from nerpipe.errors import StoreError
from nerpipe.store.migrations import migrate
from nerpipe.store.schema import SCHEMA_VERSION, metadata, schema_info
from nerpipe.store.search_index import create_search_index

#: Seconds a writer waits for another writer's lock before giving up.
BUSY_TIMEOUT_S = 60
#: PostgreSQL advisory lock held while the schema is made or migrated (any number; nerpipe's own).
SCHEMA_LOCK_KEY = 0x6E65_7270_6970_65  # "nerpipe"


def open_engine(url: str) -> Engine:
    """An engine with the schema in place and at the current version."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(
            url,
            future=True,
            pool_pre_ping=True,
            connect_args={"timeout": BUSY_TIMEOUT_S} if url.startswith("sqlite") else {},
        )
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StoreError(f"Cannot use the database {_safe(url)}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        _ensure_schema(engine)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"Cannot open the database {_safe(url)}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}"
        ) from None
    return engine


def _sqlite_pragmas(connection, _record) -> None:  # DB-API connection
    cursor = connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    _use_wal(cursor)  # readers never block the writer, nor it them
    cursor.execute("PRAGMA foreign_keys=ON")  # deleting a case or document removes what hangs off it
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each commit in WAL mode, faster
    cursor.close()


def _use_wal(cursor) -> None:
    """WAL mode stays in the file once set. Switching a new file to it needs the file alone for a
    moment, and SQLite answers "locked" at once instead of waiting (no busy handler there), so a
    process opening a new store beside another one retries until BUSY_TIMEOUT_S."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _ensure_schema(engine: Engine) -> None:
    """Make or upgrade the schema once, however many processes open a new store at the same moment.

    A store at the current version is only read. Otherwise the work is done under a lock held to
    the commit (PostgreSQL: an advisory lock; SQLite: BEGIN IMMEDIATE, the database's write lock),
    and the version is read again under it: whoever waited finds the schema made by the other."""
    with engine.connect() as connection:
        if _current_version(connection) == SCHEMA_VERSION:
            return
    with engine.connect() as connection:
        _lock_schema(connection)
        try:
            version = _current_version(connection)
            if version is None:
                metadata.create_all(connection)
                create_search_index(connection)
                connection.execute(schema_info.insert().values(id=1, version=SCHEMA_VERSION))
            elif version > SCHEMA_VERSION:
                raise StoreError(
                    f"The database was made by a newer nerpipe (schema {version}, this one reads up to "
                    f"{SCHEMA_VERSION}): upgrade nerpipe."
                )
            elif version < SCHEMA_VERSION:
                migrate(connection, version, SCHEMA_VERSION)
                connection.execute(schema_info.update().values(version=SCHEMA_VERSION))
            connection.commit()
        finally:
            _unlock_schema(connection)


def _current_version(connection: Connection) -> int | None:
    """The schema's version; None for a database without nerpipe's tables."""
    if not inspect(connection).has_table("schema_info"):
        return None
    return connection.execute(select(schema_info.c.version)).scalar()


def _lock_schema(connection: Connection) -> None:
    """Hold the schema lock until this connection's transaction ends (the first statement in it)."""
    if connection.dialect.name == "sqlite":
        # A table made again (migrations.py) must not cascade deletes through its foreign keys,
        # and SQLite lets them be switched off only outside a transaction: SQLite's own procedure
        # for schema changes. _unlock_schema switches them on again.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        # pysqlite opens a deferred transaction only before a data change, so the DDL would run
        # outside one: begin explicitly, taking the write lock now (waiting busy_timeout for it).
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(SCHEMA_LOCK_KEY)))


def _unlock_schema(connection: Connection) -> None:
    """After the commit (or on failure): SQLite's foreign keys on again, before the connection
    goes back to the pool; a connection where that fails is dropped, never reused without them."""
    if connection.dialect.name != "sqlite":
        return
    try:
        if connection.in_transaction():
            connection.rollback()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.rollback()  # ends SQLAlchemy's own (empty) transaction around the pragma
    except SQLAlchemyError:
        connection.invalidate()
        raise


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url
