"""PDF: text per page in reading order, hyphenated line ends joined, pages recorded.

Two routes behind one function. PDFium (pypdfium2) is the default: it follows the content
stream, which keeps columns apart, and it is about 50× faster than pdfplumber on the same files
(figures in the README). pdfplumber (pdfminer) stays available (`NERPIPE_PDF_ENGINE=pdfplumber`)
for its layout analysis.

A page without a usable text layer that shows an image (a scan) is rendered by PDFium at 300 dpi
and OCR'd (nerpipe.ingest.scanned), whichever route read the rest. Usable: some letters or digits,
and not mostly glyphs PDFium cannot map to characters (those pages are OCR'd even without an
image: what they draw is text). A scan stamped with a little real text (a Bates number) counts
as a scan too.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterator

from nerpipe.config import Settings
from nerpipe.errors import CorruptFileError, EncryptedFileError
from nerpipe.ingest.extracted import Extracted, TextBuilder, tidy
from nerpipe.ingest.ocr import RENDER_DPI
from nerpipe.ingest.scanned import NO_TEXT_LAYER, ScannedPages, page_ranges

__all__ = ["NO_TEXT_LAYER", "clean_page_text", "page_ranges", "read"]

#: PDFium marks a word hyphenated at a line end with \x02 (or U+FFFE); soft hyphens likewise.
_SOFT_HYPHEN_BREAK = re.compile(r"[\x02\ufffe\u00ad]\s*")
#: Spacing accents that some PDFs place after the letter ("prote´ge´") and their combining forms.
_SPACING_ACCENTS = {
    "\u00b4": "\u0301",
    "\u00a8": "\u0308",
    "\u02c6": "\u0302",
    "\u02dc": "\u0303",
    "\u00b8": "\u0327",
    "\u02c7": "\u030c",
    "\u02da": "\u030a",
    "`": "\u0300",
}
_LETTER_ACCENT = re.compile("(?<=[A-Za-z\u0131])([\u00b4\u00a8\u02c6\u02dc\u00b8\u02c7\u02da])")
_HYPHEN_LINE_END = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
_ODD_SPACES = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
#: What PDFium gives for a glyph it cannot map to a character (and private-use code points).
_UNMAPPED = re.compile("[\x00\x01\x03-\x08\x0e-\x1f\ufffd\ue000-\uf8ff]")
_LETTERS_OR_DIGITS = re.compile(r"[^\W_]")
#: A page with fewer letters and digits than this, under an image covering half of it, is a scan
#: with a stamp (page or Bates number) on it.
STAMP_CHARS = 40
#: The most pixels a page is rendered with for OCR (an A2 page at 300 dpi); larger pages at less.
MAX_RENDER_PIXELS = 35_000_000
NOTHING_ON_PAGE = "no text and no image: nothing to read"

#: A page's text, one page at a time, for a route.
PageTexts = Callable[[bytes, str, int], tuple[int, Iterator[str], dict[str, str]]]


def read(data: bytes, name: str, settings: Settings) -> Extracted:
    route = _ROUTES[settings.pdf_engine]
    page_count, pages, metadata = route(data, name, settings.max_pdf_pages)
    builder = TextBuilder()
    empty: list[int] = []
    scans = ScannedPages(name, settings, min(page_count, settings.max_pdf_pages))
    renderer = _PageRenderer(data, name)
    try:
        for number, raw in enumerate(pages, start=1):
            builder.start_page()
            text = clean_page_text(raw)
            if _looks_scanned(raw, text, number, renderer):
                text = _scanned_text(number, raw, text, renderer, scans) or text
                if not text and not renderer.has_image(number):
                    empty.append(number)
            builder.add(text)
    finally:
        renderer.close()
    warnings = scans.warnings()
    if empty:
        warnings.append(f"{page_ranges(empty)}: {NOTHING_ON_PAGE}")
    if page_count > settings.max_pdf_pages:
        warnings.append(
            f"only the first {settings.max_pdf_pages} of {page_count} pages were read (page limit; "
            "raise NERPIPE_MAX_PDF_PAGES to read more)"
        )
    return builder.extracted(metadata={**metadata, **scans.metadata()}, warnings=warnings)


def _looks_scanned(raw: str, text: str, number: int, renderer: _PageRenderer) -> bool:
    """No usable text layer, or a stamp's worth of text on a page that is mostly an image."""
    if not _usable(raw, text):
        return True
    return len(_LETTERS_OR_DIGITS.findall(text)) < STAMP_CHARS and renderer.scanned(number)


def _usable(raw: str, text: str) -> bool:
    """Some letters or digits, and more of them than unmapped glyphs."""
    letters = len(_LETTERS_OR_DIGITS.findall(text))
    return letters > 0 and len(_UNMAPPED.findall(raw)) <= letters


def _scanned_text(number: int, raw: str, text: str, renderer: _PageRenderer, scans: ScannedPages) -> str:
    """OCR for a page whose text layer is missing, unmapped or a mere stamp on a scan; "" when it
    was not OCR'd (the reason is one of the document's warnings) or is blank."""
    garbled = bool(_UNMAPPED.search(raw)) and not _usable(raw, text)
    if not garbled and not renderer.has_image(number):
        return ""  # nothing drawn from a scan: a blank page, or only lines and boxes
    if not scans.wanted():
        scans.skip(number)
        return ""
    image = renderer.render(number)
    try:
        return clean_page_text(scans.read_page(number, image))
    finally:
        image.close()


class _PageRenderer:
    """PDFium's view of the pages that need OCR, opened on the first one (either route): their
    images, and a page rendered for Tesseract, one at a time."""

    def __init__(self, data: bytes, name: str) -> None:
        self.data, self.name = data, name
        self._pdf: object | None = None
        self._coverage: dict[int, float] = {}

    def _page(self, number: int):
        import pypdfium2 as pdfium

        try:
            if self._pdf is None:
                self._pdf = pdfium.PdfDocument(self.data)
            return self._pdf[number - 1]  # type: ignore[index]
        except pdfium.PdfiumError as exc:
            raise CorruptFileError(self.name, f"page {number} cannot be read ({exc}): the PDF is damaged") from None

    def image_coverage(self, number: int) -> float:
        """The share of the page (0–1) its images cover."""
        if number not in self._coverage:
            import pypdfium2.raw as pdfium_c

            page = self._page(number)
            try:
                width, height = page.get_size()
                area = 0.0
                for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
                    left, bottom, right, top = image.get_bounds()
                    area += max(right - left, 0) * max(top - bottom, 0)
                self._coverage[number] = min(area / max(width * height, 1.0), 1.0)
            finally:
                page.close()
        return self._coverage[number]

    def has_image(self, number: int) -> bool:
        return self.image_coverage(number) > 0

    def scanned(self, number: int) -> bool:
        """Mostly an image: a scan, whatever little text is stamped on it."""
        return self.image_coverage(number) >= 0.5

    def render(self, number: int):
        """The page as a greyscale PIL image at RENDER_DPI (less for a page too large for that)."""
        page = self._page(number)
        try:
            width, height = page.get_size()
            scale = min(RENDER_DPI / 72, (MAX_RENDER_PIXELS / max(width * height, 1.0)) ** 0.5)
            bitmap = page.render(scale=scale, grayscale=True)
            try:
                return bitmap.to_pil().copy()  # the copy outlives the bitmap, which is freed now
            finally:
                bitmap.close()
        finally:
            page.close()

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()  # type: ignore[attr-defined]


def clean_page_text(raw: str) -> str:
    """Join words hyphenated across lines, unify line ends and odd spaces."""
    text = raw.replace("\r\n", "\n").replace("\r", " ")
    text = _SOFT_HYPHEN_BREAK.sub("", text)
    text = _LETTER_ACCENT.sub(lambda m: _SPACING_ACCENTS[m.group(1)], text)
    text = unicodedata.normalize("NFC", text.replace("\u0131\u0301", "\u00ed"))
    text = _ODD_SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _HYPHEN_LINE_END.sub("", text)
    return tidy(text)


def _pdfium_pages(data: bytes, name: str, max_pages: int) -> tuple[int, Iterator[str], dict[str, str]]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        _raise_open_error(name, str(exc))
    metadata = {k: v.strip("\x00 ") for k, v in _pdfium_metadata(pdf).items() if v.strip("\x00 ")}
    count = len(pdf)

    def pages() -> Iterator[str]:
        for index in range(min(count, max_pages)):
            try:
                page = pdf[index]
                text = page.get_textpage().get_text_bounded()
            except pdfium.PdfiumError as exc:
                raise CorruptFileError(name, f"page {index + 1} cannot be read ({exc}): the PDF is damaged") from None
            yield text

    return count, pages(), metadata


def _pdfium_metadata(pdf: object) -> dict[str, str]:
    try:
        raw = pdf.get_metadata_dict(skip_empty=True)  # type: ignore[attr-defined]
    except Exception:  # damaged info dictionary: the text is what matters
        return {}
    keys = {
        "Title": "title",
        "Author": "author",
        "CreationDate": "created",
        "ModDate": "modified",
        "Subject": "subject",
        "Creator": "creator",
        "Producer": "producer",
    }
    return {keys[k]: str(v) for k, v in raw.items() if k in keys}


def _pdfplumber_pages(data: bytes, name: str, max_pages: int) -> tuple[int, Iterator[str], dict[str, str]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        count = len(pdf.pages)
    except Exception as exc:  # pdfminer raises many types on damaged files; pdfplumber wraps them
        if isinstance(exc, PDFPasswordIncorrect) or any(isinstance(a, PDFPasswordIncorrect) for a in exc.args):
            raise EncryptedFileError(name, "encrypted — remove the password and upload again") from None
        _raise_open_error(name, f"{type(exc).__name__}: {exc}")
    metadata = {
        k.lower(): str(v)
        for k, v in (pdf.metadata or {}).items()
        if k in ("Title", "Author", "CreationDate", "ModDate") and v
    }

    def pages() -> Iterator[str]:
        with pdf:
            for index, page in enumerate(pdf.pages[:max_pages]):
                try:
                    yield page.extract_text(x_tolerance=1.5, use_text_flow=True) or ""
                except Exception as exc:  # a damaged page: say which
                    raise CorruptFileError(name, f"page {index + 1} cannot be read ({exc})") from None

    return count, pages(), metadata


def _raise_open_error(name: str, message: str) -> None:
    if "password" in message.lower() or "encrypt" in message.lower():
        raise EncryptedFileError(name, "encrypted — remove the password and upload again")
    raise CorruptFileError(
        name, f"not a readable PDF ({message}): the file is damaged or truncated; save or export it again"
    )


_ROUTES: dict[str, PageTexts] = {"pdfium": _pdfium_pages, "pdfplumber": _pdfplumber_pages}
