"""Plain text: decode with the charset the bytes announce or fit, refuse binary content."""

from __future__ import annotations

import codecs

from nerpipe.errors import UnsupportedFormatError

MEDIA_TYPE = "text/plain"

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, filename: str) -> tuple[str, list[str]]:
    """Text and warnings. A byte-order mark decides; else UTF-8; else Windows-1252, the usual
    charset of older office text. NUL bytes outside UTF-16 mean binary content: refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), []
    if b"\x00" in data:
        raise UnsupportedFormatError(
            filename, "binary content, not text: upload a text, PDF, Word, HTML or e-mail file"
        )
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    return text, ["not UTF-8: read as Windows-1252"]
