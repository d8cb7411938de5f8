import pytest

from nerpipe import ingest_bytes
from nerpipe.ingest.names import MAX_NAME_CHARS, safe_filename


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\cop\\notes.txt", "notes.txt"),
        ("bad\x00name\x1b[31m.txt", "badname[31m.txt"),
        ("..", "unnamed"),
        # A name the user gave is kept, even when it holds a "/" (the Documents view used to list "script>.txt").
        ("<script>alert(1)</script>.txt", "<script>alert(1)</script>.txt"),
        ("case/<b>a/b</b>.txt", "<b>a/b</b>.txt"),
        ("", "unnamed"),
        (None, "unnamed"),
    ],
)
def test_names_lose_paths_and_control_characters(given, safe):
    assert safe_filename(given) == safe


def test_very_long_names_keep_their_extension():
    name = safe_filename("a" * 1000 + ".docx")
    assert len(name) <= MAX_NAME_CHARS and name.endswith("….docx")


def test_documents_carry_the_safe_name(settings):
    document = ingest_bytes(b"Hello from Ana.", "../../secret/\x07memo.txt", settings)
    assert document.filename == "memo.txt"
