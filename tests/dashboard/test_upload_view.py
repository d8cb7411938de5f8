"""Upload view: each file's outcome, a scan named as one, the name the user gave kept; an upload
that goes on while the analyst is in another view, with its progress within a file, and Cancel."""

from __future__ import annotations

import sys

import pytest

from nerpipe.auth.passwords import hash_password
from nerpipe.ingest.ocr import unavailable_reason
from tests.dashboard.helpers import (
    app,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    logged_in,
    open_store,
    page_text,
    table_with,
)
from tests.ingest.test_ocr import encoded, page_image
from tests.upload_helpers import FILES, TIMEOUT_S, pause_long_text

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


def running_upload(monkeypatch):
    """The Upload view right after "Add to case", its upload stopped in the middle of long.txt
    (its first batch extracted); returns the app, the job and the Event that lets it go on."""
    reached, go_on = pause_long_text(monkeypatch)
    open_store().create_case("Op Tide")
    at = app()
    at.file_uploader(key="upload_files").set_value([(name, data, "text/plain") for name, data in FILES]).run()
    at = at.button(key="upload_run").click().run()
    assert reached.wait(TIMEOUT_S)
    job = sys.modules["views.upload"].jobs().get("", "Op Tide")
    return at, job, go_on


def test_the_upload_goes_on_in_another_view_and_its_report_waits_on_return(monkeypatch):
    """A click on another view does not end the upload: the sidebar says it runs, the report waits."""
    at, job, go_on = running_upload(monkeypatch)
    assert not at.exception
    bar = at.main.get("progress")[0].proto
    said = bar.text.replace("\\", "")  # the file name is escaped as Markdown
    assert said.startswith("1 of 3 file(s) done · long.txt: ") and " of 6,960 characters extracted" in said
    assert 33 < bar.value < 67
    assert list(table_with(at, "file", "result")["file"]) == ["first.txt"], "the first file's outcome as it ended"
    at = go(at, "Documents")
    assert any("An upload into Op Tide is running" in i.value for i in at.sidebar.info)
    go_on.set()
    assert job.wait(TIMEOUT_S)
    assert sorted(d.filename for d in open_store().list_documents("Op Tide")) == ["first.txt", "last.txt", "long.txt"]
    at = go(at, "Upload")
    assert not at.exception
    assert not any("is running" in i.value for i in at.sidebar.info)
    assert "3 file(s) added" in page_text(at)
    assert sorted(table_with(at, "file", "mentions")["file"]) == ["first.txt", "last.txt", "long.txt"]
    at = at.button(key="upload_clear").click().run()
    assert "3 file(s) added" not in page_text(at)


def test_cancel_keeps_the_files_added_and_names_those_that_were_not(monkeypatch):
    at, job, go_on = running_upload(monkeypatch)
    at = at.button(key="upload_cancel").click().run()
    assert "Cancelling" in page_text(at)
    go_on.set()
    assert job.wait(TIMEOUT_S)
    at = at.run()
    said = page_text(at)
    assert "The upload was cancelled" in said and "1 file(s) added" in said
    assert "Not added, as the upload was cancelled" in said and "long.txt" in said and "last.txt" in said
    assert [d.filename for d in open_store().list_documents("Op Tide")] == ["first.txt"]
    assert list(table_with(at, "file", "mentions")["file"]) == ["first.txt"]


def test_with_logins_a_running_upload_is_shown_to_the_user_who_started_it_only(monkeypatch):
    monkeypatch.setenv("NERPIPE_AUTH", "1")
    store = open_store()
    store.create_case("Op Tide")
    store.users.add_user("ada", "admin", hash_password("correct horse battery"))  # else: make the first admin
    for name in ("ana", "bob"):
        store.users.add_user(name, "analyst", hash_password("correct horse battery"))
        store.users.add_member(name, "Op Tide")
    store.close()
    reached, go_on = pause_long_text(monkeypatch)
    ana = logged_in("ana", "correct horse battery")
    ana.file_uploader(key="upload_files").set_value([(name, data, "text/plain") for name, data in FILES]).run()
    ana = ana.button(key="upload_run").click().run()
    assert reached.wait(TIMEOUT_S)
    assert ana.button(key="upload_cancel")
    bob = logged_in("bob", "correct horse battery")
    assert not bob.main.get("progress") and not [b for b in bob.button if b.key == "upload_cancel"]
    job = sys.modules["views.upload"].jobs().get("ana", "Op Tide")
    go_on.set()
    assert job.wait(TIMEOUT_S)
    assert "3 file(s) added" in page_text(ana.run())
    assert "file(s) added" not in page_text(bob.run())
    added = open_store().audit.entries(case="Op Tide", actions=["document.add"])
    assert sorted(e.target for e in added) == ["first.txt", "last.txt", "long.txt"]
    assert {e.actor for e in added} == {"ana"}, "the job stores as the user who started it"
