"""Pages per second for a 200-page text PDF with each PDF route, and DOCX/HTML throughput.

Run: `make bench`. Figures go into the README; results are written to bench/results/.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import docx
from fpdf import FPDF

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import prose_documents
from machine import machine_description
from timing import median_seconds

from nerpipe import Settings, ingest_bytes
from nerpipe.ingest import docx as docx_reader
from nerpipe.ingest import html as html_reader
from nerpipe.ingest import pdf as pdf_reader

RESULTS = Path(__file__).resolve().parent / "results"
PAGES = 200


def make_pdf(paragraphs: list[str]) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for index in range(PAGES):
        pdf.add_page()
        text = paragraphs[index % len(paragraphs)][:2500]
        pdf.multi_cell(0, 6, text.encode("latin-1", "replace").decode("latin-1"))
    return bytes(pdf.output())


def make_docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        for block in paragraph.split("\n\n"):
            document.add_paragraph(block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_html(paragraphs: list[str]) -> bytes:
    body = "".join(
        f"<div class='c'><h2>Section {i}</h2><p>{p}</p><script>x({i})</script></div>" for i, p in enumerate(paragraphs)
    )
    return f"<html><head><title>Bench</title></head><body>{body}</body></html>".encode()


def main() -> None:
    paragraphs = [p.replace("<", " ").replace(">", " ") for p in prose_documents(60_000)]
    pdf_bytes, docx_bytes, html_bytes = make_pdf(paragraphs), make_docx(paragraphs), make_html(paragraphs)
    results: dict[str, object] = {"machine": machine_description(), "pdf_pages": PAGES}
    for engine in ("pdfium", "pdfplumber"):
        settings = Settings.from_env(env={}, pdf_engine=engine)
        seconds = median_seconds(
            lambda s=settings: pdf_reader.read(pdf_bytes, "bench.pdf", s), repeats=3 if engine == "pdfium" else 1
        )
        results[f"pdf_{engine}_pages_per_second"] = round(PAGES / seconds, 1)
    default = Settings.from_env(env={})
    sandboxed = median_seconds(lambda: ingest_bytes(pdf_bytes, "bench.pdf", default))
    results["pdf_pdfium_through_ingest_pages_per_second"] = round(PAGES / sandboxed, 1)
    results["pdfium_vs_pdfplumber"] = round(
        results["pdf_pdfium_pages_per_second"] / results["pdf_pdfplumber_pages_per_second"], 1
    )
    for label, data, reader in (("docx", docx_bytes, docx_reader.read), ("html", html_bytes, html_reader.read)):
        seconds = median_seconds(lambda d=data, r=reader, n=f"bench.{label}": r(d, n, default))
        results[f"{label}_megabytes_per_second"] = round(len(data) / 1024**2 / seconds, 2)
        results[f"{label}_size_megabytes"] = round(len(data) / 1024**2, 2)
        results[f"{label}_seconds"] = round(seconds, 3)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ingest_speed.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
