"""`nerpipe correct`: add a missed mention (by offsets or by words, carried or not), list, undo;
reject and relabel; bad input is one clear line, never a traceback."""

from __future__ import annotations

import hashlib

import pytest
from typer.testing import CliRunner

from nerpipe.cli import app
from nerpipe.config import Settings
from nerpipe.store import Store
from nerpipe.types import Document, Mention, PipelineInfo

INFO = PipelineInfo("en_test", "1", "-", "test", ("ner",), {}, "0" * 64)
TEXT = "Ana Ruiz met Luis Ortega. Ortega sold fentanyl; the fentanyl came from Tijuana."
SHA = hashlib.sha256(TEXT.encode()).hexdigest()


@pytest.fixture(autouse=True)
def case(monkeypatch, tmp_path):
    monkeypatch.delenv("NERPIPE_DATABASE_URL", raising=False)
    monkeypatch.setenv("NERPIPE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    store = Store.open(Settings.from_env().store_url)
    store.create_case("Tide")
    luis = TEXT.index("Luis Ortega")
    found = [Mention(SHA, "Luis Ortega", "PERSON", luis, luis + 11, 0, "model", None, None, None, False, 0, 25)]
    store.add_document("Tide", Document(SHA, "report.txt", "text/plain", TEXT, size=len(TEXT)), found, INFO, "h")
    yield store
    store.close()


def run(*args):
    return CliRunner().invoke(app, list(args))


def _entities(store: Store) -> set[str]:
    return set(store.case_entities("Tide").entities)


def test_add_by_offsets_list_and_undo(case):
    start = TEXT.index("Ana Ruiz")
    added = run(
        "correct", "add", "--case", "Tide", "--document", SHA, "--start", str(start), "--end", "8", "-l", "person"
    )
    assert added.exit_code == 0, added.output
    assert added.stdout == f"added\t{SHA}\t0\t8\tPERSON\n"
    assert "PERSON:ana ruiz" in _entities(case)
    listed = run("correct", "list", "--case", "Tide")
    assert listed.stdout == f"add\tPERSON\t{SHA}\t0\t8\tAna Ruiz\n"
    undone = run("correct", "undo", "--case", "Tide", "--document", "report.txt", "--start", "0", "--end", "8")
    assert undone.exit_code == 0, undone.output
    assert "PERSON:ana ruiz" not in _entities(case)
    assert [e.action for e in case.audit.entries(case="Tide")][-2:] == ["correction.add", "correction.undo"]


def test_add_by_words_occurrence_and_carry(case):
    second = TEXT.index("fentanyl", TEXT.index("fentanyl") + 1)
    one = run("correct", "add", "-c", "Tide", "-d", SHA[:10], "--words", "fentanyl", "--occurrence", "2", "-l", "DRUG")
    assert one.exit_code == 0, one.output
    assert one.stdout == f"added\t{SHA}\t{second}\t{second + 8}\tDRUG\n"
    carried = run("correct", "add", "-c", "Tide", "-d", SHA, "--words", "Tijuana", "-l", "GPE", "--carry")
    assert carried.exit_code == 0 and carried.stdout.count("added\t") == 1
    everything = run("correct", "add", "-c", "Tide", "-d", SHA, "-w", "fentanyl", "-l", "DRUG", "--carry")
    # the second occurrence, added already, is left as it is
    assert everything.exit_code == 0 and "1 mention(s) added" in everything.stderr
    assert case.case_entities("Tide").entities["DRUG:fentanyl"].mentions == 2


def test_reject_and_relabel_a_found_mention(case):
    start = TEXT.index("Luis Ortega")
    span = ("--start", str(start), "--end", str(start + 11))
    assert run("correct", "relabel", "-c", "Tide", "-d", SHA, *span, "-l", "ORG").exit_code == 0
    assert "ORG:luis ortega" in _entities(case)
    assert run("correct", "reject", "-c", "Tide", "-d", SHA, *span).exit_code == 0
    assert _entities(case) == set()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "-d", SHA, "--start", "3", "--end", "999", "-l", "DRUG"), "not a span of report.txt"),
        (("add", "-d", SHA, "--start", "3", "-l", "DRUG"), "Give --start and --end"),
        (("add", "-d", SHA, "-w", "heroin", "-l", "DRUG"), "occur 0 time(s)"),
        (("add", "-d", SHA, "-w", "Ana", "-l", "two words"), "cannot be a label"),
        (("add", "-d", "nothing.txt", "-w", "Ana", "-l", "DRUG"), "no document matches"),
        (("reject", "-d", SHA, "--start", "0", "--end", "3"), "No mention at 0-3"),
        (("undo", "-d", SHA, "--start", "0", "--end", "3"), "No correction at 0-3"),
    ],
)
def test_bad_input_is_one_clear_line(case, args, message):
    result = run("correct", args[0], "--case", "Tide", *args[1:])
    assert result.exit_code != 0 and (result.exception is None or isinstance(result.exception, SystemExit))
    assert message in result.stderr and "Traceback" not in result.output
    assert case.list_decisions("Tide") == []
