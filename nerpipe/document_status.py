"""A document as an analyst reads about it: its format in words ("PDF, 3 pages"), whether any
text was read from it, and which pages came from OCR. A scan left unread (OCR off, or unable to
run) is stored but yields nothing: it must not pass for a document that simply names no one. Text
read by OCR must not pass for a text layer either: it can hold misread names."""

from __future__ import annotations

from collections.abc import Iterable

from nerpipe.ingest.detect import FORMAT_NAMES
from nerpipe.ingest.scanned import NO_TEXT_LAYER, page_ranges

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


def ocr_description(pages: dict[int, float]) -> str:
    """The OCR'd pages in a few words ("" when none): "pages 1–3 by OCR, 92% confidence"."""
    if not pages:
        return ""
    mean = sum(pages.values()) / len(pages)
    return f"{page_ranges(sorted(pages))} by OCR, {mean:.0f}% confidence"
