"""Sidebar: the case picker (create, open, delete with confirmation) and the pipeline in use."""

from __future__ import annotations

import logging

import streamlit as st
from safe import md
from state import CASE_KEY, pipeline, store

from nerpipe import NerpipeError
from nerpipe.auth.access import CaseAccess
from nerpipe.auth.roles import Role
from nerpipe.config import serves_beyond_this_computer
from views import retrain, upload

KEY = "sidebar"
NEXT_CASE = f"{KEY}_next_case"
NEW_BOX, NEW_NAME = f"{KEY}_new_case_box", f"{KEY}_new_name"
DELETE_BOX, CONFIRM = f"{KEY}_delete_box", f"{KEY}_confirm_delete"
#: A failed action's message, shown once.
MESSAGE = f"{KEY}_message"
log = logging.getLogger("nerpipe.dashboard")


def render() -> str | None:
    """Show the case picker and pipeline; returns the open case, or None."""
    st.sidebar.title("nerpipe")
    _network_warning()
    try:
        cases = _case_names()
    except NerpipeError as exc:
        st.sidebar.error(md(str(exc)))
        return None
    if NEXT_CASE in st.session_state:  # chosen by a button last run: set before the widget exists
        st.session_state[CASE_KEY] = st.session_state.pop(NEXT_CASE)
    if st.session_state.get(CASE_KEY) not in cases:
        st.session_state[CASE_KEY] = cases[0] if cases else None
    if cases:
        st.sidebar.selectbox("Case", cases, key=CASE_KEY)
    if MESSAGE in st.session_state:
        st.sidebar.error(md(st.session_state.pop(MESSAGE)))
    if _may(Role.ANALYST):
        _new_case(open_at_start=not cases)
    case = st.session_state.get(CASE_KEY)
    if case:
        _upload_running(case)
    if case and _may(Role.ADMIN):
        _delete(case)
    if case and opens(case):  # an admin who is not a member reads nothing of the case's
        _retrain_running(case)
        _case_model(case)
    _pipeline_info()
    return case


def _case_names() -> list[str]:
    """The cases a user may pick: their own, or every case for an admin (who assigns members, those
    without members too; the contents stay for members, views/admin.py not_a_member). Each by its
    name, or NAME#ID where the user sees several cases of that name (store/case_refs.py)."""
    return list(store().case_labels().values())


def opens(case: str) -> bool:
    """Whether the user may read the case's contents: its members (and everyone without logins)."""
    current = store()
    return not isinstance(current, CaseAccess) or current.is_member(case)


def _may(role: Role) -> bool:
    """Whether the user's role allows what a box does (creating needs an analyst, deleting an
    admin): a box that could only answer "you cannot" is not drawn. Without logins, everyone may."""
    access = store()
    return not isinstance(access, CaseAccess) or access.user.role.allows(role)


def _network_warning() -> None:
    address = st.get_option("server.address") or ""
    if serves_beyond_this_computer(address):  # then logins are on (views/login.py): say so
        st.sidebar.caption(
            f"Served to the network ({md(address or 'all interfaces')}): everyone logs in and sees only the cases "
            "they are a member of."
        )


def _new_case(*, open_at_start: bool) -> None:
    with st.sidebar.expander("New case", expanded=open_at_start, key=_box(NEW_BOX)):
        st.text_input("Name", key=NEW_NAME, placeholder="e.g. Operation Tide")
        st.button("Create case", key=f"{KEY}_create", on_click=_create)


def _create() -> None:
    """Runs before the page is drawn: on success the case opens, the box closes and its name
    field is emptied; on failure the message shows above it."""
    name = st.session_state.get(NEW_NAME, "")
    if not _ran(lambda: store().create_case(name)):
        return
    st.session_state[NEXT_CASE] = " ".join(name.split())
    st.session_state[NEW_NAME] = ""
    _close(NEW_BOX)


def _delete(case: str) -> None:
    with st.sidebar.expander("Delete this case", key=_box(DELETE_BOX)):
        st.write(f"Deletes **{md(case)}** with all its documents, entities and corrections.")
        confirm = st.text_input("Type the case name to confirm", key=CONFIRM)
        st.button(
            "Delete case", key=f"{KEY}_delete", disabled=confirm.strip() != case, on_click=_delete_case, args=(case,)
        )


def _delete_case(case: str) -> None:
    if _ran(lambda: store().delete_case(case)):
        st.session_state[NEXT_CASE] = None
        st.session_state[CONFIRM] = ""
        _close(DELETE_BOX)


def _box(name: str) -> str:
    """The key of a box that closes once used: each use gives it a new key, and a new box is drawn
    closed (setting an open box's state to closed loses a race with the click that opened it)."""
    return f"{name}_{st.session_state.get(f'{name}_uses', 0)}"


def _close(name: str) -> None:
    st.session_state[f"{name}_uses"] = st.session_state.get(f"{name}_uses", 0) + 1


def _ran(action) -> bool:
    """Run a button's action; a failure becomes a message in the sidebar, never a traceback."""
    try:
        action()
    except NerpipeError as exc:
        st.session_state[MESSAGE] = str(exc)
        return False
    except Exception:
        log.exception("sidebar action failed")
        st.session_state[MESSAGE] = "That did not work: nothing was changed. Try again, and report it if it persists."
        return False
    return True


def _upload_running(case: str) -> None:
    """Seen from every view: an upload of this user's into the case is still going."""
    job = upload.jobs().get(upload.owner(), case)
    if job is not None and job.state().running:
        share = f"{job.state().fraction:.0%}"
        st.sidebar.info(f"An upload into {md(case)} is running ({share} done): its progress is in the upload view.")


def _retrain_running(case: str) -> None:
    """Seen from every view: the case's model is being retrained."""
    job = retrain.job_of(case)
    if job is not None and job.state().running:
        share = f"{job.state().fraction:.0%}"
        st.sidebar.info(f"The model of {md(case)} is being retrained ({share} done): see Retrain model.")


def _case_model(case: str) -> None:
    """The model that reads this case's documents, and what it was trained on."""
    st.sidebar.divider()
    st.sidebar.caption("Model for this case")
    try:
        st.sidebar.markdown(retrain.model_in_use(case))
    except NerpipeError as exc:
        st.sidebar.error(md(str(exc)))


def _pipeline_info() -> None:
    st.sidebar.divider()
    try:
        info = pipeline().info
    except NerpipeError as exc:
        st.sidebar.error(f"The NER pipeline could not be loaded: {md(exc)}")
        return
    st.sidebar.caption("Default pipeline (a case with a model of its own uses that instead)")
    st.sidebar.markdown(f"**{info.name}** {info.version}  \n{info.reason}")
    st.sidebar.caption(info.path)
    st.sidebar.dataframe(
        [{"label": label, "patterns": count} for label, count in sorted(info.pattern_counts.items())],
        hide_index=True,
        key=f"{KEY}_patterns",
    )
