"""Saved layouts in the Link chart view (issue 38): a picked layout pins its entities in the page
and places the downloads; analysts rename and delete layouts (audited), viewers only pick one.
The drag-and-save round trip in a browser is tests/dashboard/test_browser_layouts.py."""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET

import pytest

from nerpipe.auth.passwords import hash_password
from nerpipe.errors import CaseError
from nerpipe.store.layouts import LayoutStore
from tests.dashboard.helpers import (
    app,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    labelled,
    logged_in,
    open_store,
    seeded_case,
)
from tests.dashboard.test_chart_images import PASSWORD, saved_file

PLACES = {"PERSON:maria lopez": (-900.0, 40.0), "DRUG:fentanyl": (900.0, -40.0)}


def saved(name: str = "briefing") -> None:
    store = open_store()
    LayoutStore.of(store).save("Op Tide", name, PLACES)
    store.close()


def page_nodes(at) -> dict[str, dict]:
    page = at.get("iframe")[0].proto.srcdoc
    found = re.search(r"const nodes = new vis.DataSet\((.*?)\);\n", page)
    return {node["id"]: node for node in json.loads(found[1].replace("\\u003c", "<"))}


def test_a_picked_layout_pins_its_entities_and_places_the_picture():
    seeded_case()
    saved()
    at = go(app(), "Link chart")
    assert "x" not in page_nodes(at)["PERSON:maria lopez"]
    labelled(at.selectbox, "Saved layout").set_value("briefing").run()
    nodes = page_nodes(at)
    assert (nodes["PERSON:maria lopez"]["x"], nodes["PERSON:maria lopez"]["y"]) == (-900.0, 40.0)
    assert nodes["DRUG:fentanyl"]["fixed"] is True and "fixed" not in nodes["PERSON:carlos mendez"]
    at.button(key="chart_image_svg").click().run()
    root = ET.fromstring(saved_file(at))
    assert "layout: briefing" in "".join(root.itertext())
    exports = [e for e in open_store().audit.entries(case="Op Tide") if e.action == "export"]
    assert [(e.target, e.details["layout"]) for e in exports] == [("chart.svg", "briefing")]


def test_an_analyst_renames_and_deletes_a_layout_each_change_audited():
    seeded_case()
    saved()
    at = go(app(), "Link chart")
    labelled(at.selectbox, "Saved layout").set_value("briefing").run()
    at.text_input(key="chart_layout_new_name").input("court exhibit").run()
    at.button(key="chart_layout_rename").click().run()
    assert labelled(at.selectbox, "Saved layout").value == "court exhibit"  # still the one shown
    assert any("renamed “court exhibit”" in s.value for s in at.success)
    at.button(key="chart_layout_delete").click().run()
    assert labelled(at.selectbox, "Saved layout").value is None
    assert "x" not in page_nodes(at)["PERSON:maria lopez"]
    entries = [
        (e.action, e.target) for e in open_store().audit.entries(case="Op Tide") if e.action.startswith("layout")
    ]
    assert entries == [("layout.save", "briefing"), ("layout.rename", "briefing"), ("layout.delete", "court exhibit")]


def test_a_viewer_picks_a_layout_but_cannot_change_one(monkeypatch):
    monkeypatch.setenv("NERPIPE_AUTH", "1")
    seeded_case()
    saved()
    store = open_store()
    store.users.add_user("ada", "admin", hash_password(PASSWORD))
    store.users.add_user("val", "viewer", hash_password(PASSWORD))
    store.users.add_member("val", "Op Tide")
    store.close()
    at = go(logged_in("val"), "Link chart")
    labelled(at.selectbox, "Saved layout").set_value("briefing").run()
    assert page_nodes(at)["DRUG:fentanyl"]["x"] == 900.0
    assert not [b for b in at.button if b.key and b.key.startswith("chart_layout_")]
    assert not at.get("bidi_component"), "a viewer got the Save layout control"
    assert any("Analysts of the case save" in c.value for c in at.caption)


def test_places_sent_by_the_browser_are_kept_to_the_chart_shown():
    seeded_case()
    go(app(), "Link chart")
    checked_layout = sys.modules["views.chart_layouts"].checked_layout
    shown = {"PERSON:maria lopez", "DRUG:fentanyl"}
    name, places = checked_layout(
        {"name": "b", "positions": {"PERSON:maria lopez": [1, 2], "PERSON:someone else": [3, 4]}}, shown
    )
    assert (name, places) == ("b", {"PERSON:maria lopez": (1, 2)})
    for sent in (None, {"name": "b"}, {"name": 3, "positions": {}}, {"name": "b", "positions": {"x": [1, 2]}}):
        with pytest.raises(CaseError):
            checked_layout(sent, shown)
    with pytest.raises(CaseError, match="not two numbers"):
        checked_layout({"name": "b", "positions": {"DRUG:fentanyl": "1,2"}}, shown)


def test_layouts_work_when_another_team_has_a_case_of_the_same_name(monkeypatch):
    """Case names are unique per team (issue 39): the layouts of "Op Tide" are those of the user's
    own "Op Tide", not a question about which of two."""
    monkeypatch.setenv("NERPIPE_AUTH", "1")
    seeded_case()
    saved()
    store = open_store()
    for name in ("ada", "ana", "bob"):
        store.users.add_user(name, "admin" if name == "ada" else "analyst", hash_password(PASSWORD))
    store.users.add_member("ana", "Op Tide")
    store.close()
    bob = logged_in("bob")
    bob.sidebar.text_input(key="sidebar_new_name").input("Op Tide")
    bob.sidebar.button(key="sidebar_create").click().run()
    assert len(open_store().list_cases()) == 2
    at = go(logged_in("ana"), "Link chart")
    assert not at.exception and not [e.value for e in at.error]
    labelled(at.selectbox, "Saved layout").set_value("briefing").run()
    assert page_nodes(at)["DRUG:fentanyl"]["x"] == 900.0
    at.text_input(key="chart_layout_new_name").input("exhibit").run()
    at.button(key="chart_layout_rename").click().run()
    assert labelled(at.selectbox, "Saved layout").value == "exhibit" and not at.error
