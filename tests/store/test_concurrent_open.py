"""Processes that start together on a brand-new store: each one opens it (the schema is made once,
by whichever comes first, and the others wait for it), and two `ingest --create` of the same new
case both go on into that case. Real separate processes (forked), released together by a barrier,
several rounds, on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from nerpipe.cli import app
from nerpipe.errors import CaseExistsError
from nerpipe.store import Store
from nerpipe.store.schema import ACCESS_AND_AUDIT_TABLES, SCHEMA_VERSION, schema_info
from tests.store.conftest import POSTGRES_URL, _reset_postgres

PROCESSES = 3
ROUNDS = 6
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(POSTGRES_URL is None, reason="NERPIPE_TEST_DATABASE_URL is not set (no PostgreSQL)"),
    ),
]


def _fresh_url(backend: str, folder, index: int) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / f'round-{index}.db'}"
    _reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


def _together(target, args: tuple, count: int = PROCESSES) -> list[str]:
    """Run `target(barrier, results, *args)` in `count` forked processes; what each reported."""
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(count), context.Queue()
    children = [context.Process(target=target, args=(barrier, results, *args)) for _ in range(count)]
    for child in children:
        child.start()
    outcomes = [results.get(timeout=90) for _ in children]
    for child in children:
        child.join(30)
    return outcomes


def _open_and_list(barrier, results, url: str) -> None:
    barrier.wait(timeout=30)
    try:
        store = Store.open(url)
        store.list_cases()
        store.close()
        results.put("ok")
    except Exception as exc:  # the test shows whatever went wrong
        results.put(f"{type(exc).__name__}: {exc}")


@pytest.mark.parametrize("backend", BACKENDS)
def test_processes_opening_a_new_store_at_once_all_succeed(backend, tmp_path):
    for index in range(ROUNDS):
        url = _fresh_url(backend, tmp_path, index)
        assert _together(_open_and_list, (url,)) == ["ok"] * PROCESSES, f"round {index}"
        opened = Store.open(url)
        assert opened.list_cases() == []
        opened.close()


def _as_schema_2(url: str) -> None:
    """A store as nerpipe left it before users and the audit log (schema 2), with one case."""
    opened = Store.open(url)
    opened.create_case("Old")
    with opened.engine.begin() as connection:
        for table in reversed(ACCESS_AND_AUDIT_TABLES):
            table.drop(connection)
        connection.execute(schema_info.update().values(version=2))
    opened.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_processes_opening_an_old_store_at_once_migrate_it_once(backend, tmp_path):
    for index in range(ROUNDS // 2):
        url = _fresh_url(backend, tmp_path, index)
        _as_schema_2(url)
        assert _together(_open_and_list, (url,)) == ["ok"] * PROCESSES, f"round {index}"
        opened = Store.open(url)
        with opened.engine.connect() as connection:
            assert connection.execute(select(schema_info.c.version)).scalar_one() == SCHEMA_VERSION
        assert [case.name for case in opened.list_cases()] == ["Old"] and opened.audit.entries() == []
        opened.close()


def _ingest_create(barrier, results, folder: str) -> None:
    barrier.wait(timeout=30)
    done = CliRunner().invoke(app, ["ingest", folder, "--case", "Op Tide", "--create"])
    results.put("ok" if done.exit_code == 0 else f"exit {done.exit_code}: {done.output}")


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_ingests_creating_the_same_new_case_at_once_both_go_on(backend, tmp_path, monkeypatch):
    """An empty folder: the race is in opening the store and creating the case, not in extraction."""
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NERPIPE_DATA_DIR", str(tmp_path / "data"))
    for index in range(ROUNDS // 2):
        url = _fresh_url(backend, tmp_path, index)
        monkeypatch.setenv("NERPIPE_DATABASE_URL", url)
        assert _together(_ingest_create, (str(tmp_path / "empty"),), 2) == ["ok", "ok"], f"round {index}"
        opened = Store.open(url)
        assert [case.name for case in opened.list_cases()] == ["Op Tide"]
        assert [e.action for e in opened.audit.entries()] == ["case.create"]  # made once
        opened.close()


def test_create_case_tolerates_an_existing_case_only_when_asked(store):
    assert store.create_case("Op Tide", exist_ok=True) is True
    assert store.create_case("Op Tide", exist_ok=True) is False
    with pytest.raises(CaseExistsError, match="A case named 'Op Tide' already exists"):
        store.create_case("Op Tide")
