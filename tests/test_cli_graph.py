"""`nerpipe graph` on a handful of case files writes every export."""

import csv
import io

import networkx as nx
import pytest
from typer.testing import CliRunner

from nerpipe.cli import app
from nerpipe.graph.export import EXPORT_FILES
from tests.ingest.conftest import make_docx, make_pdf

REPORT = "On March 3, 2026, Detective Ana Ruiz met Carlos Mendez in Tijuana. Mendez sold fentanyl to the Latin Kings."
AFFIDAVIT = "The Sinaloa Cartel shipped heroin to the Latin Kings. Carlos Mendez paid the Sinaloa Cartel."


@pytest.fixture(autouse=True)
def base_model_only(monkeypatch, tmp_path):
    monkeypatch.delenv("NERPIPE_MODEL", raising=False)
    monkeypatch.setenv("NERPIPE_MODELS_DIR", str(tmp_path / "no-models"))


def test_graph_writes_every_export_for_a_few_case_files(tmp_path):
    (tmp_path / "report.pdf").write_bytes(make_pdf([REPORT]))
    (tmp_path / "affidavit.docx").write_bytes(make_docx([AFFIDAVIT]))
    (tmp_path / "missing.txt").unlink(missing_ok=True)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "graph",
            str(tmp_path / "report.pdf"),
            str(tmp_path / "affidavit.docx"),
            str(tmp_path / "missing.txt"),
            "--out",
            str(out),
            "--relations",
        ],
    )
    assert result.exit_code == 1  # the missing file is reported; the others are linked
    assert "missing.txt: no such file" in result.stderr
    for name in (*EXPORT_FILES, "graph.html"):
        assert (out / name).stat().st_size > 0, name
    entities = list(csv.DictReader(io.StringIO((out / "entities.csv").read_text(encoding="utf-8-sig"))))
    ids = {e["id"] for e in entities}
    assert {"GANG_ORG:latin kings", "GANG_ORG:sinaloa cartel", "DRUG:heroin", "DRUG:fentanyl"} <= ids
    latin = next(e for e in entities if e["id"] == "GANG_ORG:latin kings")
    assert latin["documents"] == "2"
    graph = nx.read_graphml(out / "graph.graphml")
    assert graph.has_edge("DRUG:heroin", "GANG_ORG:sinaloa cartel")
    edges = (out / "edges.csv").read_text(encoding="utf-8-sig")
    assert "ship (1)" in edges  # relation verbs from the dependency parse (--relations)
    mentions = list(csv.DictReader(io.StringIO((out / "mentions.csv").read_text(encoding="utf-8-sig"))))
    assert {m["page"] for m in mentions if m["filename"].endswith("report.pdf")} == {"1"}


def test_graph_options(tmp_path):
    (tmp_path / "a.txt").write_text(AFFIDAVIT)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "graph",
            str(tmp_path / "a.txt"),
            "--out",
            str(out),
            "--window",
            "document",
            "--labels",
            "GANG_ORG,DRUG",
            "--min-weight",
            "1",
        ],
    )
    assert result.exit_code == 0, result.stderr
    graph = nx.read_gexf(out / "graph.gexf")
    assert {data["type"] for _, data in graph.nodes(data=True)} == {"GANG_ORG", "DRUG"}
    bad = CliRunner().invoke(app, ["graph", str(tmp_path / "a.txt"), "--out", str(out), "--window", "chapter"])
    assert bad.exit_code == 2
