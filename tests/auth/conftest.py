"""The store tests' fixtures: each test on a fresh store, SQLite and (in CI) PostgreSQL."""

from tests.store.conftest import store, store_url  # noqa: F401 - fixtures
