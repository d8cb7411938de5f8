"""The link chart as a self-contained HTML page: pyvis builds the network, vis-network (bundled
with pyvis) is inlined, so the page works with no network at all (air-gapped users).

Names and evidence come from documents and are untrusted: the data reaches the page as JSON with
<, > and & escaped (no way out of the script element), and the page puts it on screen with
textContent and vis-network's plain-text tooltips, never as markup. Our own markup (legend,
captions) is escaped with html.escape.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from pyvis.network import Network

from nerpipe.graph.analysis import MEASURE_NAMES, Centrality, node_measure, top_nodes
from nerpipe.graph.export import relations_text
from nerpipe.labels import label_colour

VIS_DIR = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
SEED = 42
COMMUNITY_COLOURS = (
    "#e6194b",
    "#3cb44b",
    "#ffe119",
    "#4363d8",
    "#f58231",
    "#911eb4",
    "#46f0f0",
    "#f032e6",
    "#bcf60c",
    "#fabebe",
    "#008080",
    "#e6beff",
    "#9a6324",
    "#fffac8",
    "#800000",
    "#aaffc3",
)
#: Length of the evidence sentence shown when hovering a link.
TOOLTIP_CHARS = 160
#: Screen height in pixels of the smallest and the biggest node's label when the chart first shows.
LABEL_PX = (12, 18)
#: Node radius of the least and the most connected entity shown (vis-network units).
NODE_SIZE = (10, 40)
#: The layout's forces: wider apart than vis-network's defaults, so more names fit between the dots
#: at the first zoom (150 clustered entities: 18 labels clear of every dot, against 6 at -90/150).
FORCES = {"gravitationalConstant": -300, "springLength": 250}
#: Evidence sentences per link kept in the page (all of them are in the exports and the dashboard).
PAGE_EVIDENCE = 20


@dataclass(frozen=True, slots=True)
class RenderOptions:
    node_cap: int = 300
    measure: str = "weighted_degree"
    colour_by: str = "label"  # or "community"
    highlight_path: tuple[str, ...] = ()
    height: str = "750px"


DEFAULT_OPTIONS = RenderOptions()


@dataclass(frozen=True, slots=True)
class RenderedChart:
    html: str
    shown: int
    hidden: int


def render_html(
    graph: nx.Graph,
    scores: Centrality,
    community: dict[str, int],
    options: RenderOptions = DEFAULT_OPTIONS,
    filenames: Mapping[str, str] | None = None,
    *,
    positions: Mapping[str, tuple[float, float]] | None = None,
) -> RenderedChart:
    """The page for `graph`; above `node_cap` nodes only the top ones by `measure` are drawn and
    the page says how many were hidden. `positions` (a saved layout, in the page's own canvas
    units) pins those entities where they were; the physics places the others around them."""
    shown, hidden = capped_graph(graph, scores, options)
    sizes = node_measure(graph, scores, "weighted_degree")
    top = max((sizes[n] for n in shown), default=1.0) or 1.0
    path_edges = set(pairwise(options.highlight_path))
    path_edges |= {(b, a) for a, b in path_edges}

    net = Network(height=options.height, width="100%", directed=False, cdn_resources="in_line")
    for node in sorted(shown.nodes):
        data = shown.nodes[node]
        colour = node_colour(data["label"], node, community, options.colour_by)
        on_path = node in options.highlight_path
        place = (positions or {}).get(node)
        pinned = {"x": float(place[0]), "y": float(place[1]), "fixed": True} if place else {}
        net.add_node(
            node,
            label=data["name"],
            title=_node_tooltip(data, scores, node),
            color=colour,
            size=NODE_SIZE[0] + (NODE_SIZE[1] - NODE_SIZE[0]) * (sizes.get(node, 0.0) / top),
            borderWidth=4 if on_path else 1,
            **pinned,
        )
    # Edges go straight into pyvis's edge list: its add_edge looks for duplicates in a linear scan
    # (quadratic for thousands of links), and our edges are unique already.
    names = filenames or {}
    evidence = {}
    for a, b, data in sorted(shown.edges(data=True), key=lambda e: (e[0], e[1])):
        on_path = (a, b) in path_edges
        net.edges.append(
            {
                "from": a,
                "to": b,
                "value": data["weight"],
                "title": _edge_tooltip(shown, a, b, data),
                "color": "#d62728" if on_path else "#9aa0a6",
                "width": 6 if on_path else 1,
            }
        )
        evidence[f"{a}\u0000{b}"] = _edge_evidence(data, names)
    nodes, edges, _, _, _, _ = net.get_network_data()
    page = _page(nodes, edges, evidence, shown, hidden, options)
    return RenderedChart(page, shown.number_of_nodes(), hidden)


def capped_graph(graph: nx.Graph, scores: Centrality, options: RenderOptions) -> tuple[nx.Graph, int]:
    """What a chart draws of `graph`: above `node_cap` nodes the top ones by `measure` (and the
    highlighted path), and how many were left out. The page and the chart image draw the same."""
    keep = (
        top_nodes(graph, scores, options.measure, options.node_cap)
        if graph.number_of_nodes() > options.node_cap
        else list(graph.nodes)
    )
    keep_set = (set(keep) | set(options.highlight_path)) & set(graph)
    # A copied subgraph iterates much faster than a subgraph view.
    shown = graph if len(keep_set) == graph.number_of_nodes() else graph.subgraph(keep_set).copy()
    return shown, graph.number_of_nodes() - shown.number_of_nodes()


def node_colour(label: str, node: str, community: Mapping[str, int], colour_by: str) -> str:
    """A node's fill: its label's colour, or its community's."""
    if colour_by == "community":
        return COMMUNITY_COLOURS[community.get(node, 0) % len(COMMUNITY_COLOURS)]
    return label_colour(label)


def _node_tooltip(data: dict[str, Any], scores: Centrality, node: str) -> str:
    aliases = ", ".join(data["aliases"][:10])
    return (
        f"{data['name']} ({data['label']})\nAlso: {aliases}\n{data['mentions']} mentions in "
        f"{data['documents']} documents\n{scores.degree.get(node, 0)} links"
    )


def _edge_tooltip(graph: nx.Graph, a: str, b: str, data: dict[str, Any]) -> str:
    """Names, weight, relation words and the first evidence sentence; all of them on click."""
    text = f"{graph.nodes[a]['name']} — {graph.nodes[b]['name']}: {data['weight']} contexts (click for all evidence)"
    if data["relations"]:
        text += "\nRelations: " + relations_text(data["relations"])
    if data["evidence"]:
        first = data["evidence"][0].text
        text += "\n• " + (first if len(first) <= TOOLTIP_CHARS else first[: TOOLTIP_CHARS - 1] + "…")
    return text


def _edge_evidence(data: dict[str, Any], filenames: Mapping[str, str]) -> list[dict[str, Any]]:
    return [
        {"doc": filenames.get(e.doc, e.doc), "page": e.page, "text": e.text} for e in data["evidence"][:PAGE_EVIDENCE]
    ]


def script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' that could close it."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _legend(graph: nx.Graph, options: RenderOptions) -> str:
    if options.colour_by == "community":
        return "<span>Colour = community (Louvain)</span>"
    labels = sorted({data["label"] for _, data in graph.nodes(data=True)})
    return "".join(
        f'<span class="key"><i style="background:{html.escape(label_colour(label))}"></i>{html.escape(label)}</span>'
        for label in labels
    )


def _page(nodes: list, edges: list, evidence: dict, graph: nx.Graph, hidden: int, options: RenderOptions) -> str:
    vis_js = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    settings = {
        "layout": {"randomSeed": SEED, "improvedLayout": graph.number_of_nodes() <= 150},
        "physics": {
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": True, "iterations": 300, "fit": True},
            "forceAtlas2Based": FORCES,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "nodes": {"shape": "dot", "font": {"size": 14}},
        "edges": {"smooth": False, "scaling": {"min": 1, "max": 12}},
    }
    caption = f"{graph.number_of_nodes()} entities, {graph.number_of_edges()} links"
    if hidden:
        caption += (
            f" — {hidden} more entities hidden (showing the top {options.node_cap} by "
            f"{MEASURE_NAMES.get(options.measure, options.measure)})"
        )
    return _TEMPLATE.format(
        css=vis_css,
        js=vis_js,
        legend=_legend(graph, options),
        caption=html.escape(caption),
        height=html.escape(options.height),
        nodes=script_json(nodes),
        edges=script_json(edges),
        options=script_json(settings),
        evidence=script_json(evidence),
        label_min=LABEL_PX[0],
        label_max=LABEL_PX[1],
        node_min=NODE_SIZE[0],
        node_max=NODE_SIZE[1],
    )


_TEMPLATE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>nerpipe link chart</title>
<style>{css}</style>
<style>
body {{font-family: system-ui, sans-serif; margin: 0;}}
#chart {{width: 100%; height: {height}; border-bottom: 1px solid #ddd;}}
#legend {{padding: 6px 10px; font-size: 13px;}} .key {{margin-right: 12px; white-space: nowrap;}}
.key i {{display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 4px;}}
#caption {{padding: 0 10px; color: #555; font-size: 13px;}}
#evidence {{padding: 6px 10px; font-size: 14px;}} #evidence li {{margin: 4px 0;}}
.doc {{color: #666; font-size: 12px;}} .name {{font-weight: bold; background: #fff3b0;}}
</style></head><body>
<div id="legend">{legend}</div><div id="caption">{caption}</div>
<div id="chart"></div>
<div id="evidence"><em>Click a link to read the sentences behind it.</em></div>
<script>{js}</script>
<script>
const nodes = new vis.DataSet({nodes});
const edges = new vis.DataSet({edges});
const evidence = {evidence};
const network = new vis.Network(document.getElementById("chart"), {{nodes, edges}}, {options});
const names = Object.fromEntries(nodes.get().map(n => [n.id, n.label]));
let settled = false;
network.once("stabilizationIterationsDone", () => {{
  network.setOptions({{physics: false}});
  // A saved layout's entities were pinned while the physics placed the rest: now all can be dragged.
  nodes.update(nodes.getIds().map(id => ({{id, fixed: false}})));
  network.fit();
  placeLabels();
  settled = true;
  sendPositions();
  let queued = false;
  network.on("zoom", () => {{
    if (!queued) {{ queued = true; requestAnimationFrame(() => {{ queued = false; placeLabels(); }}); }}
  }});
  network.on("dragEnd", () => {{ placeLabels(); sendPositions(); }});
}});
function sendPositions() {{
  // Where every entity is now (canvas units), for the dashboard's "Save layout": the page it is
  // shown in keeps the latest. Only numbers and the ids the page was given leave the frame.
  if (!settled || window.parent === window) return;
  window.parent.postMessage({{nerpipe: "chart-positions", positions: network.getPositions()}}, "*");
}}
window.addEventListener("message", event => {{
  if (event.source === window.parent && event.data && event.data.nerpipe === "send-chart-positions") sendPositions();
}});
function placeLabels() {{
  // Labels are {label_min}-{label_max} px high on screen at any zoom (bigger nodes, bigger labels), so
  // 150 entities stay readable. Path nodes, then the biggest, are labelled first, below their node or
  // else above it; a label that would cover one already placed, or another entity's dot, waits until
  // zooming in makes room (its name is in the tooltip).
  const scale = network.getScale();
  const positions = network.getPositions();
  const placed = [];
  const share = n => (n.size - {node_min}) / ({node_max} - {node_min});
  const all = nodes.get();
  const dots = all.map(n => {{
    const at = network.canvasToDOM(positions[n.id]);
    return {{id: n.id, x: at.x, y: at.y, r: n.size * scale + 1}};
  }});
  const onDot = (box, id) => dots.some(d => {{
    if (d.id === id) return false;
    const x = Math.max(box[0], Math.min(d.x, box[2])), y = Math.max(box[1], Math.min(d.y, box[3]));
    return (x - d.x) ** 2 + (y - d.y) ** 2 < d.r * d.r;
  }});
  const free = (box, id) =>
    !placed.some(b => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]) && !onDot(box, id);
  const ordered = all.sort((a, b) => (b.borderWidth - a.borderWidth) || (b.size - a.size));
  const measure = document.createElement("canvas").getContext("2d");
  nodes.update(ordered.map(n => {{
    const px = {label_min} + ({label_max} - {label_min}) * share(n);
    const at = network.canvasToDOM(positions[n.id]);
    measure.font = px + "px arial";  // vis-network's label font
    const half = measure.measureText(names[n.id]).width / 2, high = 1.15 * px, gap = n.size * scale + 3;
    const below = [at.x - half, at.y + gap, at.x + half, at.y + gap + high];
    const above = [at.x - half, at.y - gap - high, at.x + half, at.y - gap];
    const box = free(below, n.id) ? below : free(above, n.id) ? above : null;
    if (box) placed.push(box);
    // vadjust (canvas units) moves a label from below its node to above it.
    const vadjust = box === above ? -(2 * gap + high) / scale : 0;
    return {{id: n.id, label: box ? names[n.id] : " ", font: {{size: px / scale, vadjust}}}};
  }}));
}}
function marked(parent, text) {{
  // «name» marks come from nerpipe; everything is added as text, never as markup.
  const parts = text.split(/[«»]/);
  parts.forEach((part, i) => {{
    const el = document.createElement(i % 2 ? "span" : "span");
    if (i % 2) el.className = "name";
    el.textContent = part;
    parent.appendChild(el);
  }});
}}
network.on("click", params => {{
  if (!params.edges.length || params.nodes.length) return;
  const edge = edges.get(params.edges[0]);
  const items = evidence[edge.from + "\\u0000" + edge.to] || evidence[edge.to + "\\u0000" + edge.from] || [];
  const box = document.getElementById("evidence");
  box.replaceChildren();
  const title = document.createElement("strong");
  title.textContent = names[edge.from] + " — " + names[edge.to];
  box.appendChild(title);
  const list = document.createElement("ol");
  items.forEach(item => {{
    const li = document.createElement("li");
    marked(li, item.text);
    const where = document.createElement("div");
    where.className = "doc";
    where.textContent = item.doc + (item.page ? ", page " + item.page : "");
    li.appendChild(where);
    list.appendChild(li);
  }});
  box.appendChild(list);
}});
</script></body></html>
"""
