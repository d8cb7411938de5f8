"""Checks for ZIP-based office files (DOCX, ODT) before any parser inflates them.

Every member is inflated once here, in small blocks, counting the bytes that really come out. A
header that declares a small size for data that inflates to gigabytes passed a check of the
declared sizes, and zipfile then inflated up to 2 GB in one call before it noticed: here such a
member is refused at its declared size, and the archive at the limit. An entity declaration
(billion laughs, XXE) cannot hide behind padding either, however far into a part it is pushed. A
DOCTYPE without one is harmless to both parsers (no DTD is fetched, no entity expanded) and is
read; the DOCX reader drops references to entities that nothing defines, keeping the text.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

from nerpipe.config import Settings
from nerpipe.errors import CorruptFileError, EncryptedFileError, UnsafeFileError

#: What zipfile raises on a damaged archive, besides BadZipFile: a broken deflate stream
#: (zlib.error), offsets before the start ("negative seek value"), names that are not UTF-8,
#: an unknown compression method, an encrypted member.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError)
#: Below this inflated size a high compression ratio is harmless (XML compresses very well).
_RATIO_FLOOR_BYTES = 20 * 1024 * 1024
_BLOCK_BYTES = 64 * 1024
#: Entity declarations (billion laughs, XXE) are what office files never need.
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_OVERLAP = len(b"<!ENTITY") - 1
_OFFICE_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}


def check_zip(data: bytes, name: str, settings: Settings) -> None:
    """Refuse decompression bombs, damaged members and XML entity declarations up front."""
    limit = min(settings.max_unzipped_bytes, max(_RATIO_FLOOR_BYTES, settings.max_zip_ratio * max(len(data), 1)))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            declared = sum(member.file_size for member in members)
            if declared > limit:
                raise _bomb(name, declared, len(data))
            inflated = 0
            for member in members:
                _check_member(member, name)
                inflated = _inflate(archive, member, inflated, limit, name, len(data))
    except ZIP_ERRORS as exc:
        raise CorruptFileError(
            name,
            f"damaged ZIP container ({type(exc).__name__}: {exc}): the file is corrupt or truncated; save it again",
        ) from None


def _check_member(member: zipfile.ZipInfo, name: str) -> None:
    if member.flag_bits & 0x1:
        raise EncryptedFileError(name, "encrypted — remove the password and upload again")
    if member.compress_type not in _OFFICE_METHODS:
        raise CorruptFileError(
            name,
            f"{member.filename} is compressed with a method office files never use "
            f"({member.compress_type}): the file is damaged; save it again",
        )


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo, inflated: int, limit: int, name: str, size: int) -> int:
    """Inflate one member block by block; the running total of the archive's real bytes."""
    is_xml = member.filename.lower().endswith((".xml", ".rels"))
    tail = b""
    produced = 0
    crc = 0
    for block in _member_blocks(archive, member, name):
        produced += len(block)
        inflated += len(block)
        if produced > member.file_size:
            raise UnsafeFileError(
                name,
                f"{member.filename} inflates past the {member.file_size:,} bytes its header declares "
                "(a decompression bomb): refused",
            )
        if inflated > limit:
            raise _bomb(name, inflated, size, more=True)
        crc = zlib.crc32(block, crc)
        if is_xml:
            if _ENTITY_DECLARATION.search(tail + block):
                raise UnsafeFileError(
                    name,
                    f"{member.filename} declares XML entities, which office files "
                    "never need (an entity-expansion attack): refused",
                )
            tail = block[-_OVERLAP:]
    if produced != member.file_size or crc != member.CRC:
        raise zipfile.BadZipFile(f"{member.filename} does not match its header (size or CRC)")
    return inflated


def _member_blocks(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    """The member's inflated bytes, at most _BLOCK_BYTES at a time, from its raw data."""
    raw = _raw_data(archive, member)
    if member.compress_type == zipfile.ZIP_STORED:
        for start in range(0, len(raw), _BLOCK_BYTES):
            yield raw[start : start + _BLOCK_BYTES]
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pending = raw
    while pending and not inflater.eof:
        yield inflater.decompress(pending, _BLOCK_BYTES)
        pending = inflater.unconsumed_tail
    if not inflater.eof:
        raise zipfile.BadZipFile(f"{member.filename}: the compressed data ends early")


def _raw_data(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """The member's compressed bytes, found through its local header as zipfile finds them."""
    stream = archive.fp
    stream.seek(member.header_offset)
    header = stream.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"{member.filename}: bad local file header")
    name_length, extra_length = struct.unpack_from("<HH", header, 26)
    stream.seek(member.header_offset + 30 + name_length + extra_length)
    raw = stream.read(member.compress_size)
    if len(raw) < member.compress_size:
        raise zipfile.BadZipFile(f"{member.filename}: the archive is truncated")
    return raw


def _bomb(name: str, inflated: int, size: int, *, more: bool = False) -> UnsafeFileError:
    return UnsafeFileError(
        name,
        f"inflates to {'more than ' if more else ''}{inflated / 1024**2:,.0f} MB from {size / 1024**2:,.1f} MB "
        "(a decompression bomb): refused",
    )
