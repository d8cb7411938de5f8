"""Plain text (.txt, .md, .csv, .log): decode with the charset the bytes announce or fit."""

from __future__ import annotations

import codecs

from nerpipe.config import Settings
from nerpipe.errors import UnsupportedFormatError
from nerpipe.ingest.extracted import Extracted

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, filename: str, declared: str | None = None) -> tuple[str, list[str]]:
    """Text and warnings. A byte-order mark decides; then a charset the file declares (HTML meta);
    then UTF-8; else Windows-1252, the usual charset of older office text. NUL bytes outside
    UTF-16 mean binary content: refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), []
    if b"\x00" in data:
        raise UnsupportedFormatError(
            filename, "binary content (NUL bytes), not text: upload a text, PDF, Word, HTML or e-mail file"
        )
    if declared:
        try:
            return data.decode(declared), []
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    return data.decode("cp1252", errors="replace"), ["not UTF-8: read as Windows-1252"]


def read(data: bytes, name: str, settings: Settings) -> Extracted:
    text, warnings = decode_text(data, name)
    return Extracted(text=text.replace("\r\n", "\n"), warnings=warnings)
