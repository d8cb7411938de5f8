"""Sidebar: the case picker (create, open, delete with confirmation) and the pipeline in use."""

from __future__ import annotations

import streamlit as st
from safe import md
from state import CASE_KEY, pipeline, store

from nerpipe import NerpipeError
from nerpipe.config import serves_beyond_this_computer

KEY = "sidebar"
NEXT_CASE = "sidebar_next_case"


def render() -> str | None:
    """Show the case picker and pipeline; returns the open case, or None."""
    st.sidebar.title("nerpipe")
    _network_warning()
    try:
        cases = [c.name for c in store().list_cases()]
    except NerpipeError as exc:
        st.sidebar.error(md(str(exc)))
        return None
    if NEXT_CASE in st.session_state:  # chosen by a button last run: set before the widget exists
        st.session_state[CASE_KEY] = st.session_state.pop(NEXT_CASE)
    if st.session_state.get(CASE_KEY) not in cases:
        st.session_state[CASE_KEY] = cases[0] if cases else None
    if cases:
        st.sidebar.selectbox("Case", cases, key=CASE_KEY)
    with st.sidebar.expander("New case", expanded=not cases):
        name = st.text_input("Name", key=f"{KEY}_new_name", placeholder="e.g. Operation Tide")
        if st.button("Create case", key=f"{KEY}_create"):
            try:
                store().create_case(name)
            except NerpipeError as exc:
                st.error(md(str(exc)))
            else:
                st.session_state[NEXT_CASE] = " ".join(name.split())
                st.rerun()
    case = st.session_state.get(CASE_KEY)
    if case:
        _delete(case)
    _pipeline_info()
    return case


def _network_warning() -> None:
    address = st.get_option("server.address") or ""
    if serves_beyond_this_computer(address):
        st.sidebar.warning(
            f"This dashboard is served to the network ({md(address or 'all interfaces')}), with no login: "
            "anyone who can reach it can read, correct, export and delete every case. "
            "Restart it with `make run` (this computer only) unless that is intended."
        )


def _delete(case: str) -> None:
    with st.sidebar.expander("Delete this case"):
        st.write(f"Deletes **{md(case)}** with all its documents, entities and corrections.")
        confirm = st.text_input("Type the case name to confirm", key=f"{KEY}_confirm_delete")
        if st.button("Delete case", key=f"{KEY}_delete", disabled=confirm.strip() != case):
            store().delete_case(case)
            st.session_state[NEXT_CASE] = None
            st.rerun()


def _pipeline_info() -> None:
    st.sidebar.divider()
    try:
        info = pipeline().info
    except NerpipeError as exc:
        st.sidebar.error(f"The NER pipeline could not be loaded: {md(exc)}")
        return
    st.sidebar.caption("Pipeline")
    st.sidebar.markdown(f"**{info.name}** {info.version}  \n{info.reason}")
    st.sidebar.caption(info.path)
    st.sidebar.dataframe(
        [{"label": label, "patterns": count} for label, count in sorted(info.pattern_counts.items())],
        hide_index=True,
        key=f"{KEY}_patterns",
    )
