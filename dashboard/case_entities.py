"""The store's entity table of a case, cached per data revision and shared by the views that list
entities (Entities, Search): grouped in SQL from the mentions' stored keys (store/entity_table.py),
so a view never reads every mention to offer a choice of entities."""

from __future__ import annotations

import streamlit as st
from state import plain_store, settings, store

from nerpipe.store.entity_table import CaseEntities


def stored_table(case: str) -> CaseEntities:
    """The case's entities (checks the user's membership; the cache is keyed by the case itself)."""
    current = store()
    ref = current.case_ref(case)
    return _cached_entities(settings().store_url, ref, current.case_revision(ref))


@st.cache_resource(max_entries=8, show_spinner="Reading the case's entities…")
def _cached_entities(url: str, ref: str, revision: tuple[int, ...]) -> CaseEntities:
    return plain_store().case_entities(ref)
