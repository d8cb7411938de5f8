"""Reading a case over the API (entities, mentions, edges, graph exports, search) and correcting
it; every export recorded in the audit log with its filters, before it is sent."""

from __future__ import annotations

import csv
import io

import networkx as nx

from tests.api.test_auth_api import assert_problem


def path(api, tail: str) -> str:
    return f"/v1/cases/{api.case_id}{tail}"


def test_entities_mentions_and_edges_come_in_pages(api):
    everything = api.get(path(api, "/entities"), params={"limit": 1000}).json()
    ids = [e["id"] for e in everything["items"]]
    assert {"PERSON:carlos mendez", "GANG_ORG:latin kings", "DRUG:heroin"} <= set(ids)
    page = api.get(path(api, "/entities"), params={"offset": 2, "limit": 2}).json()
    assert page["total"] == everything["total"] and [e["id"] for e in page["items"]] == ids[2:4]
    mentions = api.get(path(api, "/mentions"), params={"limit": 1000}).json()["items"]
    assert {m["filename"] for m in mentions} == {"report.txt"}
    assert {m["entity_id"] for m in mentions} == set(ids)
    edges = api.get(path(api, "/edges"), params={"limit": 1000}).json()["items"]
    assert any({e["source"], e["target"]} == {"DRUG:heroin", "GANG_ORG:latin kings"} for e in edges)
    drugs = api.get(path(api, "/entities"), params={"labels": "drug"}).json()["items"]
    assert {e["label"] for e in drugs} == {"DRUG"}


def test_bad_filters_are_named(api):
    assert "window" in assert_problem(api.get(path(api, "/entities"), params={"window": "fortnight"}), 422)["detail"]
    assert "labels" in assert_problem(api.get(path(api, "/entities"), params={"labels": ",,"}), 422)["detail"]
    assert "'limit'" in assert_problem(api.get(path(api, "/entities"), params={"limit": 0}), 422)["detail"]


def test_a_csv_export_is_logged_with_its_filters_and_neutralised(api):
    answer = api.get(path(api, "/entities"), params={"format": "csv", "labels": "DRUG,GANG_ORG", "min_weight": 1})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert {r["label"] for r in rows} == {"DRUG", "GANG_ORG"}
    entry = api.store.audit.entries(case="Tide")[-1]
    assert (entry.actor, entry.action, entry.target) == ("ana", "export", "entities")
    assert entry.details == {
        "format": "csv",
        "labels": ["DRUG", "GANG_ORG"],
        "window": "sentence",
        "min_weight": 1,
        "all_labels": False,
    }


def test_graph_exports_open_in_networkx(api):
    for kind, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        answer = api.get(path(api, f"/graph.{kind}"))
        assert answer.status_code == 200, answer.text
        graph = read(io.BytesIO(answer.content))
        assert "DRUG:heroin" in graph
    linked = api.get(path(api, "/graph.json")).json()
    assert "DRUG:heroin" in {node["id"] for node in linked["nodes"]}
    assert [e.target for e in api.store.audit.entries(case="Tide") if e.action == "export"] == [
        "gexf",
        "graphml",
        "json",
    ]


def test_search_finds_words_and_says_what_is_wrong_with_a_query(api):
    found = api.get(path(api, "/search"), params={"q": "heroin AND Denver"}).json()
    assert found["total"] == 1 and "«heroin»" in found["hits"][0]["snippet"]
    assert api.get(path(api, "/search"), params={"q": "cocaine"}).json()["total"] == 0
    assert_problem(api.get(path(api, "/search"), params={"q": "heroin AND"}), 400)


def _mention(api, text: str) -> dict:
    return next(m for m in api.get(path(api, "/mentions"), params={"limit": 1000}).json()["items"] if m["text"] == text)


def test_corrections_reject_relabel_undo_each_logged(api):
    heroin = _mention(api, "heroin")
    span = {"document": heroin["document_id"], "start": heroin["start"], "end": heroin["end"]}
    assert api.post(path(api, "/corrections"), json={"action": "reject", **span}).status_code == 201
    assert "DRUG:heroin" not in [e["id"] for e in api.get(path(api, "/entities")).json()["items"]]
    relabel = {"action": "relabel", "label": "WEAPON", **span}
    assert api.post(path(api, "/corrections"), json=relabel).status_code == 201
    labels = {e["id"]: e["label"] for e in api.get(path(api, "/entities"), params={"all_labels": True}).json()["items"]}
    assert labels.get("WEAPON:heroin") == "WEAPON"
    assert [c["action"] for c in api.get(path(api, "/corrections"), who="val").json()] == ["relabel"]
    assert api.post(path(api, "/corrections/undo"), json=span).status_code == 200
    assert api.get(path(api, "/corrections")).json() == []
    assert_problem(api.post(path(api, "/corrections/undo"), json=span), 404)
    actions = [e.action for e in api.store.audit.entries(case="Tide")]
    assert actions[-3:] == ["correction.reject", "correction.relabel", "correction.undo"]


def test_a_correction_of_a_span_that_is_no_mention_is_refused(api):
    heroin = _mention(api, "heroin")
    wrong = {"action": "reject", "document": heroin["document_id"], "start": heroin["start"] + 1, "end": heroin["end"]}
    assert_problem(api.post(path(api, "/corrections"), json=wrong), 404)
    missing_label = {**wrong, "action": "relabel", "start": heroin["start"]}
    assert "label" in assert_problem(api.post(path(api, "/corrections"), json=missing_label), 422)["detail"]


def test_merges_and_their_undo(api):
    body = {"into": "GANG_ORG:latin kings", "members": ["GANG_ORG:sinaloa cartel"]}
    assert api.post(path(api, "/merges"), json=body).status_code == 201
    assert api.get(path(api, "/merges")).json() == [
        {"into": "GANG_ORG:latin kings", "member": "GANG_ORG:sinaloa cartel"}
    ]
    ids = [e["id"] for e in api.get(path(api, "/entities")).json()["items"]]
    assert "GANG_ORG:sinaloa cartel" not in ids
    assert api.post(path(api, "/merges/undo"), json={"member": "GANG_ORG:sinaloa cartel"}).status_code == 200
    assert_problem(api.post(path(api, "/merges/undo"), json={"member": "GANG_ORG:sinaloa cartel"}), 404)
    assert_problem(api.post(path(api, "/merges"), json={"into": "PERSON:nobody", "members": ["DRUG:heroin"]}), 404)
    merges = [e for e in api.store.audit.entries(case="Tide") if e.action.startswith("merge")]
    assert [(e.action, e.target, e.details) for e in merges] == [
        ("merge", "GANG_ORG:latin kings", {"members": ["GANG_ORG:sinaloa cartel"]}),
        ("merge.undo", "GANG_ORG:sinaloa cartel", {"from": "GANG_ORG:latin kings"}),
    ]


def test_checking_one_correction_does_not_read_the_cases_mentions(api, monkeypatch):
    heroin = _mention(api, "heroin")

    def whole_case(*args, **kwargs):
        raise AssertionError("the whole case was read")

    monkeypatch.setattr(type(api.store), "load_mentions", whole_case)
    span = {"document": heroin["document_id"], "start": heroin["start"], "end": heroin["end"]}
    assert api.post(path(api, "/corrections"), json={"action": "reject", **span}).status_code == 201
    assert_problem(api.post(path(api, "/corrections"), json={**span, "action": "reject", "start": 0}), 404)
