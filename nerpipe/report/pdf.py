"""The case report as a PDF (fpdf2): one page or more per part, each part named at its top, the
chart on a landscape page. Text is written as text with DejaVu Sans (shipped with matplotlib,
so no system font is needed; it covers Latin, Greek and Cyrillic): a document's markup stays
its characters, and fpdf2 interprets no markup unless asked."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from nerpipe.graph.image import PAGE_INCHES, plain
from nerpipe.report.content import PARTS, CaseReport

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


class _ReportPDF(FPDF):
    def __init__(self, case: str) -> None:
        super().__init__(format="A4")
        self.case = case
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font(FONT, "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.set_auto_page_break(True, margin=15)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(110)
        self.cell(0, 5, f"{self.case} — case report — page {self.page_no()}", align="C")
        self.set_text_color(0)

    def part(self, title: str, *, landscape: bool = False) -> None:
        self.add_page(orientation="L" if landscape else "P")
        self.start_section(title)
        self.set_font(FONT, "B", 15)
        self.cell(0, 10, title, **NEXT_LINE)
        self.set_font(FONT, "", 10)

    def para(self, text: str, *, size: float = 10, style: str = "", height: float = 5) -> None:
        self.set_font(FONT, style, size)
        self.multi_cell(0, height, text, **NEXT_LINE)


def report_pdf(report: CaseReport) -> bytes:
    pdf = _ReportPDF(plain(report.case))
    pdf.set_title(f"{plain(report.case)} — case report")
    pdf.set_author(report.made_by)
    pdf.set_creation_date(report.made_at)
    summary, documents, chart, entities, links, decisions = PARTS
    pdf.part(summary)
    pdf.para(f"{report.case} — case report", size=18, style="B", height=9)
    pdf.ln(2)
    for line in (
        f"Case: {report.case}",
        f"Made: {report.made_at.strftime('%Y-%m-%d %H:%M %Z')} by {report.made_by}",
        f"Chart: {report.filters}",
        f"{len(report.documents)} documents; {report.entities_shown} entities drawn"
        + (f" ({report.entities_hidden} more hidden)" if report.entities_hidden else "")
        + f"; {report.links_total} links",
    ):
        pdf.para(line)
    pdf.part(documents)
    for row in report.documents:
        pdf.para(row.filename, style="B")
        pages = f"{row.pages} pages · " if row.pages else ""
        pdf.para(f"{pages}{row.mentions} mentions · {row.size:,} bytes · SHA-256 {row.sha256}", size=8, height=4)
        pdf.ln(1)
    pdf.part(chart, landscape=True)
    # As big as the page's rest allows (a picture taller than that would be pushed to a page of its own).
    height = pdf.h - pdf.get_y() - 17
    width = min(pdf.w - pdf.l_margin - pdf.r_margin, height * PAGE_INCHES[0] / PAGE_INCHES[1])
    pdf.image(io.BytesIO(report.chart_png), x=(pdf.w - width) / 2, w=width)
    pdf.part(entities)
    for label, rows in report.top_entities.items():
        pdf.para(label, size=11, style="B", height=6)
        for row in rows:
            counts = f"{_count(row.mentions, 'mention')} in {_count(row.documents, 'document')}"
            pdf.para(f"{row.name} — {counts}, {_count(row.links, 'link')}", size=9)
        pdf.ln(2)
    pdf.part(links)
    if len(report.links) < report.links_total:
        pdf.para(f"The {len(report.links)} strongest of {report.links_total} links drawn.", style="I")
    for link in report.links:
        pdf.para(f"{link.first} — {link.second}", size=10.5, style="B", height=6)
        relations = f"; relation words: {link.relations}" if link.relations else ""
        shown = f" ({len(link.quotes)} of {link.evidence_total} sentences quoted)" if link.evidence_total else ""
        pdf.para(f"{_count(link.weight, 'context')}{relations}{shown}", size=8.5, height=4.5)
        for quote in link.quotes:
            pdf.set_x(pdf.l_margin + 6)
            pdf.set_font(FONT, "I", 9.5)
            pdf.multi_cell(0, 4.8, f"“{quote.text}”", **NEXT_LINE)
            pdf.set_x(pdf.l_margin + 6)
            pdf.set_font(FONT, "", 8)
            pdf.multi_cell(0, 4.2, f"— {quote.cited}", **NEXT_LINE)
        pdf.ln(2)
    pdf.part(decisions)
    for title, items in (("Corrections", report.corrections), ("Merges", report.merges)):
        pdf.para(title, size=11, style="B", height=6)
        for item in items or ("None.",):
            pdf.para(item, size=9)
        pdf.ln(2)
    return bytes(pdf.output())


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
