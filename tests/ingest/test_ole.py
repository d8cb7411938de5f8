"""OLE containers (.doc, .msg) are read from the bytes given, and their property sets are checked
before olefile trusts the counts they claim."""

from __future__ import annotations

import io
import os
import struct

import olefile
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from nerpipe import ingest_bytes
from nerpipe.errors import CorruptFileError
from nerpipe.ingest.ole import property_counts_fit
from tests.ingest import fuzzing
from tests.ingest.conftest import REAL_WORLD, make_docx


def test_short_ole_bytes_are_never_taken_for_a_path(settings, tmp_path, monkeypatch):
    # olefile reads bytes under 1,536 long as a file name: a 16-byte upload whose bytes name a
    # file in the working directory made nerpipe read that file instead (here, an encrypted one).
    tiny = olefile.MAGIC + b"nerpipe!"
    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(make_docx(["Not this file."]))).encrypt("pw", encrypted)
    (tmp_path / os.fsdecode(tiny)).write_bytes(encrypted.getvalue())
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CorruptFileError, match=r"^tiny\.doc: damaged Office container"):
        ingest_bytes(tiny, "tiny.doc", settings, isolate=False)


def property_set(kind: int, count: int) -> bytes:
    """A property set stream ([MS-OLEPS]) with one property of type `kind` claiming `count` elements."""
    header = struct.pack("<HHI16sI", 0xFFFE, 0, 0, b"\0" * 16, 1) + b"\x01" * 16 + struct.pack("<I", 48)
    section = struct.pack("<II", 24, 1) + struct.pack("<II", 2, 16) + struct.pack("<II", kind, count)
    return header + section


def test_property_counts_are_checked_against_the_stream():
    assert property_counts_fit(property_set(0x1E, 4))  # one string: nothing to doubt
    assert not property_counts_fit(property_set(0x1000, 0x7FFFFFFF))  # two billion empty values
    assert not property_counts_fit(property_set(0x1003, 0x7FFFFFFF))  # more integers than bytes
    assert not property_counts_fit(b"\xfe\xff" + b"\0" * 10)  # truncated


@pytest.mark.skipif(not REAL_WORLD.is_dir(), reason=f"real-world fixtures not found at {REAL_WORLD}")
def test_a_doc_whose_summary_claims_two_billion_values_is_read_quickly_without_it(settings):
    data = bytearray((REAL_WORLD / "doc" / "raw_text.doc").read_bytes())
    with olefile.OleFileIO(io.BytesIO(bytes(data))) as ole:
        stream = ole.openstream("\x05SummaryInformation").read()
    sector_start = data.find(stream)  # stored in consecutive (mini) sectors in this file
    assert sector_start > 0
    (section,) = struct.unpack_from("<I", stream, 44)
    (offset,) = struct.unpack_from("<I", stream, section + 12)  # the first property
    hostile = bytearray(stream)
    struct.pack_into("<II", hostile, section + offset, 0x1000, 0x7FFFFFFF)  # a vector of VT_EMPTY
    data[sector_start : sector_start + len(stream)] = hostile
    outcome = fuzzing.read_in_child(bytes(data), "loop.doc", settings)
    assert outcome.kind == fuzzing.DOCUMENT, outcome
