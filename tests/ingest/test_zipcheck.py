"""Damaged and hostile ZIP containers (DOCX, ODT): each a clean per-file error, never a library's
exception, and no member inflates past what its header declares or past the limit."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from nerpipe import ingest_bytes
from nerpipe.errors import CorruptFileError, UnsafeFileError
from tests.ingest import fuzzing
from tests.ingest.conftest import make_docx
from tests.ingest.fuzzing import make_odt

STORY = ["John Smith met Maria in Tijuana."]


def _central_entry(data: bytes, member: str) -> int:
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) >= 0:
        (length,) = struct.unpack_from("<H", data, position + 28)
        if data[position + 46 : position + 46 + length] == member.encode():
            return position
        position += 4
    raise KeyError(member)


def _data_start(data: bytes, central: int) -> int:
    (local,) = struct.unpack_from("<I", data, central + 42)
    name_length, extra_length = struct.unpack_from("<HH", data, local + 26)
    return local + 30 + name_length + extra_length


def broken_deflate(data: bytes, member: str) -> bytes:
    """The member's compressed bytes overwritten in the middle: zlib fails on them."""
    start = _data_start(data, _central_entry(data, member))
    damaged = bytearray(data)
    damaged[start + 10 : start + 40] = b"\xff" * 30
    return bytes(damaged)


def shifted_directory(data: bytes, by: int) -> bytes:
    """The end record points past the real central directory: zipfile seeks before the start."""
    end = data.rfind(b"PK\x05\x06")
    shifted = bytearray(data)
    struct.pack_into("<I", shifted, end + 16, struct.unpack_from("<I", data, end + 16)[0] + by)
    return bytes(shifted)


def undecodable_name(data: bytes, member: str) -> bytes:
    """A member name flagged as UTF-8 that is not."""
    central = _central_entry(data, member)
    damaged = bytearray(data)
    struct.pack_into("<H", damaged, central + 8, struct.unpack_from("<H", data, central + 8)[0] | 0x800)
    damaged[central + 46] = 0xFF
    return bytes(damaged)


def unknown_method(data: bytes, member: str) -> bytes:
    """A compression method number that no ZIP reader knows, in both headers."""
    central = _central_entry(data, member)
    (local,) = struct.unpack_from("<I", data, central + 42)
    damaged = bytearray(data)
    struct.pack_into("<H", damaged, central + 10, 99)
    struct.pack_into("<H", damaged, local + 8, 99)
    return bytes(damaged)


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("zlib.docx", lambda: broken_deflate(make_docx(STORY), "word/document.xml")),
        ("zlib.odt", lambda: broken_deflate(make_odt(STORY), "content.xml")),
        ("seek.odt", lambda: shifted_directory(make_odt(STORY), 147)),
        ("name.docx", lambda: undecodable_name(make_docx(STORY), "word/document.xml")),
        ("name.odt", lambda: undecodable_name(make_odt(STORY), "content.xml")),
        ("method.docx", lambda: unknown_method(make_docx(STORY), "word/document.xml")),
        ("method.odt", lambda: unknown_method(make_odt(STORY), "content.xml")),
    ],
)
def test_damaged_containers_are_clean_errors_naming_the_file(settings, name, damage):
    # The readers themselves (no sandbox to turn a library's exception into an error).
    with pytest.raises(CorruptFileError, match=rf"^{name.replace('.', '[.]')}: .*damaged"):
        ingest_bytes(damage(), name, settings, isolate=False)


def lying_size_docx(extra_mb: int) -> bytes:
    """A DOCX whose document.xml inflates to the real part followed by `extra_mb` MB of zeros,
    while its headers declare the real part's size and CRC (zipfile stops there, after inflating
    everything at once)."""
    with zipfile.ZipFile(io.BytesIO(make_docx(STORY))) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    xml = dict(members)["word/document.xml"]
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    stream = compressor.compress(xml) + compressor.flush(zlib.Z_FULL_FLUSH)
    zeros = compressor.compress(b"\0" * 1024 * 1024) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream += zeros * extra_mb + compressor.flush()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, payload in members:
            if name != "word/document.xml":
                target.writestr(name, payload)
        target.writestr("word/document.xml", b"")  # last member: its data is spliced in below
    data = bytearray(out.getvalue())
    central = data.rfind(b"PK\x01\x02")
    (local,) = struct.unpack_from("<I", data, central + 42)
    data[_data_start(data, central) : _data_start(data, central)] = stream
    central += len(stream)
    for header, fields in ((local, 14), (central, 16)):
        struct.pack_into("<H", data, header + fields - 6, zipfile.ZIP_DEFLATED)
        struct.pack_into("<III", data, header + fields, zlib.crc32(xml), len(stream), len(xml))
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<I", data, end + 16, struct.unpack_from("<I", data, end + 16)[0] + len(stream))
    return bytes(data)


def test_a_member_inflating_past_its_declared_size_is_refused_in_bounded_memory(settings, monkeypatch):
    assert "John Smith" in ingest_bytes(lying_size_docx(0), "honest.docx", settings, isolate=False).text
    bomb = lying_size_docx(1900)  # 1.9 GB behind a 2.8 MB file that declares 1.6 KB
    assert len(bomb) < 3 * 1024**2
    monkeypatch.setattr(fuzzing, "MEMORY_HEADROOM_BYTES", 512 * 1024**2)
    outcome = fuzzing.read_in_child(bomb, "liar.docx", settings)
    assert outcome.kind == fuzzing.REFUSED, outcome
    assert "UnsafeFileError: word/document.xml inflates past the 1," in outcome.detail


def _document_xml(body: str, prolog: str) -> bytes:
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document {namespace}><w:body>'
        f"<w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:body></w:document>"
    ).encode()


def _with_document_xml(xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx(STORY))) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            payload = xml if info.filename == "word/document.xml" else source.read(info)
            target.writestr(info.filename, payload, zipfile.ZIP_DEFLATED)
    return out.getvalue()


PADDING = "<!--" + " padding " * 1000 + "-->"  # 9 KB of comment before the declaration


def test_an_entity_declaration_pushed_past_the_first_4_kb_is_refused(settings):
    prolog = PADDING + '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
    data = _with_document_xml(_document_xml("John Smith &xxe; end", prolog))
    with pytest.raises(UnsafeFileError, match=r"^xxe\.docx: word/document\.xml declares XML entities"):
        ingest_bytes(data, "xxe.docx", settings, isolate=False)


@pytest.mark.parametrize("padding", ["", PADDING])
def test_an_entity_nothing_defines_is_dropped_and_the_text_around_it_kept(settings, padding):
    prolog = padding + '<!DOCTYPE w:document SYSTEM "word.dtd">'
    data = _with_document_xml(_document_xml("John Smith &xxe; end of statement", prolog))
    document = ingest_bytes(data, "dtd.docx", settings, isolate=False)
    assert " ".join(document.text.split()) == "John Smith end of statement"
