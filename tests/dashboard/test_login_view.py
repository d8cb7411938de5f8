"""Logins in the dashboard (NERPIPE_AUTH=1 here; always when served beyond this computer): the
login page first, then only the user's own cases; wrong passwords, an expired session, logout,
a viewer who cannot upload or export, the audit log view, API tokens made in the dashboard."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from nerpipe.auth.login import authenticate
from nerpipe.auth.passwords import hash_password
from nerpipe.store.schema import credentials
from tests.dashboard.helpers import (
    PASSWORD,
    app,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    logged_in,
    open_store,
    seeded_case,
)

HASHED = hash_password(PASSWORD)


@pytest.fixture(autouse=True)
def logins_on(monkeypatch):
    monkeypatch.setenv("NERPIPE_AUTH", "1")
    seeded_case("Op Tide")
    seeded_case("Secret")
    store = open_store()
    for name, role in (("ada", "admin"), ("ana", "analyst"), ("val", "viewer"), ("out", "analyst")):
        store.users.add_user(name, role, HASHED)
    store.users.add_member("ana", "Op Tide")
    store.users.add_member("val", "Op Tide")
    store.close()


def shown_text(at) -> str:
    return " ".join(str(e.value) for e in [*at.markdown, *at.caption, *at.info, *at.title, *at.header, *at.subheader])


def test_nothing_but_the_login_page_before_logging_in():
    at = app()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["User name", "Password"]
    assert not at.sidebar.selectbox and not at.sidebar.radio
    assert "Op Tide" not in shown_text(at) and "Secret" not in shown_text(at)


def test_a_user_sees_only_the_cases_they_are_a_member_of():
    at = logged_in("ana")
    assert not at.exception
    assert at.sidebar.selectbox(key="case").options == ["Op Tide"]
    assert "Logged in as **ana** (analyst)" in [m.value for m in at.sidebar.markdown]
    entry = open_store().audit.entries()[-1]
    assert (entry.actor, entry.action, entry.details["via"]) == ("ana", "login", "dashboard")


def test_an_outsider_sees_no_case_even_when_naming_one():
    at = logged_in("out")
    assert not at.sidebar.selectbox
    at.session_state["case"] = "Secret"  # a case name guessed into the session
    at.run()
    assert not at.exception
    assert "Secret" not in shown_text(at)
    assert any("Create or open a case" in i.value for i in at.info)


def test_an_admin_who_is_not_a_member_sees_every_case_but_not_its_contents():
    at = logged_in("ada")
    assert at.sidebar.selectbox(key="case").options == ["Op Tide", "Secret"]
    for view in ("Documents", "Entities", "Search"):
        at = go(at, view)
        assert not at.exception and not at.error
        assert "not a member" in " ".join(i.value for i in at.info)
        assert not at.main.dataframe


def test_a_wrong_password_says_so_and_lets_nobody_in():
    at = logged_in("ana", "not the password")
    assert [e.value for e in at.error] == ["Wrong user name or password\\."]
    assert not at.sidebar.selectbox
    assert open_store().audit.entries()[-1].action == "login.failed"


def test_an_expired_session_goes_back_to_the_login_page():
    at = logged_in("ana")
    with open_store().engine.begin() as connection:
        connection.execute(update(credentials).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    at.run()
    assert not at.sidebar.selectbox
    assert any("Your session has ended" in i.value for i in at.info)


def test_logging_out_ends_the_session():
    at = logged_in("ana")
    secret = at.session_state["login_secret"]
    at.sidebar.button(key="login_logout").click().run()
    assert not at.sidebar.selectbox and any("You are logged out" in i.value for i in at.info)
    with pytest.raises(Exception, match="log in again"):
        authenticate(open_store(), secret)
    assert [e.action for e in open_store().audit.entries()][-2:] == ["login", "logout"]


def test_a_viewer_reads_but_neither_uploads_nor_exports():
    at = logged_in("val")
    at = go(at, "Upload")
    assert any("adding documents needs the analyst role" in i.value for i in at.info)
    at = go(at, "Entities")
    assert not at.exception
    # Shown only what the role may do: no downloads, corrections or merges (the store refuses them too).
    shown = {b.label for b in at.button} | {e.label for e in at.expander}
    assert not {"⬇ entities.csv", "Merge", "Correct a mention", "Reject: not an entity"} & shown, shown
    assert "Mentions in context" in [h.value for h in at.subheader]
    at = go(at, "Documents")
    assert not at.exception and "Delete this document" not in [e.label for e in at.expander]
    assert "Delete this document" in [e.label for e in go(logged_in("ana"), "Documents").expander]


def test_only_the_boxes_a_role_may_use_are_drawn():
    boxes = {"ada": ["New case", "Delete this case"], "ana": ["New case"], "val": []}
    for name, shown in boxes.items():
        at = logged_in(name)
        if name == "ada":  # an admin member, so that there is a case open to delete
            open_store().users.add_member("ada", "Op Tide")
            at = at.run()
        assert [e.label for e in at.sidebar.expander if e.label in ("New case", "Delete this case")] == shown, name


def test_an_analyst_export_is_recorded():
    at = go(logged_in("ana"), "Entities")
    at.button(key="entities_download_entities").click().run()
    at.button(key="entities_download_gexf").click().run()
    assert not at.exception
    exports = [e for e in open_store().audit.entries() if e.action == "export"]
    assert [(e.actor, e.case, e.target) for e in exports] == [
        ("ana", "Op Tide", "entities"),
        ("ana", "Op Tide", "gexf"),
    ]
    entry = exports[-1]
    table = at.dataframe[0].value
    assert entry.details == {  # what the files hold: the table's entities, by the view's filters
        "entities": len(table),
        "labels": sorted(set(table["label"])),
        "search": "",
        "min_mentions": 1,
        "min_confidence": 0.0,
        "from": None,
        "to": None,
    }


def test_the_audit_log_view_shows_the_case_entries_newest_first():
    at = go(logged_in("val"), "Audit log")
    assert not at.exception
    table = at.dataframe[0].value
    what = list(table["what"])
    assert what[:2] == ["made a user a member of the case"] * 2 and what[-1] == "created the case"
    assert "added a document" in what
    assert "Secret" not in " ".join(table["which"])


def test_an_api_token_is_made_in_the_dashboard_and_shown_once():
    at = logged_in("ana")
    at.sidebar.text_input(key="login_token_label").input("script")
    at.sidebar.button(key="login_token_create").click().run()
    secret = at.sidebar.code[0].value
    assert authenticate(open_store(), secret).user.name == "ana"
    assert any("script" in c.value for c in at.sidebar.caption)


def test_an_admin_reads_the_log_of_any_case_even_a_deleted_one():
    open_store().delete_case("Secret")
    at = go(logged_in("ada"), "Audit log")
    assert not at.exception
    picker = at.selectbox[0]
    assert picker.options == ["Op Tide", "Secret"]
    at = picker.set_value("Secret").run()
    what = list(at.dataframe[0].value["what"])
    assert what[0] == "deleted the case" and what[-1] == "created the case"


def test_a_member_reads_only_their_case_log():
    at = go(logged_in("val"), "Audit log")
    assert at.sidebar.selectbox(key="case").options == ["Op Tide"]
    assert [h.value for h in at.header] == ["Audit log of Op Tide"]
    assert not [s for s in at.selectbox if s.label.startswith("Case (every case")]


def test_a_case_made_under_a_deleted_case_name_shows_only_its_own_log():
    store = open_store()
    store.delete_case("Secret")
    store.acting_as("out").create_case("Secret")
    store.users.add_member("out", "Secret")
    at = go(logged_in("out"), "Audit log")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["what"]) == ["made a user a member of the case", "created the case"]


def test_the_audit_log_view_shows_a_correction_by_its_words_and_document_to_members():
    store = open_store()
    mention = next(m for m in store.load_mentions("Op Tide") if m.text == "Carlos Mendez")
    store.acting_as("ana").reject_mention("Op Tide", mention.doc, mention.start, mention.end)
    at = go(logged_in("val"), "Audit log")
    assert not at.exception
    row = at.dataframe[0].value.iloc[0]
    assert (row["what"], row["which"], row["words"]) == ("rejected a mention", "report.pdf", "Carlos Mendez")
    assert mention.doc not in row["details"] and "start" not in row["details"]
    at = go(logged_in("ada"), "Audit log")  # an admin who is not a member
    assert not at.exception
    table = at.dataframe[0].value
    assert "words" not in table.columns  # the documents' words are for members
    assert mention.doc in table.iloc[0]["details"]


def test_the_audit_log_download_is_itself_recorded_and_not_offered_to_a_viewer():
    at = go(logged_in("val"), "Audit log")
    assert "⬇ audit-log.csv" not in [b.label for b in at.button]  # a viewer reads the log, exports nothing
    at = go(logged_in("ana"), "Audit log")
    at.button(key="audit_download").click().run()
    assert not at.exception
    scripts = [h.proto.body for h in at.get("html") if "base64," in h.proto.body]
    assert len(scripts) == 1 and '"audit-log.csv"' in scripts[0]
    entry = open_store().audit.entries(case="Op Tide")[-1]
    assert (entry.actor, entry.action, entry.target) == ("ana", "export", "audit-log")
    open_store().delete_case("Secret")  # an admin exports the log of a case that is gone
    at = go(logged_in("ada"), "Audit log")
    at = at.selectbox[0].set_value("Secret").run()
    at.button(key="audit_download").click().run()
    assert not at.exception
    entry = open_store().audit.entries(case="Secret")[-1]
    assert (entry.actor, entry.action, entry.target) == ("ada", "export", "audit-log")
