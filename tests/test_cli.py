"""The `nerpipe` command, in-process through Typer's runner and once as a real subprocess."""

import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from nerpipe.cli import app

SAMPLE = "Agents seized 4 kg of fentanyl from a Sinaloa Cartel courier who sold to MS-13."


@pytest.fixture(autouse=True)
def no_user_settings(monkeypatch, tmp_path):
    """Run against the base model and shipped patterns, whatever the developer's shell says."""
    for name in ("NERPIPE_MODEL", "NERPIPE_PATTERNS_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NERPIPE_MODELS_DIR", str(tmp_path / "no-models"))


def run(*args: str, stdin: str | bytes | None = None):
    return CliRunner().invoke(app, list(args), input=stdin)


def test_done_when_example_as_a_real_command(tmp_path):
    env = {"PATH": "", "NERPIPE_MODELS_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "nerpipe", "extract", "-", "--format", "jsonl"],
        input=SAMPLE,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    found = {(r["text"], r["label"]) for r in rows}
    assert {("fentanyl", "DRUG"), ("Sinaloa Cartel", "GANG_ORG"), ("MS-13", "GANG_ORG")} <= found
    for row in rows:
        assert SAMPLE[row["start"] : row["end"]] == row["text"]
        assert row["doc"] == "-"
        assert list(row) == [
            "doc",
            "text",
            "label",
            "start",
            "end",
            "sentence",
            "source",
            "pattern_id",
            "confidence",
            "page",
            "ocr",
        ]


def test_csv_and_table_formats(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text(SAMPLE)
    result = run("extract", str(path), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"doc": str(path), "text": "MS-13", "label": "GANG_ORG"}.items() <= rows[-1].items()
    table = run("extract", str(path)).stdout.splitlines()
    assert table[0].split() == ["DOC", "PAGE", "OCR", "START", "END", "LABEL", "SOURCE", "TEXT"]
    assert any(line.split()[-2:] == ["Sinaloa", "Cartel"] for line in table)


def test_labels_option_filters(tmp_path):
    result = run("extract", "-", "--format", "jsonl", "--labels", "drug", stdin=SAMPLE)
    assert result.exit_code == 0
    assert [json.loads(line)["label"] for line in result.stdout.splitlines()] == ["DRUG"]


def test_bad_files_are_named_and_skipped_while_good_ones_print(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The Crips sold heroin.")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")  # a JPEG cut off in its header
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.txt"
    result = run("extract", str(missing), str(tmp_path), str(binary), str(empty), str(good), "--format", "jsonl")
    assert result.exit_code == 1
    assert f"{missing}: no such file" in result.stderr
    assert f"{tmp_path}: is a folder" in result.stderr
    assert f"{binary}: the image is damaged or of a kind that cannot be decoded" in result.stderr
    assert f"{empty}: the file is empty" in result.stderr
    assert "4 of 5 input(s) could not be read" in result.stderr
    assert {json.loads(line)["text"] for line in result.stdout.splitlines()} == {"Crips", "heroin"}
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "-", "--format", "xml"],
        ["extract", "-", "--labels", "NOSUCHLABEL"],
        ["extract", "-", "--labels", ","],
        ["extract"],
        ["extract", "-", "--no-such-flag"],
    ],
)
def test_bad_flags_exit_2(args):
    result = run(*args, stdin="text")
    assert result.exit_code == 2


def test_unusable_model_exits_2_with_advice_and_no_traceback(tmp_path):
    result = run("extract", "-", "--model", str(tmp_path / "nothere"), stdin=SAMPLE)
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    result = run("extract", "-", "--model", "en_core_web_xx", stdin=SAMPLE)
    assert result.exit_code == 2
    assert "not installed" in result.stderr and "spacy download" in result.stderr
    assert "Traceback" not in result.stderr


def test_verbose_says_which_pipeline_is_used():
    result = run("extract", "-", "--verbose", stdin=SAMPLE)
    assert result.exit_code == 0
    assert "pipeline en_core_web_sm" in result.stderr
    assert "best installed base pipeline" in result.stderr


def test_info_lists_pipeline_and_pattern_counts():
    result = run("info")
    assert result.exit_code == 0
    assert "entity_ruler" in result.stdout
    assert "patterns:   DRUG" in result.stdout


def test_patterns_lint_is_clean_on_shipped_lists_and_fails_on_the_broken_line(tmp_path):
    clean = run("patterns", "lint")
    assert clean.exit_code == 0, clean.stdout
    assert "0 error(s)" in clean.stderr
    bad = tmp_path / "gangs.jsonl"
    bad.write_text('{"label":"GANG_ORG","pattern":[{"lower":"Baltimore Crew"}]}\n')
    result = run("patterns", "lint", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:1: error:" in result.stdout


def test_broken_pattern_file_stops_extract_with_exit_2(tmp_path, monkeypatch):
    (tmp_path / "drugs.jsonl").write_text("{broken\n")
    monkeypatch.setenv("NERPIPE_PATTERNS_DIR", str(tmp_path))
    result = run("extract", "-", stdin=SAMPLE)
    assert result.exit_code == 2
    assert "drugs.jsonl:1: error: invalid JSON" in result.stderr
