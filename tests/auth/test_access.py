"""A user's view of the store: a case they are not a member of does not exist for them, word for
word; roles limit what members do; every store method is either checked or closed."""

from __future__ import annotations

import inspect

import pytest

from nerpipe.auth.access import CASE_METHODS, OWN_METHODS, CaseAccess
from nerpipe.batch import ingest_into_case
from nerpipe.case_chart import case_links
from nerpipe.errors import CaseNotFoundError, PermissionDeniedError
from nerpipe.search.hits import search_case
from nerpipe.store import Store
from tests.store.test_repository import INFO, document, mention

BODY = "Ana sold heroin to the Crips in Denver."


@pytest.fixture
def people(store):
    users = store.users
    made = {
        name: users.add_user(name, role, "$argon2id$x")
        for name, role in [("ada", "admin"), ("ana", "analyst"), ("val", "viewer"), ("out", "analyst")]
    }
    store.create_case("Tide")
    doc = document(BODY)
    store.add_document("Tide", doc, [mention(doc, "heroin", "DRUG")], INFO, "p")
    for name in ("ana", "val"):
        users.add_member(name, "Tide")
    return {name: CaseAccess(store, user) for name, user in made.items()}


def test_every_public_store_method_is_checked_or_answered_by_the_view():
    public = {name for name, _ in inspect.getmembers(Store) if not name.startswith("_")}
    assert public == set(CASE_METHODS) | OWN_METHODS


def _error(call) -> str:
    with pytest.raises(CaseNotFoundError) as caught:
        call()
    return str(caught.value)


@pytest.mark.parametrize("method", sorted(CASE_METHODS))
def test_a_non_member_gets_the_missing_case_error_word_for_word(people, store, method):
    outsider = people["out"]
    missing = _error(lambda: store.list_documents("No such case"))
    seen = _error(lambda: getattr(outsider, method)("Tide"))
    assert seen == missing.replace("No such case", "Tide")
    assert _error(lambda: getattr(outsider, method)("No such case")) == missing


def test_an_admin_who_is_not_a_member_cannot_read_the_contents_but_can_manage(people):
    admin = people["ada"]
    with pytest.raises(CaseNotFoundError):
        admin.load_mentions("Tide")
    assert [row.name for row in admin.case_rows()] == ["Tide"]
    assert [e.action for e in admin.audit_entries("Tide")][:2] == ["case.create", "document.add"]
    assert [u.name for u in admin.members("Tide")] == ["ana", "val"]


def test_a_viewer_reads_but_changes_nothing(people, store, pipeline, settings):
    viewer = people["val"]
    assert [m.text for m in viewer.load_mentions("Tide")] == ["heroin"]
    sha = document(BODY).id
    for change in (
        lambda: viewer.reject_mention("Tide", sha, 9, 15),
        lambda: viewer.record_export("Tide", "gexf"),
        lambda: viewer.create_case("Mine"),
        lambda: viewer.delete_case("Tide"),
        lambda: ingest_into_case(viewer, "Tide", [("a.txt", b"Bob sold cocaine.")], settings, pipeline=pipeline),
    ):
        with pytest.raises(PermissionDeniedError, match="As a viewer you cannot"):
            change()
    assert len(store.load_mentions("Tide")) == 1


def test_an_analyst_member_works_on_the_case_through_the_usual_functions(people, store, pipeline, settings):
    analyst = people["ana"]
    outcomes = ingest_into_case(
        analyst, "Tide", [("b.txt", b"Bob sold cocaine to MS-13.")], settings, pipeline=pipeline
    )
    assert [o.status for o in outcomes] == ["added"]
    assert store.audit.entries()[-1].actor == "ana"
    assert case_links(analyst, "Tide").index.entities
    assert search_case(analyst, "Tide", "cocaine").total == 1
    with pytest.raises(PermissionDeniedError, match="As an analyst you cannot manage users and delete cases in 'Tide'"):
        analyst.delete_case("Tide")


def test_cases_made_by_a_user_are_theirs(people):
    analyst = people["ana"]
    analyst.create_case("Mine")
    assert [c.name for c in analyst.list_cases()] == ["Mine", "Tide"]
    assert [c.name for c in people["out"].list_cases()] == []
    assert not people["out"].case_exists("Mine")


def test_a_guessed_id_reads_as_missing_and_names_nothing(people, store):
    tide = next(row for row in store.users.case_rows() if row.name == "Tide")
    for guess in (tide.id, tide.id + 1, 999_999):
        message = _error(lambda guess=guess: people["out"].case_by_id(guess))
        assert message == f"No case {guess}." and "Tide" not in message


def test_reprocessing_a_document_by_id_checks_its_case(people, store):
    document_id = store.list_documents("Tide")[0].id
    with pytest.raises(CaseNotFoundError):
        people["out"].replace_mentions(document_id, [], INFO, "p")
    with pytest.raises(PermissionDeniedError):
        people["val"].replace_mentions(document_id, [], INFO, "p")
    people["ana"].replace_mentions(document_id, [], INFO, "p")


def test_cross_case_names_stay_within_the_users_cases(people, store):
    store.create_case("Secret")
    doc = document("Carlos sold heroin.")
    store.add_document("Secret", doc, [mention(doc, "heroin", "DRUG")], INFO, "p")
    assert {row[0] for row in people["ana"].mention_names()} == {"Tide"}
    assert {row[0] for row in store.mention_names()} == {"Tide", "Secret"}


def test_user_management_is_for_admins(people):
    assert people["ada"].admin_users.list_users()
    with pytest.raises(PermissionDeniedError, match="manage users"):
        people["ana"].admin_users  # noqa: B018 - the property is the check


def test_the_case_names_of_the_log_are_for_admins(people, store):
    store.delete_case("Tide")
    assert people["ada"].logged_cases() == ["Tide"]
    with pytest.raises(PermissionDeniedError):
        people["ana"].logged_cases()


def test_a_member_reads_the_log_of_their_case_not_of_a_deleted_one_with_its_name(people, store):
    store.delete_case("Tide")
    people["out"].create_case("Tide")
    for reader in (people["out"], people["ada"]):
        assert reader.audit_entries("Tide", current_only=reader is people["ada"])[0].actor == "out"
    assert [(e.action, e.actor) for e in people["out"].audit_entries("Tide")] == [("case.create", "out")]
    assert people["out"].audit_count("Tide") == 1
    assert [e.action for e in people["ada"].audit_entries("Tide")] == [
        "case.create",
        "document.add",
        "member.add",
        "member.add",
        "case.delete",
        "case.create",
    ]


def test_the_whole_store_is_handed_to_admins_only_and_acts_as_them(people, store):
    administered = people["ada"].admin_store()
    administered.users.add_member("ana", "Tide")
    administered.create_case("Beta")
    assert store.audit.entries()[-1].actor == "ada"
    for name in ("ana", "val", "out"):
        with pytest.raises(PermissionDeniedError, match="manage users"):
            people[name].admin_store()
