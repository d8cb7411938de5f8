"""POST /v1/extract: text or a file in, the mentions `nerpipe extract --format jsonl` prints out;
several clients at once each get their own."""

from __future__ import annotations

import io
import json
from concurrent.futures import ThreadPoolExecutor

from nerpipe import Document, extract_text
from nerpipe.mention_formats import MENTION_FIELDS, MentionFormat, write_mentions
from nerpipe.pipeline import extract_documents
from tests.api.conftest import REPORT
from tests.api.test_auth_api import assert_problem
from tests.ingest.conftest import make_docx

TEXTS = [
    "Carlos Mendez sold fentanyl to the Latin Kings in Denver.",
    "The Sinaloa Cartel supplied heroin to MS-13.",
    "Detective Ana Ruiz met Maria Lopez in Tijuana.",
    "Agents seized cocaine from the Crips in Chicago.",
    REPORT,
    "Nothing to see here.",
]


def expected(pipeline, text: str, name: str = "text") -> list[dict]:
    """What the CLI prints for the same text, line by line."""
    document = Document(id=name, filename=name, media_type="text/plain", text=text)
    out = io.StringIO()
    write_mentions(extract_documents(pipeline.nlp, [document], key=lambda d: d.filename), MentionFormat.jsonl, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_text_in_mentions_out_with_the_cli_fields(api, pipeline):
    answer = api.post("/v1/extract", who="val", json={"text": TEXTS[0], "name": "memo.txt"})
    assert answer.status_code == 200, answer.text
    found = answer.json()["mentions"]
    assert found == expected(pipeline, TEXTS[0], "memo.txt")
    assert tuple(found[0]) == MENTION_FIELDS  # the columns of the CLI's CSV and JSON lines
    assert {m["text"] for m in found} >= {"Carlos Mendez", "fentanyl", "Latin Kings"}
    only = api.post("/v1/extract", json={"text": TEXTS[0], "labels": ["drug"]}).json()["mentions"]
    assert [m["text"] for m in only] == ["fentanyl"]
    assert {m.text for m in extract_text(pipeline.nlp, TEXTS[0])} >= {m["text"] for m in found}


def test_a_file_in_is_read_as_the_cli_reads_it(api):
    data = make_docx(["Carlos Mendez sold heroin.", "The Latin Kings paid him."])
    answer = api.post("/v1/extract", files={"file": ("statement.docx", data, "application/octet-stream")})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["documents"][0]["doc"] == "statement.docx"
    assert {m["text"] for m in body["mentions"]} >= {"Carlos Mendez", "heroin", "Latin Kings"}
    assert {m["doc"] for m in body["mentions"]} == {"statement.docx"}


def test_a_bad_file_or_body_is_a_clear_problem(api):
    broken = api.post("/v1/extract", files={"file": ("x.docx", b"\x00\x01 not a docx", "application/octet-stream")})
    assert assert_problem(broken, 422)["detail"].startswith("x.docx: ")
    assert "'text'" in assert_problem(api.post("/v1/extract", json={"words": "x"}), 422)["detail"]
    for body, kind, status in ((b"plain", "text/plain", 415), (b"{not json", "application/json", 422)):
        headers = {**api.as_("ana"), "content-type": kind}
        assert_problem(api.client.post("/v1/extract", content=body, headers=headers), status)
    assert_problem(api.post("/v1/extract", files={"other": ("a.txt", b"x", "text/plain")}), 422)


def test_several_clients_extracting_at_once_each_get_their_own(api, pipeline):
    wanted = {text: expected(pipeline, text, f"t{i}") for i, text in enumerate(TEXTS)}

    def one(job: tuple[int, str]) -> tuple[str, list[dict]]:
        number, text = job
        answer = api.post(
            "/v1/extract", who=["ana", "val", "ada"][number % 3], json={"text": text, "name": f"t{TEXTS.index(text)}"}
        )
        assert answer.status_code == 200, answer.text
        return text, answer.json()["mentions"]

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(one, list(enumerate(TEXTS * 4))))
    assert len(results) == 24
    for text, found in results:
        assert found == wanted[text]
