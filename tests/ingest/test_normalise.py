"""Control characters never leave ingestion, whatever the reader, and offsets do not move."""

from __future__ import annotations

import re

import pytest

from nerpipe import ingest_bytes, ingest_path
from nerpipe.ingest.normalise import clean_text
from tests.ingest.conftest import REAL_WORLD, make_email

#: What may not reach a Document's text: C0 and C1 controls but tab and newline, DEL, surrogates,
#: the two non-characters XML forbids.
NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def test_controls_become_spaces_or_line_ends_one_for_one():
    raw = "k\x01h a\x00b\r\nc\x0cd\x85e\x1b[2Jf\ud800g\x7f\x9bh\u2028i\rj\tk\n"
    cleaned = clean_text(raw)
    assert cleaned == "k h a b \nc\nd\ne [2Jf g  h\ni\nj\tk\n"
    assert len(cleaned) == len(raw)
    assert clean_text("plain text\twith a tab\n") == "plain text\twith a tab\n"


def test_no_reader_lets_a_control_character_through(settings):
    text = "Agent k\x01h met Carlos\x02 Mendez\x1b[2J in Tijuana\x9b. They talked about the shipment.\n".encode()
    document = ingest_bytes(text, "notes.txt", settings, isolate=False)
    assert not NOT_TEXT.search(document.text)
    # In a text file they are damage, marked (escape, which terminal logs hold, is a space).
    assert "k\ufffdh met Carlos\ufffd Mendez [2J in Tijuana\ufffd." in document.text
    assert document.warnings[0].startswith("3 damaged stretches (4 bytes) replaced")


def test_section_offsets_still_point_at_their_sections(settings):
    message = make_email("Body \x07line with a bell\x01 and John Smith.")
    document = ingest_bytes(message.replace(b"Subject: Re:", b"Subject: \x1bRe:"), "bell.eml", settings)
    assert not NOT_TEXT.search(document.text)
    body_start = dict((name, start) for start, name in document.sections)["body"]
    assert document.text[body_start:].startswith("Body  line with a bell  and John Smith.")
    assert document.metadata["subject"].startswith(" Re:")


@pytest.mark.skipif(not REAL_WORLD.is_dir(), reason=f"real-world fixtures not found at {REAL_WORLD}")
def test_a_real_pdf_with_unmapped_glyphs_gives_clean_text(settings):
    document = ingest_path(REAL_WORLD / "pdf" / "two_column.pdf", settings)
    assert not NOT_TEXT.search(document.text)
    assert "that k h 5 9.8 6 0.4 and k hn 5 0.47" in document.text
    assert all(0 <= start <= len(document.text) for start in document.page_starts)
