"""Entities: filter and sort the case's entities, read an entity's mentions in context, correct
them (merge, reject, relabel), and download what the table shows.

The table comes from the store's entity table (grouped in SQL, never every mention: seconds on a
big case); only the confidence and date filters, which choose mentions, build it from the mentions
(the link chart's entities). Link measures are in the downloads, made when one is clicked."""

from __future__ import annotations

import hashlib

import streamlit as st
from case_entities import stored_table
from downloads import audited_download
from safe import md
from state import ChartFilters, chart, may, scoped_key, store

from nerpipe.auth.roles import Role
from nerpipe.graph.export import export_bytes
from nerpipe.graph.tables import around_mark, context_rows, correction_rows, named_merge_rows
from nerpipe.labels import LABEL_COLOURS
from nerpipe.store.entity_table import CaseEntities, EntityRow, filtered
from views.also_in import also_in_links
from views.evidence_dates import evidence_dates

KEY = "entities"
#: Rows the table shows at once (the downloads hold every row the filters keep).
PAGE = 500
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
    filters = ChartFilters(min_confidence=min_confidence, every_entity=True, dates=dates)
    by_mention = min_confidence > 0 or dates != (None, None)
    current = chart(case, filters) if by_mention else None
    table = None if current is not None else stored_table(case)
    everything = _chart_entities(current) if current is not None else table.entities
    all_labels = sorted({entity.label for entity in everything.values()})
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
    rows = filtered(everything.values(), labels=labels, search=search, min_mentions=int(min_mentions))
    total = len(everything)
    st.caption(f"{len(rows)} of {total} entities" + ("" if len(rows) == total else " (the downloads hold these)"))
    shown = _page_of(rows)
    st.dataframe(
        [
            {
                "name": r.name,
                "label": r.label,
                "aliases": " | ".join(r.aliases),
                "mentions": r.mentions,
                "documents": r.documents,
            }
            for r in shown
        ],
        hide_index=True,
        width="stretch",
        key=f"{KEY}_table",
    )
    filters_used = {
        "labels": labels,
        "search": search,
        "min_mentions": int(min_mentions),
        "min_confidence": min_confidence,
        "from": dates[0],
        "to": dates[1],
    }
    _downloads(case, filters, [r.id for r in rows], filters_used)
    if rows:
        _entity_detail(case, current, rows, all_labels, table)
    _merges(case, everything)


def _chart_entities(current) -> dict[str, EntityRow]:
    """The chart's entities (built from the mentions the confidence and date filters keep)."""
    return {
        node: EntityRow(node, data["name"], data["label"], tuple(data["aliases"]), data["mentions"], data["documents"])
        for node, data in current.graph.nodes(data=True)
    }


def _page_of(rows: list[EntityRow]) -> list[EntityRow]:
    """The rows of the page chosen, when there are more than one page's."""
    pages = (len(rows) + PAGE - 1) // PAGE
    if pages <= 1:
        return rows
    page = int(st.number_input(f"Page (of {pages}, {PAGE} rows each)", 1, pages, 1, key=f"{KEY}_page"))
    return rows[(page - 1) * PAGE : page * PAGE]


def entity_choices(entities) -> dict[str, str]:
    """Entity id → "name (LABEL)" for a picker. No mention count: a label that changes after a
    correction would leave the picker showing the old one."""
    shown = {key: f"{e.name} ({e.label})" for key, e in entities}
    counts: dict[str, int] = {}
    for text in shown.values():
        counts[text] = counts.get(text, 0) + 1
    return {key: text if counts[text] == 1 else f"{text} [{key}]" for key, text in shown.items()}


def _downloads(case: str, chart_filters: ChartFilters, ids: list[str], filters: dict) -> None:
    """One button a file, for the entities of the table as filtered (`filters`, recorded with the
    export). A file is made when its button is clicked (seconds on a big case, and most visits to
    this view download nothing) and each click is an export in the audit log."""
    if not ids or not may(case, Role.ANALYST):
        return  # a viewer reads the case but does not export it
    chosen = hashlib.sha256("\n".join(sorted(ids)).encode("utf-8", "surrogatepass")).hexdigest()
    st.caption(f"Download these {len(ids)} entities (each download is recorded in the case's audit log):")
    for column, (what, name, mime) in zip(st.columns(len(DOWNLOADS)), DOWNLOADS, strict=True):

        def make(what: str = what) -> bytes:
            current = chart(case, chart_filters)  # the links and their measures: built for a download only
            return _export(current, current.token, what, chosen, ids, store().filenames(case))

        def record(what: str = what) -> None:
            store().record_export(case, what, {"entities": len(ids), **filters})

        audited_download(make, file_name=name, mime=mime, key=f"{KEY}_download_{what}", record=record, where=column)


@st.cache_resource(max_entries=20, show_spinner="Preparing the file…")
def _export(_current, chart_token: str, what: str, chosen: str, _ids: list[str], _filenames: dict[str, str]) -> bytes:
    """One export of this chart and these entities, made once (the chart object is cached per
    case revision and filters; `chosen` is a digest of the ids)."""
    return export_bytes(_current, what, _filenames, entities=_ids)


def _entity_detail(case: str, current, rows: list[EntityRow], labels: list[str], table: CaseEntities | None) -> None:
    st.subheader("Mentions in context")
    names = entity_choices((r.id, r) for r in rows)
    entity = st.selectbox("Entity", list(names), format_func=names.get, key=scoped_key(f"{KEY}_entity", case))
    if entity is not None:
        also_in_links(case, entity, table)
    if current is not None:
        found = current.index.mentions_of(entity)
        total = len(found)
    else:  # the first page only, read by the entity's stored keys
        keys = table.members.get(entity, []) if table is not None else None
        found = store().entity_mentions(case, entity, limit=PAGE, keys=keys)
        row = table.entities.get(entity) if table is not None else None
        total = row.mentions if row is not None else len(found)
    if total > PAGE:
        st.caption(f"The first {PAGE} of its {total} mentions (all are in the mentions download).")
        found = found[:PAGE]
    filenames = store().filenames(case)
    mentions = context_rows(found, store().texts_of(case, {m.doc for m in found}), filenames)
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
            _correct(case, labels, entity, mentions)
    _corrections(case, filenames, analyst=analyst)


def _correct(case: str, labels: list[str], entity: str, mentions: list[dict]) -> None:
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
    known = sorted({*LABEL_COLOURS, *labels})
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


def _corrections(case: str, filenames: dict[str, str], *, analyst: bool) -> None:
    made = store().list_decisions(case)
    decisions = correction_rows(made, store().texts_of(case, {d["sha256"] for d in made}), filenames)
    if not decisions:
        return
    with st.expander(f"Corrections made ({len(decisions)})"):
        for d in decisions:
            left, right = st.columns([5, 1])
            left.markdown(f"**{md(d['words'])}** in {md(d['document'])}: {md(d['what'])}")
            if analyst and right.button("Undo", key=f"{KEY}_undo_{d['id']}"):
                store().undo_decision(case, d["sha256"], d["start"], d["end"])
                st.rerun()


def _merges(case: str, everything: dict[str, EntityRow]) -> None:
    analyst = may(case, Role.ANALYST)
    made = store().list_merges(case)
    gone = {key for merge in made for key in (merge.into, *merge.members)} - set(everything)
    names = {key: entity.name for key, entity in everything.items()}
    merges = named_merge_rows(made, names, store().key_forms(case, gone) if gone else {})
    if not analyst:  # a viewer reads the merges made, without the controls to make or undo them
        if merges:
            st.subheader("Merged entities")
            for merge in merges:
                st.markdown(f"**{md(merge['member_name'])}** merged into **{md(merge['into_name'])}**")
        return
    st.subheader("Merge entities")
    entities = sorted(everything.items(), key=lambda item: (-item[1].mentions, item[0]))
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
