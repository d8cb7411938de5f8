"""The Timeline of a big case: how many mentions are dated to each day (or coarser range: a month
written alone), counted in SQL from the dates stored beside each mention (Store.mention_days), one
colour per entity chosen (or per label, or all names); choosing a bar reads that day's mentions of
that entity only, at most EVIDENCE_CAP (Store.dated_mentions), with their sentences."""

from __future__ import annotations

from datetime import date

import altair as alt
import streamlit as st
from case_entities import stored_table
from safe import md
from state import scoped_key, settings, store

from nerpipe.graph.cooccur import marked_snippet
from nerpipe.labels import CONTEXT_LABELS
from nerpipe.store.entity_table import CaseEntities

KEY = "timeline_days"
#: Mentions read for one bar (its count says how many there are).
EVIDENCE_CAP = 50
#: Entities drawn at once (one colour each), and entities offered (the most mentioned).
MAX_SERIES, MAX_OFFERED = 8, 2_000
ALL = "all mentions"
#: (series, first day, last day, mentions): one bar.
Bar = tuple[str, date, date, int]


def day_histogram(case: str) -> None:
    current = store()
    ref, revision = current.case_ref(case), current.case_revision(case)
    every = _bars(settings().store_url, ref, revision, ((ALL, None),), current)
    if not every:
        st.info("Nothing is dated yet: no mention's sentence or document has a date nerpipe can read.")
        return
    compare = st.toggle(
        "By entity or label",
        key=f"{KEY}_compare",
        help="One colour per entity chosen, or per label: reads the case's entity table (seconds, once).",
    )
    table, chosen, labels, series = None, [], [], ((ALL, None),)
    if compare:
        table = stored_table(case)
        chosen, labels, series = _pickers(case, table)
    middle = st.columns(2)
    bars = _bars(settings().store_url, ref, revision, series, current)
    if not bars:
        st.info("Nothing dated matches these filters.")
        return
    # The case's span, whatever is chosen: a day typed in From or To stays within the bounds.
    first, last = min(bar[1] for bar in every), max(bar[2] for bar in every)
    start = middle[0].date_input("From", value=None, min_value=first, max_value=last, key=f"{KEY}_from")
    end = middle[1].date_input("To", value=None, min_value=first, max_value=last, key=f"{KEY}_to")
    shown = [bar for bar in bars if (start is None or bar[2] >= start) and (end is None or bar[1] <= end)]
    st.caption(
        f"A big case: mentions per day, {first:%Y-%m-%d} to {last:%Y-%m-%d}, counted from the dates stored with "
        f"each mention ({sum(bar[3] for bar in shown):,} dated mentions shown). Click a bar, or choose it below, "
        f"to read that day's mentions (the first {EVIDENCE_CAP})."
    )
    if not shown:
        st.info("Nothing dated matches these filters.")
        return
    scope = (case, revision, tuple(chosen), tuple(labels), start, end)
    clicked = _chart(shown, scoped_key(f"{KEY}_chart", *scope))
    picked = st.selectbox(
        "Read the mentions of",
        range(len(shown)),
        index=clicked if clicked is not None and 0 <= clicked < len(shown) else 0,
        format_func=lambda i: _bar_label(shown[i]),
        key=scoped_key(f"{KEY}_pick", *scope, clicked),
    )
    if picked is not None:
        _evidence(case, table, shown[picked], dict(series))


def _pickers(case: str, table: CaseEntities) -> tuple[list[str], list[str], tuple]:
    """The entities and labels chosen, and the series they make."""
    labels_present = sorted({e.label for e in table.entities.values()})
    top = st.columns([3, 2])
    labels = top[1].multiselect(
        "Labels",
        labels_present,
        key=scoped_key(f"{KEY}_labels", case, labels_present),
        help="Narrows the entities offered; with no entity chosen, one colour per label.",
    )
    offered = sorted(
        (e for e in table.entities.values() if (e.label in labels if labels else e.label not in CONTEXT_LABELS)),
        key=lambda e: (-e.mentions, e.id),
    )[:MAX_OFFERED]
    names = {e.id: f"{e.name} ({e.label})" for e in offered}
    chosen = top[0].multiselect(
        "Entities",
        list(names),
        format_func=names.get,
        max_selections=MAX_SERIES,
        key=scoped_key(f"{KEY}_entities", case, labels),
        help=f"One colour each: when does each appear? (the {MAX_OFFERED:,} most mentioned are offered)",
    )
    return chosen, labels, _series(table, chosen, labels, names)


def _series(
    table: CaseEntities, chosen: list[str], labels: list[str], names: dict[str, str]
) -> tuple[tuple[str, tuple[str, ...] | None], ...]:
    """(name, stored keys or None for every mention) of each colour: the entities chosen, else
    the labels chosen, else every mention."""
    if chosen:
        return tuple((names[e], tuple(sorted(table.members[e]))) for e in chosen if e in table.members)
    if labels:
        of = {label: [e for e in table.members if table.entities[e].label == label] for label in labels}
        return tuple((label, tuple(sorted(k for e in of[label] for k in table.members[e]))) for label in labels)
    return ((ALL, None),)


@st.cache_resource(max_entries=32, show_spinner="Counting the dated mentions…")
def _bars(url: str, ref: str, revision: tuple, series: tuple, _current) -> list[Bar]:
    """The bars of each series, oldest first (cached per data revision: `ref` is the case itself)."""
    bars = []
    for name, keys in series:
        for day in _current.mention_days(ref, keys):
            bars.append((name, day.first, day.last, day.mentions))
    return sorted(bars, key=lambda bar: (bar[1], bar[2], bar[0]))


def _bar_label(bar: Bar) -> str:
    name, first, last, count = bar
    when = f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"
    return f"{when} · {name} · {count} mention{'s' if count != 1 else ''}"


def _chart(shown: list[Bar], key: str) -> int | None:
    """Bars over time (a range at its first day), a colour per series; the position of a clicked bar."""
    rows = [
        {
            "bar": i,
            "day": first.isoformat(),
            "dated": f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} to {last:%Y-%m-%d}",
            "what": name,
            "mentions": count,
        }
        for i, (name, first, last, count) in enumerate(shown)
    ]
    pick = alt.selection_point(fields=["bar"], name="picked")
    zoom = alt.selection_interval(bind="scales", encodings=["x"], name="zoom")
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(clip=True)
        .encode(
            x=alt.X("day:T", title="date"),
            y=alt.Y("mentions:Q", title="mentions", stack=True),
            color=alt.Color("what:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=["dated:N", "what:N", "mentions:Q"],
        )
        .add_params(pick, zoom)
    )
    event = st.altair_chart(chart, on_select="rerun", selection_mode=["picked"], key=key, width="stretch")
    selected = (getattr(event, "selection", None) or {}).get("picked") or []
    return selected[0].get("bar") if selected and isinstance(selected[0], dict) else None


def _evidence(case: str, table: CaseEntities | None, bar: Bar, series: dict) -> None:
    """The bar's mentions (at most EVIDENCE_CAP, its count known: not counted again), each with
    its entity (its own words and label when the entity table is not read) and sentence."""
    name, first, last, total = bar
    found, _ = store().dated_mentions(case, first, last, series.get(name), limit=EVIDENCE_CAP, count=False)
    entity_of = {key: entity for entity, keys in table.members.items() for key in keys} if table else {}
    entities = table.entities if table is not None else {}
    texts = store().texts_of(case, {mention.doc for mention, _ in found})
    filenames = store().filenames(case)
    shown = f"the first {len(found)} of {total}" if total > len(found) else f"{total}"
    st.markdown(f"**{md(_bar_label(bar))}**: {shown} mention{'s' if total != 1 else ''}")
    for mention, key in found:
        entity = entities.get(entity_of.get(key, ""))
        text = texts.get(mention.doc, "")
        start, end = (
            (mention.sentence_start, mention.sentence_end)
            if mention.sentence_end > mention.sentence_start
            else (max(mention.start - 120, 0), mention.end + 120)
        )
        where = filenames.get(mention.doc, mention.doc) + (f", page {mention.page}" if mention.page else "")
        who = f"{entity.name} ({entity.label})" if entity is not None else f"{mention.text} ({mention.label})"
        st.markdown(f"{md(where)} · **{md(who)}**")
        st.text(marked_snippet(text, start, min(end, len(text)), [(mention.start, mention.end)]))
