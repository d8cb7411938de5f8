"""A document as an analyst reads about it: its format in words ("PDF, 3 pages") and whether any
text was read from it. A scan without a text layer is stored but yields nothing until OCR exists:
it must not pass for a document that simply names no one."""

from __future__ import annotations

from collections.abc import Iterable

from nerpipe.ingest.detect import FORMAT_NAMES
from nerpipe.ingest.pdf import NO_TEXT_LAYER

NEEDS_OCR = "needs OCR: no text read"
NO_TEXT = "no text read"


def format_description(media_type: str, pages: int | None = None) -> str:
    """The format's human name, with the page count where the format has pages.

    >>> format_description("application/pdf", 3)
    'PDF, 3 pages'
    """
    name = FORMAT_NAMES.get(media_type) or media_type.rsplit("/", 1)[-1]
    if pages:
        name += f", {pages:,} page" + ("" if pages == 1 else "s")
    return name


def needs_ocr(warnings: Iterable[str]) -> bool:
    """Whether a reader found pages with no text layer (scans)."""
    return any(NO_TEXT_LAYER in warning for warning in warnings)


def unread_reason(has_text: bool, warnings: Iterable[str]) -> str | None:
    """None when text was read; else why not: NEEDS_OCR for a scan, NO_TEXT otherwise."""
    if has_text:
        return None
    return NEEDS_OCR if needs_ocr(warnings) else NO_TEXT
