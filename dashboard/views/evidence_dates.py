"""The "evidence dated" filter the Entities view and the link chart share: From and To days, either
left empty. A link is kept when its evidence falls in the range (nerpipe.graph.timeline says how
evidence is dated); undated evidence is left out once a day is set."""

from __future__ import annotations

from datetime import date

import streamlit as st

HELP = (
    "Keeps the mentions, and so the links, whose sentence is dated in this range: by a date in the "
    "sentence, else by the document's own date. Undated ones are left out while a day is set."
)


def evidence_dates(prefix: str, container=st) -> tuple[date | None, date | None]:
    """Two date boxes side by side; returns (first day, last day), None where left empty."""
    left, right = container.columns(2)
    start = left.date_input("Evidence from", value=None, key=f"{prefix}_dates_from", help=HELP)
    end = right.date_input("Evidence to", value=None, key=f"{prefix}_dates_to", help=HELP)
    if start is not None and end is not None and end < start:
        container.warning("“Evidence to” is before “Evidence from”: nothing can fall in that range; swap them.")
    return start, end
