"""A minimal OLE compound file ([MS-CFB], version 3), built by hand: olefile reads them but cannot
write them, and a test needs intact containers of kinds nerpipe does not read."""

from __future__ import annotations

import struct

import olefile

SECTOR = 512
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
#: Streams under this size belong in the mini stream, which this builder does not write.
MIN_STREAM = 4096
#: Where the directory starts in a file with at most 127 sectors: right after the one FAT sector.
DIRECTORY_OFFSET = 2 * SECTOR


def compound_file(streams: dict[str, bytes], *, clsid: bytes = bytes(16)) -> bytes:
    """A compound file holding `streams` (each padded to MIN_STREAM) in its root storage, one FAT
    sector, the directory after it, then the streams' sectors."""
    payloads = [(name, data.ljust(MIN_STREAM, b"\0")) for name, data in streams.items()]
    directory_sectors = -(-(1 + len(payloads)) // 4)
    data_sectors = [-(-len(data) // SECTOR) for _, data in payloads]
    total = 1 + directory_sectors + sum(data_sectors)
    if total > SECTOR // 4:
        raise ValueError("too large for one FAT sector")
    fat = [FAT_SECTOR, *_chain(1, directory_sectors)]
    starts = []
    for count in data_sectors:
        starts.append(len(fat))
        fat += _chain(len(fat), count)
    fat += [FREE] * (SECTOR // 4 - len(fat))
    entries = [_entry("Root Entry", 5, child=1 if payloads else NO_STREAM, clsid=clsid)]
    for index, ((name, data), start) in enumerate(zip(payloads, starts, strict=True), start=1):
        right = index + 1 if index < len(payloads) else NO_STREAM
        entries.append(_entry(name, 2, right=right, start=start, size=len(data)))
    entries += [_empty_entry()] * (4 * directory_sectors - len(entries))
    body = struct.pack(f"<{SECTOR // 4}I", *fat) + b"".join(entries)
    body += b"".join(data.ljust(count * SECTOR, b"\0") for (_, data), count in zip(payloads, data_sectors, strict=True))
    return _header() + body


def _chain(first: int, count: int) -> list[int]:
    return [first + i + 1 for i in range(count - 1)] + [END] if count else []


def _header() -> bytes:
    header = olefile.MAGIC + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, MIN_STREAM, END, 0, END, 0)
    header += struct.pack("<I", 0) + struct.pack("<108I", *[FREE] * 108)
    return header


def _entry(name: str, kind: int, *, right: int = NO_STREAM, child: int = NO_STREAM, start: int = END, size: int = 0,
           clsid: bytes = bytes(16)) -> bytes:  # fmt: skip
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBBIII", len(encoded), kind, 1, NO_STREAM, right, child)
        + clsid
        + struct.pack("<IQQIQ", 0, 0, 0, start, size)
    )


def _empty_entry() -> bytes:
    return bytes(64) + struct.pack("<HBBIII", 0, 0, 0, NO_STREAM, NO_STREAM, NO_STREAM) + bytes(16 + 4 + 16 + 4 + 8)
