"""Timeline: the case's documents and dated mentions over time, filtered by entity (when did A and
B appear together?), label and dates; choosing an item shows its evidence.

A big case (more than DETAILED_MENTIONS mentions) shows instead how many mentions are dated to each
day, counted in SQL from the dates stored beside each mention, one colour per entity or label
chosen; choosing a day reads that day's mentions only (timeline_days.py)."""

from __future__ import annotations

import altair as alt
import streamlit as st
from safe import md
from state import scoped_key, settings, store

from nerpipe.case_timeline import case_timeline
from nerpipe.dates import FROM_METADATA
from nerpipe.graph.timeline import DOCUMENT, FROM_THE_TEXT, TimelineEvent, filter_events, main_period
from views.timeline_days import day_histogram

KEY = "timeline"
#: Okabe-Ito orange and blue, told apart with colour-blindness too, and by shape (square, circle).
#: Above this many mentions in the case, the day histogram from the store: every dated item reads
#: every mention and text (71 s at 10,000 documents); the bench's 200 documents hold 20,000.
DETAILED_MENTIONS = 25_000
KINDS = {"document date": ("#E69F00", "square"), "dated mention": ("#0072B2", "circle")}


@st.cache_resource(max_entries=8, show_spinner="Dating the case's documents and mentions…")
def _timeline(url: str, case: str, revision: tuple[int, ...]):
    return case_timeline(store(), case)


def render(case: str) -> None:
    st.header("Timeline")
    if sum(document.mention_count for document in store().list_documents(case)) > DETAILED_MENTIONS:
        day_histogram(case)
        return
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
    period = main_period(events)
    every_date = period is not None and st.toggle(
        "Show dates far from the rest",
        key=f"{KEY}_every_date",
        help="Dates decades away from the case's events (dates of birth, old convictions) squeeze the chart; "
        "they are left out of it unless this is on.",
    )
    far = [] if period is None or every_date else [e for e in shown if not e.when.overlaps(*period)]
    if far:
        shown = [e for e in shown if e.when.overlaps(*period)]
    st.caption(
        f"{len(shown)} of {len(events)} dated items, {first:%Y-%m-%d} to {last:%Y-%m-%d}. "
        "Hover a point for its sentence; click it, or choose it below, to read the evidence. "
        "Scroll on the chart to zoom in time, drag to move."
        + (
            f" {len(far)} item(s) dated far from the rest ({_span(far)}, e.g. dates of birth) are left out: "
            "turn on “Show dates far from the rest” to see them."
            if far
            else ""
        )
    )
    if not shown:
        st.info("Nothing dated matches these filters.")
        return
    # The chart's selection names a point of the data it was drawn from: a chart of other data is
    # another widget, so a point clicked before a filter changed never stands for a point of the new list.
    scope = (case, store().case_revision(case), tuple(together), tuple(labels), start, end, every_date)
    clicked = _chart(shown, index, scoped_key(f"{KEY}_chart", *scope))
    if clicked is not None and not 0 <= clicked < len(shown):
        clicked = None
    options = list(range(len(shown)))
    picked = st.selectbox(
        "Read the evidence of",
        options,
        index=clicked if clicked is not None else 0,
        format_func=lambda i: _label(shown[i]),
        key=scoped_key(f"{KEY}_pick", *scope, clicked),
    )
    if picked is not None:
        _evidence(shown[picked], index)


def _span(events: list[TimelineEvent]) -> str:
    first, last = min(e.when.start for e in events), max(e.when.end for e in events)
    return f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"


def _guessed(event: TimelineEvent) -> str:
    """Where a date was read, when that is not the text itself (a file's creation date)."""
    return event.dated_by if event.dated_by in FROM_METADATA.values() else ""


def _label(event: TimelineEvent) -> str:
    what = "document" if event.kind == DOCUMENT else event.written
    guessed = _guessed(event)
    return f"{event.when} · {event.filename} · {what}" + (f" (date from {guessed})" if guessed else "")


def _chart(shown: list[TimelineEvent], index, key: str) -> int | None:
    """Points over time, one row per document, zoomable in time; returns the position of a clicked point."""
    rows = [
        {
            "item": i,
            "from": event.when.start.isoformat(),
            "to": event.when.end.isoformat(),
            "document": event.filename,
            "what": "document date" if event.kind == DOCUMENT else "dated mention",
            "date": str(event.when),
            "date from": event.dated_by or FROM_THE_TEXT,
            "entities": ", ".join(index.entities[e].name for e in event.entities),
            "sentence": event.sentence[:200],
        }
        for i, event in enumerate(shown)
    ]
    pick = alt.selection_point(fields=["item"], name="picked")
    zoom = alt.selection_interval(bind="scales", encodings=["x"], name="zoom")
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("from:T", title="date"),
        y=alt.Y("document:N", title=None, axis=alt.Axis(labelLimit=320)),
        color=alt.Color(
            "what:N",
            title=None,
            scale=alt.Scale(domain=list(KINDS), range=[colour for colour, _ in KINDS.values()]),
            legend=alt.Legend(orient="top"),
        ),
        shape=alt.Shape(
            "what:N", title=None, scale=alt.Scale(domain=list(KINDS), range=[s for _, s in KINDS.values()])
        ),
        tooltip=["date:N", "date from:N", "document:N", "entities:N", "sentence:N"],
    )
    # Clipped: zoomed in, the marks outside the axis are not drawn over the document names.
    spans = base.mark_rule(strokeWidth=6, opacity=0.5, clip=True).encode(x2="to:T")
    points = base.mark_point(size=140, filled=True, opacity=0.9, clip=True).add_params(pick)
    event = st.altair_chart(
        (spans + points).add_params(zoom),
        on_select="rerun",
        selection_mode=["picked"],
        key=key,
        width="stretch",
    )
    selected = (getattr(event, "selection", None) or {}).get("picked") or []
    return selected[0].get("item") if selected and isinstance(selected[0], dict) else None


def _evidence(event: TimelineEvent, index) -> None:
    where = event.filename + (f", page {event.page}" if event.page else "")
    st.markdown(f"**{md(str(event.when))}** · {md(where)} · {md(event.written)}")
    guessed = _guessed(event)
    if guessed:
        st.caption(
            f"Dated by {md(guessed)}: neither its text's first lines nor an e-mail header give a date, so this "
            "is when the file was made or saved, which may not be when the document was written."
        )
    st.text(event.sentence)
    if event.entities:
        st.caption("In this sentence: " + md(", ".join(f"{index.entities[e].name}" for e in event.entities)))
