"""The sidebar's New case box with logins on (issue 39, item 3): a name only another team uses is
free (before: "already exists", which told the user that team's case exists); an admin, who sees
every case, picks two cases of one name by NAME#ID."""

from __future__ import annotations

import pytest

from nerpipe.auth.passwords import hash_password
from tests.dashboard.helpers import (
    PASSWORD,
    isolated,  # noqa: F401 (autouse fixture)
    logged_in,
    open_store,
    seeded_case,
)


@pytest.fixture(autouse=True)
def logins_on(monkeypatch):
    """ana's Harbor, with two documents; bob, an analyst of another team; ada, the admin."""
    monkeypatch.setenv("NERPIPE_AUTH", "1")
    seeded_case("Harbor")
    store = open_store()
    for name, role in (("ada", "admin"), ("ana", "analyst"), ("bob", "analyst")):
        store.users.add_user(name, role, hash_password(PASSWORD))
    store.users.add_member("ana", "Harbor")
    store.close()


def _create(at, name: str):
    at.sidebar.text_input(key="sidebar_new_name").input(name)
    return at.sidebar.button(key="sidebar_create").click().run()


def test_a_name_only_another_team_uses_is_free_and_opens_an_empty_case_of_ones_own():
    at = _create(logged_in("bob"), "Harbor")
    assert not at.exception
    assert [e.value for e in at.sidebar.error] == []
    assert at.sidebar.selectbox(key="case").value == "Harbor"
    assert at.sidebar.selectbox(key="case").options == ["Harbor"]
    mine = [c for c in open_store().list_cases() if c.documents == 0]
    assert [c.name for c in mine] == ["Harbor"]
    again = _create(at, "Harbor")  # now among his own cases: taken
    assert any("already exists" in e.value for e in again.sidebar.error)


def test_an_admin_picks_two_cases_of_one_name_by_number():
    _create(logged_in("bob"), "Harbor")
    first, second = (c.id for c in open_store().list_cases())
    at = logged_in("ada")
    assert not at.exception
    assert at.sidebar.selectbox(key="case").options == [f"Harbor#{first}", f"Harbor#{second}"]
    refused = _create(at, "Harbor")
    assert any("already exists" in e.value for e in refused.sidebar.error)
