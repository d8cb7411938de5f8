import pytest

from nerpipe import ingest_bytes
from nerpipe.errors import UnsafeFileError
from nerpipe.ingest import detect as formats
from tests.ingest.conftest import make_docx, make_email, make_pdf


def test_headers_become_metadata_and_the_first_lines(settings):
    document = ingest_bytes(make_email("The load arrives Friday.\nBring cash."), "tip.eml", settings)
    assert document.media_type == formats.EMAIL
    assert document.metadata["from"] == "Maria Lopez <maria@example.org>"
    assert document.metadata["to"] == '"Det. John Smith" <jsmith@police.example>'
    assert document.metadata["cc"] == "records@police.example"
    assert document.metadata["subject"] == "Re: shipment from Tijuana"
    assert document.metadata["date"].startswith("Tue, 03 Mar 2026")
    assert document.text.startswith('From: Maria Lopez <maria@example.org>\nTo: "Det. John Smith"')
    assert document.text.endswith("The load arrives Friday.\nBring cash.")
    assert [name for _, name in document.sections] == ["headers", "body"]


def test_html_body_is_converted_when_there_is_no_text_part(settings):
    data = make_email("", html="<html><body><p>Meet <b>El Chapo</b>'s cousin.</p><script>x()</script></body></html>")
    document = ingest_bytes(data, "html-only.eml", settings)
    assert document.text.endswith("Meet El Chapo's cousin.")
    assert "x()" not in document.text


def test_attachments_become_linked_documents_and_bad_ones_are_warnings(settings):
    attachments = [
        (
            "statement.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            make_docx(["Witness saw Carlos Mendez."]),
        ),
        ("lab.pdf", "application/pdf", make_pdf(["Lab result: fentanyl."])),
        ("photo.jpg", "image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 32),
    ]
    document = ingest_bytes(make_email("See attached.", attachments=attachments), "case.eml", settings)
    names = [a.filename for a in document.attachments]
    assert names == ["case.eml/statement.docx", "case.eml/lab.pdf"]
    assert all(a.parent == document.id for a in document.attachments)
    assert "Carlos Mendez" in document.attachments[0].text
    assert document.attachments[1].page_at(0) == 1
    assert any(w.startswith("attachment photo.jpg not read: the image is damaged") for w in document.warnings)
    assert [d.filename for d in document.with_attachments()] == ["case.eml", *names]


def nested_email(depth: int) -> bytes:
    """A message whose MIME parts nest `depth` deep, the text at the bottom."""
    head = "From: a@example.org\r\nTo: b@example.org\r\nSubject: deep\r\nMIME-Version: 1.0\r\n"
    opening = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n' for i in range(depth))
    closing = "".join(f"\r\n--b{i}--\r\n" for i in reversed(range(depth)))
    return (head + opening + "Content-Type: text/plain\r\n\r\nJohn Smith met Maria.\r\n" + closing).encode()


def test_mime_parts_nested_too_deep_are_refused_and_900_deep_is_read(settings):
    assert "John Smith met Maria." in ingest_bytes(nested_email(900), "deep.eml", settings, isolate=False).text
    with pytest.raises(UnsafeFileError, match=r"^deeper\.eml: its MIME parts are nested too deep to read"):
        ingest_bytes(nested_email(1000), "deeper.eml", settings, isolate=False)


def test_an_address_header_the_email_package_cannot_parse_is_kept_as_written(settings):
    # "Cc: :;u" makes the standard library's address parser fail with AttributeError.
    message = b"From: a@example.org\nCc: :;u\nSubject: s\n\nJohn Smith met Maria."
    document = ingest_bytes(message, "cc.eml", settings, isolate=False)
    assert document.metadata["cc"] == ":;u"
    assert document.text.endswith("John Smith met Maria.")
    assert document.warnings == ("the Cc header could not be parsed: kept as written",)
