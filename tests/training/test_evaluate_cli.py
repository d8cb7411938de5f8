"""`nerpipe evaluate` on a file in the real-dev offsets format: only the labels it annotates are scored."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nerpipe.cli import app

REAL_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "real-dev" / "real_dev.jsonl"


@pytest.fixture(autouse=True)
def no_trained_model(monkeypatch, tmp_path):
    monkeypatch.delenv("NERPIPE_MODEL", raising=False)
    monkeypatch.setenv("NERPIPE_MODELS_DIR", str(tmp_path / "no-models"))


def scores(out: Path) -> dict[tuple[str, str], tuple[float, float]]:
    rows = (out / "scores.csv").read_text(encoding="utf-8").splitlines()[1:]
    table = {}
    for row in rows:
        pipeline, label, *_, precision, _, f = row.split(",")
        table[(pipeline, label)] = (float(precision), float(f))
    return table


def test_a_person_found_where_only_drugs_are_annotated_is_not_an_error(tmp_path):
    gold = tmp_path / "gold.jsonl"
    text = "John Smith sold heroin in Boston."
    gold.write_text(json.dumps({"id": "1", "text": text, "entities": [[16, 22, "DRUG"]]}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--data", str(gold), "--out", str(tmp_path / "eval")])
    assert result.exit_code == 0, result.output
    table = scores(tmp_path / "eval")
    assert table[("default", "DRUG")] == (1.0, 1.0)
    assert table[("default", "overall")] == (1.0, 1.0)
    assert ("default", "PERSON") not in table


def test_a_missing_file_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["evaluate", "--data", str(tmp_path / "none.jsonl")])
    assert result.exit_code != 0
    assert "none.jsonl: no such file" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.skipif(not REAL_DEV.is_file(), reason=f"real-dev set not found at {REAL_DEV}")
def test_real_dev_rules_beat_patterns_alone(tmp_path):
    out = tmp_path / "eval"
    args = ["evaluate", "--data", str(REAL_DEV), "--labels", "DRUG,GANG_ORG", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    table = scores(out)
    for label in ("DRUG", "GANG_ORG"):
        patterns_p, patterns_f = table[("base+patterns", label)]
        default_p, default_f = table[("default", label)]
        assert default_p >= patterns_p - 0.005 and default_f > patterns_f
    assert "Agreement of the default pipeline" in result.output
