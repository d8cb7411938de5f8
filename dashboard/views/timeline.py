"""Timeline: the case's documents and dated mentions over time, filtered by entity (when did A and
B appear together?), label and dates; choosing an item shows its evidence."""

from __future__ import annotations

import altair as alt
import streamlit as st
from safe import md
from state import scoped_key, settings, store

from nerpipe.case_timeline import case_timeline
from nerpipe.graph.timeline import DOCUMENT, TimelineEvent, filter_events

KEY = "timeline"


@st.cache_resource(max_entries=8, show_spinner="Dating the case's documents and mentions…")
def _timeline(url: str, case: str, revision: tuple[int, ...]):
    return case_timeline(store(), case)


def render(case: str) -> None:
    st.header("Timeline")
    events, index = _timeline(settings().store_url, case, store().case_revision(case))
    if not events:
        st.info(
            "Nothing is dated yet: no document has a date nerpipe can read, and no DATE mention resolves to a day. "
            "Add documents in Upload."
        )
        return
    linked = sorted({e for event in events for e in event.entities}, key=lambda k: index.entities[k].name.casefold())
    names = {key: f"{index.entities[key].name} ({index.entities[key].label})" for key in linked}
    labels_present = sorted({index.entities[k].label for k in linked})
    top, middle = st.columns([3, 2]), st.columns(2)
    together = top[0].multiselect(
        "Entities together",
        list(names),
        format_func=names.get,
        key=scoped_key(f"{KEY}_entities", case, linked),
        help="Only the dates whose sentence names every entity chosen: when did A and B appear together?",
    )
    labels = top[1].multiselect("Labels", labels_present, key=scoped_key(f"{KEY}_labels", case, labels_present))
    first, last = events[0].when.start, max(e.when.end for e in events)
    start = middle[0].date_input("From", value=None, min_value=first, max_value=last, key=f"{KEY}_from")
    end = middle[1].date_input("To", value=None, min_value=first, max_value=last, key=f"{KEY}_to")
    shown = filter_events(events, index, entities=together, labels=labels or None, start=start, end=end)
    st.caption(
        f"{len(shown)} of {len(events)} dated items, {first:%Y-%m-%d} to {last:%Y-%m-%d}. "
        "Hover a point for its sentence; click it, or choose it below, to read the evidence."
    )
    if not shown:
        st.info("Nothing dated matches these filters.")
        return
    clicked = _chart(shown, index)
    options = list(range(len(shown)))
    picked = st.selectbox(
        "Read the evidence of",
        options,
        index=clicked if clicked is not None else 0,
        format_func=lambda i: _label(shown[i]),
        key=scoped_key(f"{KEY}_pick", case, tuple(together), tuple(labels), start, end, clicked),
    )
    if picked is not None:
        _evidence(shown[picked], index)


def _label(event: TimelineEvent) -> str:
    what = "document" if event.kind == DOCUMENT else event.written
    return f"{event.when} · {event.filename} · {what}"


def _chart(shown: list[TimelineEvent], index) -> int | None:
    """Points over time, one row per document; returns the position of a clicked point."""
    rows = [
        {
            "item": i,
            "from": event.when.start.isoformat(),
            "to": event.when.end.isoformat(),
            "document": event.filename,
            "what": "document date" if event.kind == DOCUMENT else "dated mention",
            "date": str(event.when),
            "entities": ", ".join(index.entities[e].name for e in event.entities),
            "sentence": event.sentence[:200],
        }
        for i, event in enumerate(shown)
    ]
    pick = alt.selection_point(fields=["item"], name="picked")
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("from:T", title="date"),
        y=alt.Y("document:N", title=None, axis=alt.Axis(labelLimit=320)),
        color=alt.Color("what:N", title=None),
        tooltip=["date:N", "document:N", "entities:N", "sentence:N"],
    )
    spans = base.mark_rule(strokeWidth=6, opacity=0.5).encode(x2="to:T")
    points = base.mark_circle(size=140).add_params(pick)
    event = st.altair_chart(spans + points, on_select="rerun", key=f"{KEY}_chart", width="stretch")
    selected = (getattr(event, "selection", None) or {}).get("picked") or []
    return selected[0].get("item") if selected and isinstance(selected[0], dict) else None


def _evidence(event: TimelineEvent, index) -> None:
    where = event.filename + (f", page {event.page}" if event.page else "")
    st.markdown(f"**{md(str(event.when))}** · {md(where)} · {md(event.written)}")
    st.text(event.sentence)
    if event.entities:
        st.caption("In this sentence: " + md(", ".join(f"{index.entities[e].name}" for e in event.entities)))
