"""`nerpipe search`, `nerpipe xref` and `nerpipe export --what timeline` over a stored case."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from nerpipe.cli import app
from nerpipe.config import Settings
from nerpipe.store import Store
from tests.case_helpers import add_text


@pytest.fixture(autouse=True)
def cases(monkeypatch, tmp_path):
    monkeypatch.delenv("NERPIPE_DATABASE_URL", raising=False)
    monkeypatch.setenv("NERPIPE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    store = Store.open(Settings.from_env().store_url)
    store.create_case("Harbor")
    add_text(
        store,
        "Harbor",
        "report.txt",
        "Report of March 14, 2026.\n\nOn March 3, 2026 Luis Ortega called +1 312 555 0199 about cocaine.",
        [("March 14, 2026", "DATE"), ("March 3, 2026", "DATE"), ("Luis Ortega", "PERSON"), ("cocaine", "DRUG")],
        pattern_ids={"cocaine": "cocaine"},
    )
    add_text(
        store,
        "Harbor",
        "tip.txt",
        "=HYPERLINK() Maria Lopez paid with 4111 1111 1111 1111 for heroin.",
        [("Maria Lopez", "PERSON"), ("4111 1111 1111 1111", "CARD"), ("heroin", "DRUG")],
        pattern_ids={"4111 1111 1111 1111": "•••• 1111 #9bbef194"},
    )
    store.create_case("Tide")
    add_text(
        store,
        "Tide",
        "old.txt",
        "LUIS ORTEGA and the card 4111-1111-1111-1111 again. Maria Lopez's ledger.",
        [("LUIS ORTEGA", "PERSON"), ("4111-1111-1111-1111", "CARD"), ("Maria Lopez's", "ORG")],
        pattern_ids={"4111-1111-1111-1111": "•••• 1111 #9bbef194"},
    )
    store.create_case("Empty")
    store.close()


def run(*args):
    return CliRunner().invoke(app, list(args))


def test_search_prints_ranked_hits_with_snippets():
    result = run("search", "--case", "Harbor", "cocaine OR heroin")
    assert result.exit_code == 0, result.output
    assert "report.txt" in result.stdout and "tip.txt" in result.stdout and "«cocaine»" in result.stdout
    assert "2 document(s) match in 'Harbor'" in result.stderr


def test_search_as_csv_and_jsonl_masks_cards_and_neutralises_formulas():
    rows = list(csv.DictReader(io.StringIO(run("search", "-c", "Harbor", "paid", "--format", "csv").stdout)))
    assert [r["document"] for r in rows] == ["tip.txt"]
    assert rows[0]["snippet"].startswith("=") is False and "4111 1111" not in rows[0]["snippet"]
    lines = [
        json.loads(line) for line in run("search", "-c", "Harbor", '"Luis Ortega"', "-f", "jsonl").stdout.splitlines()
    ]
    assert lines[0]["document"] == "report.txt" and lines[0]["page"] is None


def test_search_narrowed_to_an_entitys_documents():
    result = run("search", "-c", "Harbor", "paid OR called", "--entity", "Luis Ortega")
    assert result.exit_code == 0 and "report.txt" in result.stdout and "tip.txt" not in result.stdout
    assert run("search", "-c", "Harbor", "x", "--entity", "Nobody").exit_code == 1


@pytest.mark.parametrize("query", ['"Luis Ortega', "cocaine AND", "NOT cocaine", "(x"])
def test_a_malformed_search_is_one_clear_line_and_exit_2(query):
    result = run("search", "-c", "Harbor", query)
    assert result.exit_code == 2
    assert result.stderr.startswith("nerpipe: ") and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_search_in_a_missing_case():
    result = run("search", "-c", "Nope", "cocaine")
    assert result.exit_code == 1 and "No case named 'Nope'" in result.stderr


def test_xref_lists_the_other_cases_where_a_name_or_identifier_occurs():
    result = run("xref", "--case", "Harbor")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Luis Ortega (PERSON)\talso in: Tide (1 document)" in lines
    assert "Maria Lopez (PERSON)\talso in: Tide (1 document)" in lines
    assert "•••• •••• •••• 1111 (CARD)\talso in: Tide (1 document)" in lines
    assert not any("cocaine" in line or "March" in line for line in lines)
    rows = list(csv.DictReader(io.StringIO(run("xref", "-c", "Harbor", "--entity", "luis ortega", "-f", "csv").stdout)))
    assert [(r["name"], r["other_case"], r["documents"], r["written_there"]) for r in rows] == [
        ("Luis Ortega", "Tide", "1", "LUIS ORTEGA")
    ]
    assert "4111-1111" not in run("xref", "-c", "Harbor", "-f", "jsonl").stdout


def test_xref_of_a_case_alone_in_the_store():
    result = run("xref", "--case", "Empty")
    assert result.exit_code == 0 and result.stdout == ""


def test_export_timeline_csv_and_a_date_range(tmp_path):
    out = tmp_path / "timeline.csv"
    result = run("export", "--case", "Harbor", "--what", "timeline", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["date"], r["entity"]) for r in rows if r["entity"]] == [
        ("2026-03-03", "Luis Ortega"),
        ("2026-03-03", "cocaine"),
    ]
    assert result.stderr.startswith("3 dated item(s)")
    edges = tmp_path / "edges.csv"
    assert (
        run("export", "-c", "Harbor", "--what", "entities", "--out", str(edges), "--from", "2026-03-01").exit_code == 0
    )
    assert "Luis Ortega" in edges.read_text(encoding="utf-8-sig") and "Maria" not in edges.read_text(
        encoding="utf-8-sig"
    )
    bad = run("export", "-c", "Harbor", "--what", "timeline", "--out", str(out), "--from", "soon")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_search_and_xref_of_one_entity_read_the_entity_table_not_every_mention(monkeypatch):
    monkeypatch.setattr(Store, "load_mentions", lambda *a, **k: pytest.fail("every mention of the case was read"))
    monkeypatch.setattr(Store, "mention_names", lambda *a, **k: pytest.fail("every mention of every case was read"))
    result = run("search", "--case", "Harbor", "--entity", "Luis Ortega", "cocaine OR heroin")
    assert result.exit_code == 0, result.output
    assert "report.txt" in result.output and "tip.txt" not in result.output
    rows = list(csv.DictReader(io.StringIO(run("xref", "-c", "Harbor", "--entity", "luis ortega", "-f", "csv").stdout)))
    assert [(r["entity_id"], r["other_case"], r["documents"]) for r in rows] == [("PERSON:luis ortega", "Tide", "1")]
    missing = run("xref", "-c", "Harbor", "--entity", "Nobody Here")
    assert missing.exit_code != 0 and "No entity 'Nobody Here'" in missing.output
