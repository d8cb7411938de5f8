"""A user's view of case names (issue 39, item 3): a case one may not see never makes a name taken
nor answers for it; where a user sees two cases of one name, they are asked which, by NAME#ID."""

from __future__ import annotations

import hashlib

import pytest

from nerpipe.auth.access import CaseAccess
from nerpipe.errors import CaseError, CaseExistsError, CaseNotFoundError
from nerpipe.store import Store
from nerpipe.types import Document, Mention, PipelineInfo

INFO = PipelineInfo("test", "0", "-", "test", ())
BODY = "Carlos Mendez sold fentanyl."


def _doc(body: str = BODY) -> tuple[Document, list[Mention]]:
    sha = hashlib.sha256(body.encode()).hexdigest()
    found = [Mention(sha, "Carlos Mendez", "PERSON", 0, 13, 0, "ner", None, 1.0, sentence_end=len(body))]
    return Document(sha, "memo.txt", "text/plain", body, size=len(body)), found


def _view(store: Store, name: str) -> CaseAccess:
    return CaseAccess(store, store.users.find(name))


@pytest.fixture
def teams(store):
    """ana's Harbor, with a document; an admin; bob, an analyst in another team."""
    for name, role in (("ana", "analyst"), ("bob", "analyst"), ("ada", "admin")):
        store.users.add_user(name, role, "$argon2id$x")
    ana = _view(store, "ana")
    ana.create_case("Harbor")
    ana.add_document("Harbor", *_doc(), INFO, "h")
    return store


def test_another_teams_case_name_can_be_taken_and_answers_as_theirs_alone(teams):
    bob = _view(teams, "bob")
    bob.create_case("Harbor")  # refused before: "A case named 'Harbor' already exists."
    assert [c.documents for c in bob.list_cases()] == [0]
    assert bob.list_documents("Harbor") == []  # his own, not ana's
    assert bob.mention_names() == []
    assert [e.action for e in bob.audit_entries("Harbor")] == ["case.create"]
    assert len(_view(teams, "ana").list_documents("Harbor")) == 1
    with pytest.raises(CaseExistsError, match="already exists"):
        bob.create_case("Harbor")  # a second one of his own is still refused


def test_a_document_of_a_case_one_cannot_see_reads_as_missing_without_its_name(teams):
    document_id = _view(teams, "ana").list_documents("Harbor")[0].id
    with pytest.raises(CaseNotFoundError) as caught:
        _view(teams, "bob").replace_mentions(document_id, [], INFO, "h")
    assert "Harbor" not in str(caught.value)


def test_a_user_who_sees_two_cases_of_one_name_is_asked_which(teams):
    _view(teams, "bob").create_case("Harbor")
    ana_case, bob_case = (row.id for row in teams.users.case_rows())
    teams.users.add_member("ada", f"Harbor#{ana_case}")
    teams.users.add_member("ada", f"Harbor#{bob_case}")
    ada = _view(teams, "ada")
    with pytest.raises(CaseError) as caught:
        ada.list_documents("Harbor")
    assert f"'Harbor#{ana_case}' or 'Harbor#{bob_case}'" in str(caught.value)
    assert len(ada.list_documents(f"Harbor#{ana_case}")) == 1
    assert ada.list_documents(f"Harbor#{bob_case}") == []
    assert list(ada.case_labels().values()) == [f"Harbor#{ana_case}", f"Harbor#{bob_case}"]
    assert {row[0] for row in ada.mention_names()} == {f"Harbor#{ana_case}"}
    assert list(_view(teams, "bob").case_labels().values()) == ["Harbor"]  # he sees only his
    with pytest.raises(CaseExistsError):
        ada.create_case("Harbor")  # an admin sees every case: the name is taken for them


def test_a_member_reads_only_their_own_cases_log_not_that_of_a_case_of_the_same_name(teams):
    _view(teams, "bob").create_case("Harbor")
    ana = _view(teams, "ana")
    entries = ana.audit_entries("Harbor")
    assert [e.action for e in entries] == ["case.create", "document.add"]
    assert {e.actor for e in entries} == {"ana"}
    assert ana.audit_count("Harbor") == 2
