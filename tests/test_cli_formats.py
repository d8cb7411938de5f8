"""`nerpipe extract` across every format, and every bad input in one call."""

import json

import pytest
from typer.testing import CliRunner

from nerpipe.cli import app
from nerpipe.ingest.ocr import unavailable_reason
from tests.ingest.conftest import REAL_WORLD, make_docx, make_email, make_pdf
from tests.ingest.test_ocr import page_image


@pytest.fixture(autouse=True)
def base_model_only(monkeypatch, tmp_path):
    monkeypatch.delenv("NERPIPE_MODEL", raising=False)
    monkeypatch.setenv("NERPIPE_MODELS_DIR", str(tmp_path / "no-models"))


def extract_jsonl(*paths):
    result = CliRunner().invoke(app, ["extract", *map(str, paths), "--format", "jsonl"])
    return result, [json.loads(line) for line in result.stdout.splitlines()]


def test_every_format_prints_its_mentions_and_pdf_mentions_have_pages(tmp_path):
    files = {
        "report.pdf": make_pdf(["Officers met Maria Lopez in Denver.", "The Latin Kings sold fentanyl."]),
        "affidavit.docx": make_docx(["The Sinaloa Cartel shipped cocaine to Chicago."]),
        "release.html": b"<html><body><p>MS-13 members were arrested in Houston.</p></body></html>",
        "tip.eml": make_email("The Hells Angels bought methamphetamine."),
        "notes.txt": b"Heroin was found in the Crips' house.",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    paths = [tmp_path / name for name in files]
    if REAL_WORLD.is_dir():
        paths.append(REAL_WORLD / "doc" / "raw_text.doc")
    result, rows = extract_jsonl(*paths)
    assert result.exit_code == 0, result.stderr
    found = {(r["doc"].rsplit("/", 1)[-1], r["text"], r["label"]) for r in rows}
    assert {
        ("report.pdf", "Latin Kings", "GANG_ORG"),
        ("affidavit.docx", "Sinaloa Cartel", "GANG_ORG"),
        ("release.html", "MS-13", "GANG_ORG"),
        ("tip.eml", "Hells Angels", "GANG_ORG"),
        ("notes.txt", "Heroin", "DRUG"),
    } <= found
    pages = {r["text"]: r["page"] for r in rows if r["doc"].endswith("report.pdf")}
    assert pages["Maria Lopez"] == 1 and pages["fentanyl"] == 2
    assert all(r["page"] is None for r in rows if not r["doc"].endswith(".pdf"))
    assert not any(r["ocr"] for r in rows)  # every text here came from a text layer
    if REAL_WORLD.is_dir():
        assert any(r["doc"].endswith("raw_text.doc") for r in rows)


@pytest.mark.skipif(unavailable_reason("eng") is not None, reason="OCR cannot run here")
def test_mentions_read_by_ocr_say_so_in_every_format(tmp_path):
    scan = tmp_path / "scan.png"
    page_image().save(scan)
    result, rows = extract_jsonl(scan)
    assert result.exit_code == 0, result.stderr
    found = {r["text"]: r for r in rows}
    assert found["Latin Kings"]["label"] == "GANG_ORG" and found["heroin"]["label"] == "DRUG"
    assert all(r["ocr"] is True and r["page"] == 1 for r in rows)
    table = CliRunner().invoke(app, ["extract", str(scan)]).stdout.splitlines()
    assert table[0].split()[:3] == ["DOC", "PAGE", "OCR"]
    assert all(line.split()[1:3] == ["1", "yes"] for line in table[1:])


def test_bad_inputs_each_get_their_message_and_good_files_still_print(tmp_path):
    docx_bytes = make_docx(["Good words."])
    bad = {
        "empty.txt": (b"", "the file is empty"),
        "photo.png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "the image is damaged"),
        "program.exe": (b"MZ\x90\x00" + b"\x00" * 60, "Windows executable"),
        "cut.docx": (docx_bytes[:300], "corrupt or truncated"),
        "broken.pdf": (b"%PDF-1.4\n" + b"\x00garbage" * 30, "not a readable PDF"),
        "locked.pdf": (make_pdf(["x"], password="pw"), "encrypted — remove the password and upload again"),
    }
    for name, (data, _) in bad.items():
        (tmp_path / name).write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text("The Gulf Cartel moved heroin.")
    lying = tmp_path / "lying.pdf"
    lying.write_bytes(b"<html><body><p>The Crips met.</p></body></html>")
    result, rows = extract_jsonl(*[tmp_path / n for n in bad], good, lying)
    assert result.exit_code == 1
    for name, (_, message) in bad.items():
        assert any(
            line.startswith(f"nerpipe: {tmp_path / name}: ") and message in line for line in result.stderr.splitlines()
        ), (name, result.stderr)
    assert "name says PDF but the content is HTML" in result.stderr
    assert {r["text"] for r in rows} >= {"Gulf Cartel", "heroin", "Crips"}
    assert "Traceback" not in result.stderr
