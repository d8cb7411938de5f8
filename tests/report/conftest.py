"""The report tests' own store (fixtures of tests/report)."""

from __future__ import annotations

import pytest

from nerpipe import Settings
from nerpipe.store import Store


@pytest.fixture
def isolated_store(monkeypatch, tmp_path):
    """A store of its own under tmp_path, as the CLI and the API open it."""
    monkeypatch.delenv("NERPIPE_DATABASE_URL", raising=False)
    monkeypatch.delenv("NERPIPE_MODEL", raising=False)
    monkeypatch.setenv("NERPIPE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NERPIPE_MODELS_DIR", str(tmp_path / "no-models"))
    monkeypatch.chdir(tmp_path)
    store = Store.open(Settings.from_env().store_url)
    yield store
    store.close()
