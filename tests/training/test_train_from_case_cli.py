"""`nerpipe train --from-case NAME`: progress, the before/after table and the verdict; bad input is one
clear line, never a traceback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from nerpipe.cli import app
from nerpipe.config import Settings
from nerpipe.store import Store
from nerpipe.training import from_case
from tests.case_helpers import add_text

TEXTS = [
    ("a.txt", "Agents seized fentanyl from the Latin Kings in Chicago.", "Latin Kings", "GANG_ORG"),
    ("b.txt", "The Bloods sold heroin. Maria Lopez bought flakka from them.", "flakka", "DRUG"),
    ("c.txt", "Members of MS-13 moved methamphetamine through Houston.", "methamphetamine", "DRUG"),
    ("d.txt", "The Sinaloa Cartel shipped cocaine to Miami last May.", "Sinaloa Cartel", "GANG_ORG"),
]


@pytest.fixture
def store(monkeypatch, tmp_path):
    monkeypatch.delenv("NERPIPE_DATABASE_URL", raising=False)
    monkeypatch.delenv("NERPIPE_MODEL", raising=False)
    monkeypatch.setenv("NERPIPE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NERPIPE_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.chdir(tmp_path)
    store = Store.open(Settings.from_env().store_url)
    store.create_case("Tide")
    yield store
    store.close()


def _correct(store: Store, count: int) -> None:
    for name, text, words, label in TEXTS:
        sha = add_text(store, "Tide", name, text, [])
        if count > 0:
            start = text.index(words)
            store.add_mention("Tide", sha, start, start + len(words), label)
            count -= 1


def run(*args):
    return CliRunner().invoke(app, list(args))


def test_an_unknown_case_is_one_clear_line(store):
    result = run("train", "--from-case", "Nowhere")
    assert result.exit_code != 0
    assert "Nowhere" in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_case_without_corrections_says_what_to_do(store):
    _correct(store, 0)
    result = run("train", "--from-case", "Tide")
    assert result.exit_code == 2
    assert "Case 'Tide' has no corrected documents" in result.stderr
    assert "at least 3 documents" in result.stderr


@pytest.mark.slow
def test_retraining_prints_progress_the_table_and_the_verdict(store, monkeypatch, tmp_path):
    monkeypatch.setattr(from_case, "CASE_MAX_STEPS", 4)
    monkeypatch.setattr(from_case, "REAL_DEV", tmp_path / "absent.jsonl")
    _correct(store, 4)
    result = run("train", "--from-case", "Tide")
    assert "Training the model" in result.stderr and "Scoring on the held-out documents" in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Trained on 4 corrected documents of case Tide (1 held out), ")
    assert lines[1].split() == ["label", "base", "+", "patterns", "current", "retrained"]
    assert {line.split()[0] for line in lines[2:-1]} >= {"DRUG", "GANG_ORG"}
    if result.exit_code == 0:
        assert lines[-1].startswith("Now the case's model")
    else:
        assert result.exit_code == 1 and lines[-1].startswith("Kept aside")
