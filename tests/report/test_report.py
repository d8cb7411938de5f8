"""The case report: the PDF opens, each part starts a page and is named there, every evidence
sentence is quoted with its document and page, case text stays text (a file named like a script,
markup inside a sentence) in the PDF and in the HTML; `nerpipe report` records the export."""

from __future__ import annotations

import pypdfium2 as pdfium
from typer.testing import CliRunner

from nerpipe.cli import app
from nerpipe.report import PARTS, build_report, report_bytes
from tests.report.helpers import CASE, DOCUMENTS, HOSTILE, fill_case


def pdf_pages(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    return [" ".join(page.get_textpage().get_text_range().split()) for page in document]


def decided_case(store) -> dict[str, str]:
    shas = fill_case(store)
    memo = next(text for name, _, text, _ in DOCUMENTS if name == "memo.txt")
    start = memo.index("Denver")
    store.reject_mention(CASE, shas["memo.txt"], start, start + len("Denver"))
    store.merge_entities(CASE, "PERSON:maria lopez", ["PERSON:carlos mendez"])
    return shas


def test_the_pdf_has_every_part_on_its_own_page_and_cites_every_quote(isolated_store):
    shas = decided_case(isolated_store)
    report = build_report(isolated_store, CASE)
    pages = pdf_pages(report_bytes(report, "pdf"))
    starts = [next((part for part in PARTS if page.startswith(part)), None) for page in pages]
    assert [part for part in starts if part] == list(PARTS)  # each part named at the top of a new page
    text = " ".join(pages)
    for sha in shas.values():
        assert sha in text
    assert report.links and all(link.quotes for link in report.links)
    for link in report.links:
        for quote in link.quotes:
            cited = f"“{quote.text}” — {quote.document}, page {quote.page}"
            assert cited in text, cited
    assert "“Carlos Mendez paid <b>«Tom & Berg»</b> for «fentanyl».” — <script>alert(1)</script>.txt, page 1" in text
    assert "Op Tide — case report" in text and report.made_by in text
    assert "rejected (not an entity)" in text and "PERSON:carlos mendez merged into Maria Lopez (PERSON)" in text
    assert "Denver" not in " ".join(p for p in pages if p.startswith("Top entities"))  # the rejection applies


def test_the_html_escapes_case_text_and_holds_the_same_quotes(isolated_store):
    decided_case(isolated_store)
    report = build_report(isolated_store, CASE)
    page = report_bytes(report, "html").decode("utf-8")
    assert "<script" not in page.lower() and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.txt, page 1" in page
    assert "&lt;b&gt;«Tom &amp; Berg»&lt;/b&gt;" in page
    for part in PARTS:
        assert f"{part}</h2>" in page
    assert "data:image/png;base64," in page


def test_nerpipe_report_writes_pdf_and_html_and_records_each(isolated_store, tmp_path):
    fill_case(isolated_store)
    for name in ("report.pdf", "report.html"):
        result = CliRunner().invoke(app, ["report", "--case", CASE, "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.stderr
    assert pdf_pages((tmp_path / "report.pdf").read_bytes())[0].startswith("Summary")
    assert HOSTILE.replace("<", "&lt;").replace(">", "&gt;") in (tmp_path / "report.html").read_text(encoding="utf-8")
    exports = [e.target for e in isolated_store.audit.entries(case=CASE) if e.action == "export"]
    assert exports == ["report.pdf", "report.html"]
    bad = CliRunner().invoke(app, ["report", "--case", CASE, "--out", str(tmp_path / "report.docx")])
    assert bad.exit_code == 2 and "write a .pdf or .html file" in bad.stderr
