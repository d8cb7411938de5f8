"""Hostile and broken files through `nerpipe extract` and `nerpipe ingest`: each one a clean line
naming it, the batch goes on, names are escaped on the terminal and CSV cells cannot be formulas."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from nerpipe.cli import app
from nerpipe.ingest import READERS
from nerpipe.ingest import detect as formats
from nerpipe.mention_formats import MentionFormat, write_mentions
from nerpipe.store import Store
from nerpipe.types import Mention
from tests.ingest.fuzzing import make_odt
from tests.ingest.test_mail import nested_email
from tests.ingest.test_textlike import THIRTEEN_RANDOM_BYTES
from tests.ingest.test_zipcheck import STORY, shifted_directory

GOOD = "The Crips sold heroin."
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    for name in ("NERPIPE_DATABASE_URL", "NERPIPE_MODEL", "NERPIPE_PATTERNS_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NERPIPE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NERPIPE_MODELS_DIR", str(tmp_path / "no-models"))
    monkeypatch.chdir(tmp_path)


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def hostile_folder(tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "a-good.txt").write_text(GOOD)
    (folder / "deep.eml").write_bytes(nested_email(1000))
    (folder / "seek.odt").write_bytes(shifted_directory(make_odt(STORY), 147))
    (folder / "x.docx").write_bytes(THIRTEEN_RANDOM_BYTES)
    (folder / "z-good.txt").write_text("Agents seized fentanyl from MS-13.")
    return folder


def test_extract_names_every_bad_file_and_prints_the_good_ones(tmp_path):
    folder = hostile_folder(tmp_path)
    paths = sorted(str(p) for p in folder.iterdir())
    result = run("extract", *paths, "--format", "jsonl")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert f"{folder / 'deep.eml'}: its MIME parts are nested too deep to read" in result.stderr
    assert f"{folder / 'seek.odt'}: damaged ZIP container" in result.stderr
    assert f"{folder / 'x.docx'}: the name says Word (.docx) but the content is neither" in result.stderr
    assert "3 of 5 input(s) could not be read" in result.stderr
    found = {json.loads(line)["text"] for line in result.stdout.splitlines()}
    assert {"Crips", "heroin", "fentanyl", "MS-13"} <= found


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_reader_failing_in_an_unforeseen_way_fails_only_its_file(tmp_path, monkeypatch, workers):
    # The reader of one format raises what no reader catches (a bug, or a library's surprise).
    def broken_reader(data, name, settings):
        raise NotImplementedError("That compression method is not supported")

    monkeypatch.setitem(READERS, formats.RTF, broken_reader)
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "1.txt").write_text(GOOD)
    (folder / "2.rtf").write_bytes(rb"{\rtf1 Maria Lopez}")
    (folder / "3.txt").write_text("Agents seized fentanyl from MS-13.")
    assert run("case", "create", "C").exit_code == 0
    result = run("ingest", str(folder), "--case", "C", "--workers", workers)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    reason = "could not be read: damaged or unsupported (NotImplementedError: That compression method is not supported)"
    assert f"{folder / '2.rtf'}: {reason}" in result.stderr
    assert "2 file(s) added to 'C'" in result.stderr
    rows = list(csv.DictReader((tmp_path / "ingest-failures-C.csv").open(encoding="utf-8-sig")))
    assert [(row["file"], row["reason"]) for row in rows] == [(str(folder / "2.rtf"), reason)]
    store = Store.open(f"sqlite:///{tmp_path / 'data' / 'nerpipe.db'}")
    assert sorted(d.filename for d in store.list_documents("C")) == ["1.txt", "3.txt"]
    store.close()


def test_control_characters_in_file_names_are_escaped_on_the_terminal(tmp_path):
    fake_line = tmp_path / "photo.jpg\nnerpipe: 0 of 1 input(s) could not be read"
    fake_line.write_bytes(JPEG)
    clearing = tmp_path / "\x1b[2J\x1b[Hclear.bin"
    clearing.write_bytes(THIRTEEN_RANDOM_BYTES)
    result = run("extract", str(fake_line), str(clearing))
    assert "\x1b" not in result.stderr
    lines = result.stderr.splitlines()
    fake = f"nerpipe: {tmp_path}/photo.jpg\\nnerpipe: 0 of 1 input(s) could not be read"
    assert f"{fake}: the image is damaged" in lines[0]
    assert f"nerpipe: {tmp_path}/\\x1b[2J\\x1b[Hclear.bin: binary content" in lines[1]
    assert lines[2] == "nerpipe: 2 of 2 input(s) could not be read"


def test_ingest_failures_csv_cannot_hold_a_formula(tmp_path):
    formula = '=HYPERLINK("http---x")'
    (tmp_path / formula).write_bytes(JPEG)
    (tmp_path / "good.txt").write_text(GOOD)
    assert run("case", "create", "C").exit_code == 0
    result = run("ingest", formula, "good.txt", "--case", "C")
    assert result.exit_code == 1
    rows = list(csv.DictReader((tmp_path / "ingest-failures-C.csv").open(encoding="utf-8-sig")))
    assert [row["file"] for row in rows] == ["'" + formula]


def test_extract_csv_cannot_hold_a_formula(tmp_path):
    (tmp_path / "=2+5.txt").write_text(GOOD)
    result = run("extract", "=2+5.txt", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["doc"] for row in rows} == {"'=2+5.txt"}
    out = io.StringIO()
    injected = Mention("memo.txt", "=cmd|' /C calc'!A0", "ORG", 0, 18, 0, "model", None, None)
    write_mentions([injected], MentionFormat.csv, out)
    assert next(csv.DictReader(io.StringIO(out.getvalue())))["text"] == "'=cmd|' /C calc'!A0"
