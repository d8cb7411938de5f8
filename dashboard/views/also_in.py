"""The "also in: Case B (3 documents)" line of the Entities view: the other cases where an entity's
name or identifier occurs (nerpipe.xref), worked out once per state of the store, each case a
button that opens the same entity there (only cases the user may see are searched)."""

from __future__ import annotations

import streamlit as st
from safe import md
from state import CASE_KEY, settings, store

from nerpipe.xref import CaseMatch, CrossReference, cross_references

#: The Entities view's name search: set to the entity's name, it is the first (picked) row there.
SEARCH_KEY = "entities_search"


@st.cache_resource(max_entries=8, show_spinner="Looking for these names in the other cases…")
def _references(url: str, case: str, stored: tuple[tuple[str, int], ...], revision: tuple[int, ...]):
    return {r.entity: r for r in cross_references(store(), case)}


def references(case: str) -> dict[str, CrossReference]:
    """Entity id → its matches in other cases; recomputed when any case's documents change."""
    current = store()
    stored = tuple((c.name, c.documents) for c in current.list_cases())
    return _references(settings().store_url, case, stored, current.case_revision(case))


def also_in_links(case: str, entity: str) -> None:
    """ "Also in:" and a button for each other case, which opens this entity's name there."""
    reference = references(case).get(entity)
    if reference is None or not reference.matches:
        return
    st.caption("Also in:")
    columns = st.columns(min(len(reference.matches), 4))
    for index, match in enumerate(reference.matches):
        columns[index % len(columns)].button(
            f"{md(match.case)} ({match.documents} document{'s' if match.documents != 1 else ''})",
            key=f"also_in_{index}_{match.case}",
            on_click=_open_in,
            args=(match,),
            help=f"Open this entity in the case {md(match.case)}, as written there: {md(', '.join(match.names))}",
        )


def _open_in(match: CaseMatch) -> None:
    """Before the next run draws the sidebar: that case open, its entity table searched for the name."""
    st.session_state[CASE_KEY] = match.case
    st.session_state[SEARCH_KEY] = match.names[0] if match.names else ""
