"""A user's view of the store: what the dashboard and the API use once someone has logged in.

It offers the store's case methods (the functions that take a store, such as ingest_into_case and
case_links, work on it unchanged), each checked first: a case the user is not a member of reads
exactly as a case that does not exist (CaseNotFoundError, the store's own message), and a member
whose role is too low gets PermissionDeniedError. A store method not listed here is not offered
at all, so a method added to the store later stays closed until someone decides who may call it.
A case name is resolved among the cases the user can see (store/case_refs.py), and the store is
given that case's NAME#ID, so another team's case of the same name is never reached or revealed.
Admins manage users and memberships, delete cases and read every case's audit log; reading or
changing a case's contents takes membership, for admins too (an admin can make themself a member,
and that is logged).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from nerpipe.auth.roles import ROLE_DOES, Role
from nerpipe.errors import CaseNotFoundError, PermissionDeniedError
from nerpipe.store import Store
from nerpipe.store.audit import AuditEntry
from nerpipe.store.case_refs import case_labels, split_ref
from nerpipe.store.repository import CaseSummary
from nerpipe.store.users import CaseRow, User, UserStore

#: The admin-only act of reading the audit log beyond one case, in the words a refusal gives.
READ_WHOLE_AUDIT = "read the server-wide audit log (every case's entries, logins and user changes)"
#: Store methods whose first argument is a case name, and the role a member needs for each.
CASE_METHODS: dict[str, Role] = {
    "has_document": Role.VIEWER,
    "list_documents": Role.VIEWER,
    "load_document": Role.VIEWER,
    "document_texts": Role.VIEWER,
    "text_lengths": Role.VIEWER,
    "ocr_pages": Role.VIEWER,
    "load_mentions": Role.VIEWER,
    "has_mention": Role.VIEWER,
    "case_entities": Role.VIEWER,
    "entity_labels": Role.VIEWER,
    "entity_page": Role.VIEWER,
    "entity_mentions": Role.VIEWER,
    "entity_documents": Role.VIEWER,
    "mention_page": Role.VIEWER,
    "dated_mentions": Role.VIEWER,
    "mention_days": Role.VIEWER,
    "link_weights": Role.VIEWER,
    "link_evidence": Role.VIEWER,
    "stream_links": Role.VIEWER,
    "key_forms": Role.VIEWER,
    "texts_of": Role.VIEWER,
    "document_heads": Role.VIEWER,
    "filenames": Role.VIEWER,
    "search_documents": Role.VIEWER,
    "list_decisions": Role.VIEWER,
    "list_merges": Role.VIEWER,
    "case_revision": Role.VIEWER,
    "add_document": Role.ANALYST,
    "delete_document": Role.ANALYST,
    "reject_mention": Role.ANALYST,
    "relabel_mention": Role.ANALYST,
    "add_mention": Role.ANALYST,
    "undo_decision": Role.ANALYST,
    "merge_entities": Role.ANALYST,
    "unmerge": Role.ANALYST,
    "record_export": Role.ANALYST,
    "record_log_export": Role.ANALYST,
    "record_retrain": Role.ANALYST,
}
#: Store members this class answers itself, with its own checks (or none needed).
OWN_METHODS = frozenset(
    {
        "open",
        "close",
        "acting_as",
        "users",
        "audit",
        "list_cases",
        "create_case",
        "delete_case",
        "case_exists",
        "case_labels",
        "case_ref",
        "replace_mentions",
        "mention_names",
        "shared_names",
        "record_model_change",  # an admin's act, reached only through admin_store() (nerpipe.auth.admin)
    }
)


class CaseAccess:
    """`store` as `user` may use it; every change is recorded as made by `user`."""

    def __init__(self, store: Store, user: User) -> None:
        self._store = store.acting_as(user.name)
        self.user = user

    @property
    def actor(self) -> str:
        return self.user.name

    def __getattr__(self, name: str) -> Callable[..., Any]:
        needed = CASE_METHODS.get(name)
        if needed is None:
            raise AttributeError(f"{name!r} is not available through a user's view of the store")
        method = getattr(self._store, name)

        def checked(case: str, *args: Any, **kwargs: Any) -> Any:
            return method(self.require(case, needed), *args, **kwargs)

        return checked

    # -- the checks ------------------------------------------------------------------------------

    def is_member(self, case: str) -> bool:
        return self._store.users.is_member(self.user.id, case)

    def require(self, case: str, needed: Role = Role.VIEWER) -> str:
        """Membership first (a non-member learns nothing, whatever the action), then the role.
        Returns the case's NAME#ID, what the store is given."""
        ref = self._store.users.member_case_ref(self.user.id, case)
        self._require_role(needed, f"in '{split_ref(ref)[0]}'")
        return ref

    def _require_role(self, needed: Role, where: str, *, doing: str | None = None) -> None:
        """`doing`: the refused act in words, when it is not one the role's own list names."""
        if not self.user.role.allows(needed):
            act = doing or f"{ROLE_DOES[needed]} {where}"
            raise PermissionDeniedError(
                f"As {_with_article(self.user.role)} you cannot {act}: ask an admin for the {needed.value} role."
            )

    def require_admin(self, doing: str | None = None) -> None:
        """`doing`: the refused act in words (default: what the admin role's own list names)."""
        self._require_role(Role.ADMIN, "here", doing=doing)

    def may(self, case: str, needed: Role) -> bool:
        """Whether `require(case, needed)` would pass (to show or hide a control)."""
        return self.user.role.allows(needed) and self.is_member(case)

    # -- cases -----------------------------------------------------------------------------------

    def list_cases(self) -> list[CaseSummary]:
        """The cases the user is a member of."""
        mine = self.member_case_ids()
        return [case for case in self._store.list_cases() if case.id in mine]

    def case_rows(self) -> list[CaseRow]:
        """With ids: the user's cases, or every case for an admin (who manages them)."""
        return self._store.users.case_rows(None if self.user.role == Role.ADMIN else self.user.id)

    def member_case_ids(self) -> set[int]:
        return {row.id for row in self._store.users.case_rows(self.user.id)}

    def case_labels(self) -> dict[int, str]:
        """Case id -> its name, or NAME#ID where the user sees several cases of that name: the
        names to offer (a picker), each naming one case, none revealing a case they cannot see."""
        return case_labels((row.id, row.name) for row in self.case_rows())

    def case_ref(self, case: str) -> str:
        """NAME#ID of the case of the user's that `case` names (a key shared by no other case)."""
        return self.require(case)

    def case_by_id(self, case_id: int, needed: Role = Role.VIEWER) -> CaseRow:
        """A case addressed by id, as the API does; a guessed id of someone else's case reads as
        one that does not exist, and its name is not given."""
        row = self._store.users.case_row(case_id)
        if row is None or not self._store.users.is_member_by_id(self.user.id, case_id):
            raise CaseNotFoundError(f"No case {case_id}.")
        self._require_role(needed, f"in '{row.name}'")
        return row

    def managed_case(self, case_id: int) -> CaseRow:
        """A case an admin acts on without being its member (delete, members, audit log); for
        anyone else, as case_by_id."""
        if self.user.role != Role.ADMIN:
            return self.case_by_id(case_id)
        row = self._store.users.case_row(case_id)
        if row is None:
            raise CaseNotFoundError(f"No case {case_id}.")
        return row

    def case_exists(self, name: str) -> bool:
        return self.is_member(name)

    def create_case(self, name: str) -> None:
        """Analysts and admins; the creator is the case's first member. The name must be free
        among the cases the user can see (an admin: every case), not among those they cannot:
        the answer must not reveal another team's case (docs/access.md)."""
        self._require_role(Role.ANALYST, "", doing="create a case")
        visible_to = None if self.user.role == Role.ADMIN else self.user.id
        self._store.create_case(name, owner_id=self.user.id, visible_to=visible_to)

    def delete_case(self, name: str) -> None:
        if self.user.role != Role.ADMIN:
            name = self.require(name, Role.ADMIN)
        self._store.delete_case(name)

    def replace_mentions(self, document_id: int, *args: Any, **kwargs: Any) -> None:
        case = self._store.users.document_case(document_id)
        if case is None or not self.is_member(case):
            raise CaseNotFoundError(f"No document {document_id}.")
        self.require(case, Role.ANALYST)
        self._store.replace_mentions(document_id, *args, **kwargs)

    def mention_names(self, case: str | None = None) -> list[tuple[str, str, str, str | None, str]]:
        """Across the user's own cases only, each called as the user's picker calls it."""
        labels = self.case_labels()
        if case is not None:
            return self._store.mention_names(self.require(case), labels=labels)
        return self._store.mention_names(case_ids=self.member_case_ids(), labels=labels)

    def shared_names(self, case: str, keys: Collection[str] | None = None) -> tuple[dict[str, set[str]], list]:
        """Names of the case's entities and where they occur in the user's own other cases only."""
        return self._store.shared_names(self.require(case), keys, case_ids=self.member_case_ids())

    def close(self) -> None:
        """The engine is shared with the store this view was made from: that one closes it."""

    # -- users, members and the audit log ----------------------------------------------------------

    @property
    def admin_users(self) -> UserStore:
        """User management, for admins only."""
        self.require_admin()
        return self._store.users

    def admin_store(self) -> Store:
        """The whole store acting as this admin, for nerpipe.auth.admin; refused to anyone else."""
        self.require_admin()
        return self._store

    def members(self, case: str) -> list[User]:
        if self.user.role != Role.ADMIN:
            case = self.require(case)
        return self._store.users.members(case)

    def audit_entries(
        self,
        case: str | None = None,
        *,
        current_only: bool = False,
        offset: int = 0,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[AuditEntry]:
        """A case's log for its members and for admins; the whole log for admins. A member reads
        only the log of the case they are a member of, not that of a deleted case which bore its
        name before (`current_only`; admins read a name's whole log unless they ask for that)."""
        case, current_only = self._log_of(case, current_only)
        return self._store.audit.entries(
            case=case, current_only=current_only, offset=offset, limit=limit, newest_first=newest_first
        )

    def _log_of(self, case: str | None, asked: bool) -> tuple[str | None, bool]:
        """Checks who may read `case`'s log; the case to read it of (a member: theirs, as NAME#ID),
        and whether they read only the present case's part of it."""
        if case is None:
            self.require_admin(READ_WHOLE_AUDIT)
            return None, asked
        if self.user.role == Role.ADMIN:
            return case, asked
        return self.require(case), True

    def logged_cases(self) -> list[str]:
        """Every case name in the audit log, deleted cases' too (admins)."""
        self.require_admin()
        return self._store.audit.case_names()

    def audit_count(self, case: str | None = None, *, current_only: bool = False) -> int:
        case, current_only = self._log_of(case, current_only)
        return self._store.audit.count(case=case, current_only=current_only)


def _with_article(role: Role) -> str:
    return f"{'an' if role.value[0] in 'aeiou' else 'a'} {role.value}"


class OpenAccess(Store):
    """The store with CaseAccess's extra methods and no checks: for one analyst on localhost when
    authentication is off (the default), who may do everything, recorded as this computer's user."""

    def __init__(self, store: Store) -> None:
        super().__init__(store.engine, store.actor)

    def require(self, case: str, needed: Role = Role.VIEWER) -> None:
        self.list_documents(case)  # the store's clear error when there is no such case

    def require_admin(self, doing: str | None = None) -> None:
        return None

    def may(self, case: str, needed: Role) -> bool:
        return self.case_exists(case)

    def case_rows(self) -> list[CaseRow]:
        return self.users.case_rows()

    def member_case_ids(self) -> set[int]:
        return {row.id for row in self.users.case_rows()}

    def case_by_id(self, case_id: int, needed: Role = Role.VIEWER) -> CaseRow:
        row = self.users.case_row(case_id)
        if row is None:
            raise CaseNotFoundError(f"No case {case_id}.")
        return row

    managed_case = case_by_id

    @property
    def admin_users(self) -> UserStore:
        return self.users

    def admin_store(self) -> Store:
        return self

    def members(self, case: str) -> list[User]:
        return self.users.members(case)

    def audit_entries(
        self,
        case: str | None = None,
        *,
        current_only: bool = False,
        offset: int = 0,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[AuditEntry]:
        return self.audit.entries(
            case=case, current_only=current_only, offset=offset, limit=limit, newest_first=newest_first
        )

    def audit_count(self, case: str | None = None, *, current_only: bool = False) -> int:
        return self.audit.count(case=case, current_only=current_only)

    def logged_cases(self) -> list[str]:
        return self.audit.case_names()
