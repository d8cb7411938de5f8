"""Upload view: each file's outcome, a scan named as one, the name the user gave kept."""

from __future__ import annotations

from tests.dashboard.helpers import (
    app,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    open_store,
    page_text,
    table_with,
)
from tests.ingest.conftest import make_pdf

ODD_NAME = "<script>alert(1)</script>.txt"


def upload(files: list[tuple[str, bytes, str]]):
    open_store().create_case("Op Tide")
    at = app()
    at.file_uploader(key="upload_files").set_value(files).run()
    return at.button(key="upload_run").click().run()


def test_a_scan_is_reported_as_needing_ocr_not_as_added():
    at = upload(
        [
            ("scan.pdf", make_pdf([None, None]), "application/pdf"),
            ("memo.txt", b"Maria Lopez sold heroin to the Latin Kings in Denver.", "text/plain"),
        ]
    )
    assert not at.exception
    said = page_text(at)
    assert "1 file(s) added" in said
    assert "scan.pdf: needs OCR, no text read." in said
    outcomes = table_with(at, "file", "result").set_index("file")
    assert outcomes.loc["scan.pdf", "result"] == "needs OCR: no text read"
    assert outcomes.loc["memo.txt", "result"] == "added"


def test_the_name_the_user_gave_is_kept_and_shown_as_text():
    at = upload([(ODD_NAME, b"Maria Lopez sold heroin to the Latin Kings.", "text/plain")])
    assert list(table_with(at, "file")["file"]) == [ODD_NAME]
    documents = go(at, "Documents")
    assert list(table_with(documents, "file")["file"]) == [ODD_NAME], "Documents lists another name than Upload"
    assert not any("<script" in element.proto.body for element in documents.get("html"))
