"""Text in a legacy single-byte charset other than Windows-1252 (Cyrillic Windows-1251, Greek
Windows-1253) is read in it, when charset-normalizer is sure and the result is words of one
script; Western text stays Windows-1252 (charset-normalizer calls French Baltic ISO-8859-13)."""

from __future__ import annotations

import pytest

from nerpipe import ingest_bytes
from tests.ingest.languages import PROSE


@pytest.mark.parametrize(
    ("language", "charset", "name"),
    [("Russian", "cp1251", "Windows-1251"), ("Greek", "cp1253", "Windows-1253"), ("Russian", "koi8_r", "KOI8-R")],
)
def test_non_latin_text_in_a_legacy_charset_is_read_in_it(settings, language, charset, name):
    document = ingest_bytes(PROSE[language].encode(charset), f"{language}.txt", settings, isolate=False)
    assert document.text == PROSE[language]
    assert document.warnings == (f"not UTF-8: read as {name}",)


def test_one_russian_sentence_in_windows_1251_is_read_in_it(settings):
    sentence = PROSE["Russian"].split(". ")[0] + "."
    document = ingest_bytes(sentence.encode("cp1251"), "short.txt", settings, isolate=False)
    assert document.text == sentence


@pytest.mark.parametrize("language", ["French", "German", "Spanish"])
def test_western_text_stays_windows_1252(settings, language):
    document = ingest_bytes(PROSE[language].encode("cp1252"), f"{language}.txt", settings, isolate=False)
    assert document.text == PROSE[language]
    assert document.warnings == ("not UTF-8: read as Windows-1252",)


def test_a_damaged_windows_1251_text_is_read_in_it_with_its_damage_marked(settings):
    data = bytearray(PROSE["Russian"].encode("cp1251") * 2)
    data[200:300] = bytes(100)
    document = ingest_bytes(bytes(data), "damaged.txt", settings, isolate=False)
    assert "Иван Петрович Смирнов" in document.text
    assert document.text.count("\ufffd") == 1
    assert document.warnings[0] == "not UTF-8: read as Windows-1251"
