"""Saved layouts in the Link chart view: anyone in the case may pick one to look at; analysts save
the chart's arrangement under a name, rename and delete layouts (LayoutStore records each change
in the audit log)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import streamlit as st
from components.layout_save import layout_save, sent_layout
from safe import md
from state import may, plain_store, scoped_key, store
from streamlit.delta_generator import DeltaGenerator

from nerpipe import NerpipeError
from nerpipe.auth.access import CaseAccess
from nerpipe.auth.roles import Role
from nerpipe.errors import CaseError
from nerpipe.store.layouts import LayoutStore

KEY = "chart_layout"
NOTE_KEY = f"{KEY}_note"
NONE_LABEL = "None: laid out by the physics"


def case_layouts(case: str, needed: Role = Role.VIEWER) -> tuple[LayoutStore, str]:
    """The layouts, once the user is checked for `needed` (LayoutStore checks no roles), and the
    case as LayoutStore must be told it: NAME#ID, as another team may have a case of that name."""
    current = store()
    if isinstance(current, CaseAccess):
        return LayoutStore(plain_store().engine, current.actor), current.require(case, needed)
    return LayoutStore.of(current), case


def picker_key(case: str) -> str:
    return scoped_key(KEY, case)


def pick_layout(case: str, where: DeltaGenerator) -> tuple[str | None, dict[str, tuple[float, float]] | None]:
    """The saved layout chosen to place the chart's entities (name and places), or none."""
    layouts, ref = case_layouts(case)
    saved = layouts.list(ref)
    counts = {layout.name: layout.entities for layout in saved}
    key = picker_key(case)
    if st.session_state.get(key) not in (None, *counts):  # deleted or renamed meanwhile
        del st.session_state[key]
    name = where.selectbox(
        "Saved layout",
        [None, *counts],
        format_func=lambda n: NONE_LABEL if n is None else f"{n} ({counts[n]} entities placed)",
        key=key,
        help="Place the entities where an analyst saved them (entities new since then are laid out around "
        "them). The picture and report downloads use the same places.",
    )
    if name is None:
        return None, None
    try:
        layouts, ref = case_layouts(case)
        return name, layouts.load(ref, name)
    except NerpipeError as exc:
        st.error(md(exc))
        return None, None


def layout_controls(case: str, shown: Collection[str], current: str | None) -> None:
    """Save, rename and delete, for analysts; the outcome of the last change."""
    note = st.session_state.pop(NOTE_KEY, None)
    if note:
        (st.success if note[0] == "success" else st.error)(md(note[1]))
    if not may(case, Role.ANALYST):
        st.caption("Analysts of the case save, rename and delete layouts; you can look at the saved ones.")
        return
    save_key = scoped_key(f"{KEY}_save", case)
    ids = frozenset(shown)
    layout_save(save_key, current or "", lambda: _save(case, save_key, ids))
    st.caption("Drag entities where you want them, then save: the layout keeps every entity's place.")
    layouts, ref = case_layouts(case)
    names = [layout.name for layout in layouts.list(ref)]
    if not names:
        return
    with st.expander("Rename or delete a saved layout"):
        a, b = st.columns(2)
        manage_key = scoped_key(f"{KEY}_manage", case, tuple(names))
        new_key = f"{KEY}_new_name"
        a.selectbox("Layout to change", names, key=manage_key)
        b.text_input("New name", max_chars=100, key=new_key)
        c, d = st.columns(2)
        c.button("Rename", key=f"{KEY}_rename", on_click=_rename, args=(case, manage_key, new_key))
        d.button("Delete", key=f"{KEY}_delete", on_click=_delete, args=(case, manage_key))


def checked_layout(sent: Any, shown: Collection[str]) -> tuple[str, dict[str, tuple[float, float]]]:
    """The name and places the browser sent, kept to the entities the chart shows (numbers are
    checked again by LayoutStore)."""
    if not isinstance(sent, Mapping) or not isinstance(sent.get("positions"), Mapping):
        raise CaseError("The chart sent no places for its entities: wait until it is drawn, then save again.")
    name = sent.get("name")
    if not isinstance(name, str):
        raise CaseError("A layout needs a name.")
    places = {}
    for entity, place in sent["positions"].items():
        if entity in shown:
            if not isinstance(place, list | tuple) or len(place) != 2:
                raise CaseError("The chart sent a place that is not two numbers: reload the page and save again.")
            places[entity] = (place[0], place[1])
    if not places:
        raise CaseError("None of the places sent belong to the chart shown: reload the page and save again.")
    return name, places


def _save(case: str, key: str, shown: Collection[str]) -> None:
    try:
        name, places = checked_layout(sent_layout(key), shown)
        layouts, ref = case_layouts(case, Role.ANALYST)
        layouts.save(ref, name, places)
    except NerpipeError as exc:
        st.session_state[NOTE_KEY] = ("error", str(exc))
        return
    name = " ".join(name.split())  # as LayoutStore keeps it
    st.session_state[picker_key(case)] = name  # the layout saved is the one shown and downloaded
    st.session_state[NOTE_KEY] = ("success", f"Layout “{name}” saved: {len(places)} entities placed.")


def _rename(case: str, manage_key: str, new_key: str) -> None:
    old, new = st.session_state.get(manage_key), st.session_state.get(new_key, "")
    try:
        layouts, ref = case_layouts(case, Role.ANALYST)
        layouts.rename(ref, old, new)
    except NerpipeError as exc:
        st.session_state[NOTE_KEY] = ("error", str(exc))
        return
    new = " ".join(new.split())
    if st.session_state.get(picker_key(case)) == old:
        st.session_state[picker_key(case)] = new
    st.session_state[new_key] = ""
    st.session_state[NOTE_KEY] = ("success", f"Layout “{old}” renamed “{new}”.")


def _delete(case: str, manage_key: str) -> None:
    name = st.session_state.get(manage_key)
    try:
        layouts, ref = case_layouts(case, Role.ANALYST)
        layouts.delete(ref, name)
    except NerpipeError as exc:
        st.session_state[NOTE_KEY] = ("error", str(exc))
        return
    if st.session_state.get(picker_key(case)) == name:
        st.session_state[picker_key(case)] = None
    st.session_state[NOTE_KEY] = ("success", f"Layout “{name}” deleted.")
