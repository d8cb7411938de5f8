"""The "also in: Case B (3 documents)" line of the Entities view: the other cases where an entity's
name or identifier occurs (nerpipe.xref), worked out once per state of the store."""

from __future__ import annotations

import streamlit as st
from state import settings, store

from nerpipe.xref import CrossReference, also_in_text, cross_references


@st.cache_resource(max_entries=8, show_spinner="Looking for these names in the other cases…")
def _references(url: str, case: str, stored: tuple[tuple[str, int], ...], revision: tuple[int, ...]):
    return {r.entity: r for r in cross_references(store(), case)}


def references(case: str) -> dict[str, CrossReference]:
    """Entity id → its matches in other cases; recomputed when any case's documents change."""
    current = store()
    stored = tuple((c.name, c.documents) for c in current.list_cases())
    return _references(settings().store_url, case, stored, current.case_revision(case))


def also_in(case: str, entity: str) -> str:
    return also_in_text(references(case).get(entity))
