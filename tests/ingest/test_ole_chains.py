"""A compound file whose sector chain loops or ends early is damaged: olefile reads the looping
sectors again and again, and a Word file came out as ten characters of garbage, stored without a
warning. The chain is now walked first and such a file refused as damaged."""

from __future__ import annotations

import struct
from pathlib import Path
from types import SimpleNamespace

import pytest

from nerpipe import Settings
from nerpipe.errors import CorruptFileError
from nerpipe.ingest import doc
from nerpipe.ingest.ole import DamagedStreamError, read_stream

REAL_DOC = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "real-world" / "doc" / "raw_text.doc"
END = 0xFFFFFFFE


class FakeOle(SimpleNamespace):
    def _find(self, name: str) -> int:
        return 0

    def openstream(self, name: str):
        raise AssertionError("a damaged chain must be refused before the stream is read")


def fake(fat: list[int], size: int, start: int = 0) -> FakeOle:
    entry = SimpleNamespace(size=size, isectStart=start)
    return FakeOle(direntries=[entry], minisectorcutoff=4096, fat=fat, sectorsize=512, minifat=[], minisectorsize=64)


def test_a_chain_that_loops_is_refused():
    with pytest.raises(DamagedStreamError, match="loop back"):
        read_stream(fake([1, 2, 1, END], size=8 * 512), "WordDocument")


def test_a_chain_that_runs_off_the_table_is_refused():
    with pytest.raises(DamagedStreamError, match="ends before"):
        read_stream(fake([1, 99], size=8 * 512), "WordDocument")


def looping_copy(data: bytes) -> bytes:
    """The file with its third sector's FAT entry pointing back to the second."""
    damaged = bytearray(data)
    first_fat_sector = struct.unpack_from("<I", damaged, 0x4C)[0]
    struct.pack_into("<I", damaged, (first_fat_sector + 1) * 512 + 2 * 4, 1)
    return bytes(damaged)


def test_a_word_file_whose_chain_loops_is_damaged_not_garbage():
    if not REAL_DOC.is_file():
        pytest.skip(f"{REAL_DOC} is absent: the real-world fixtures live in ../shared")
    data = REAL_DOC.read_bytes()
    settings = Settings.from_env(env={})
    assert len(doc.read(data, "intact.doc", settings).text) > 1000
    with pytest.raises(CorruptFileError, match=r"loop back on themselves.*damaged"):
        doc.read(looping_copy(data), "loop.doc", settings)
