"""Link chart: the case's entities and their links, with filters, focus, paths and evidence."""

from __future__ import annotations

import streamlit as st
from safe import md
from state import ChartFilters, chart, texts_and_names

from nerpipe.config import NUMERIC_LABELS
from nerpipe.graph import Context
from nerpipe.graph.analysis import MEASURES, ego_network, shortest_path
from nerpipe.graph.export import relations_text
from nerpipe.graph.render import RenderOptions, render_html

KEY = "chart"
CONTEXTS = {
    "sentence": "Same sentence",
    "window": "Window of sentences",
    "paragraph": "Same paragraph",
    "document": "Same document",
}


def render(case: str) -> None:
    st.header("Link chart")
    everything = chart(case, ChartFilters(labels=None))
    all_labels = sorted({e.label for e in everything.index.entities.values()})
    if not all_labels:
        st.info("No entities yet: add documents in Upload.")
        return
    with st.expander("Filters and layout", expanded=True):
        a, b, c, d = st.columns(4)
        labels = a.multiselect(
            "Labels", all_labels, default=[x for x in all_labels if x not in NUMERIC_LABELS], key=f"{KEY}_labels"
        )
        kind = b.selectbox("Linked when in the", list(CONTEXTS), format_func=CONTEXTS.get, key=f"{KEY}_context")
        size = b.number_input("Window (sentences)", 2, 20, 3, key=f"{KEY}_window") if kind == "window" else 1
        min_weight = c.number_input("Min. link weight", 1, 1000, 1, key=f"{KEY}_min_weight")
        node_cap = c.number_input("Most entities shown", 10, 2000, 150, step=10, key=f"{KEY}_node_cap")
        measure = d.selectbox("Rank by", MEASURES, key=f"{KEY}_measure")
        colour_by = d.radio("Colour by", ["label", "community"], horizontal=True, key=f"{KEY}_colour")
    context = Context("sentence", int(size)) if kind == "window" else Context(kind)
    default_labels = [x for x in all_labels if x not in NUMERIC_LABELS]
    # The default label choice is the chart the other views use (one cache entry, not two).
    chosen = None if sorted(labels) == default_labels else tuple(labels)
    current = chart(case, ChartFilters(context=context, labels=chosen, min_weight=int(min_weight)))
    graph = current.graph
    names = {
        n: f"{data['name']} ({data['label']})"
        for n, data in sorted(graph.nodes(data=True), key=lambda item: item[1]["name"].casefold())
    }
    with st.expander("Focus and paths"):
        a, b = st.columns(2)
        focus = a.selectbox(
            "Focus on an entity", [None, *names], format_func=lambda n: names.get(n, "—"), key=f"{KEY}_focus"
        )
        radius = a.slider("Radius", 1, 3, 1, key=f"{KEY}_radius")
        source = b.selectbox("Path from", [None, *names], format_func=lambda n: names.get(n, "—"), key=f"{KEY}_from")
        target = b.selectbox("to", [None, *names], format_func=lambda n: names.get(n, "—"), key=f"{KEY}_to")
    if focus is not None:
        graph = ego_network(graph, focus, radius)
    path = shortest_path(current.graph, source, target) if source and target and source != target else []
    path_nodes = tuple([path[0].source, *[hop.target for hop in path]]) if path else ()
    if source and target and source != target and not path:
        st.warning(f"No chain of links connects {md(names[source])} and {md(names[target])} with these filters.")
    _, filenames = texts_and_names(case)
    community = current.community if colour_by == "community" else {}  # Louvain only when shown
    rendered = render_html(
        graph,
        current.scores,
        community,
        RenderOptions(
            node_cap=int(node_cap), measure=measure, colour_by=colour_by, highlight_path=path_nodes, height="620px"
        ),
        filenames,
    )
    st.caption(
        f"{rendered.shown} entities shown"
        + (f", {rendered.hidden} hidden (raise “Most entities shown”)" if rendered.hidden else "")
        + f"; links: {context}. Click a link in the chart to read its evidence, or choose it below."
    )
    st.iframe(rendered.html, height=820)
    if path:
        st.subheader("Path")
        for hop in path:
            _evidence_block(graph_names(current), hop.source, hop.target, hop.evidence, filenames)
    _edge_evidence(current, graph, filenames)


def graph_names(current) -> dict[str, str]:
    return {n: data["name"] for n, data in current.graph.nodes(data=True)}


def _edge_evidence(current, graph, filenames: dict[str, str]) -> None:
    st.subheader("Evidence for a link")
    edges = sorted(graph.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))
    if not edges:
        st.caption("No links with these filters.")
        return
    names = graph_names(current)
    labels = {i: f"{names[a]} — {names[b]} ({data['weight']})" for i, (a, b, data) in enumerate(edges)}
    pick = st.selectbox("Link", list(labels), format_func=labels.get, key=f"{KEY}_edge")
    a, b, data = edges[pick]
    if data["relations"]:
        st.caption("Relation words: " + md(relations_text(data["relations"])))
    _evidence_block(names, a, b, data["evidence"], filenames, total=data["evidence_total"])


def _evidence_block(
    names: dict[str, str], a: str, b: str, evidence: list, filenames: dict[str, str], total: int | None = None
) -> None:
    shown = f" (showing {len(evidence)} of {total})" if total and total > len(evidence) else ""
    st.markdown(f"**{md(names.get(a, a))} — {md(names.get(b, b))}**{shown}")
    for item in evidence:
        where = filenames.get(item.doc, item.doc) + (f", page {item.page}" if item.page else "")
        # Document text is shown as text (st.text / st.caption escape nothing into markup).
        st.text(item.text)
        st.caption(md(where))
