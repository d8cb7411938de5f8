"""Uploads through the API: the same ingest path as the dashboard and `nerpipe ingest`, every bad
file of the hostile-files issue a per-file outcome beside the good ones, jobs with progress, size
limits; reading documents with their text and pages."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from nerpipe.batch import ingest_into_case
from tests.api.conftest import REPORT, make_api
from tests.api.test_auth_api import assert_problem
from tests.ingest.conftest import make_docx, make_pdf
from tests.ingest.fuzzing import make_odt
from tests.ingest.test_mail import nested_email
from tests.ingest.test_textlike import THIRTEEN_RANDOM_BYTES, random_high_bytes
from tests.ingest.test_zipcheck import STORY, _document_xml, _with_document_xml, shifted_directory

LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>"
)


def zip_bomb() -> bytes:
    """A DOCX whose document inflates to 30 MB of zeros from a few kilobytes, headers honest."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx(STORY))) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info), zipfile.ZIP_DEFLATED)
        target.writestr("word/media/zeros.bin", b"\0" * (30 * 1024 * 1024), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def hostile_files() -> list[tuple[str, bytes]]:
    """The hostile-files issue's inputs, made here, between good files."""
    return [
        ("a-good.txt", b"The Crips sold heroin."),
        ("empty.txt", b""),
        ("oversize.txt", b"word " * 250_000),
        ("locked.pdf", make_pdf(["Secret page"], password="s3cret")),
        ("photo.docx", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\0" * 100),
        ("program.txt", b"\x7fELF\x02\x01\x01" + bytes(200)),
        ("bomb.docx", zip_bomb()),
        ("laughs.docx", _with_document_xml(_document_xml("&lol9;", LAUGHS))),
        ("deep.html", b"<div>" * 100_000 + b"text"),
        ("deep.eml", nested_email(1000)),
        ("seek.odt", shifted_directory(make_odt(STORY), 147)),
        ("x.docx", THIRTEEN_RANDOM_BYTES),
        ("tiny.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8)),
        ("noise.txt", random_high_bytes(8192)),
        ("\x1b[2J=HYPERLINK(x).txt", b"Agents seized fentanyl from MS-13."),
        ("z-good.pdf", make_pdf(["Carlos Mendez sold fentanyl.", "The Latin Kings in Denver."])),
        ("=SUM(1).txt", b"Maria Lopez sold cocaine to the Crips."),
        ("long.pdf", make_pdf([f"Page {n}: Carlos Mendez." for n in range(1, 6)])),  # past the page limit
    ]


def small_limits(tmp_path, pipeline, **overrides):
    return make_api(
        tmp_path,
        pipeline,
        max_file_bytes=1024 * 1024,
        max_unzipped_bytes=20 * 1024 * 1024,
        max_pdf_pages=3,
        **overrides,
    )


@pytest.mark.slow
def test_every_hostile_file_is_an_outcome_of_its_own_and_the_good_ones_go_in(tmp_path, pipeline):
    api = small_limits(tmp_path, pipeline)
    with api.client:
        case_id = api.post("/v1/cases", json={"name": "Tide"}).json()["id"]
        answer = api.upload(case_id, hostile_files())
        assert answer.status_code == 200, answer.text
        job = answer.json()
        assert job["status"] == "done" and job["files"] == job["files_done"] == 18
        by_name = {o["name"]: o for o in job["outcomes"]}
        api.store.create_case("Same path")  # the same files through the function the dashboard calls
        direct = ingest_into_case(api.store, "Same path", hostile_files(), api.settings, pipeline=pipeline)
    expected = {o.name: (o.status, o.reason) for o in direct}
    names = {"=HYPERLINK(x).txt" if n.startswith("\x1b") else n for n in by_name}
    assert len(names) == 18
    for name, outcome in by_name.items():
        raw = next(n for n in expected if n.endswith(name[-15:]))
        assert (outcome["status"], outcome["reason"]) == expected[raw], name
    added = {name for name, o in by_name.items() if o["status"] == "added"}
    assert added == {"a-good.txt", "z-good.pdf", "[2J=HYPERLINK(x).txt", "deep.html", "long.pdf", "=SUM(1).txt"}
    assert any("3" in w and "page" in w for w in by_name["long.pdf"]["warnings"]), by_name["long.pdf"]
    failed = {name: o["reason"] for name, o in by_name.items() if o["status"] == "failed"}
    assert len(failed) == 12
    assert all(reason and "Traceback" not in reason and " at 0x" not in reason for reason in failed.values())
    assert "password" in failed["locked.pdf"] or "encrypted" in failed["locked.pdf"]
    assert "limit" in failed["oversize.txt"]
    assert failed["deep.eml"].startswith("its MIME parts are nested too deep to read")
    documents = api.store.list_documents("Tide")
    assert len(documents) == 6 and all("\x1b" not in d.filename for d in documents)
    with api.client:
        exported = api.get(f"/v1/cases/{case_id}/mentions", params={"format": "csv"}).content.decode("utf-8-sig")
    assert "'=SUM(1).txt" in exported and ",=SUM" not in exported  # no formula reaches a spreadsheet


def test_a_large_upload_runs_as_a_job_to_poll(api):
    started = api.upload(api.case_id, [("b.txt", b"Bob sold cocaine to MS-13."), ("c.txt", b"Eve met Bob.")], wait=0)
    assert started.status_code in (200, 202)
    job = started.json()
    if started.status_code == 202:
        assert started.headers["location"] == f"/v1/jobs/{job['id']}"
    for _ in range(600):
        job = api.get(f"/v1/jobs/{job['id']}").json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert job["status"] == "done" and [o["status"] for o in job["outcomes"]] == ["added", "added"]
    assert_problem(api.get(f"/v1/jobs/{job['id']}", who="val"), 404)  # someone else's job
    assert_problem(api.get("/v1/jobs/not-a-job"), 404)


def test_the_same_file_again_is_already_in_the_case(api):
    again = api.upload(api.case_id, [("copy.txt", REPORT.encode())]).json()
    assert [(o["name"], o["status"]) for o in again["outcomes"]] == [("copy.txt", "already in the case")]


def test_a_request_over_the_upload_limit_is_refused_before_it_is_read(tmp_path, pipeline):
    api = make_api(tmp_path, pipeline, max_upload_bytes=50_000)
    with api.client:
        case_id = api.post("/v1/cases", json={"name": "Tide"}).json()["id"]
        answer = api.upload(case_id, [("big.txt", b"x" * 60_000)])
        assert "larger than the 49 KB limit" in assert_problem(answer, 413)["detail"]
        chunks = api.client.post(
            f"/v1/cases/{case_id}/documents",
            headers={**api.as_("ana"), "content-type": "multipart/form-data; boundary=b"},
            content=iter([b"--b\r\n", b"y" * 60_000]),
        )
        assert_problem(chunks, 413)
        assert api.store.list_documents("Tide") == []


def test_an_upload_without_files_is_a_clear_422(api):
    answer = api.post(f"/v1/cases/{api.case_id}/documents", data={"nothing": "here"})
    assert "body field 'files'" in assert_problem(answer, 422)["detail"]


def test_documents_are_listed_and_read_with_their_text_and_pages(api):
    api.upload(api.case_id, [("lab.pdf", make_pdf(["Page one: heroin.", "Page two: Carlos Mendez."]))])
    listed = api.get(f"/v1/cases/{api.case_id}/documents", params={"limit": 1, "offset": 1}).json()
    assert listed["total"] == 2 and [d["filename"] for d in listed["items"]] == ["lab.pdf"]
    document = api.get(f"/v1/cases/{api.case_id}/documents/{listed['items'][0]['id']}").json()
    assert document["media_type"] == "application/pdf"
    assert [p["page"] for p in document["pages"]] == [1, 2]
    first, second = (document["text"][p["start"] : p["end"]] for p in document["pages"])
    assert "heroin" in first and "Carlos Mendez" in second
    assert_problem(api.get(f"/v1/cases/{api.case_id}/documents/999999"), 404)
