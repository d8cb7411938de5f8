"""Real files made by others with real office software, compared with their expected text.

They live in ../shared/fixtures/real-world (not in this repository); the tests skip where it is absent.
"""

import re
from collections import Counter
from dataclasses import replace

import pytest

from nerpipe import ingest_path
from nerpipe.errors import CorruptFileError, EncryptedFileError
from nerpipe.ingest import detect as formats
from nerpipe.types import ocr_pages
from tests.ingest.conftest import REAL_WORLD

pytestmark = pytest.mark.skipif(not REAL_WORLD.is_dir(), reason=f"real-world fixtures not found at {REAL_WORLD}")


def normalised(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def all_text(document) -> str:
    return "\n\n".join(d.text for d in document.with_attachments())


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("doc/raw_text.doc", formats.DOC),
        ("docx/raw_text.docx", formats.DOCX),
        ("odt/raw_text.odt", formats.ODT),
        ("rtf/raw_text.rtf", formats.RTF),
        ("pdf/raw_text.pdf", formats.PDF),
        ("txt/raw_text.txt", formats.TEXT),
    ],
)
def test_text_matches_the_expected_text_exactly_once_normalised(settings, path, media_type):
    document = ingest_path(REAL_WORLD / path, settings)
    assert document.media_type == media_type
    expected = (REAL_WORLD / path).with_suffix(".txt").read_text(encoding="utf-8")
    assert normalised(document.text) == normalised(expected)


def test_docx_with_nested_tables_keeps_every_cell_in_order(settings):
    document = ingest_path(REAL_WORLD / "docx/paragraphs_and_tables.docx", settings)
    expected = (REAL_WORLD / "docx/paragraphs_and_tables.txt").read_text()
    cells = [line.strip() for line in expected.splitlines() if line.strip()]
    position = 0
    for cell in cells:  # each cell found after the previous one
        position = document.text.index(cell, position) + len(cell)


@pytest.mark.parametrize("path", ["eml/raw_text.eml", "msg/raw_text.msg"])
def test_email_body_is_in_the_text_after_the_headers(settings, path):
    document = ingest_path(REAL_WORLD / path, settings)
    expected = (REAL_WORLD / path).with_suffix(".txt").read_text(encoding="utf-8")
    assert normalised(expected) in normalised(all_text(document))
    assert document.metadata["from"]
    assert document.metadata["subject"]


def test_msg_attachments_that_are_images_are_read_by_ocr(settings):
    document = ingest_path(REAL_WORLD / "msg/raw_text.msg", settings)
    assert document.metadata["from"] == "Brian Zhou <brizhou@gmail.com>"
    screenshots = [a for a in document.attachments if a.media_type == "image/tiff"]
    assert len(screenshots) == 2
    for screenshot in screenshots:  # screenshots of an editor: its menu bar reads clearly
        assert "Refactoring Navigate Search Project" in screenshot.text
        assert list(ocr_pages(screenshot.metadata)) == [1]


def test_large_html_page(settings):
    document = ingest_path(REAL_WORLD / "html/raw_text.html", settings)
    expected = (REAL_WORLD / "html/raw_text.txt").read_text(encoding="utf-8")
    got, want = normalised(document.text), normalised(expected)
    assert document.metadata["title"].startswith("Snow Fall")
    assert "script" not in got.lower()[:2000] or "function(" not in got
    # Same words in the same proportions (entity escaping differs in the expected file).
    overlap = sum((Counter(got.split()) & Counter(want.split())).values()) / len(want.split())
    assert overlap > 0.99


def test_two_column_pdf_is_read_column_by_column(settings):
    document = ingest_path(REAL_WORLD / "pdf/two_column.pdf", settings)
    text = normalised(document.text)
    assert "protégé performance" in text
    # Left column continues on the next line of the left column, not into the right column.
    assert "a matter of importance to academic, business and governmental organizations" in text.replace(
        "ofimportance", "of importance"
    )
    assert document.pages == 6
    expected_words = Counter(
        re.findall(r"[a-z]{4,}", normalised((REAL_WORLD / "pdf/two_column.txt").read_text()).lower())
    )
    got_words = Counter(re.findall(r"[a-z]{4,}", text.lower()))
    assert sum((expected_words & got_words).values()) / sum(expected_words.values()) > 0.9


def word_error_rate(expected: str, got: str) -> float:
    """Word-level edit distance over the expected words (case and punctuation aside)."""
    want, have = (re.findall(r"\w+", normalised(t).lower()) for t in (expected, got))
    previous = list(range(len(have) + 1))
    for i, word in enumerate(want, start=1):
        current = [i] + [0] * len(have)
        for j, other in enumerate(have, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other))
        previous = current
    return previous[-1] / len(want)


def test_the_real_scan_is_read_by_ocr_within_five_percent_word_errors(settings):
    document = ingest_path(REAL_WORLD / "pdf/ocr_text.pdf", settings)
    expected = (REAL_WORLD / "pdf/ocr_text.txt").read_text(encoding="utf-8")
    assert word_error_rate(expected, document.text) <= 0.05
    assert document.pages == 3
    assert sorted(ocr_pages(document.metadata)) == [1, 2, 3]
    assert all(confidence > 80 for confidence in ocr_pages(document.metadata).values())
    assert document.warnings == ()  # confident pages: nothing to warn about


def test_with_ocr_off_the_scan_warns_once_which_pages_need_it(settings):
    document = ingest_path(REAL_WORLD / "pdf/ocr_text.pdf", replace(settings, ocr=False))
    assert document.text == ""
    assert document.warnings == ("pages 1–3: no text layer: needs OCR",)


def test_truncated_doc_is_a_clear_error(settings, tmp_path):
    data = (REAL_WORLD / "doc/raw_text.doc").read_bytes()
    cut = tmp_path / "cut.doc"
    cut.write_bytes(data[:2048])
    with pytest.raises(CorruptFileError, match=r"cut\.doc: .*(damaged|corrupt)"):
        ingest_path(cut, settings)


def test_doc_marked_encrypted_is_refused(settings, tmp_path):
    data = bytearray((REAL_WORLD / "doc/raw_text.doc").read_bytes())
    # Set fEncrypted in the FIB of the WordDocument stream, which starts at the first 0xA5EC.
    fib = data.index(b"\xec\xa5")
    data[fib + 0x0B] |= 0x01
    locked = tmp_path / "locked.doc"
    locked.write_bytes(bytes(data))
    with pytest.raises(EncryptedFileError, match="encrypted — remove the password"):
        ingest_path(locked, settings)
