import io
import zipfile

import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from nerpipe import Settings, ingest_bytes
from nerpipe.errors import CorruptFileError, EncryptedFileError, UnsafeFileError
from tests.ingest.conftest import make_docx


def test_header_body_table_rows_and_footer_in_document_order(settings):
    data = make_docx(
        ["Affidavit of Det. Ana Ruiz.", "The suspect fled to Tijuana."],
        table=[["Name", "Role"], ["Carlos Mendez", "courier"]],
        header="CONFIDENTIAL — Case 2026-114",
        footer="Page footer: Harbor PD",
        title="Affidavit",
    )
    document = ingest_bytes(data, "affidavit.docx", settings)
    text = document.text
    order = [
        "CONFIDENTIAL",
        "Affidavit of Det. Ana Ruiz.",
        "Name\tRole",
        "Carlos Mendez\tcourier",
        "The suspect fled",
        "Harbor PD",
    ]
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)
    assert [name for _, name in document.sections] == ["header", "body", "footer"]
    assert document.section_at(text.index("Carlos")) == "body"
    assert document.metadata["title"] == "Affidavit"
    assert document.metadata["author"] == "Investigator Lee"
    assert "created" in document.metadata


def test_corrupt_docx_is_named(settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><unclosed")
    with pytest.raises(CorruptFileError, match=r"^bad\.docx: not a readable Word document"):
        ingest_bytes(buffer.getvalue(), "bad.docx", settings)


def test_password_protected_docx_asks_for_the_password_to_be_removed(settings, tmp_path):
    plain = io.BytesIO(make_docx(["Secret plan."]))
    encrypted = io.BytesIO()
    OOXMLFile(plain).encrypt("s3cret", encrypted)
    with pytest.raises(EncryptedFileError, match=r"^locked\.docx: encrypted — remove the password and upload again$"):
        ingest_bytes(encrypted.getvalue(), "locked.docx", settings)


def _rebuilt(data: bytes, replace: dict[str, bytes], extra: dict[str, bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))
        for name, payload in (extra or {}).items():
            target.writestr(name, payload)
    return out.getvalue()


def test_zip_bomb_is_refused_before_parsing():
    settings = Settings.from_env(env={}, max_unzipped_bytes=50 * 1024 * 1024)
    bomb = _rebuilt(make_docx(["Hello."]), {}, {"word/media/padding.bin": b"\x00" * (60 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    with pytest.raises(UnsafeFileError, match=r"^bomb\.docx: inflates to 6\d MB .*decompression bomb"):
        ingest_bytes(bomb, "bomb.docx", settings)


def test_xml_entity_expansion_is_refused(settings):
    data = make_docx(["Hello."])
    document_xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        + document_xml.split(b"?>", 1)[1]
    )
    with pytest.raises(UnsafeFileError, match=r"^lol\.docx: word/document\.xml declares XML entities"):
        ingest_bytes(_rebuilt(data, {"word/document.xml": laughs}), "lol.docx", settings)
