"""Scanned pages of one document: OCR them (within the limits), and say what became of each.

PDF pages without a usable text layer and the pages of image files go through here, so that both
OCR the same way, record the same metadata and warn in the same words. A document's OCR'd pages
are kept in its metadata as `ocr`: [[page, mean word confidence], ...] (JSON-safe, so the store
keeps it as it is); `nerpipe.types.ocr_pages` reads them back.
"""

from __future__ import annotations

from typing import Any

from nerpipe.config import Settings
from nerpipe.ingest import ocr
from nerpipe.ingest.sandbox import report_page
from nerpipe.types import OCR_METADATA

NO_TEXT_LAYER = "no text layer: needs OCR"
#: Ranges of pages named in one warning; the rest are counted.
MAX_RANGES = 10


def page_ranges(numbers: list[int]) -> str:
    """Ascending page numbers as one short phrase: "page 2", "pages 1–5,000", "pages 1–3, 7, 9–12"
    (a scan of 5,000 pages is one warning, not 5,000); past MAX_RANGES ranges, a count of the rest."""
    ranges: list[list[int]] = []
    for number in numbers:
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    shown = [f"{a:,}" if a == b else f"{a:,}–{b:,}" for a, b in ranges[:MAX_RANGES]]
    rest = sum(b - a + 1 for a, b in ranges[MAX_RANGES:])
    if rest:
        shown.append(f"and {rest:,} more")
    return ("page " if len(numbers) == 1 else "pages ") + ", ".join(shown)


class ScannedPages:
    """OCR for the scanned pages of one document, one page at a time (each image is released by
    the caller once read, so memory stays flat over a long scan)."""

    def __init__(self, name: str, settings: Settings, total_pages: int) -> None:
        self.name, self.settings, self.total_pages = name, settings, total_pages
        self.read: list[tuple[int, float]] = []
        self._not_read: dict[str, list[int]] = {}
        self._unavailable: str | None = None
        self._checked = False

    def wanted(self) -> bool:
        """Whether the next scanned page will be OCR'd: a caller can skip rendering it if not."""
        if not self.settings.ocr or len(self.read) >= self.settings.max_ocr_pages:
            return False
        if not self._checked:  # on the first scanned page: a document without any pays nothing
            self._unavailable, self._checked = ocr.unavailable_reason(self.settings.ocr_lang), True
        return self._unavailable is None

    def read_page(self, number: int, image: Any) -> str:
        """The page's text by OCR ("" when nothing was read: the reason becomes a warning)."""
        if not self.wanted():
            self.skip(number)
            return ""
        try:
            reading = ocr.read_image(image, self.settings.ocr_lang, self.settings.ocr_page_timeout_s)
        except ocr.OcrTimeout:
            self._note(
                f"{NO_TEXT_LAYER}: OCR took longer than {self.settings.ocr_page_timeout_s:g} s a page and was "
                "stopped (raise NERPIPE_OCR_PAGE_TIMEOUT_S to allow more)",
                number,
            )
            return ""
        except ocr.OcrUnavailable as exc:
            self._unavailable = str(exc)
            self.skip(number)
            return ""
        finally:
            report_page(self.name, number, self.total_pages)
        if not reading.text.strip():
            self._note("scanned, but OCR found no text", number)
            return ""
        self.read.append((number, reading.confidence))
        return reading.text

    def skip(self, number: int) -> None:
        """A scanned page left unread: OCR off, unavailable, or past the page limit."""
        if not self.settings.ocr:
            self._note(NO_TEXT_LAYER, number)
        elif self._unavailable:
            self._note(f"{NO_TEXT_LAYER}, but OCR cannot run: {self._unavailable}", number)
        else:
            self._note(
                f"{NO_TEXT_LAYER}: past the OCR limit of {self.settings.max_ocr_pages:,} pages a document "
                "(raise NERPIPE_MAX_OCR_PAGES to read more)",
                number,
            )

    def _note(self, problem: str, number: int) -> None:
        self._not_read.setdefault(problem, []).append(number)

    def warnings(self) -> list[str]:
        """One warning per kind of problem, naming its pages; and the pages OCR read with low
        confidence, each with its figure."""
        found = [f"{page_ranges(pages)}: {problem}" for problem, pages in self._not_read.items()]
        doubtful = [(page, confidence) for page, confidence in self.read if confidence < ocr.LOW_CONFIDENCE]
        if doubtful:
            figures = ", ".join(f"{confidence:.0f}%" for _, confidence in doubtful[:MAX_RANGES])
            found.append(
                f"{page_ranges([page for page, _ in doubtful])}: read by OCR with low confidence ({figures}): "
                "check the text against the scan"
            )
        return found

    def metadata(self) -> dict[str, Any]:
        """The OCR'd pages for the document's metadata (nothing when none were)."""
        if not self.read:
            return {}
        pages = [[page, confidence] for page, confidence in self.read]
        return {OCR_METADATA: pages, "ocr_lang": self.settings.ocr_lang}
