"""Files the ingestion tests make themselves, so the suite runs anywhere."""

from __future__ import annotations

import io
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from nerpipe import Settings

REAL_WORLD = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "real-world"


@pytest.fixture
def settings() -> Settings:
    return Settings.from_env(env={})


def make_pdf(pages: list[str | None], *, password: str | None = None, title: str | None = None) -> bytes:
    """A PDF with one page per entry; None makes a page with a drawing and no text (like a scan)."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    if title:
        pdf.set_title(title)
        pdf.set_author("Det. Sgt. Alvarez")
    if password:
        pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    for text in pages:
        pdf.add_page()
        if text is None:
            pdf.rect(20, 20, 150, 200, style="F")
        else:
            pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def make_docx(
    paragraphs: list[str],
    *,
    table: list[list[str]] | None = None,
    header: str | None = None,
    footer: str | None = None,
    title: str | None = None,
) -> bytes:
    document = docx.Document()
    if title:
        document.core_properties.title = title
        document.core_properties.author = "Investigator Lee"
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    for index, text in enumerate(paragraphs):
        document.add_paragraph(text)
        if table and index == 0:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_email(body: str, *, html: str | None = None, attachments: list[tuple[str, str, bytes]] = ()) -> bytes:
    message = EmailMessage()
    message["From"] = "Maria Lopez <maria@example.org>"
    message["To"] = "Det. John Smith <jsmith@police.example>"
    message["Cc"] = "records@police.example"
    message["Subject"] = "Re: shipment from Tijuana"
    message["Date"] = "Tue, 03 Mar 2026 10:15:00 -0500"
    if body:
        message.set_content(body)
    if html is not None:
        if body:
            message.add_alternative(html, subtype="html")
        else:
            message.set_content(html, subtype="html")
    for filename, mime, payload in attachments:
        maintype, subtype = mime.split("/")
        message.add_attachment(payload, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()
