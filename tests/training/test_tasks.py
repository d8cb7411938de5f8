"""Label Studio tasks out of nerpipe (`nerpipe/training/tasks.py` and `nerpipe preannotate`)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nerpipe.cli import app
from nerpipe.training.tasks import labelling_config, prediction_tasks, task_labels
from nerpipe.types import Document, Mention, PipelineInfo

EXAMPLE_CASE = Path(__file__).resolve().parents[2] / "examples" / "operation_harbor_light"
INFO = PipelineInfo(name="en_test", version="1.0", path="-", reason="test", components=())
STATEMENT = "Maria Lopez sold heroin to the Latin Kings."


def mention(doc: str, start: int, end: int, label: str, source: str = "model") -> Mention:
    return Mention(doc, STATEMENT[start:end], label, start, end, 0, source, None, None)


def test_the_same_text_in_two_files_is_one_task_with_each_prediction_once():
    # An e-mail's attachment that is also given as a file: same text, so the same content-hash id,
    # and extraction yields its mentions once per copy.
    given = Document("sha-1", "statement.txt", "text/plain", STATEMENT)
    attached = Document("sha-1", "tip.eml/statement.txt", "text/plain", STATEMENT)
    other = Document("sha-2", "memo.txt", "text/plain", "Nothing here.")
    once = [mention("sha-1", 0, 11, "PERSON"), mention("sha-1", 17, 23, "DRUG"), mention("sha-1", 31, 42, "GANG_ORG")]
    made = prediction_tasks([given, other, attached], once + once, INFO)
    assert [t["data"]["filename"] for t in made.tasks] == ["statement.txt", "memo.txt"]
    assert made.tasks[0]["data"]["same_text_in"] == "tip.eml/statement.txt"
    assert "same_text_in" not in made.tasks[1]["data"]
    assert made.same_text == [("statement.txt", "tip.eml/statement.txt")]
    regions = [
        (r["value"]["start"], r["value"]["end"], r["value"]["labels"][0])
        for r in made.tasks[0]["predictions"][0]["result"]
    ]
    assert regions == [(0, 11, "PERSON"), (17, 23, "DRUG"), (31, 42, "GANG_ORG")]
    assert made.tasks[1]["predictions"][0]["result"] == []
    assert made.predictions == 3


def test_a_rule_mention_is_a_prediction_like_any_other():
    document = Document("sha-1", "statement.txt", "text/plain", STATEMENT)
    made = prediction_tasks([document], [mention("sha-1", 31, 42, "GANG_ORG", source="rule")], INFO)
    (region,) = made.tasks[0]["predictions"][0]["result"]
    assert region["value"] == {"start": 31, "end": 42, "text": "Latin Kings", "labels": ["GANG_ORG"]}
    assert (region["from_name"], region["to_name"], region["type"]) == ("label", "text", "labels")


def test_labelling_config_offers_every_label_with_the_names_the_tasks_use():
    config = labelling_config(["GANG_ORG", "PERSON", 'PLATE "US"', "DRUG"])
    root = ET.fromstring(config)
    labels = root.find("Labels")
    assert (labels.get("name"), labels.get("toName")) == ("label", "text")
    assert root.find("Text").get("name") == "text" and root.find("Text").get("value") == "$text"
    offered = [label.get("value") for label in labels.findall("Label")]
    # Known labels in nerpipe's usual order, a label an analyst added after them, escaped.
    assert offered == ["PERSON", "DRUG", "GANG_ORG", 'PLATE "US"']
    assert all(label.get("background") for label in labels.findall("Label"))


@pytest.fixture
def isolated(monkeypatch, tmp_path):
    monkeypatch.delenv("NERPIPE_MODEL", raising=False)
    monkeypatch.setenv("NERPIPE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NERPIPE_MODELS_DIR", str(tmp_path / "no-models"))
    monkeypatch.chdir(tmp_path)


@pytest.mark.slow
def test_preannotate_the_example_case_gives_one_task_per_text_and_no_duplicate(isolated, tmp_path):
    files = sorted(str(p) for p in EXAMPLE_CASE.iterdir())
    out = tmp_path / "tasks.json"
    result = CliRunner().invoke(app, ["preannotate", *files, "--out", str(out), "--config"])
    assert result.exit_code == 0, result.stderr
    tasks = json.loads(out.read_text())
    texts = [t["data"]["text"] for t in tasks]
    assert len(texts) == len(set(texts)) == 6  # 6 files and an attachment; the attachment is the statement
    (statement,) = [t for t in tasks if "same_text_in" in t["data"]]
    names = {Path(statement["data"]["filename"]).name, Path(statement["data"]["same_text_in"]).name}
    assert names == {"witness_statement_reyes.txt", "guard_statement.txt"}
    assert "same text as" in result.stderr
    for task in tasks:
        results = task["predictions"][0]["result"]
        keys = [(r["value"]["start"], r["value"]["end"], r["value"]["labels"][0]) for r in results]
        assert len(keys) == len(set(keys)), task["data"]["filename"]
        assert all(task["data"]["text"][s:e] == r["value"]["text"] for (s, e, _), r in zip(keys, results, strict=True))
    assert len(statement["predictions"][0]["result"]) > 5
    total = sum(len(t["predictions"][0]["result"]) for t in tasks)
    assert f"6 task(s) with {total} predictions" in result.stderr
    # The printed config offers every label the predictions use.
    offered = {label.get("value") for label in ET.fromstring(result.stdout).iter("Label")}
    assert task_labels(tasks) <= offered


def test_preannotate_config_alone_and_no_arguments(isolated):
    alone = CliRunner().invoke(app, ["preannotate", "--config"])
    assert alone.exit_code == 0, alone.stderr
    offered = {label.get("value") for label in ET.fromstring(alone.stdout).iter("Label")}
    assert {"PERSON", "ORG", "GPE", "DATE", "DRUG", "GANG_ORG", "WEAPON", "PHONE", "EMAIL"} <= offered
    nothing = CliRunner().invoke(app, ["preannotate"])
    assert nothing.exit_code == 2
    assert "give the files to pre-annotate" in nothing.stderr
