"""The "also in: Case B (3 documents)" line of the Entities view: the other cases where an entity's
name or identifier occurs (nerpipe.xref), looked up for the one entity shown, from the stored keys
(never every mention), once per state of the store; each case a button that opens the same entity
there (only cases the user may see are searched)."""

from __future__ import annotations

import streamlit as st
from safe import md
from state import CASE_KEY, settings, store

from nerpipe.store.entity_table import CaseEntities
from nerpipe.xref import CaseMatch, CrossReference, cross_references

#: The Entities view's name search: set to the entity's name, it is the first (picked) row there.
SEARCH_KEY = "entities_search"


@st.cache_resource(max_entries=64, show_spinner="Looking for this name in the other cases…")
def _reference(
    url: str, user: str, case: str, entity: str, stored: tuple, revision: tuple, _table: CaseEntities | None
) -> CrossReference | None:
    found = cross_references(store(), case, entities=[entity], table=_table)
    return found[0] if found else None


def reference(case: str, entity: str, table: CaseEntities | None = None) -> CrossReference | None:
    """The entity's matches in other cases; looked up again when any case's documents change.
    `table`: the case's entity table, when the view has it (else it is read)."""
    current = store()
    stored = tuple((c.name, c.documents) for c in current.list_cases())
    user = getattr(current, "actor", "") or ""  # each user searches only the cases they may see
    return _reference(settings().store_url, user, case, entity, stored, current.case_revision(case), table)


def also_in_links(case: str, entity: str, table: CaseEntities | None = None) -> None:
    """ "Also in:" and a button for each other case, which opens this entity's name there."""
    found = reference(case, entity, table)
    if found is None or not found.matches:
        return
    st.caption("Also in:")
    columns = st.columns(min(len(found.matches), 4))
    for index, match in enumerate(found.matches):
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
