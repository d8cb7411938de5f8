"""Creating a case through the API reveals nothing about cases the caller cannot see (issue 39,
item 3): another team's case name is free for them (201, a case of their own), a name among their
own cases is taken (409), and cases addressed by id stay apart whoever sees both."""

from __future__ import annotations

import pytest

from tests.api.conftest import REPORT, make_api


@pytest.fixture
def api(tmp_path, pipeline):
    """'Harbor' made by ana, with one report; 'out' is an analyst in another team."""
    made = make_api(tmp_path, pipeline)
    with made.client:
        answer = made.post("/v1/cases", json={"name": "Harbor"})
        assert answer.status_code == 201, answer.text
        made.case_id = answer.json()["id"]
        assert made.upload(made.case_id, [("report.txt", REPORT.encode())]).json()["status"] == "done"
        yield made
    made.store.close()


def test_a_name_only_another_team_uses_is_free_and_a_visible_duplicate_is_409(api):
    made = api.post("/v1/cases", "out", json={"name": "Harbor"})
    assert made.status_code == 201, made.text  # was 409 "A case named 'Harbor' already exists."
    theirs = made.json()
    assert theirs["id"] != api.case_id and theirs["name"] == "Harbor" and theirs["documents"] == 0
    again = api.post("/v1/cases", "out", json={"name": " Harbor "})
    assert again.status_code == 409 and "already exists" in again.json()["detail"]
    assert api.post("/v1/cases", "ana", json={"name": "Harbor"}).status_code == 409
    listed = api.get("/v1/cases", "out").json()["items"]
    assert [(c["id"], c["documents"]) for c in listed] == [(theirs["id"], 0)]
    assert api.get(f"/v1/cases/{theirs['id']}/documents", "out").json()["total"] == 0
    assert api.get(f"/v1/cases/{api.case_id}/documents", "ana").json()["total"] == 1


def test_an_admin_member_of_both_reaches_each_by_id_and_names_are_told_apart_in_the_log(api):
    theirs = api.post("/v1/cases", "out", json={"name": "Harbor"}).json()["id"]
    for case_id in (api.case_id, theirs):
        assert api.put(f"/v1/cases/{case_id}/members/ada", "ada").status_code == 204
    assert api.get(f"/v1/cases/{api.case_id}/documents", "ada").json()["total"] == 1
    assert api.get(f"/v1/cases/{theirs}/documents", "ada").json()["total"] == 0
    assert api.get(f"/v1/cases/{theirs}/entities", "ada").json()["items"] == []
    log = api.get(f"/v1/cases/{theirs}/audit", "ada").json()["items"]
    assert {entry["case_id"] for entry in log} == {theirs}
    assert [entry["action"] for entry in log] == ["case.create", "member.add"]
