"""Word 97-2003 .doc: the text stored in the WordDocument stream, read through the piece table.

Why our own reader: the alternatives are external programs (antiword, unmaintained; LibreOffice,
hundreds of MB and a subprocess) that a fresh machine lacks. The binary format's text is simple
to reach ([MS-DOC] 2.4.1, "Retrieving Text"): the File Information Block points to the CLX in the
table stream, whose piece table maps character positions to byte ranges, each either UTF-16 or
compressed 8-bit (Windows-1252). olefile (maintained, pure Python) opens the container; nothing is
executed, no temporary file is written, and the reader runs under the sandbox's time limit.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

import olefile

from nerpipe.config import Settings
from nerpipe.errors import CorruptFileError, EncryptedFileError, UnsupportedFormatError
from nerpipe.ingest.extracted import Extracted, TextBuilder, tidy
from nerpipe.ingest.ole import OLE_ERRORS, open_ole, read_stream, summary_metadata

_WORD_97_IDENT = 0xA5EC
_FLAG_ENCRYPTED = 0x0100
_FLAG_TABLE_1 = 0x0200
_FLAG_OBFUSCATED = 0x8000
_FC_COMPRESSED = 0x40000000

#: Word's control characters ([MS-DOC] 2.8.25): what they become in plain text.
_CONTROL = {
    "\r": "\n",  # paragraph end
    "\x0b": "\n",  # line break
    "\x0c": "\n\n",  # page or section break
    "\x07": "\t",  # cell or row end (rows are fixed below)
    "\x1e": "-",  # non-breaking hyphen
    "\x1f": "",  # optional hyphen
    "\xa0": " ",
}
_DROPPED = re.compile(r"[\x00-\x06\x08\x0e-\x12\x16-\x1d]")


@dataclass(frozen=True, slots=True)
class _Piece:
    cp_start: int
    cp_end: int
    fc: int
    compressed: bool


def read(data: bytes, name: str, settings: Settings) -> Extracted:
    try:
        with open_ole(data) as ole:
            word = read_stream(ole, "WordDocument")
            flags = _fib_flags(word, name)
            table_name = "1Table" if flags & _FLAG_TABLE_1 else "0Table"
            if not ole.exists(table_name):
                raise CorruptFileError(name, f"the {table_name} stream is missing: the document is damaged")
            table = read_stream(ole, table_name)
            metadata = _summary(ole)
    except OLE_ERRORS as exc:
        raise CorruptFileError(
            name,
            f"not a readable Word 97-2003 document ({exc}): the file is damaged or "
            "truncated; open and save it again in Word",
        ) from None
    lengths = struct.unpack_from("<iiiiiii", word, 0x4C)  # ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx
    main, footnotes = lengths[0], lengths[1]
    raw = _document_text(word, table, name, limit=main + footnotes)
    builder = TextBuilder()
    builder.start_section("body")
    builder.add(clean_word_text(raw[:main]))
    if footnotes > 0:
        builder.start_section("footnotes")
        builder.add(clean_word_text(raw[main : main + footnotes]))
    return builder.extracted(metadata=metadata)


def _fib_flags(word: bytes, name: str) -> int:
    if len(word) < 0x1AA:
        raise CorruptFileError(name, "the Word header is truncated: the file is damaged")
    ident, version = struct.unpack_from("<HH", word, 0)
    if ident != _WORD_97_IDENT:
        raise CorruptFileError(name, "not a Word 97-2003 document header: the file is damaged")
    if version < 101:
        raise UnsupportedFormatError(
            name, "a Word 6/95 document: open it in Word or LibreOffice and save it as .docx, then upload again"
        )
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if flags & (_FLAG_ENCRYPTED | _FLAG_OBFUSCATED):
        raise EncryptedFileError(name, "encrypted — remove the password and upload again")
    return flags


def _document_text(word: bytes, table: bytes, name: str, limit: int) -> str:
    fc_clx, lcb_clx = struct.unpack_from("<II", word, 0x1A2)
    if lcb_clx == 0 or fc_clx + lcb_clx > len(table):
        raise CorruptFileError(name, "the piece table lies outside the table stream: the document is damaged")
    pieces = _pieces(table[fc_clx : fc_clx + lcb_clx], name)
    parts: list[str] = []
    for piece in pieces:
        if piece.cp_start >= limit:
            break
        count = min(piece.cp_end, limit) - piece.cp_start
        if piece.compressed:
            start = (piece.fc & ~_FC_COMPRESSED) // 2
            chunk = word[start : start + count].decode("cp1252", errors="replace")
        else:
            chunk = word[piece.fc : piece.fc + 2 * count].decode("utf-16-le", errors="replace")
        parts.append(chunk)
    return "".join(parts)


def _pieces(clx: bytes, name: str) -> list[_Piece]:
    """Skip the Prc records (formatting) to the Pcdt, then read the PlcPcd."""
    position = 0
    while position < len(clx) and clx[position] == 0x01:
        (size,) = struct.unpack_from("<h", clx, position + 1)
        position += 3 + size
    if position >= len(clx) or clx[position] != 0x02:
        raise CorruptFileError(name, "no piece table in the document: it is damaged")
    (length,) = struct.unpack_from("<I", clx, position + 1)
    plc = clx[position + 5 : position + 5 + length]
    count = (len(plc) - 4) // 12
    if count <= 0:
        raise CorruptFileError(name, "an empty piece table: the document is damaged")
    cps = struct.unpack_from(f"<{count + 1}i", plc, 0)
    pieces = []
    for index in range(count):
        (fc,) = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * index + 2)
        pieces.append(_Piece(cps[index], cps[index + 1], fc, bool(fc & _FC_COMPRESSED)))
    return pieces


def clean_word_text(raw: str) -> str:
    """Keep field results, drop field codes (between 0x13 and 0x14) and object anchors."""
    out: list[str] = []
    depth = 0
    in_code: list[bool] = []  # one entry per open field: still in its instructions?
    for char in raw:
        if char == "\x13":
            depth += 1
            in_code.append(True)
            continue
        if char == "\x14" and depth:
            in_code[-1] = False
            continue
        if char == "\x15" and depth:
            depth -= 1
            in_code.pop()
            continue
        if any(in_code):  # inside the instructions of this or an enclosing field
            continue
        out.append(_CONTROL.get(char, char))
    text = _DROPPED.sub("", "".join(out))
    # A table row ends with a cell mark followed by the row mark: one line per row.
    text = re.sub(r"\t\t\n?", "\n", text)
    return tidy(text)


def _summary(ole: olefile.OleFileIO) -> dict[str, str]:
    meta = summary_metadata(ole)
    if meta is None:  # a damaged summary stream should not hide the text
        return {}
    values = {
        "title": meta.title,
        "author": meta.author,
        "subject": meta.subject,
        "created": meta.create_time,
        "modified": meta.last_saved_time,
        "last_modified_by": meta.last_saved_by,
    }
    result = {}
    for key, value in values.items():
        if isinstance(value, bytes):
            value = value.decode("cp1252", errors="replace").strip("\x00 ")
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        if value:
            result[key] = str(value)
    return result
