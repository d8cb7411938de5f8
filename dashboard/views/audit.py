"""Audit log: who did what to the open case and when, newest first, and the whole log as CSV
(the same file as `nerpipe audit --case NAME`). Shown to the case's members and to admins."""

from __future__ import annotations

import json

import streamlit as st
from downloads import audited_download
from safe import md
from state import may, plain_store, scoped_key, store, texts_and_names

from nerpipe.audit_export import SPAN_DETAILS, audit_csv, correction_words
from nerpipe.auth.access import CaseAccess
from nerpipe.auth.roles import Role
from nerpipe.store.audit import AuditEntry
from nerpipe.store.users import User

KEY = "audit"
SHOWN = 500


def sees_every_case(user: User | None) -> bool:
    """Admins (and the one analyst of a dashboard without logins) read the log of any case, one they
    are not a member of or one that was deleted."""
    return user is None or user.role == Role.ADMIN


def entries(case: str, *, limit: int | None = None) -> list[AuditEntry]:
    current = store()
    if isinstance(current, CaseAccess):
        return current.audit_entries(case, newest_first=True, limit=limit)
    return current.audit.entries(case=case, newest_first=True, limit=limit)


def render(case: str | None, user: User | None = None) -> None:
    if sees_every_case(user):
        current = store()
        names = current.logged_cases() if isinstance(current, CaseAccess) else current.audit.case_names()
        if not names:
            st.info("Nothing recorded yet.")
            return
        case = st.selectbox(
            "Case (every case in the log, deleted ones too)",
            names,
            index=names.index(case) if case in names else 0,
            key=scoped_key(f"{KEY}_case", case, names),
        )
    if case is None:
        return
    st.header(f"Audit log of {md(case)}")
    shown = entries(case, limit=SHOWN)
    if not shown:
        st.info("Nothing recorded for this case yet.")
        return
    every = entries(case)
    words = _words(case, every)
    st.dataframe(
        [
            {
                "when (UTC)": e.at.strftime("%Y-%m-%d %H:%M:%S"),
                "who": e.actor,
                "what": e.description,
                "which": e.target,
                **({"words": words.get(e.id, "")} if words is not None else {}),
                "details": ", ".join(
                    f"{k}: {_shown(v)}"
                    for k, v in sorted(e.details.items())
                    if v not in (None, "") and not (e.id in (words or {}) and k in SPAN_DETAILS)
                ),
            }
            for e in shown
        ],
        hide_index=True,
        width="stretch",
        key=f"{KEY}_table",
    )
    if len(shown) == SHOWN:
        st.caption(f"The newest {SHOWN} entries; the CSV holds them all.")
    if sees_every_case(user) or may(case, Role.ANALYST):  # a viewer reads the log, an export is an analyst's
        audited_download(
            lambda: audit_csv(reversed(every), words=words),
            file_name="audit-log.csv",
            mime="text/csv",
            key=f"{KEY}_download",
            record=lambda: _log_store(user).record_log_export(case, len(every)),
        )


def _words(case: str, logged: list[AuditEntry]) -> dict[int, str] | None:
    """Each correction's words, for those who may read the case's documents (members, or anyone
    without logins) while it exists; None otherwise: the entries keep the offsets and SHA-256."""
    current = store()
    if not current.case_exists(case):  # a deleted case, or (through CaseAccess) not a member
        return None
    texts, filenames = texts_and_names(case)
    return correction_words(logged, texts, filenames)


def _log_store(user: User | None):
    """Where the log's own export is recorded: as the admin (any case, a deleted one too), or
    through the member's access (an analyst of the case)."""
    if sees_every_case(user):
        return plain_store() if user is None else plain_store().acting_as(user.name)
    return store()


def _shown(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
