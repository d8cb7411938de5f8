"""Plain text (.txt, .md, .csv, .log): decode with the charset the bytes announce or fit, and mark
the stretches a damaged file cannot give as text (NULs, a zeroed block, flipped bits, bytes that
are not UTF-8) with U+FFFD, saying how much was damaged and where."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from nerpipe.config import Settings
from nerpipe.errors import UnsupportedFormatError
from nerpipe.ingest.extracted import Extracted
from nerpipe.ingest.textlike import (
    BINARY,
    MULTI_BYTE,
    SINGLE_BYTE,
    damaged_stretches,
    decode_marking_damage,
    decodes,
    text_encoding,
    too_damaged,
)

NOT_UTF8 = "not UTF-8: read as Windows-1252"
#: What a damaged stretch becomes: one character, whatever its length, so the text around it
#: reads on (spaCy splits words at it, as at any symbol).
MARK = "\ufffd"
#: Places named in a damage warning, at most.
NAMED_PLACES = 5
#: Codecs a byte-order mark chose: they decide over a declared charset.
_BOM_ENCODINGS = ("utf-16", "utf-8-sig")


@dataclass(frozen=True, slots=True)
class Damage:
    """A damaged stretch: where its mark is in the text, and how many bytes it replaced."""

    position: int
    size: int


def decode_text(data: bytes, filename: str, declared: str | None = None) -> tuple[str, list[str]]:
    """Text and warnings. A byte-order mark decides; then a charset the file declares (HTML meta),
    when its bytes agree; then UTF-8, also with a few damaged bytes; else Windows-1252, the usual
    charset of older office text. Damaged stretches are marked (where they are is not said: the
    caller's text is not this one)."""
    text, encoding, warnings = _decoded(data, filename, declared)
    text, damage = mark_damage(text, encoding, filename)
    return text, [*warnings, *([damage_warning(damage, where=False)] if damage else [])]


def _decoded(data: bytes, filename: str, declared: str | None) -> tuple[str, str, list[str]]:
    """The text with its damage still in it (lone surrogates, controls), its codec, warnings."""
    warnings = []
    encoding = text_encoding(data)
    if declared and encoding not in _BOM_ENCODINGS:
        text, disagreement = _declared(data, declared)
        if text is not None:
            return text, codecs.lookup(declared).name, []
        if disagreement:
            warnings.append(disagreement)
    if encoding not in MULTI_BYTE:
        warnings.append(NOT_UTF8 if encoding == SINGLE_BYTE else f"not UTF-8: read as {_charset_name(encoding)}")
    return decode_marking_damage(data, encoding), encoding, warnings


def _charset_name(codec: str) -> str:
    """Python's codec name as users know it: cp1251 is Windows-1251, koi8_r KOI8-R."""
    if codec.startswith("cp125"):
        return "Windows-" + codec[2:]
    return codec.upper().replace("_", "-").replace("ISO8859", "ISO-8859").replace("CP", "CP-")


def mark_damage(text: str, encoding: str, filename: str) -> tuple[str, list[Damage]]:
    """`text` with each damaged stretch one MARK, and the stretches; refuses (as binary) a text
    with more damaged stretches than text to hold them."""
    stretches = damaged_stretches(text)
    if not stretches:
        return text, []
    parts: list[str] = []
    damage: list[Damage] = []
    position = length = 0
    for start, end in stretches:
        parts += [text[position:start], MARK]
        length += start - position
        damage.append(Damage(length, _byte_size(text[start:end], encoding)))
        length += 1
        position = end
    parts.append(text[position:])
    marked = "".join(parts)
    if too_damaged(len(stretches), marked, decodes=decodes([text], encoding)):
        raise UnsupportedFormatError(
            filename, f"{BINARY}: upload a text, PDF, Word, HTML or e-mail file, or an undamaged copy of this one"
        )
    return marked, damage


def _byte_size(stretch: str, encoding: str) -> int:
    codec = {"utf-8-sig": "utf-8", "utf-16": "utf-16-le"}.get(encoding, encoding)
    try:
        return len(stretch.encode(codec, errors="surrogateescape"))
    except UnicodeError:
        return len(stretch.encode("utf-8", errors="surrogateescape"))


def damage_warning(damage: list[Damage], *, where: bool = True) -> str:
    """What was damaged, for the user: "2 damaged stretches (4.1 KB) replaced by � near
    characters 3,000 and 9,120"."""
    count = len(damage)
    total = sum(stretch.size for stretch in damage)
    size = f"{total:,} byte{'s' * (total != 1)}" if total < 1024 else f"{total / 1024:,.1f} KB"
    warning = f"{count} damaged stretch{'es' * (count != 1)} ({size}) replaced by {MARK}"
    if not where:
        return warning
    places = [f"{stretch.position:,}" for stretch in damage[:NAMED_PLACES]]
    if count > NAMED_PLACES:
        places.append(f"{count - NAMED_PLACES:,} more")
    listed = places[0] if len(places) == 1 else "; ".join(places[:-1]) + " and " + places[-1]
    return f"{warning} near character{'s' * (count != 1)} {listed}"


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
    text, encoding, warnings = _decoded(data, name, None)
    # Line ends first, so that the places named are those of the document's text.
    text, damage = mark_damage(text.replace("\r\n", "\n"), encoding, name)
    if damage:
        warnings.append(damage_warning(damage))
    return Extracted(text=text, warnings=warnings)
