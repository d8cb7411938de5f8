"""Connecting to the case store: SQLite by default (a file under the data folder, WAL mode, so the
dashboard and a command-line batch can write at the same time), any SQLAlchemy URL otherwise
(`NERPIPE_DATABASE_URL=postgresql+psycopg://...` for a team server)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from nerpipe.errors import StoreError
from nerpipe.store.migrations import migrate
from nerpipe.store.schema import SCHEMA_VERSION, metadata, schema_info
from nerpipe.store.search_index import create_search_index

#: Seconds a writer waits for another writer's lock before giving up.
BUSY_TIMEOUT_S = 60


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
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer, nor it them
    cursor.execute("PRAGMA foreign_keys=ON")  # deleting a case or document removes what hangs off it
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each commit in WAL mode, faster
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    cursor.close()


def _ensure_schema(engine: Engine) -> None:
    with engine.begin() as connection:
        if not inspect(connection).has_table("schema_info"):
            metadata.create_all(connection)
            create_search_index(connection)
            connection.execute(schema_info.insert().values(id=1, version=SCHEMA_VERSION))
            return
        version = connection.execute(select(schema_info.c.version)).scalar_one()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"The database was made by a newer nerpipe (schema {version}, this one reads up to "
                f"{SCHEMA_VERSION}): upgrade nerpipe."
            )
        if version < SCHEMA_VERSION:
            migrate(connection, version, SCHEMA_VERSION)
            connection.execute(schema_info.update().values(version=SCHEMA_VERSION))


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url
