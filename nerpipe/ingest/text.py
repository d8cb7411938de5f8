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
NOT_UTF8 = "not UTF-8: read as Windows-1252"


def decode_text(data: bytes, filename: str, declared: str | None = None) -> tuple[str, list[str]]:
    """Text and warnings. A byte-order mark decides; then a charset the file declares (HTML meta),
    when its bytes agree; then UTF-8; else Windows-1252, the usual charset of older office text.
    NUL bytes outside UTF-16 mean binary content: refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), []
    if b"\x00" in data:
        raise UnsupportedFormatError(
            filename, "binary content (NUL bytes), not text: upload a text, PDF, Word, HTML or e-mail file"
        )
    warnings = []
    if declared:
        text, disagreement = _declared(data, declared)
        if text is not None:
            return text, []
        if disagreement:
            warnings.append(disagreement)
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError:
        pass
    return data.decode("cp1252", errors="replace"), [*warnings, NOT_UTF8]


def _declared(data: bytes, declared: str) -> tuple[str | None, str | None]:
    """The text in the declared charset when the bytes agree with it, else why they do not.

    A declaration was found by reading the bytes as ASCII, so a charset that does not write ASCII
    as ASCII (UTF-16, UTF-32, EBCDIC) cannot be the page's (the HTML standard reads such pages as
    UTF-8 too); bytes that do not decode in it, or that are UTF-8 under a single-byte
    declaration, disagree with it."""
    try:
        codec = codecs.lookup(declared)
    except LookupError:
        return None, None
    disagreement = f"the page declares the charset {declared}, which its bytes are not: read without it"
    if codec.name == "utf-8":
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError:
            return None, disagreement
    try:
        if "<meta".encode(codec.name) != b"<meta":
            return None, disagreement
        text = data.decode(codec.name)
    except (UnicodeError, ValueError):
        return None, disagreement
    if not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return text, None
        return None, disagreement
    return text, None


def read(data: bytes, name: str, settings: Settings) -> Extracted:
    text, warnings = decode_text(data, name)
    return Extracted(text=text.replace("\r\n", "\n"), warnings=warnings)
