"""Upload view: each file's outcome, a scan named as one, the name the user gave kept."""

from __future__ import annotations

import pytest

from nerpipe.ingest.ocr import unavailable_reason
from tests.dashboard.helpers import (
    app,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    open_store,
    page_text,
    table_with,
)
from tests.ingest.test_ocr import encoded, page_image

ODD_NAME = "<script>alert(1)</script>.txt"


def upload(files: list[tuple[str, bytes, str]]):
    open_store().create_case("Op Tide")
    at = app()
    at.file_uploader(key="upload_files").set_value(files).run()
    return at.button(key="upload_run").click().run()


def test_with_ocr_switched_off_a_scan_is_reported_as_needing_ocr_not_as_added():
    open_store().create_case("Op Tide")
    at = app()
    at.toggle(key="upload_ocr").set_value(False).run()
    at.file_uploader(key="upload_files").set_value(
        [
            ("scan.png", encoded(page_image(), "PNG"), "image/png"),
            ("memo.txt", b"Maria Lopez sold heroin to the Latin Kings in Denver.", "text/plain"),
        ]
    ).run()
    at = at.button(key="upload_run").click().run()
    assert not at.exception
    said = page_text(at)
    assert "1 file(s) added" in said
    assert "scan.png: needs OCR, no text read." in said
    outcomes = table_with(at, "file", "result").set_index("file")
    assert outcomes.loc["scan.png", "result"] == "needs OCR: no text read"
    assert outcomes.loc["memo.txt", "result"] == "added"


@pytest.mark.skipif(unavailable_reason("eng") is not None, reason="OCR cannot run here")
def test_a_scan_is_read_by_ocr_and_the_documents_view_says_so():
    at = upload([("scan.png", encoded(page_image(), "PNG"), "image/png")])
    assert not at.exception
    assert "1 file(s) added" in page_text(at)
    assert table_with(at, "file", "mentions").set_index("file").loc["scan.png", "mentions"] > 0
    documents = go(at, "Documents")
    ocr_column = table_with(documents, "file", "OCR").set_index("file")
    assert ocr_column.loc["scan.png", "OCR"].startswith("page 1 by OCR, ")
    assert "Text from OCR:" in page_text(documents)


def test_the_name_the_user_gave_is_kept_and_shown_as_text():
    at = upload([(ODD_NAME, b"Maria Lopez sold heroin to the Latin Kings.", "text/plain")])
    assert list(table_with(at, "file")["file"]) == [ODD_NAME]
    documents = go(at, "Documents")
    assert list(table_with(documents, "file")["file"]) == [ODD_NAME], "Documents lists another name than Upload"
    assert not any("<script" in element.proto.body for element in documents.get("html"))
