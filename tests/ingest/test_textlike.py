"""Content that is neither a known format nor text is refused; genuine text in any charset is read."""

from __future__ import annotations

import codecs
import random

import pytest

from nerpipe import ingest_bytes
from nerpipe.errors import CorruptFileError, UnsupportedFormatError
from nerpipe.ingest.textlike import looks_like_text
from tests.ingest.arranged import all_arranged, arranged_high_bytes
from tests.ingest.languages import PROSE, WESTERN

#: 13 random bytes (no NUL), as in the report: named x.docx they were read as Windows-1252 text.
THIRTEEN_RANDOM_BYTES = bytes.fromhex("c8b1f03e9a7d22e6cb0f91a4ee")
HIGH_HALF = bytes(range(128, 256)) * 2


def random_high_bytes(size: int, seed: int = 10) -> bytes:
    return random.Random(seed).randbytes(size).translate(HIGH_HALF)


def test_random_bytes_named_as_a_document_are_refused_as_damaged(settings):
    with pytest.raises(
        CorruptFileError,
        match=r"^x\.docx: the name says Word \(\.docx\) but the content is neither a valid Word \(\.docx\) file nor",
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
        ("Привет, мир: как дела у Ивана Петрова?", "cp1251"),
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


@pytest.mark.parametrize("kind", sorted(all_arranged(2000, 1)))
def test_arranged_nonsense_is_refused_as_not_text_naming_the_file(settings, kind):
    data = all_arranged(100_000, 7)[kind]
    with pytest.raises(UnsupportedFormatError, match=r"^statement\.txt: not text: it(s| is made of) "):
        ingest_bytes(data, "statement.txt", settings, isolate=False)


def test_arranged_nonsense_named_as_a_document_is_not_a_valid_one(settings):
    with pytest.raises(CorruptFileError, match=r"^memo\.docx: .* neither a valid Word \(\.docx\) file nor text"):
        ingest_bytes(arranged_high_bytes(50_000, 3, "title"), "memo.docx", settings, isolate=False)


def test_a_large_file_is_judged_through_its_whole_length_not_by_its_head(settings):
    """Real prose first, then 12 MB of arranged nonsense: judged from windows spread through the
    file, it is refused without reading it all."""
    head = (PROSE["Spanish"] + "\n\n").encode() * 40
    data = head + arranged_high_bytes(12 * 1024**2, 5)
    with pytest.raises(UnsupportedFormatError, match=r"^big\.txt: not text: its letters occur about equally often"):
        ingest_bytes(data, "big.txt", settings, isolate=False)


def _encodings(language: str) -> list[tuple[str, bytes]]:
    prose = PROSE[language]
    encoded = [
        ("utf-8", prose.encode()),
        ("utf-8 with BOM", codecs.BOM_UTF8 + prose.encode()),
        ("utf-16", prose.encode("utf-16")),
        ("utf-16-be with BOM", codecs.BOM_UTF16_BE + prose.encode("utf-16-be")),
    ]
    if language in WESTERN:
        encoded += [("cp1252", prose.encode("cp1252")), ("latin-1", prose.replace("œ", "oe").encode("latin-1"))]
    return encoded


@pytest.mark.parametrize(
    ("language", "encoding", "data"),
    [(language, encoding, data) for language in PROSE for encoding, data in _encodings(language)],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_real_prose_in_every_script_and_encoding_is_read(settings, language, encoding, data):
    """The check judges these (each has over 400 letters) and reads them as text."""
    document = ingest_bytes(data * 3, f"{language}.txt", settings, isolate=False)
    expected = PROSE[language].replace("œ", "oe") if encoding == "latin-1" else PROSE[language]
    assert document.text.replace("\ufeff", "") == expected * 3
