"""A fresh store per test: SQLite always; PostgreSQL too when NERPIPE_TEST_DATABASE_URL is set
(.ci/run starts a server and sets it)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from nerpipe.store import Store
from nerpipe.store.schema import metadata
from nerpipe.store.search_index import CHUNK_TABLE
from tests.databases import postgres_test_url

POSTGRES_URL = postgres_test_url()
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        # The search index's table is made outside `metadata` (see store/search_index.py).
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {CHUNK_TABLE}")
        metadata.drop_all(connection)
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'nerpipe.db'}"
    _reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture
def store(store_url):
    opened = Store.open(store_url)
    yield opened
    opened.close()
