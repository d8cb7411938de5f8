import codecs

import pytest

from nerpipe import Settings, ingest_bytes, ingest_path
from nerpipe.errors import EmptyFileError, FileNotReadableError, UnsupportedFormatError

SETTINGS = Settings.from_env(env={})


def test_utf8_text_is_read_with_a_content_hash_as_id():
    document = ingest_bytes("Señor Pérez sold fentanyl.".encode(), "memo.txt", SETTINGS)
    assert document.text == "Señor Pérez sold fentanyl."
    assert len(document.id) == 64
    assert document.media_type == "text/plain"
    assert document.warnings == ()


def test_utf16_with_bom_is_decoded():
    data = codecs.BOM_UTF16_LE + "Café owner".encode("utf-16-le")
    assert ingest_bytes(data, "memo.txt", SETTINGS).text == "Café owner"


def test_cp1252_fallback_warns():
    document = ingest_bytes("“Quoted” café".encode("cp1252"), "old.txt", SETTINGS)
    assert document.text == "“Quoted” café"
    assert any("Windows-1252" in w for w in document.warnings)


def test_nul_bytes_mean_binary_and_are_refused_with_the_name():
    with pytest.raises(UnsupportedFormatError, match=r"^photo\.jpg: binary content"):
        ingest_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "photo.jpg", SETTINGS)


@pytest.mark.parametrize("data", [b"", b"  \n\t "])
def test_empty_file_is_refused(data):
    with pytest.raises(EmptyFileError, match=r"empty\.txt: the file is empty"):
        ingest_bytes(data, "empty.txt", SETTINGS)


def test_size_limit_is_checked_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    small_limit = Settings.from_env(env={}, max_file_bytes=1024)
    with pytest.raises(UnsupportedFormatError, match="larger than the"):
        ingest_path(big, small_limit)


def test_missing_file_and_folder_are_named(tmp_path):
    with pytest.raises(FileNotReadableError, match=r"nothere\.txt: no such file"):
        ingest_path(tmp_path / "nothere.txt", SETTINGS, display_name="nothere.txt")
    with pytest.raises(FileNotReadableError, match="is a folder"):
        ingest_path(tmp_path, SETTINGS)
