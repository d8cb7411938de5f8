"""Content that is neither a known format nor text is refused; genuine text in any charset is read."""

from __future__ import annotations

import random

import pytest

from nerpipe import ingest_bytes
from nerpipe.errors import CorruptFileError, UnsupportedFormatError
from nerpipe.ingest.textlike import looks_like_text

#: 13 random bytes (no NUL), as in the report: named x.docx they were read as Windows-1252 text.
THIRTEEN_RANDOM_BYTES = bytes.fromhex("c8b1f03e9a7d22e6cb0f91a4ee")
HIGH_HALF = bytes(range(128, 256)) * 2


def random_high_bytes(size: int, seed: int = 10) -> bytes:
    return random.Random(seed).randbytes(size).translate(HIGH_HALF)


def test_random_bytes_named_as_a_document_are_refused_as_damaged(settings):
    with pytest.raises(
        CorruptFileError,
        match=r"^x\.docx: the name says Word \(\.docx\) but the content is neither a Word \(\.docx\) file nor text",
    ):
        ingest_bytes(THIRTEEN_RANDOM_BYTES, "x.docx", settings, isolate=False)


def test_random_bytes_with_no_format_in_their_name_are_refused_as_binary(settings):
    with pytest.raises(UnsupportedFormatError, match=r"^x\.bin: binary content, not text"):
        ingest_bytes(THIRTEEN_RANDOM_BYTES, "x.bin", settings, isolate=False)


def test_ten_megabytes_of_random_high_bytes_are_refused_as_binary(settings):
    with pytest.raises(UnsupportedFormatError, match=r"^noise\.txt: binary content, not text"):
        ingest_bytes(random_high_bytes(10 * 1024**2), "noise.txt", settings, isolate=False)


def test_short_random_byte_strings_are_almost_never_taken_for_text():
    rng = random.Random(21)
    samples = [sample for sample in (rng.randbytes(13) for _ in range(500)) if b"\0" not in sample]
    assert sum(looks_like_text(sample) for sample in samples) <= len(samples) // 100
    assert not any(looks_like_text(rng.randbytes(200).replace(b"\0", b"")) for _ in range(200))


@pytest.mark.parametrize(
    ("text", "charset"),
    [
        ("Café Müller, señor Peña y la Señora Ñandú pagaron 3,50 € por el pan.", "cp1252"),
        ("Müller;Hans;12.03.1980;Köln\nPeña;José;01.01.1970;Málaga\n", "latin-1"),
        ("«Él dijo: ¿qué tal?» — ¡bien!", "cp1252"),
        ("Привет, мир: как дела у Ивана Петрова?", "cp1251"),  # read as Windows-1252, but read
        ("\x1b[31mERROR\x1b[0m job 42 failed\n", "ascii"),
    ],
)
def test_genuine_text_in_a_single_byte_charset_is_text(text, charset):
    assert looks_like_text(text.encode(charset))


def test_latin1_text_is_still_read_with_its_warning_and_a_wrong_name_too(settings):
    data = "Señor Peña met Müller at the café.".encode("latin-1")
    document = ingest_bytes(data, "statement.txt", settings, isolate=False)
    assert document.text == "Señor Peña met Müller at the café."
    assert document.warnings == ("not UTF-8: read as Windows-1252",)
    renamed = ingest_bytes(data, "statement.docx", settings, isolate=False)
    assert renamed.text == document.text
    assert renamed.warnings == (
        "the name says Word (.docx) but the content is plain text: read as plain text",
        "not UTF-8: read as Windows-1252",
    )
