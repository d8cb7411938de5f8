"""The Admin view (logins on): an admin sees every case, those made without members too, manages
users and memberships, and reads the server-wide log; analysts and viewers see none of it."""

from __future__ import annotations

import pytest

from nerpipe.auth import admin
from nerpipe.auth.passwords import hash_password
from tests.dashboard.helpers import (
    PASSWORD,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    labelled,
    logged_in,
    open_store,
    page_text,
    seeded_case,
    table_with,
)

HASHED = hash_password(PASSWORD)
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture(autouse=True)
def logins_on(monkeypatch):
    """Op Tide has members; Old case was made before logins were turned on and has none."""
    monkeypatch.setenv("NERPIPE_AUTH", "1")
    seeded_case("Op Tide")
    store = open_store()
    store.create_case("Old case")
    for name, role in (("ada", "admin"), ("ana", "analyst"), ("val", "viewer")):
        store.users.add_user(name, role, HASHED)
    store.users.add_member("ana", "Op Tide")
    store.users.add_member("val", "Op Tide")
    store.close()


def is_logged_in(at) -> bool:
    return bool(at.sidebar.radio)


def admin_view():
    at = go(logged_in("ada"), "Admin")
    assert not at.exception
    assert [h.value for h in at.header] == ["Administration"]
    return at


def button(at, label: str):
    return labelled(at.button, label)


def outcome(at) -> str:
    return " ".join([*(s.value for s in at.success), *(e.value for e in at.error)]).replace("\\", "")


def choose_user(at, name: str):
    return labelled(at.selectbox, "User").set_value(name).run()


def last_entry():
    return open_store().audit.entries()[-1]


def test_an_admin_sees_the_admin_view_and_every_case_even_one_without_members():
    at = logged_in("ada")
    assert not at.exception
    assert "Admin" in at.sidebar.radio(key="view").options
    assert at.sidebar.selectbox(key="case").options == ["Old case", "Op Tide"]
    # Not a member: the case is there to manage, its contents are not shown until the admin joins.
    at = go(at.sidebar.selectbox(key="case").set_value("Old case").run(), "Documents")
    assert "not a member" in page_text(at)
    at = button(at, "Join this case").click().run()
    assert not at.exception and "not a member" not in page_text(at)
    entry = last_entry()
    assert (entry.actor, entry.action, entry.case, entry.target) == ("ada", "member.add", "Old case", "ada")


def test_an_admin_creates_a_user_who_can_then_log_in():
    at = admin_view()
    at.text_input(key="admin_new_name").input("Vic")
    at.selectbox(key="admin_new_role").set_value("viewer")
    at.text_input(key="admin_new_password").input(PASSWORD)
    at = button(at, "Add user").click().run()
    assert "User 'vic' added (viewer)" in outcome(at)
    assert "vic" in list(table_with(at, "user", "role", "can log in")["user"])
    assert at.text_input(key="admin_new_password").value == ""
    entry = last_entry()
    assert (entry.actor, entry.action, entry.target) == ("ada", "user.add", "vic")
    vic = logged_in("vic")
    assert is_logged_in(vic) and "Logged in as **vic** (viewer)" in [m.value for m in vic.sidebar.markdown]


def test_a_bad_new_user_is_refused_in_words():
    at = admin_view()
    at.text_input(key="admin_new_name").input("vic")
    at.text_input(key="admin_new_password").input("short")
    at = button(at, "Add user").click().run()
    assert not at.exception
    assert "A password needs at least 10 characters" in outcome(at)
    assert open_store().users.find("vic") is None


def test_a_disabled_user_cannot_log_in_and_loses_their_session_until_enabled():
    ana = logged_in("ana")
    assert is_logged_in(ana)
    at = choose_user(admin_view(), "ana")
    at = button(at, "Disable").click().run()
    assert "'ana' is disabled" in outcome(at)
    rows = table_with(at, "user", "can log in")
    assert dict(zip(rows["user"], rows["can log in"], strict=True))["ana"] == "no: disabled"
    assert last_entry().action == "user.disable"
    assert not is_logged_in(ana.run())  # the open session has ended
    assert not is_logged_in(logged_in("ana"))
    at = button(at, "Enable").click().run()
    assert "'ana' can log in again" in outcome(at)
    assert last_entry().action == "user.enable"
    assert is_logged_in(logged_in("ana"))


def test_an_admin_is_not_offered_to_disable_themself():
    at = choose_user(admin_view(), "ada")
    assert not [b for b in at.button if b.label == "Disable"]
    assert any("This is you" in c.value for c in at.caption)
    at = choose_user(at, "val")
    assert [b.label for b in at.button if b.label == "Disable"] == ["Disable"]


def test_a_reset_password_replaces_the_old_one():
    at = choose_user(admin_view(), "ana")
    at.text_input(key="admin_password").input(NEW_PASSWORD)
    at = button(at, "Reset password").click().run()
    assert "The password of 'ana' is changed" in outcome(at)
    assert at.text_input(key="admin_password").value == ""
    entry = last_entry()
    assert (entry.actor, entry.action, entry.target) == ("ada", "user.password", "ana")
    assert not is_logged_in(logged_in("ana", PASSWORD))
    assert is_logged_in(logged_in("ana", NEW_PASSWORD))


def test_a_role_is_changed_in_the_view():
    at = choose_user(admin_view(), "val")
    at.selectbox(key="admin_role_val").set_value("analyst")
    at = button(at, "Change role").click().run()
    assert "'val' is now analyst" in outcome(at)
    assert open_store().users.find("val").role == "analyst"


def test_a_user_added_to_a_case_sees_it_with_their_role():
    at = admin_view()
    at = labelled(at.selectbox, "Case to manage").set_value("Old case").run()
    assert "This case has no members" in " ".join(i.value for i in at.info)
    at = labelled(at.selectbox, "Add to this case").set_value("val").run()
    at = button(at, "Add to case").click().run()
    assert "'val' is a member of 'Old case'" in outcome(at)
    assert list(table_with(at, "member", "role")["member"]) == ["val"]
    entry = last_entry()
    assert (entry.actor, entry.action, entry.case, entry.target) == ("ada", "member.add", "Old case", "val")
    val = logged_in("val")
    assert val.sidebar.selectbox(key="case").options == ["Old case", "Op Tide"]
    assert "Logged in as **val** (viewer)" in [m.value for m in val.sidebar.markdown]
    assert not [e for e in val.sidebar.expander if e.label == "New case"]  # a viewer still


def test_a_member_is_taken_out_of_a_case():
    at = admin_view()
    at = labelled(at.selectbox, "Case to manage").set_value("Op Tide").run()
    at = labelled(at.selectbox, "Take out of this case").set_value("val").run()
    at = button(at, "Remove from case").click().run()
    assert "'val' is no longer a member of 'Op Tide'" in outcome(at)
    assert not logged_in("val").sidebar.selectbox


def test_the_server_log_shows_logins_failed_logins_and_user_changes():
    logged_in("ana", "not the password")
    open_store().acting_as("ada").users.add_user("vic", "viewer", HASHED)
    at = admin_view()
    what = list(table_with(at, "when (UTC)", "who", "what", "case")["what"])
    assert {"logged in", "failed to log in", "added a user", "made a user a member of the case"} <= set(what)
    at = labelled(at.radio, "Show").set_value("logins").run()
    table = table_with(at, "when (UTC)", "who", "what")
    assert set(table["what"]) == {"logged in", "failed to log in"}
    assert "ana" in set(table["who"])
    at = labelled(at.radio, "Show").set_value("users").run()
    assert "added a user" in set(table_with(at, "when (UTC)", "who", "what")["what"])
    assert "logged in" not in set(table_with(at, "when (UTC)", "who", "what")["what"])


@pytest.mark.parametrize("name", ["ana", "val"])
def test_analysts_and_viewers_see_no_admin_view_even_after_an_admin_in_the_same_tab(name):
    at = admin_view()
    at = at.sidebar.button(key="login_logout").click().run()  # the tab still remembers the Admin view
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(PASSWORD)
    at = button(at, "Log in").click().run()
    assert not at.exception
    assert "Admin" not in at.sidebar.radio(key="view").options
    assert at.sidebar.radio(key="view").value == "Upload"
    assert "Administration" not in [h.value for h in at.header]
    assert at.sidebar.selectbox(key="case").options == ["Op Tide"]


@pytest.mark.parametrize("change", ["demoted", "disabled"])
def test_an_admin_demoted_or_disabled_meanwhile_cannot_act_with_the_old_role(change):
    """Widget callbacks run before the login is checked again: they must not act on the last run's role."""
    at = admin_view()
    store = open_store()
    store.users.add_user("root2", "admin", HASHED)
    if change == "demoted":
        store.users.set_role("ada", "viewer")
    else:
        admin.disable_user(store.acting_as("root2"), "ada")
    at.text_input(key="admin_new_name").input("mallory")
    at.selectbox(key="admin_new_role").set_value("admin")
    at.text_input(key="admin_new_password").input(PASSWORD)
    at = button(at, "Add user").click().run()
    assert open_store().users.find("mallory") is None
    assert "Administration" not in [h.value for h in at.header]
