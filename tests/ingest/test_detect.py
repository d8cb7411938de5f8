import codecs
import io
import random
import re
import zipfile

import pytest

from nerpipe import ingest_bytes
from nerpipe.errors import CorruptFileError, UnsupportedFormatError
from nerpipe.ingest import detect as formats
from tests.ingest.conftest import make_docx, make_email, make_pdf


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (make_pdf(["Page one."]), formats.PDF),
        (make_docx(["Hello."]), formats.DOCX),
        (b"{\\rtf1\\ansi Hello}", formats.RTF),
        (b"<!DOCTYPE html><html><body><p>Hi</p></body></html>", formats.HTML),
        (b"  <html><p>Hi", formats.HTML),
        (make_email("Meet at noon."), formats.EMAIL),
        (b"Subject: not an e-mail\nJust a note that starts like one.", formats.TEXT),
        (b"Plain notes from the interview.", formats.TEXT),
        # Where real readers still find a PDF: behind a byte-order mark or white space, a
        # printer's PJL header, or the headers of a download saved whole.
        (codecs.BOM_UTF8 + b"\r\n" + make_pdf(["Page one."]), formats.PDF),
        (b"\x1b%-12345X@PJL ENTER LANGUAGE=PDF\r\n" + make_pdf(["Page one."]), formats.PDF),
        (b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n" + make_pdf(["Page one."]), formats.PDF),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x.dtd">\n<html><p>Hi',
            formats.HTML,
        ),
    ],
)
def test_type_comes_from_the_content(data, media_type):
    assert formats.detect(data, "upload.bin").media_type == media_type


def test_an_extension_that_lies_is_read_by_content_with_a_warning(settings):
    document = ingest_bytes(b"<html><body><p>Seized heroin.</p></body></html>", "report.pdf", settings)
    assert document.media_type == formats.HTML
    assert document.text == "Seized heroin."
    assert any("name says PDF but the content is HTML" in w for w in document.warnings)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"GIF89a" + b"\x00" * 20, "GIF image"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 20, "audio or video file"),
        (b"MZ\x90\x00" + b"\x00" * 60, "Windows executable"),
        (b"\x7fELF\x02\x01" + b"\x00" * 20, "Linux executable"),
        (b"\x00\x01\x02\x03binary", "binary content"),
    ],
)
def test_unsupported_types_are_refused_naming_the_file(settings, data, kind):
    with pytest.raises(UnsupportedFormatError, match=rf"^evidence\.dat: .*{kind}"):
        ingest_bytes(data, "evidence.dat", settings)


def test_a_zip_archive_is_refused_with_advice(settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(UnsupportedFormatError, match="ZIP archive: unpack it"):
        ingest_bytes(buffer.getvalue(), "bundle.zip", settings)


def test_a_truncated_zip_container_is_corrupt(settings):
    data = make_docx(["Hello there."])
    with pytest.raises(CorruptFileError, match=r"^statement\.docx: .*corrupt or truncated"):
        ingest_bytes(data[: len(data) // 2], "statement.docx", settings)


@pytest.mark.parametrize(
    "note",
    [
        b"Analyst note: a PDF starts with %PDF-1.7 and ends with %%EOF; the seized file did not.",
        b"Exhibit list\n1. USB stick (a file whose header read %PDF-1.4)\n2. Phone\n",
        b"Notes: the page he showed began with <html> and a login form for the bank.",
        b"Memo. He e-mailed it: From: Luis Ortega / To: Maria Lopez / Message-ID: unknown.",
    ],
)
def test_a_text_that_mentions_a_format_signature_is_read_as_text(settings, note):
    document = ingest_bytes(note, "note.txt", settings, isolate=False)
    assert document.media_type == formats.TEXT
    assert document.text == note.decode()
    assert document.warnings == ()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("x.docx", "Word (.docx)"),
        ("x.doc", "Word 97-2003 (.doc)"),
        ("x.pdf", "PDF"),
        ("x.odt", "OpenDocument text (.odt)"),
        ("x.rtf", "RTF"),
        ("x.msg", "Outlook e-mail (.msg)"),
        ("x.eml", "e-mail (.eml)"),
        ("x.png", "PNG image"),
    ],
)
def test_random_bytes_named_as_a_format_are_not_a_valid_file_of_it(settings, name, kind):
    data = random.Random(4).randbytes(4096)
    assert b"\0" in data
    message = (
        rf"^x\.\w+: the name says {re.escape(kind)} but the content is neither a valid {re.escape(kind)} file nor text"
    )
    with pytest.raises(CorruptFileError, match=message):
        ingest_bytes(data, name, settings, isolate=False)
