"""Link chart: the case's entities and their links, with filters, focus, paths and evidence."""

from __future__ import annotations

import streamlit as st
from case_entities import stored_table
from downloads import audited_download
from safe import md
from state import ChartFilters, link_chart, link_evidence, may, scoped_key, store

from nerpipe.auth.roles import Role
from nerpipe.case_image import ChartRequest, draw_chart
from nerpipe.graph import Context
from nerpipe.graph.analysis import MEASURE_NAMES, MEASURES
from nerpipe.graph.export import relations_text
from nerpipe.graph.image import FORMATS, Positions
from nerpipe.graph.render import RenderOptions, render_html
from nerpipe.graph.view import ViewChoices, chart_view
from nerpipe.labels import default_chart_labels
from nerpipe.report import REPORT_FORMATS, build_report, report_bytes
from views.chart_layouts import layout_controls, pick_layout
from views.evidence_dates import evidence_dates

KEY = "chart"
CONTEXTS = {
    "sentence": "Same sentence",
    "window": "Window of sentences",
    "paragraph": "Same paragraph",
    "document": "Same document",
}


def render(case: str) -> None:
    st.header("Link chart")
    everything = link_chart(case, ChartFilters(labels=None))
    all_labels = sorted({e.label for e in everything.index.entities.values()})
    if not all_labels:
        st.info("No entities yet: add documents in Upload.")
        return
    default_labels = sorted(default_chart_labels(all_labels))
    with st.expander("Filters and layout", expanded=True):
        labels = st.multiselect(
            "Labels",
            all_labels,
            default=default_labels,
            key=scoped_key(f"{KEY}_labels", case, all_labels),
            help="By default the types an analyst links: people, organisations, places, drugs, gangs, weapons "
            "(and labels from your pattern files). Add dates or numbers to link them too.",
        )
        b, c, d, e = st.columns(4)
        kind = b.selectbox("Linked when in the", list(CONTEXTS), format_func=CONTEXTS.get, key=f"{KEY}_context")
        size = b.number_input("Window (sentences)", 2, 20, 3, key=f"{KEY}_window") if kind == "window" else 1
        min_weight = c.number_input("Min. link weight", 1, 1000, 1, key=f"{KEY}_min_weight")
        node_cap = c.number_input("Most entities shown", 10, 2000, 150, step=10, key=f"{KEY}_node_cap")
        measure = d.selectbox(
            "Rank by",
            MEASURES,
            format_func=lambda m: MEASURE_NAMES[m][:1].upper() + MEASURE_NAMES[m][1:],
            key=f"{KEY}_measure",
            help="Which entities are shown first when there are more than “Most entities shown”: link weight "
            "sums the contexts an entity shares with others; betweenness favours the bridges between groups.",
        )
        colour_by = e.radio("Colour by", ["label", "community"], horizontal=True, key=f"{KEY}_colour")
        unlinked = e.checkbox(
            "Show entities without links",
            key=f"{KEY}_unlinked",
            help="Entities with no link of at least the minimum weight are left out by default: each would be a "
            "dot of its own, far from the rest. The Entities view lists every entity.",
        )
        dates = evidence_dates(KEY)
        layout, positions = pick_layout(case, st)
    context = Context("sentence", int(size)) if kind == "window" else Context(kind)
    # The default label choice is the chart the other views use (one cache entry, not two).
    chosen = None if sorted(labels) == default_labels else tuple(sorted(labels))
    current = link_chart(case, ChartFilters(context=context, labels=chosen, min_weight=int(min_weight), dates=dates))
    # From the store, links carry no evidence: a link's is read when it is chosen (below).
    stored = dates == (None, None)
    graph = current.graph
    names = {
        n: f"{data['name']} ({data['label']})"
        for n, data in sorted(graph.nodes(data=True), key=lambda item: item[1]["name"].casefold())
    }
    with st.expander("Focus and paths"):
        a, b = st.columns(2)
        pick = dict(options=[None, *names], format_func=lambda n: names.get(n, "—"))
        focus = a.selectbox("Focus on an entity", **pick, key=scoped_key(f"{KEY}_focus", case))
        radius = a.slider("Radius", 1, 3, 1, key=f"{KEY}_radius")
        source = b.selectbox("Path from", **pick, key=scoped_key(f"{KEY}_from", case))
        target = b.selectbox("to", **pick, key=scoped_key(f"{KEY}_to", case))
    choices = ViewChoices(focus=focus, radius=radius, source=source, target=target, unlinked=unlinked)
    view = chart_view(graph, choices)
    graph, path, path_nodes, left_out = view.graph, view.path, view.path_nodes, view.left_out
    if source and target and source != target and not path:
        st.warning(f"No chain of links connects {md(names[source])} and {md(names[target])} with these filters.")
    filenames = store().filenames(case)  # not every text: names only
    community = current.community if colour_by == "community" else {}  # Louvain only when shown
    rendered = render_html(
        graph,
        current.scores,
        community,
        RenderOptions(
            node_cap=int(node_cap), measure=measure, colour_by=colour_by, highlight_path=path_nodes, height="620px"
        ),
        filenames,
        positions=positions,
    )
    st.caption(
        f"{rendered.shown} entities shown"
        + (f", {rendered.hidden} hidden (raise “Most entities shown”)" if rendered.hidden else "")
        + (f"; {left_out} without links left out (“Show entities without links”)" if left_out else "")
        + f"; links: {context}. "
        + (
            "Choose a link below to read its evidence. "
            if stored
            else "Click a link in the chart to read its evidence, or choose it below. "
        )
        + "Zoom in to read every name; hover an entity for its details."
    )
    st.iframe(rendered.html, height=820)
    layout_controls(case, graph.nodes, layout)
    request = ChartRequest(
        context=context,
        labels=chosen,
        min_weight=int(min_weight),
        dates=dates,
        options=RenderOptions(node_cap=int(node_cap), measure=measure, colour_by=colour_by),
        view=choices,
        layout=layout,
    )
    _image_downloads(case, current, request, positions)
    if path:
        st.subheader("Path")
        for hop in path:
            evidence = (
                link_evidence(case, (hop.source, hop.target), context, stored_table(case))[0]
                if stored
                else hop.evidence
            )
            _evidence_block(graph_names(current), hop.source, hop.target, evidence, filenames, total=hop.weight)
    # The link picker is built from these choices: it starts afresh whenever one of them changes.
    scope = (case, str(context), chosen, int(min_weight), focus, radius, dates)
    _edge_evidence(case, current, graph, filenames, scoped_key(f"{KEY}_edge", *scope), stored)


def _image_downloads(case: str, current, request: ChartRequest, positions: Positions | None) -> None:
    """The chart as drawn here, as a picture, and the case report built on it: made when a button
    is clicked, and each click is an export in the audit log (analysts only, as the other exports)."""
    if not may(case, Role.ANALYST):
        return
    st.caption(
        "The chart as a picture (A4 landscape, titled with the case, date and filters), or the case report "
        "with this chart and each link's evidence cited; each download is recorded in the audit log:"
    )

    def picture(fmt: str) -> bytes:
        return draw_chart(current, case, request, fmt, positions=positions).image.data

    files = {
        "png": ("link-chart.png", FORMATS["png"], lambda: picture("png")),
        "svg": ("link-chart.svg", FORMATS["svg"], lambda: picture("svg")),
        "report_pdf": ("case-report.pdf", REPORT_FORMATS["pdf"], lambda: _report(case, request, positions, "pdf")),
        "report_html": ("case-report.html", REPORT_FORMATS["html"], lambda: _report(case, request, positions, "html")),
    }
    for column, (what, (name, mime, make)) in zip(st.columns(len(files)), files.items(), strict=True):
        target = "chart." + what if what in FORMATS else what.replace("_", ".")

        def record(target: str = target) -> None:
            store().record_export(case, target, request.described())

        audited_download(make, file_name=name, mime=mime, key=f"{KEY}_image_{what}", record=record, where=column)


def _report(case: str, request: ChartRequest, positions: Positions | None, fmt: str) -> bytes:
    return report_bytes(build_report(store(), case, request, positions=positions), fmt)


def graph_names(current) -> dict[str, str]:
    return {n: data["name"] for n, data in current.graph.nodes(data=True)}


def _edge_evidence(case: str, current, graph, filenames: dict[str, str], key: str, stored: bool) -> None:
    """The chosen link's evidence: read from the store then (`stored`), else the chart's own."""
    st.subheader("Evidence for a link")
    edges = {(a, b): data for a, b, data in sorted(graph.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))}
    if not edges:
        st.caption("No links with these filters.")
        return
    names = graph_names(current)
    labels = {pair: f"{names[pair[0]]} — {names[pair[1]]} ({data['weight']})" for pair, data in edges.items()}
    pick = st.selectbox("Link", list(labels), format_func=labels.get, key=key)
    data = edges[pick]
    evidence, relations = (
        link_evidence(case, pick, current.context, stored_table(case))
        if stored
        else (data["evidence"], data["relations"])
    )
    if relations:
        st.caption("Relation words: " + md(relations_text(relations)))
    _evidence_block(names, pick[0], pick[1], evidence, filenames, total=data["evidence_total"])


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
