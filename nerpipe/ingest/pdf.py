"""PDF: text per page in reading order, hyphenated line ends joined, pages recorded.

Two routes behind one function. PDFium (pypdfium2) is the default: it follows the content
stream, which keeps columns apart, and it is about 50× faster than pdfplumber on the same files
(figures in the README). pdfplumber (pdfminer) stays available (`NERPIPE_PDF_ENGINE=pdfplumber`)
for its layout analysis.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterator

from nerpipe.config import Settings
from nerpipe.errors import CorruptFileError, EncryptedFileError
from nerpipe.ingest.extracted import Extracted, TextBuilder, tidy

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
NO_TEXT_LAYER = "no text layer: needs OCR"
#: Ranges of pages named in one warning; the rest are counted.
MAX_RANGES = 10

#: A page's text, one page at a time, for a route.
PageTexts = Callable[[bytes, str, int], tuple[int, Iterator[str], dict[str, str]]]


def read(data: bytes, name: str, settings: Settings) -> Extracted:
    route = _ROUTES[settings.pdf_engine]
    page_count, pages, metadata = route(data, name, settings.max_pdf_pages)
    builder = TextBuilder()
    warnings: list[str] = []
    blank: list[int] = []
    for number, raw in enumerate(pages, start=1):
        builder.start_page()
        text = clean_page_text(raw)
        if not text:
            blank.append(number)
        builder.add(text)
    if blank:
        warnings.append(f"{page_ranges(blank)}: {NO_TEXT_LAYER}")
    if page_count > settings.max_pdf_pages:
        warnings.append(
            f"only the first {settings.max_pdf_pages} of {page_count} pages were read (page limit; "
            "raise NERPIPE_MAX_PDF_PAGES to read more)"
        )
    return builder.extracted(metadata=metadata, warnings=warnings)


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
