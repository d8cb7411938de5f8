"""The API's entity and mention lists, and the check of a merge, come from the store's entity table
and the mentions' stored keys: none of them reads every mention of the case (issue 35)."""

from __future__ import annotations

import pytest

from nerpipe.store import Store
from tests.api.test_auth_api import assert_problem


def path(api, tail: str) -> str:
    return f"/v1/cases/{api.case_id}{tail}"


def forbid_whole_case(monkeypatch) -> None:
    """Store.load_mentions of a whole case (no `document`), or every text, fails the test."""
    load = Store.load_mentions

    def scoped_only(self, case, *args, document=None, **kwargs):
        if document is None:
            pytest.fail("the whole case's mentions were read")
        return load(self, case, *args, document=document, **kwargs)

    monkeypatch.setattr(Store, "load_mentions", scoped_only)
    monkeypatch.setattr(Store, "document_texts", lambda *a, **k: pytest.fail("every text of the case was read"))


@pytest.fixture
def whole_case_forbidden(monkeypatch):
    forbid_whole_case(monkeypatch)


def _every(api, what: str, **params) -> list[dict]:
    return api.get(path(api, f"/{what}"), params={"limit": 1000, **params}).json()["items"]


def _plain(entity: dict) -> tuple:
    return tuple(entity[k] for k in ("id", "name", "label", "aliases", "mentions", "documents"))


def test_entity_and_mention_pages_equal_the_charts_without_reading_the_case(api, monkeypatch):
    heroin = next(m for m in _every(api, "mentions", measures=True) if m["text"] == "heroin")
    span = {"document": heroin["document_id"], "start": heroin["start"], "end": heroin["end"]}
    assert api.post(path(api, "/corrections"), json={"action": "relabel", "label": "WEAPON", **span}).status_code == 201
    expected = {}
    for params in ({}, {"all_labels": True}, {"labels": "PERSON,WEAPON"}):
        entities = _every(api, "entities", measures=True, **params)
        expected[str(params)] = (sorted(map(_plain, entities)), _every(api, "mentions", measures=True, **params))
    forbid_whole_case(monkeypatch)
    for params in ({}, {"all_labels": True}, {"labels": "PERSON,WEAPON"}):
        entities, mentions = expected[str(params)]
        stored = _every(api, "entities", **params)
        assert sorted(map(_plain, stored)) == entities and set(stored[0]) == {
            "id",
            "name",
            "label",
            "aliases",
            "mentions",
            "documents",
        }
        assert [e["mentions"] for e in stored] == sorted((e["mentions"] for e in stored), reverse=True)
        assert _every(api, "mentions", **params) == mentions, params
    weapon = [m for m in _every(api, "mentions", all_labels=True) if m["entity_id"] == "WEAPON:heroin"]
    assert [(m["text"], m["source"]) for m in weapon] == [("heroin", "analyst")]
    page = api.get(path(api, "/mentions"), params={"offset": 2, "limit": 3}).json()
    assert page["total"] == len(expected["{}"][1]) and page["items"] == expected["{}"][1][2:5]
    kings = api.get(path(api, "/mentions"), params={"entity": "GANG_ORG:latin kings"}).json()
    assert kings["total"] == 2 and {m["text"] for m in kings["items"]} == {"Latin Kings"}
    missing = assert_problem(api.get(path(api, "/mentions"), params={"entity": "PERSON:nobody"}), 404)
    assert "PERSON:nobody" in missing["detail"]


def test_checking_a_merge_reads_the_entity_table_not_the_mentions(api, whole_case_forbidden):
    body = {"into": "GANG_ORG:latin kings", "members": ["GANG_ORG:sinaloa cartel"]}
    assert api.post(path(api, "/merges"), json=body).status_code == 201
    missing = assert_problem(
        api.post(path(api, "/merges"), json={"into": "PERSON:nobody", "members": ["DRUG:heroin"]}), 404
    )
    assert "PERSON:nobody" in missing["detail"]
    assert [(m.into, m.members) for m in api.store.list_merges("Tide")] == [
        ("GANG_ORG:latin kings", ("GANG_ORG:sinaloa cartel",))
    ]
