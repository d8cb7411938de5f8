"""Admin view (admins only): users (add, role, password, disable), case members (every case, those
without members too) and the server-wide log (logins, failed logins, user changes).

Every action calls nerpipe.auth.admin, as `nerpipe user ...` does: the package refuses anyone but an
admin and writes the audit entry; this module only draws and reports.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import streamlit as st
from safe import md
from state import store

from nerpipe import NerpipeError
from nerpipe.auth import admin
from nerpipe.auth.access import CaseAccess
from nerpipe.auth.roles import ROLES, Role
from nerpipe.store.users import User

KEY = "admin"
#: The outcome of the last action (kind, text), shown once at the top.
OUTCOME = f"{KEY}_outcome"
SHOWN = 500
log = logging.getLogger("nerpipe.dashboard")


def shown_to(user: User | None) -> bool:
    """Admins (and the one analyst of a dashboard without logins, who may do everything)."""
    return user is None or user.role == Role.ADMIN


def render(user: User | None) -> None:
    st.header("Administration")
    _outcome()
    rows = admin.user_rows(store())
    users_tab, members_tab, log_tab = st.tabs(["Users", "Case members", "Server log"])
    with users_tab:
        _users(rows)
    with members_tab:
        _members(rows)
    with log_tab:
        _server_log()


def not_a_member(case: str) -> None:
    """An admin opened a case they manage but are not a member of: its contents are for members."""
    st.title(md(case))
    st.info(
        f"You manage **{md(case)}** but are not a member of it: its documents and entities are for its members. "
        "Join it to read them (recorded in the audit log), or assign members in the Admin view."
    )
    current = store()
    name = current.user.name if isinstance(current, CaseAccess) else ""
    st.button(
        "Join this case",
        key=f"{KEY}_join",
        on_click=_act,
        args=(lambda: admin.add_member(store(), name, case), None),  # the case opening says it
    )
    _outcome()


# -- users ---------------------------------------------------------------------------------------


def _users(rows: list[admin.UserRow]) -> None:
    st.dataframe(
        [
            {
                "user": row.name,
                "role": row.role.value,
                "can log in": "no: disabled" if row.disabled else "yes",
                "cases": ", ".join(row.cases) or "(none)",
                "added (UTC)": row.created_at.strftime("%Y-%m-%d %H:%M"),
            }
            for row in rows
        ],
        hide_index=True,
        width="stretch",
        key=f"{KEY}_users",
    )
    with st.expander("Add a user", expanded=not rows):
        st.text_input("New user's name", key=f"{KEY}_new_name", placeholder="letters, digits and . _ @ -")
        st.selectbox("Role", ROLES, index=ROLES.index(Role.ANALYST.value), key=f"{KEY}_new_role")
        st.text_input("Password", type="password", key=f"{KEY}_new_password")
        st.button("Add user", key=f"{KEY}_add_user", on_click=_add_user)
    if not rows:
        return
    st.subheader("Change a user")
    names = [row.name for row in rows]
    chosen = st.selectbox("User", names, key=f"{KEY}_user")
    row = rows[names.index(chosen)] if chosen in names else rows[0]
    role_column, password_column, state_column = st.columns(3)
    with role_column:
        st.selectbox("Role of this user", ROLES, index=ROLES.index(row.role.value), key=f"{KEY}_role_{row.name}")
        st.button("Change role", key=f"{KEY}_set_role", on_click=_set_role)
    with password_column:
        st.text_input("New password", type="password", key=f"{KEY}_password")
        st.checkbox("Also revoke their API tokens", value=True, key=f"{KEY}_revoke_tokens")
        st.button("Reset password", key=f"{KEY}_reset", on_click=_reset_password)
        st.caption("Their login sessions end.")
    with state_column:
        if isinstance(store(), CaseAccess) and store().user.name == row.name:
            st.caption("This is you: another admin can disable you.")
        elif row.disabled:
            st.caption("Disabled: cannot log in.")
            st.button("Enable", key=f"{KEY}_enable", on_click=_enable)
        else:
            st.caption("Disabling ends their sessions and revokes their API tokens; their cases and role stay.")
            st.button("Disable", key=f"{KEY}_disable", on_click=_disable)


def _add_user() -> None:
    name = st.session_state.get(f"{KEY}_new_name", "")
    role = st.session_state.get(f"{KEY}_new_role", Role.ANALYST.value)
    password = st.session_state.get(f"{KEY}_new_password", "")
    if _act(lambda: admin.create_user(store(), name, role, password), f"User '{name.strip().lower()}' added ({role})."):
        st.session_state[f"{KEY}_new_name"] = ""
    st.session_state[f"{KEY}_new_password"] = ""  # never kept in the page, right or wrong


# The callbacks read the chosen user from the page's state, not from arguments bound when the
# button was drawn: a choice made just before the click is the one acted on.


def _chosen_user() -> str:
    return st.session_state.get(f"{KEY}_user", "")


def _set_role() -> None:
    name = _chosen_user()
    role = st.session_state.get(f"{KEY}_role_{name}", "")
    _act(lambda: admin.set_role(store(), name, role), f"'{name}' is now {role}.")


def _disable() -> None:
    name = _chosen_user()
    _act(lambda: admin.disable_user(store(), name), f"'{name}' is disabled: they cannot log in.")


def _enable() -> None:
    name = _chosen_user()
    _act(lambda: admin.enable_user(store(), name), f"'{name}' can log in again.")


def _reset_password() -> None:
    name = _chosen_user()
    password = st.session_state.get(f"{KEY}_password", "")
    st.session_state[f"{KEY}_password"] = ""
    revoke = bool(st.session_state.get(f"{KEY}_revoke_tokens", True))
    _act(
        lambda: admin.reset_password(store(), name, password, revoke_tokens=revoke),
        f"The password of '{name}' is changed" + (" and their API tokens revoked." if revoke else "."),
    )


# -- case members --------------------------------------------------------------------------------


def _members(rows: list[admin.UserRow]) -> None:
    cases = admin.every_case(store())
    if not cases:
        st.info("No cases yet.")
        return
    case = st.selectbox("Case to manage", cases, key=f"{KEY}_case")
    members = [row for row in rows if case in row.cases]
    if members:
        st.dataframe(
            [{"member": row.name, "role": row.role.value} for row in members],
            hide_index=True,
            key=f"{KEY}_members",
        )
    else:
        st.info("This case has no members: no one but admins sees it.")
    others = [row.name for row in rows if case not in row.cases]
    add_column, remove_column = st.columns(2)
    with add_column:
        if others:
            st.selectbox("Add to this case", others, key=f"{KEY}_join_{case}")
            st.button("Add to case", key=f"{KEY}_add_member", on_click=_add_member)
            st.caption("They see the case with what their role allows (roles are per user: change them under Users).")
    with remove_column:
        if members:
            st.selectbox("Take out of this case", [row.name for row in members], key=f"{KEY}_leave_{case}")
            st.button("Remove from case", key=f"{KEY}_remove_member", on_click=_remove_member)


def _add_member() -> None:
    case = st.session_state.get(f"{KEY}_case", "")
    name = st.session_state.get(f"{KEY}_join_{case}", "")
    _act(lambda: admin.add_member(store(), name, case), f"'{name}' is a member of '{case}'.")


def _remove_member() -> None:
    case = st.session_state.get(f"{KEY}_case", "")
    name = st.session_state.get(f"{KEY}_leave_{case}", "")
    _act(lambda: admin.remove_member(store(), name, case), f"'{name}' is no longer a member of '{case}'.")


# -- the server-wide log ---------------------------------------------------------------------------


def _server_log() -> None:
    part = st.radio(
        "Show",
        list(admin.LOG_PARTS),
        format_func=lambda part: "users and members" if part == "users" else part,
        horizontal=True,
        key=f"{KEY}_log_part",
    )
    entries = admin.server_log(store(), part, limit=SHOWN)
    if not entries:
        st.info("Nothing recorded yet.")
        return
    st.dataframe(
        [
            {
                "when (UTC)": e.at.strftime("%Y-%m-%d %H:%M:%S"),
                "who": e.actor,
                "what": e.description,
                "case": e.case or "",
                "which": e.target,
                "details": ", ".join(
                    f"{k}: {v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}"
                    for k, v in sorted(e.details.items())
                    if v not in (None, "")
                ),
            }
            for e in entries
        ],
        hide_index=True,
        width="stretch",
        key=f"{KEY}_log",
    )
    if len(entries) == SHOWN:
        st.caption(f"The newest {SHOWN} entries: `nerpipe audit` writes them all.")


def _outcome() -> None:
    if OUTCOME in st.session_state:
        kind, text = st.session_state.pop(OUTCOME)
        (st.success if kind == "done" else st.error)(md(text))


def _act(action: Callable[[], object], done: str | None) -> bool:
    """Run an admin action (a button's callback, before the page is drawn again); its outcome is
    shown once at the top, a failure in words, never a traceback."""
    try:
        action()
    except NerpipeError as exc:
        st.session_state[OUTCOME] = ("failed", str(exc))
        return False
    except Exception:
        log.exception("admin action failed")
        st.session_state[OUTCOME] = (
            "failed",
            "That did not work (the error is in the server's log): check the tables below before trying again, "
            "and report it.",
        )
        return False
    if done is not None:
        st.session_state[OUTCOME] = ("done", done)
    return True
