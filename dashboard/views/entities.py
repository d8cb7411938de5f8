"""Entities: filter and sort the case's entities, read an entity's mentions in context, correct
them (merge, reject, relabel), and download what the table shows."""

from __future__ import annotations

import hashlib

import streamlit as st
from downloads import audited_download
from safe import md
from state import ChartFilters, chart, may, scoped_key, store, texts_and_names

from nerpipe.auth.roles import Role
from nerpipe.graph.export import export_bytes
from nerpipe.graph.tables import around_mark, correction_rows, entity_table, mentions_in_context, merge_rows
from nerpipe.labels import LABEL_COLOURS
from views.also_in import also_in_links
from views.evidence_dates import evidence_dates

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
    dates = evidence_dates(KEY)
    # Every entity of every label is a row (links as in the link chart): the table, its label
    # filter and the downloads count the same entities.
    current = chart(case, ChartFilters(min_confidence=min_confidence, every_entity=True, dates=dates))
    all_labels = sorted({data["label"] for _, data in current.graph.nodes(data=True)})
    if not all_labels:
        st.info("No entities yet: add documents in Upload.")
        return
    labels = st.multiselect("Labels", all_labels, default=all_labels, key=scoped_key(f"{KEY}_labels", case, all_labels))
    middle, right, far = st.columns([3, 1, 1])
    search = middle.text_input("Search names and aliases", key=f"{KEY}_search")
    min_mentions = right.number_input("Min. mentions", min_value=1, value=1, step=1, key=f"{KEY}_min_mentions")
    far.slider(
        "Min. confidence",
        0.0,
        1.0,
        0.0,
        0.05,
        key=f"{KEY}_min_confidence",
        help="Pattern matches have 1.0 and spelling-model matches their score. The NER model gives its "
        "mentions no score: they stay at every setting.",
    )
    if min_confidence > 0:
        far.caption("Names found by the NER model have no score and are always kept.")
    rows = entity_table(current, labels=labels, search=search, min_mentions=int(min_mentions))
    total = current.graph.number_of_nodes()
    st.caption(f"{len(rows)} of {total} entities" + ("" if len(rows) == total else " (the downloads hold these)"))
    st.dataframe(
        [{k: r[k] for k in ("name", "label", "aliases", "mentions", "documents", "degree", "community")} for r in rows],
        hide_index=True,
        width="stretch",
        key=f"{KEY}_table",
    )
    filters = {
        "labels": labels,
        "search": search,
        "min_mentions": int(min_mentions),
        "min_confidence": min_confidence,
        "from": dates[0],
        "to": dates[1],
    }
    _downloads(case, current, [r["id"] for r in rows], filters)
    if rows:
        _entity_detail(case, current, rows)
    _merges(case, current)


def entity_choices(entities) -> dict[str, str]:
    """Entity id → "name (LABEL)" for a picker. No mention count: a label that changes after a
    correction would leave the picker showing the old one."""
    shown = {key: f"{e.name} ({e.label})" for key, e in entities}
    counts: dict[str, int] = {}
    for text in shown.values():
        counts[text] = counts.get(text, 0) + 1
    return {key: text if counts[text] == 1 else f"{text} [{key}]" for key, text in shown.items()}


def _downloads(case: str, current, ids: list[str], filters: dict) -> None:
    """One button a file, for the entities of the table as filtered (`filters`, recorded with the
    export). A file is made when its button is clicked (seconds on a big case, and most visits to
    this view download nothing) and each click is an export in the audit log."""
    if not ids or not may(case, Role.ANALYST):
        return  # a viewer reads the case but does not export it
    chosen = hashlib.sha256("\n".join(sorted(ids)).encode("utf-8", "surrogatepass")).hexdigest()
    st.caption(f"Download these {len(ids)} entities (each download is recorded in the case's audit log):")
    for column, (what, name, mime) in zip(st.columns(len(DOWNLOADS)), DOWNLOADS, strict=True):

        def make(what: str = what) -> bytes:
            _, filenames = texts_and_names(case)
            return _export(current, current.token, what, chosen, ids, filenames)

        def record(what: str = what) -> None:
            store().record_export(case, what, {"entities": len(ids), **filters})

        audited_download(make, file_name=name, mime=mime, key=f"{KEY}_download_{what}", record=record, where=column)


@st.cache_resource(max_entries=20, show_spinner="Preparing the file…")
def _export(_current, chart_token: str, what: str, chosen: str, _ids: list[str], _filenames: dict[str, str]) -> bytes:
    """One export of this chart and these entities, made once (the chart object is cached per
    case revision and filters; `chosen` is a digest of the ids)."""
    return export_bytes(_current, what, _filenames, entities=_ids)


def _entity_detail(case: str, current, rows: list[dict]) -> None:
    st.subheader("Mentions in context")
    names = entity_choices((r["id"], current.index.entities[r["id"]]) for r in rows)
    entity = st.selectbox("Entity", list(names), format_func=names.get, key=scoped_key(f"{KEY}_entity", case))
    if entity is not None:
        also_in_links(case, entity)
    texts, filenames = texts_and_names(case)
    mentions = mentions_in_context(current, entity, texts, filenames)
    st.dataframe(
        [
            # A format without pages and a mention without a score show as blank, not "None"; a
            # column is all text, as Arrow (Streamlit's table format) wants one type a column.
            {
                k: "" if m[k] is None else str(m[k])
                for k in ("document", "page", "text", "label", "source", "confidence", "sentence")
            }
            for m in mentions
        ],
        hide_index=True,
        width="stretch",
        key=f"{KEY}_mentions",
    )
    analyst = may(case, Role.ANALYST)
    if analyst:
        # Keyed by the entity: after a correction moves the picker to another entity, the box is closed.
        with st.expander("Correct a mention", key=scoped_key(f"{KEY}_correct", case, entity)):
            _correct(case, current, entity, mentions)
    _corrections(case, texts, filenames, analyst=analyst)


def _correct(case: str, current, entity: str, mentions: list[dict]) -> None:
    by_span = {f"{m['doc']}:{m['start']}:{m['end']}": m for m in mentions}
    # Keyed by the entity: a mention chosen for another entity never shows here.
    pick = st.selectbox(
        "Mention",
        list(by_span),
        key=scoped_key(f"{KEY}_mention_pick", case, entity),
        format_func=lambda span: f"{by_span[span]['document']}: {around_mark(by_span[span]['sentence'])}",
    )
    if pick is None:
        return
    chosen = by_span[pick]
    left, right = st.columns(2)
    if left.button("Reject: not an entity", key=f"{KEY}_reject"):
        store().reject_mention(case, chosen["doc"], chosen["start"], chosen["end"])
        st.rerun()
    known = sorted({*LABEL_COLOURS, *(data["label"] for _, data in current.graph.nodes(data=True))})
    # Keyed by the mention: the box starts at this mention's own label, never at the last one typed.
    new_label = right.selectbox(
        "New label",
        known,
        index=known.index(chosen["label"]) if chosen["label"] in known else None,
        accept_new_options=True,
        placeholder="Choose or type a label",
        key=scoped_key(f"{KEY}_new_label", case, pick),
        help="Choose a label, or type a new one (it is stored in capitals).",
    )
    same = not new_label or new_label.strip().upper() == chosen["label"]
    if right.button("Change label", key=f"{KEY}_relabel", disabled=same):
        store().relabel_mention(case, chosen["doc"], chosen["start"], chosen["end"], new_label)
        st.rerun()


def _corrections(case: str, texts: dict[str, str], filenames: dict[str, str], *, analyst: bool) -> None:
    decisions = correction_rows(store().list_decisions(case), texts, filenames)
    if not decisions:
        return
    with st.expander(f"Corrections made ({len(decisions)})"):
        for d in decisions:
            left, right = st.columns([5, 1])
            left.markdown(f"**{md(d['words'])}** in {md(d['document'])}: {md(d['what'])}")
            if analyst and right.button("Undo", key=f"{KEY}_undo_{d['id']}"):
                store().undo_decision(case, d["sha256"], d["start"], d["end"])
                st.rerun()


def _merges(case: str, everything) -> None:
    analyst = may(case, Role.ANALYST)
    merges = merge_rows(everything, store().list_merges(case))
    if not analyst:  # a viewer reads the merges made, without the controls to make or undo them
        if merges:
            st.subheader("Merged entities")
            for merge in merges:
                st.markdown(f"**{md(merge['member_name'])}** merged into **{md(merge['into_name'])}**")
        return
    st.subheader("Merge entities")
    entities = sorted(everything.index.entities.items(), key=lambda item: (-item[1].mentions, item[0]))
    names = entity_choices(entities)
    left, right = st.columns(2)
    into = left.selectbox("Keep", list(names), format_func=names.get, key=scoped_key(f"{KEY}_merge_into", case))
    members = right.multiselect(
        "Merge into it",
        [k for k in names if k != into],
        format_func=names.get,
        key=scoped_key(f"{KEY}_merge_members", case, into),
    )
    if st.button("Merge", key=f"{KEY}_merge", disabled=not members):
        store().merge_entities(case, into, members)
        st.rerun()
    for merge in merges:
        left, right = st.columns([5, 1])
        left.markdown(f"**{md(merge['member_name'])}** merged into **{md(merge['into_name'])}**")
        if right.button("Undo", key=f"{KEY}_unmerge_{merge['member']}"):
            store().unmerge(case, merge["member"])
            st.rerun()
