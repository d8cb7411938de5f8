"""Entities: filter and sort the case's entities, read an entity's mentions in context, correct
them (merge, reject, relabel), and download the tables and graph files."""

from __future__ import annotations

import streamlit as st
from state import ChartFilters, chart, store, texts_and_names

from nerpipe.graph.export import export_bytes
from nerpipe.graph.tables import entity_table, mentions_in_context

KEY = "entities"
DOWNLOADS = (
    ("entities", "entities.csv", "text/csv"),
    ("mentions", "mentions.csv", "text/csv"),
    ("edges", "edges.csv", "text/csv"),
    ("gexf", "graph.gexf", "application/xml"),
    ("graphml", "graph.graphml", "application/xml"),
)


def render(case: str) -> None:
    st.header("Entities")
    min_confidence = float(st.session_state.get(f"{KEY}_min_confidence", 0.0))
    # One chart (all labels) serves the table, the filters' choices and the merge list.
    current = chart(case, ChartFilters(labels=None, min_confidence=min_confidence))
    all_labels = sorted({data["label"] for _, data in current.graph.nodes(data=True)})
    if not all_labels:
        st.info("No entities yet: add documents in Upload.")
        return
    left, middle, right, far = st.columns([3, 2, 1, 1])
    labels = left.multiselect("Labels", all_labels, default=all_labels, key=f"{KEY}_labels")
    search = middle.text_input("Search names and aliases", key=f"{KEY}_search")
    min_mentions = right.number_input("Min. mentions", min_value=1, value=1, step=1, key=f"{KEY}_min_mentions")
    far.slider(
        "Min. confidence",
        0.0,
        1.0,
        0.0,
        0.05,
        key=f"{KEY}_min_confidence",
        help="Pattern matches have 1.0; model mentions without a score are kept.",
    )
    rows = entity_table(current, labels=labels, search=search, min_mentions=int(min_mentions))
    st.caption(f"{len(rows)} of {len(current.index.entities)} entities")
    st.dataframe(
        [{k: r[k] for k in ("name", "label", "aliases", "mentions", "documents", "degree", "community")} for r in rows],
        hide_index=True,
        width="stretch",
        key=f"{KEY}_table",
    )
    _downloads(case, current)
    if rows:
        _entity_detail(case, current, rows)
    _merges(case, current)


def _downloads(case: str, current) -> None:
    """Export files are made on request: on a big case they take seconds, and most visits to this
    view download nothing."""
    prepared_key = f"{KEY}_prepared"
    if st.session_state.get(prepared_key) is not current:
        if st.button("Prepare CSV, GEXF and GraphML downloads", key=f"{KEY}_prepare"):
            st.session_state[prepared_key] = current
            st.rerun()
        return
    _, filenames = texts_and_names(case)
    columns = st.columns(len(DOWNLOADS))
    for column, (what, name, mime) in zip(columns, DOWNLOADS, strict=True):
        column.download_button(
            f"⬇ {name}", export_file(current, what, filenames), file_name=name, mime=mime, key=f"{KEY}_download_{what}"
        )


@st.cache_resource(max_entries=20, show_spinner="Preparing the file…")
def _export(_current, chart_token: str, what: str, _filenames: dict[str, str]) -> bytes:
    return export_bytes(_current, what, _filenames)


def export_file(current, what: str, filenames: dict[str, str]) -> bytes:
    """One export of this chart, made once (the chart object is cached per case revision and filters)."""
    return _export(current, current.token, what, filenames)


def _entity_detail(case: str, current, rows: list[dict]) -> None:
    st.subheader("Mentions in context")
    names = {r["id"]: f"{r['name']} ({r['label']}, {r['mentions']})" for r in rows}
    entity = st.selectbox("Entity", list(names), format_func=names.get, key=f"{KEY}_entity")
    texts, filenames = texts_and_names(case)
    mentions = mentions_in_context(current, entity, texts, filenames)
    st.dataframe(
        [
            {k: m[k] for k in ("document", "page", "text", "label", "source", "confidence", "sentence")}
            for m in mentions
        ],
        hide_index=True,
        width="stretch",
        key=f"{KEY}_mentions",
    )
    with st.expander("Correct a mention"):
        options = list(range(len(mentions)))
        pick = st.selectbox(
            "Mention",
            options,
            key=f"{KEY}_mention_pick",
            format_func=lambda i: f"{mentions[i]['document']}: …{mentions[i]['sentence'][:90]}…",
        )
        if pick is None:
            return
        chosen = mentions[pick]
        left, right = st.columns(2)
        if left.button("Reject: not an entity", key=f"{KEY}_reject"):
            store().reject_mention(case, chosen["doc"], chosen["start"], chosen["end"])
            st.rerun()
        new_label = right.text_input("New label", value=chosen["label"], key=f"{KEY}_new_label")
        if right.button("Change label", key=f"{KEY}_relabel") and new_label.strip():
            store().relabel_mention(case, chosen["doc"], chosen["start"], chosen["end"], new_label)
            st.rerun()
    decisions = store().list_decisions(case)
    if decisions:
        with st.expander(f"Corrections made ({len(decisions)})"):
            for d in decisions:
                left, right = st.columns([5, 1])
                what = "rejected" if d["action"] == "reject" else f"relabelled as {d['label']}"
                left.text(f"{filenames.get(d['sha256'], d['sha256'][:12])} [{d['start']}:{d['end']}] {what}")
                if right.button("Undo", key=f"{KEY}_undo_{d['id']}"):
                    store().undo_decision(case, d["sha256"], d["start"], d["end"])
                    st.rerun()


def _merges(case: str, everything) -> None:
    st.subheader("Merge entities")
    entities = everything.index.entities
    names = {
        key: f"{e.name} ({e.label}, {e.mentions})"
        for key, e in sorted(entities.items(), key=lambda item: (-item[1].mentions, item[0]))
    }
    left, right = st.columns(2)
    into = left.selectbox("Keep", list(names), format_func=names.get, key=f"{KEY}_merge_into")
    members = right.multiselect(
        "Merge into it", [k for k in names if k != into], format_func=names.get, key=f"{KEY}_merge_members"
    )
    if st.button("Merge", key=f"{KEY}_merge", disabled=not members):
        store().merge_entities(case, into, members)
        st.rerun()
    merges = store().list_merges(case)
    for merge in merges:
        left, right = st.columns([5, 1])
        left.text(f"{merge.members[0]} → {merge.into}")
        if right.button("Undo", key=f"{KEY}_unmerge_{merge.members[0]}"):
            store().unmerge(case, merge.members[0])
            st.rerun()
