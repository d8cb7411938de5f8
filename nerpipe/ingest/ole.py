"""Opening OLE compound files (.doc, .msg) safely.

olefile takes `bytes` under 1,536 long as a *path*: a 16-byte "OLE" upload named tiny.doc made it
read a file of that name from the working directory. Content is therefore always handed over
in a file-like object. Its property-set parser also trusts the entry counts a stream claims (a
vector said to hold two billion empty values ran for minutes at 4 GB), so the summary is read
only after its counts are checked against the stream's size. Nor does it notice a sector chain
that loops back on itself: it reads the same sectors again, and a .doc came out as garbage text.
"""

from __future__ import annotations

import io
import struct

import olefile

#: What olefile raises on damaged containers (OleFileError is an OSError).
OLE_ERRORS = (OSError, ValueError, IndexError, struct.error, RecursionError)

_PROPERTY_STREAMS = ("\x05SummaryInformation", "\x05DocumentSummaryInformation")
_VT_VECTOR = 0x1000
#: Vector element types with no bytes of their own: a count of them costs nothing to claim.
_EMPTY_TYPES = (0, 1)


def open_ole(data: bytes) -> olefile.OleFileIO:
    """The compound file in `data`, read from memory whatever its length."""
    return olefile.OleFileIO(io.BytesIO(data))


class DamagedStreamError(ValueError):
    """A stream's sector chain loops or ends before the stream does."""


def read_stream(ole: olefile.OleFileIO, name: str) -> bytes:
    """The stream `name`, once its chain of sectors is known to hold it: each sector once, as many
    as its size needs (DamagedStreamError otherwise)."""
    entry = ole.direntries[ole._find(name)]
    if entry.size < ole.minisectorcutoff:
        if ole.minifat is None:
            ole.loadminifat()
        fat, sector_size = ole.minifat, ole.minisectorsize
    else:
        fat, sector_size = ole.fat, ole.sectorsize
    needed = -(-entry.size // sector_size)
    sector, seen = entry.isectStart, set()
    for _ in range(needed):
        if sector in seen:
            raise DamagedStreamError(f"the {name} stream's sectors loop back on themselves")
        if sector >= len(fat):
            raise DamagedStreamError(f"the {name} stream ends before its stated size")
        seen.add(sector)
        sector = fat[sector]
    return ole.openstream(name).read()


def summary_metadata(ole: olefile.OleFileIO) -> olefile.OleMetadata | None:
    """olefile's summary metadata, or None when a property stream claims more than it holds."""
    try:
        for stream in _PROPERTY_STREAMS:
            if ole.exists(stream) and not property_counts_fit(ole.openstream(stream).read()):
                return None
        return ole.get_metadata()
    except Exception:
        return None


def property_counts_fit(stream: bytes) -> bool:
    """Whether every count in a property set stream ([MS-OLEPS] 2.21) fits in the stream:
    properties of 8 bytes each in the section, vectors of at least one byte per element."""
    try:
        (sets,) = struct.unpack_from("<I", stream, 24)
        for index in range(min(sets, len(stream) // 20)):
            (section,) = struct.unpack_from("<I", stream, 28 + 20 * index + 16)
            size, count = struct.unpack_from("<II", stream, section)
            if size > len(stream) - section or count > size // 8:
                return False
            for entry in range(count):
                (offset,) = struct.unpack_from("<I", stream, section + 8 + 8 * entry + 4)
                if offset >= size:
                    return False
                (kind,) = struct.unpack_from("<I", stream, section + offset)
                if kind & _VT_VECTOR:
                    (elements,) = struct.unpack_from("<I", stream, section + offset + 4)
                    if (kind & ~_VT_VECTOR) in _EMPTY_TYPES or elements > size - offset:
                        return False
    except struct.error:
        return False
    return True
