"""No user reads, changes or exports a case they are not a member of, by any endpoint or a
guessed id: the answer is the one for a case that does not exist. Roles limit what members do."""

from __future__ import annotations

import json
import re

import pytest

from tests.api.test_auth_api import assert_problem

SHA = "0" * 64
#: A valid request for each route of a case: (method, path after /v1/cases/{id}, request arguments).
CASE_REQUESTS = {
    ("GET", ""): {},
    ("DELETE", ""): {},
    ("GET", "/members"): {},
    ("PUT", "/members/{name}"): {},
    ("DELETE", "/members/{name}"): {},
    ("GET", "/audit"): {"params": {"format": "csv"}},
    ("POST", "/documents"): {"files": [("files", ("x.txt", b"Bob sold heroin.", "text/plain"))]},
    ("GET", "/documents"): {},
    ("GET", "/documents/{document_id}"): {},
    ("GET", "/entities"): {"params": {"format": "csv"}},
    ("GET", "/mentions"): {},
    ("GET", "/edges"): {},
    ("GET", "/links/evidence"): {"params": {"source": "PERSON:carlos mendez", "target": "DRUG:heroin"}},
    ("GET", "/graph.{kind}"): {},
    ("GET", "/chart.{fmt}"): {},
    ("GET", "/report.{fmt}"): {},
    ("GET", "/search"): {"params": {"q": "heroin"}},
    ("GET", "/corrections"): {},
    ("POST", "/corrections"): {"json": {"action": "reject", "document": SHA, "start": 0, "end": 3}},
    ("POST", "/corrections/undo"): {"json": {"document": SHA, "start": 0, "end": 3}},
    ("GET", "/merges"): {},
    ("POST", "/merges"): {"json": {"into": "PERSON:carlos mendez", "members": ["PERSON:ana ruiz"]}},
    ("POST", "/merges/undo"): {"json": {"member": "PERSON:ana ruiz"}},
}
#: Those an admin may use on a case without being its member.
MANAGING = {
    ("DELETE", ""),
    ("GET", "/members"),
    ("PUT", "/members/{name}"),
    ("DELETE", "/members/{name}"),
    ("GET", "/audit"),
}


def case_routes(api) -> set[tuple[str, str]]:
    """Every operation on a case, as the OpenAPI document lists them."""
    found = set()
    for path, operations in api.client.app.openapi()["paths"].items():
        if path.startswith("/v1/cases/{case_id}"):
            found |= {(method.upper(), path.removeprefix("/v1/cases/{case_id}")) for method in operations}
    return found


def request(api, who: str, case_id: int, method: str, tail: str):
    fmt = "svg" if tail.startswith("/chart") else "html"
    path = "/v1/cases/" + str(case_id) + tail.format(name="val", document_id=1, kind="gexf", fmt=fmt)
    return api.client.request(method, path, headers=api.as_(who), **CASE_REQUESTS[(method, tail)])


def test_every_case_route_is_in_the_table(api):
    assert case_routes(api) == set(CASE_REQUESTS)


@pytest.mark.parametrize(("method", "tail"), sorted(CASE_REQUESTS))
def test_an_outsider_gets_what_a_missing_case_gets(api, method, tail):
    before = len(api.store.audit.entries())
    seen = request(api, "out", api.case_id, method, tail)
    missing = request(api, "out", 999_999, method, tail)
    assert_problem(seen, 404)
    assert_problem(missing, 404)
    assert seen.json()["detail"] == missing.json()["detail"].replace("999999", str(api.case_id))
    assert "Tide" not in seen.text
    assert len(api.store.audit.entries()) == before  # nothing done, nothing exported
    assert [c.name for c in api.store.list_cases()] == ["Tide"]


@pytest.mark.parametrize(("method", "tail"), sorted(set(CASE_REQUESTS) - MANAGING))
def test_an_admin_who_is_not_a_member_does_not_read_the_contents(api, method, tail):
    assert_problem(request(api, "ada", api.case_id, method, tail), 404)


def test_an_outsider_sees_no_case_in_the_list_and_can_guess_none(api):
    assert api.get("/v1/cases", who="out").json()["items"] == []
    assert [(c["name"], c["member"]) for c in api.get("/v1/cases", who="ana").json()["items"]] == [("Tide", True)]
    assert [(c["name"], c["member"]) for c in api.get("/v1/cases", who="ada").json()["items"]] == [("Tide", False)]
    for guess in range(1, api.case_id + 5):
        assert api.get(f"/v1/cases/{guess}", who="out").status_code == 404


def test_a_viewer_reads_but_cannot_upload_correct_or_export(api):
    tide = f"/v1/cases/{api.case_id}"
    assert api.get(f"{tide}/entities", who="val").status_code == 200
    assert api.get(f"{tide}/documents", who="val").json()["total"] == 1
    for answer in (
        api.upload(api.case_id, [("b.txt", b"Bob sold cocaine.")], who="val"),
        api.get(f"{tide}/entities", who="val", params={"format": "csv"}),
        api.get(f"{tide}/graph.gexf", who="val"),
        api.post(f"{tide}/corrections", who="val", json={"action": "reject", "document": SHA, "start": 0, "end": 1}),
        api.post("/v1/cases", who="val", json={"name": "Mine"}),
        api.delete(tide, who="val"),
    ):
        assert "As a viewer you cannot" in assert_problem(answer, 403)["detail"]
    assert api.get(f"{tide}/documents", who="val").json()["total"] == 1
    refused = assert_problem(api.post("/v1/cases", who="val", json={"name": "Mine"}), 403)["detail"]
    assert refused == "As a viewer you cannot create a case: ask an admin for the analyst role."


def test_an_analyst_cannot_delete_a_case_and_an_admin_can_with_its_log_kept(api):
    tide = f"/v1/cases/{api.case_id}"
    assert_problem(api.delete(tide), 403)
    assert api.delete(tide, who="ada").status_code == 204
    assert_problem(api.get(tide), 404)
    tide_log = api.get("/v1/audit", who="ada", params={"case": "Tide", "limit": 1000}).json()["items"]
    assert tide_log[0]["action"] == "case.create"
    assert tide_log[-1]["action"] == "case.delete" and tide_log[-1]["actor"] == "ada"


def test_members_are_managed_by_admins(api):
    tide = f"/v1/cases/{api.case_id}"
    assert [u["name"] for u in api.get(f"{tide}/members").json()] == ["ana", "val"]
    assert_problem(api.put(f"{tide}/members/out"), 403)
    assert api.put(f"{tide}/members/out", who="ada").status_code == 204
    assert api.get(f"{tide}/entities", who="out").status_code == 200
    assert api.delete(f"{tide}/members/out", who="ada").status_code == 204
    assert_problem(api.get(f"{tide}/entities", who="out"), 404)


def test_the_case_audit_log_is_for_members_and_admins(api):
    tide = f"/v1/cases/{api.case_id}"
    page = api.get(f"{tide}/audit", who="val").json()
    actions = [e["action"] for e in page["items"]]
    assert actions[:3] == ["case.create", "document.add", "member.add"]
    added = page["items"][1]
    assert added["actor"] == "ana" and added["target"] == "report.txt"
    assert re.fullmatch(r"[0-9a-f]{64}", json.loads(added["details"])["sha256"])
    csv_text = api.get(f"{tide}/audit", who="ada", params={"format": "csv"}).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "id,at,actor,action,description,case_id,case,target,details"
    assert_problem(
        api.get("/v1/audit", who="ana"),
        403,
        "As an analyst you cannot read the server-wide audit log (every case's entries, logins and user changes): "
        "ask an admin for the admin role.",
    )


def test_a_new_case_under_a_deleted_case_name_does_not_show_the_old_log(api):
    """Names are reused once a case is gone; the log of the case that bore the name before stays
    with admins: a member of the new case reads only its own entries."""
    tide = f"/v1/cases/{api.case_id}"
    assert api.delete(tide, who="ada").status_code == 204
    again = api.post("/v1/cases", who="out", json={"name": "Tide"})
    assert again.status_code == 201, again.text
    seen = api.get(f"/v1/cases/{again.json()['id']}/audit", who="out", params={"limit": 1000}).json()
    assert [(e["action"], e["actor"]) for e in seen["items"]] == [("case.create", "out")]
    assert seen["total"] == 1
    exported = api.get(f"/v1/cases/{again.json()['id']}/audit", who="out", params={"format": "csv"}).text
    assert "report.txt" not in exported and "case.delete" not in exported
    everything = api.get("/v1/audit", who="ada", params={"case": "Tide", "limit": 1000}).json()["items"]
    assert [e["action"] for e in everything][-2:] == ["case.delete", "case.create"]  # admins: the name's whole log
