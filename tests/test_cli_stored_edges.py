"""`nerpipe export --what edges --no-measures`: the links the store keeps, written as they come,
without reading every mention or text; the same links and weights as the export built from them."""

import csv
import io
import random

import pytest
from typer.testing import CliRunner

from nerpipe.cli import app
from nerpipe.config import Settings
from nerpipe.store import Store
from nerpipe.types import Document, Mention
from tests.store.random_case import INFO, random_document, random_step


@pytest.fixture(autouse=True)
def isolated_store(monkeypatch, tmp_path):
    monkeypatch.delenv("NERPIPE_DATABASE_URL", raising=False)
    monkeypatch.setenv("NERPIPE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)


def _rows(path):
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


@pytest.mark.parametrize("window", ["sentence", "2", "document"])
def test_the_stored_edges_are_those_of_the_full_export(tmp_path, monkeypatch, window):
    store = Store.open(Settings.from_env().store_url)
    store.create_case("Tide")
    rng = random.Random(9)
    for number in range(10):
        store.add_document("Tide", *random_document(rng, number), INFO, "h")
    for number in range(10, 20):
        random_step(rng, store, "Tide", number)
    store.close()
    runner = CliRunner()
    common = ["export", "--case", "Tide", "--what", "edges", "--window", window, "--min-weight", "2"]
    full = runner.invoke(app, [*common, "--out", "full.csv"])
    assert full.exit_code == 0, full.output
    for method in ("load_mentions", "document_texts"):
        monkeypatch.setattr(Store, method, lambda *a, method=method, **k: pytest.fail(f"the export called {method}"))
    fast = runner.invoke(app, [*common, "--no-measures", "--out", "e.csv"])
    assert fast.exit_code == 0, fast.output
    table = _rows(tmp_path / "e.csv")
    assert list(table[0]) == ["source", "target", "source_name", "target_name", "weight", "documents"]
    columns = ("source", "target", "source_name", "target_name", "weight")
    assert {tuple(row[c] for c in columns) for row in table} == {
        tuple(row[c] for c in columns) for row in _rows(tmp_path / "full.csv")
    }
    assert all(int(row["weight"]) >= 2 and int(row["documents"]) >= 1 for row in table)
    store = Store.open(Settings.from_env().store_url)
    exports = [e for e in store.audit.entries(case="Tide") if e.action == "export"]
    assert exports[-1].target == "edges"
    store.close()


def test_names_that_look_like_formulas_are_neutralised(tmp_path):
    store = Store.open(Settings.from_env().store_url)
    store.create_case("Tide")
    text = "=HYPERLINK met Ana Ruiz."
    document = Document("a" * 64, "x.txt", "text/plain", text, size=len(text))
    found = [
        Mention("a" * 64, "=HYPERLINK", "ORG", 0, 10, 0, "model", None, None, sentence_start=0, sentence_end=len(text)),
        Mention(
            "a" * 64, "Ana Ruiz", "PERSON", 15, 23, 0, "model", None, None, sentence_start=0, sentence_end=len(text)
        ),
    ]
    store.add_document("Tide", document, found, INFO, "h")
    store.close()
    result = CliRunner().invoke(app, ["export", "--case", "Tide", "--what", "edges", "--no-measures", "--out", "e.csv"])
    assert result.exit_code == 0, result.output
    (row,) = _rows(tmp_path / "e.csv")
    assert "'=HYPERLINK" in (row["source_name"], row["target_name"])
