"""`nerpipe export --what entities --no-measures`: the entity table the store keeps, written row by
row, without reading every mention; the same entities as the export with measures."""

import csv
import io
import random

import pytest
from typer.testing import CliRunner

from nerpipe.cli import app
from nerpipe.config import Settings
from nerpipe.store import Store
from tests.store.test_entity_table import INFO, _document


@pytest.fixture(autouse=True)
def isolated_store(monkeypatch, tmp_path):
    monkeypatch.delenv("NERPIPE_DATABASE_URL", raising=False)
    monkeypatch.setenv("NERPIPE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)


def _rows(path):
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


def test_the_entity_table_export_needs_no_mention_and_holds_the_same_entities(tmp_path, monkeypatch):
    store = Store.open(Settings.from_env().store_url)
    store.create_case("Tide")
    rng = random.Random(5)
    for number in range(15):
        store.add_document("Tide", *_document(rng, number), INFO, "h")
    store.merge_entities("Tide", "PERSON:luis ortega", ["PERSON:marco salazar"])
    store.close()
    runner = CliRunner()
    full = runner.invoke(app, ["export", "--case", "Tide", "--what", "entities", "--out", "full.csv"])
    assert full.exit_code == 0, full.output
    monkeypatch.setattr(Store, "load_mentions", lambda *a, **k: pytest.fail("the export read every mention"))
    fast = runner.invoke(app, ["export", "--case", "Tide", "--what", "entities", "--no-measures", "--out", "t.csv"])
    assert fast.exit_code == 0, fast.output
    columns = ("id", "name", "label", "aliases", "mentions", "documents")
    table = _rows(tmp_path / "t.csv")
    assert list(table[0]) == list(columns)
    expected = {tuple(row[c] for c in columns) for row in _rows(tmp_path / "full.csv")}
    assert {tuple(row[c] for c in columns) for row in table} == expected
    assert [int(row["mentions"]) for row in table] == sorted((int(row["mentions"]) for row in table), reverse=True)
    people = runner.invoke(
        app, ["export", "--case", "Tide", "--what", "entities", "--no-measures", "--labels", "person", "--out", "p.csv"]
    )
    assert people.exit_code == 0 and {row["label"] for row in _rows(tmp_path / "p.csv")} == {"PERSON"}
    dated = runner.invoke(
        app, ["export", "--case", "Tide", "--what", "edges", "--no-measures", "--out", "e.csv", "--from", "2020-01-01"]
    )
    assert dated.exit_code == 2 and "--no-measures" in dated.output
