import codecs

import pytest

from nerpipe import Settings, ingest_bytes, ingest_path
from nerpipe.errors import EmptyFileError, FileNotReadableError, FileTooLargeError


def test_utf8_text_is_read_with_a_content_hash_as_id(settings):
    document = ingest_bytes("Señor Pérez sold fentanyl.\r\nNext line.".encode(), "memo.txt", settings)
    assert document.text == "Señor Pérez sold fentanyl.\nNext line."
    assert len(document.id) == 64
    assert document.media_type == "text/plain"
    assert document.warnings == ()
    assert document.page_at(5) is None


def test_utf16_with_bom_is_decoded(settings):
    data = codecs.BOM_UTF16_LE + "Café owner".encode("utf-16-le")
    assert ingest_bytes(data, "memo.txt", settings).text == "Café owner"


def test_cp1252_fallback_warns(settings):
    document = ingest_bytes("“Quoted” café".encode("cp1252"), "old.txt", settings)
    assert document.text == "“Quoted” café"
    assert any("Windows-1252" in w for w in document.warnings)


@pytest.mark.parametrize("data", [b"", b"  \n\t "])
def test_empty_file_is_refused(settings, data):
    with pytest.raises(EmptyFileError, match=r"empty\.txt: the file is empty"):
        ingest_bytes(data, "empty.txt", settings)


def test_size_limit_is_checked_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    small_limit = Settings.from_env(env={}, max_file_bytes=1024)
    with pytest.raises(FileTooLargeError, match="larger than the 1,024 bytes limit"):
        ingest_path(big, small_limit)
    with pytest.raises(FileTooLargeError):
        ingest_bytes(b"a" * 2048, "big.txt", small_limit)


def test_missing_file_and_folder_are_named(settings, tmp_path):
    with pytest.raises(FileNotReadableError, match=r"nothere\.txt: no such file"):
        ingest_path(tmp_path / "nothere.txt", settings, display_name="nothere.txt")
    with pytest.raises(FileNotReadableError, match="is a folder"):
        ingest_path(tmp_path, settings)
