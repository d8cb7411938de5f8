"""What an admin does to users and memberships, and reading the server-wide log: the functions
behind the dashboard's Admin view and `nerpipe user ...`, so both do the same thing.

Each takes the store as the caller may use it: a CaseAccess (a logged-in user, refused with
PermissionDeniedError unless an admin) or the Store itself (the CLI, or the dashboard without
logins: whoever can open the store is its admin). Every change is in the audit log, by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nerpipe.auth import login
from nerpipe.auth.access import CaseAccess
from nerpipe.auth.passwords import hash_password
from nerpipe.auth.roles import Role, parse_role
from nerpipe.config import Settings
from nerpipe.errors import NerpipeError, UserError, UserNotFoundError
from nerpipe.store import Store
from nerpipe.store.audit import LOGIN_ACTIONS, USER_ACTIONS, AuditEntry
from nerpipe.store.case_refs import split_ref
from nerpipe.store.user_admin import DISABLED_MARK, disabled_names, is_disabled_hash
from nerpipe.store.user_admin import disable_user as _disable
from nerpipe.store.user_admin import enable_user as _enable
from nerpipe.store.users import Credential, User
from nerpipe.training import case_models as team_models
from nerpipe.training.case_models import CaseModelInfo, promote_to_team

#: The parts of the server-wide log, by what an admin looks for; None: every entry.
LOG_PARTS: dict[str, tuple[str, ...] | None] = {
    "everything": None,
    "logins": LOGIN_ACTIONS,
    "users": USER_ACTIONS,  # users, their roles, passwords, memberships and tokens
}


@dataclass(frozen=True, slots=True)
class UserRow:
    name: str
    role: Role
    disabled: bool
    cases: tuple[str, ...]
    created_at: datetime


def administered(access: Store | CaseAccess) -> Store:
    """The store to change users through, as the caller (admins only, when someone is logged in)."""
    if isinstance(access, CaseAccess):
        return access.admin_store()
    return access


def user_rows(access: Store | CaseAccess) -> list[UserRow]:
    """Every user with their role, whether they can log in, and their cases (as every_case
    calls them)."""
    store = administered(access)
    disabled = disabled_names(store.engine)
    labels = store.case_labels()
    return [
        UserRow(
            user.name,
            user.role,
            user.name in disabled,
            tuple(labels[row.id] for row in store.users.case_rows(user.id)),
            user.created_at,
        )
        for user in store.users.list_users()
    ]


def every_case(access: Store | CaseAccess) -> list[str]:
    """Every case by name (NAME#ID where several share one), those without members too: what an
    admin assigns members to."""
    return list(administered(access).case_labels().values())


def create_user(access: Store | CaseAccess, name: str, role: Role | str, password: str) -> User:
    store = administered(access)
    role = parse_role(role)
    return store.users.add_user(name, role, hash_password(password))


def set_role(access: Store | CaseAccess, name: str, role: Role | str) -> None:
    administered(access).users.set_role(name, role)


def reset_password(access: Store | CaseAccess, name: str, password: str, *, revoke_tokens: bool = True) -> int:
    """A new password; the user's login sessions end and, unless told otherwise, their API tokens
    are revoked (a reset often answers a leak, and a token would outlive it). A disabled user
    stays disabled. Returns how many tokens were revoked."""
    store = administered(access)
    current = store.users.password_hash(name)
    if current is None:
        raise UserNotFoundError(f"No user named '{name}': see `nerpipe user list`.")
    mark = DISABLED_MARK if is_disabled_hash(current) else ""
    store.users.set_password(name, mark + hash_password(password))
    if not revoke_tokens:
        return 0
    live = [token for token in store.users.tokens(name) if token.ended_at is None]
    for token in live:
        store.users.revoke_token(token.id)
    return len(live)


def disable_user(access: Store | CaseAccess, name: str) -> None:
    """The user cannot log in or use their tokens until enabled; what they did stays in the log."""
    store = administered(access)
    if isinstance(access, CaseAccess) and access.user.name == name.strip().lower():
        raise UserError("You cannot disable yourself: ask another admin.")
    _disable(store.engine, store.actor, name)


def enable_user(access: Store | CaseAccess, name: str) -> None:
    store = administered(access)
    _enable(store.engine, store.actor, name)


def remove_user(access: Store | CaseAccess, name: str) -> None:
    administered(access).users.remove_user(name)


def create_token(
    access: Store | CaseAccess, name: str, *, label: str = "", days: int | None = 90, max_days: int = 365
) -> tuple[str, Credential]:
    """An API token for `name` (the secret, shown once); refused for a disabled user, whose tokens
    disabling revoked."""
    store = administered(access)
    if name.strip().lower() in disabled_names(store.engine):
        raise UserError(f"'{name}' is disabled: enable them first (nerpipe user enable).")
    return login.create_token(store, name, label=label, days=days, max_days=max_days)


def add_member(access: Store | CaseAccess, name: str, case: str) -> None:
    """The user sees the case, with what their role allows (roles are per user, not per case)."""
    administered(access).users.add_member(name, case)


def remove_member(access: Store | CaseAccess, name: str, case: str) -> None:
    administered(access).users.remove_member(name, case)


def server_log(access: Store | CaseAccess, part: str = "everything", *, limit: int | None = None) -> list[AuditEntry]:
    """The whole audit log, newest first, or one part of it (LOG_PARTS): admins only."""
    if part not in LOG_PARTS:
        raise UserError(f"Unknown part of the log '{part}': use one of {', '.join(LOG_PARTS)}.")
    store = administered(access)
    return store.audit.entries(newest_first=True, limit=limit, actions=LOG_PARTS[part])


def promote_case_model(access: Store | CaseAccess, case: str, settings: Settings) -> CaseModelInfo:
    """Make the case's own model the team's: every case without a model of its own uses it."""
    store = administered(access)
    ref = store.case_ref(case)
    name, case_id = split_ref(ref)
    if case_id is None:
        raise NerpipeError(f"case {name!r} was not found")
    info = promote_to_team(settings, case_id, name, by=store.actor)
    store.record_model_change(ref, "promote", {"model": info.name, "trained_on": info.trained_on})
    return info


def withdraw_team_model(access: Store | CaseAccess, settings: Settings) -> bool:
    """Cases without a model of their own go back to the default pipeline; False when no team
    model was in use (nothing recorded then)."""
    store = administered(access)
    withdrawn = team_models.withdraw_team_model(settings)
    if withdrawn:
        store.record_model_change(None, "withdraw")
    return withdrawn
