"""POST /v1/cases/{id}/corrections with action "add": a name the pipeline missed, marked by its
offsets, appears among the entities and mentions, is listed and logged, and its undo takes it away."""

from __future__ import annotations

import hashlib

from tests.api.conftest import REPORT
from tests.api.test_auth_api import assert_problem
from tests.api.test_reading_api import path

SHA = hashlib.sha256(REPORT.encode()).hexdigest()
START = REPORT.index("Ana Ruiz")
SPAN = {"document": SHA, "start": START, "end": START + len("Ana Ruiz")}


def _entities(api) -> set[str]:
    return {e["id"] for e in api.get(path(api, "/entities"), params={"limit": 1000}).json()["items"]}


def test_an_added_mention_is_an_entity_until_undone(api):
    assert "PERSON:ana ruiz" not in _entities(api)
    body = {"action": "add", "label": "person", **SPAN, "end": SPAN["end"] + 1}  # the space after is trimmed
    answer = api.post(path(api, "/corrections"), json=body)
    assert answer.status_code == 201, answer.text
    assert answer.json() == {"action": "add", **SPAN, "label": "PERSON", "added": [SPAN]}
    assert "PERSON:ana ruiz" in _entities(api)
    mentions = api.get(path(api, "/mentions"), params={"limit": 1000}).json()["items"]
    assert any(m["text"] == "Ana Ruiz" and m["entity_id"] == "PERSON:ana ruiz" for m in mentions)
    listed = api.get(path(api, "/corrections"), who="val").json()
    assert [(c["action"], c["label"], c["text"], c["start"]) for c in listed] == [("add", "PERSON", "Ana Ruiz", START)]
    assert api.post(path(api, "/corrections/undo"), json=SPAN).status_code == 200
    assert "PERSON:ana ruiz" not in _entities(api)
    actions = [e.action for e in api.store.audit.entries(case="Tide")]
    assert actions[-2:] == ["correction.add", "correction.undo"]


def test_an_add_needs_a_label_and_a_span_inside_the_text(api):
    assert "label" in assert_problem(api.post(path(api, "/corrections"), json={"action": "add", **SPAN}), 422)["detail"]
    outside = {"action": "add", "label": "PERSON", **SPAN, "end": len(REPORT) + 5}
    assert "not a span" in assert_problem(api.post(path(api, "/corrections"), json=outside), 400)["detail"]
    blank = {
        "action": "add",
        "label": "PERSON",
        "document": SHA,
        "start": REPORT.index("\n"),
        "end": REPORT.index("\n") + 2,
    }
    assert "no words" in assert_problem(api.post(path(api, "/corrections"), json=blank), 400)["detail"]
    assert api.get(path(api, "/corrections")).json() == []


def test_a_viewer_cannot_add(api):
    assert_problem(
        api.post(path(api, "/corrections"), who="val", json={"action": "add", "label": "PERSON", **SPAN}), 403
    )
    assert api.get(path(api, "/corrections")).json() == []


def test_carry_adds_the_other_occurrences(api):
    start = REPORT.index("Latin Kings")
    body = {"action": "add", "label": "GANG_ORG", "document": SHA, "start": start, "end": start + 5, "carry": True}
    answer = api.post(path(api, "/corrections"), json=body)
    assert answer.status_code == 201, answer.text
    second = REPORT.index("Latin Kings", start + 1)
    assert answer.json()["added"] == [
        {"document": SHA, "start": start, "end": start + 5},
        {"document": SHA, "start": second, "end": second + 5},
    ]
    assert "GANG_ORG:latin" in _entities(api) and "GANG_ORG:latin kings" not in _entities(api)
