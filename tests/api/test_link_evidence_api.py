"""GET /v1/cases/{id}/links/evidence: one link's evidence, read from the documents that hold both
entities only (never every mention or text of the case); viewers may read it, non-members not."""

from __future__ import annotations

import pytest

from nerpipe.graph.chart import link_entities
from nerpipe.store import Store
from tests.api.test_auth_api import assert_problem


def test_one_links_evidence_is_that_of_the_chart_and_reads_no_whole_case(api, monkeypatch):
    linked = link_entities(api.store.load_mentions("Tide"), api.store.document_texts("Tide"))
    (a, b), edge = max(linked.edges.items(), key=lambda item: (item[1].weight, item[0]))
    for method in ("load_mentions", "document_texts"):
        monkeypatch.setattr(Store, method, lambda *x, method=method, **k: pytest.fail(f"called {method}"))
    answer = api.get(f"/v1/cases/{api.case_id}/links/evidence", who="val", params={"source": b, "target": a})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["source"], body["target"], body["window"]) == (a, b, "sentence")
    assert [(e["sha256"], e["page"], e["text"]) for e in body["evidence"]] == [
        (e.doc, e.page, e.text) for e in edge.evidence
    ]
    assert {e["document"] for e in body["evidence"]} == {"report.txt"}
    assert body["relations"] == dict(sorted(edge.relations.items(), key=lambda item: (-item[1], item[0])))
    one = api.get(f"/v1/cases/{api.case_id}/links/evidence", params={"source": a, "target": b, "limit": 1})
    assert len(one.json()["evidence"]) == 1


def test_bad_requests_and_strangers_get_problems(api):
    base = f"/v1/cases/{api.case_id}/links/evidence"
    assert_problem(api.get(base, who="out", params={"source": "PERSON:a", "target": "PERSON:b"}), 404)
    assert (
        "window"
        in assert_problem(api.get(base, params={"source": "PERSON:a", "target": "PERSON:b", "window": "page"}), 422)[
            "detail"
        ]
    )
    assert_problem(api.get(base, params={"source": "PERSON:a"}), 422)
    nothing = api.get(base, params={"source": "PERSON:nobody", "target": "PERSON:no one"})
    assert nothing.status_code == 200 and nothing.json()["evidence"] == []
