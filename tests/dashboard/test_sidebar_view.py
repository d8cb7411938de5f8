"""Sidebar: the New case and Delete boxes close and forget what was typed once they have done it."""

from __future__ import annotations

from tests.dashboard.helpers import (
    app,
    isolated,  # noqa: F401 (autouse fixture)
    labelled,
    open_store,
)


def box(at, label: str):
    return labelled(at.sidebar.expander, label)


def test_new_case_box_closes_and_empties_after_creating_a_case():
    at = app()
    assert box(at, "New case").proto.expanded  # no case yet: open
    at.sidebar.text_input(key="sidebar_new_name").input("Operation Tide")
    at.sidebar.button(key="sidebar_create").click().run()
    assert at.sidebar.selectbox(key="case").value == "Operation Tide"
    assert not box(at, "New case").proto.expanded
    assert at.sidebar.text_input(key="sidebar_new_name").value == ""


def test_a_failed_creation_keeps_the_box_open_with_a_message():
    open_store().create_case("Operation Tide")
    at = app()
    at.sidebar.text_input(key="sidebar_new_name").input("Operation Tide")
    at.sidebar.button(key="sidebar_create").click().run()
    assert any("already exists" in e.value for e in at.sidebar.error)
    assert at.sidebar.text_input(key="sidebar_new_name").value == "Operation Tide"


def test_delete_box_closes_and_empties_after_deleting_a_case():
    store = open_store()
    store.create_case("Alpha")
    store.create_case("Beta")
    at = app()
    at.sidebar.text_input(key="sidebar_confirm_delete").input("Alpha").run()
    at.sidebar.button(key="sidebar_delete").click().run()
    assert [c.name for c in store.list_cases()] == ["Beta"]
    assert at.sidebar.selectbox(key="case").value == "Beta"
    assert not box(at, "Delete this case").proto.expanded
    assert at.sidebar.text_input(key="sidebar_confirm_delete").value == ""
