"""Case commands end to end: create, ingest a folder, export, reprocess, delete."""

import csv
import io

import pytest
from typer.testing import CliRunner

from nerpipe.cli import app
from nerpipe.config import Settings
from nerpipe.store import Store
from tests.ingest.conftest import make_docx, make_pdf


@pytest.fixture(autouse=True)
def isolated_store(monkeypatch, tmp_path):
    monkeypatch.delenv("NERPIPE_DATABASE_URL", raising=False)
    monkeypatch.delenv("NERPIPE_MODEL", raising=False)
    monkeypatch.setenv("NERPIPE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NERPIPE_MODELS_DIR", str(tmp_path / "no-models"))
    monkeypatch.chdir(tmp_path)


def run(*args, stdin=None):
    return CliRunner().invoke(app, list(args), input=stdin)


def case_folder(tmp_path):
    folder = tmp_path / "case"
    (folder / "sub").mkdir(parents=True)
    (folder / "report.pdf").write_bytes(
        make_pdf(["Maria Lopez sold heroin to the Latin Kings in Denver on March 3, 2026."])
    )
    (folder / "sub" / "affidavit.docx").write_bytes(make_docx(["The Sinaloa Cartel supplied the Latin Kings."]))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 garbage \x00\x01")
    return folder


def test_case_lifecycle_and_errors():
    assert run("case", "create", "Op Tide").exit_code == 0
    assert run("case", "create", "Op Tide").exit_code == 1
    listed = run("case", "list")
    assert listed.stdout.startswith("Op Tide\t0 documents")
    assert run("case", "delete", "Op Tide", stdin="n\n").exit_code == 1
    assert run("case", "delete", "Op Tide", "--yes").exit_code == 0
    missing = run("case", "delete", "Nope", "--yes")
    assert missing.exit_code == 1 and "No case named 'Nope'" in missing.stderr


def test_ingest_folder_then_export_entities(tmp_path):
    folder = case_folder(tmp_path)
    run("case", "create", "Op Tide")
    result = run("ingest", str(folder), "--case", "Op Tide")
    assert result.exit_code == 1  # broken.pdf
    assert "1 file(s) added" in result.stderr and "broken.pdf: not a readable PDF" in result.stderr
    failures = list(csv.reader(io.StringIO((tmp_path / "ingest-failures-Op_Tide.csv").read_text("utf-8-sig"))))
    assert failures[1][0].endswith("broken.pdf")
    recursive = run("ingest", str(folder), "--case", "Op Tide", "--recursive")
    assert "1 file(s) added" in recursive.stderr and "1 already in the case" in recursive.stderr
    out = tmp_path / "entities.csv"
    exported = run("export", "--case", "Op Tide", "--what", "entities", "--out", str(out))
    assert exported.exit_code == 0, exported.stderr
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out.read_text("utf-8-sig")))}
    assert rows["GANG_ORG:latin kings"]["documents"] == "2"
    assert {"DRUG:heroin", "GANG_ORG:sinaloa cartel", "PERSON:maria lopez"} <= rows.keys()
    # The tables hold every label (a date too, which the chart leaves out), as the dashboard's downloads do.
    assert any(key.startswith("DATE:") for key in rows)
    edges = tmp_path / "edges.csv"
    run("export", "--case", "Op Tide", "--what", "entities", "--labels", "DRUG", "--out", str(edges))
    assert {r["label"] for r in csv.DictReader(io.StringIO(edges.read_text("utf-8-sig")))} == {"DRUG"}
    for what in ("mentions", "edges", "gexf", "graphml", "json"):
        assert run("export", "--case", "Op Tide", "--what", what, "--out", str(tmp_path / what)).exit_code == 0
    assert run("export", "--case", "Op Tide", "--what", "pdf", "--out", "x").exit_code == 2


def test_reprocess_keeps_analyst_decisions(tmp_path):
    (tmp_path / "memo.txt").write_text("Maria Lopez sold heroin to the Latin Kings.")
    run("ingest", str(tmp_path / "memo.txt"), "--case", "R", "--create")
    store = Store.open(f"sqlite:///{tmp_path / 'data' / 'nerpipe.db'}")
    heroin = next(m for m in store.load_mentions("R") if m.text == "heroin")
    store.reject_mention("R", heroin.doc, heroin.start, heroin.end)
    store.reject_mention("R", heroin.doc, 999, 1005)  # a span no extraction will find
    result = run("reprocess", "--case", "R")
    assert result.exit_code == 0
    assert "1 analyst decision(s) still apply, 1 no longer match" in result.stderr
    assert "heroin" not in {m.text for m in store.load_mentions("R")}


def test_corrections_export_as_training_examples(tmp_path):
    import json

    (tmp_path / "memo.txt").write_text("Maria Lopez sold heroin to the Latin Kings. The weather was fine.")
    run("ingest", str(tmp_path / "memo.txt"), "--case", "T", "--create")
    store = Store.open(f"sqlite:///{tmp_path / 'data' / 'nerpipe.db'}")
    kings = next(m for m in store.load_mentions("T") if m.text == "Latin Kings")
    store.relabel_mention("T", kings.doc, kings.start, kings.end, "ORG")
    out = tmp_path / "training.json"
    assert run("export", "--case", "T", "--what", "training", "--out", str(out)).exit_code == 0
    (example,) = json.loads(out.read_text())
    assert example["text"] == "Maria Lopez sold heroin to the Latin Kings."
    labels = {(r["text"], r["labels"][0]) for r in example["label"]}
    assert ("Latin Kings", "ORG") in labels and ("heroin", "DRUG") in labels


def test_preannotate_writes_label_studio_tasks(tmp_path):
    import json

    (tmp_path / "memo.txt").write_text("Agents seized fentanyl from MS-13.")
    out = tmp_path / "tasks.json"
    result = run("preannotate", str(tmp_path / "memo.txt"), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    (task,) = json.loads(out.read_text())
    assert task["data"]["text"] == "Agents seized fentanyl from MS-13."
    (prediction,) = task["predictions"]
    assert prediction["model_version"].startswith("en_core_web_sm")
    regions = {(r["value"]["text"], r["value"]["labels"][0]) for r in prediction["result"]}
    assert {("fentanyl", "DRUG"), ("MS-13", "GANG_ORG")} <= regions


def _two_teams_harbor() -> tuple[int, int]:
    """Two teams' cases named Harbor (made through logins, where names are unique per user); ids."""
    store = Store.open(Settings.from_env().store_url)
    for name in ("ana", "bob"):
        user = store.users.add_user(name, "analyst", "$argon2id$x")
        store.create_case("Harbor", owner_id=user.id, visible_to=user.id)
    ids = tuple(case.id for case in store.list_cases())
    store.close()
    return ids


def test_a_name_two_cases_share_is_refused_with_the_choices_and_name_hash_id_works(tmp_path):
    first, second = _two_teams_harbor()
    assert run("case", "list").stdout.splitlines()[1].startswith(f"Harbor#{second}\t0 documents")
    out = tmp_path / "entities.csv"
    refused = run("export", "--case", "Harbor", "--what", "entities", "--out", str(out))
    assert refused.exit_code == 1 and not out.exists()
    assert f"say which one, as 'Harbor#{first}' or 'Harbor#{second}'" in refused.stderr
    assert run("case", "delete", "Harbor", "--yes").exit_code == 1
    assert run("export", "--case", f"Harbor#{first}", "--what", "entities", "--out", str(out)).exit_code == 0
    assert run("case", "delete", f"Harbor#{second}", "--yes").exit_code == 0
    assert run("case", "list").stdout.startswith("Harbor\t0 documents")  # one left: its name alone
    ingest = run("ingest", str(tmp_path / "no-such-folder"), "--case", "Harbor", "--create")
    assert "A case named" not in ingest.output  # creating an existing case as part of --create
    exports = [e for e in Store.open(Settings.from_env().store_url).audit.entries() if e.action == "export"]
    assert [(e.case_id, e.case) for e in exports] == [(first, "Harbor")]
