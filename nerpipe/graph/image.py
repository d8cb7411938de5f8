"""The link chart as a picture for a report: PNG or SVG at A4 landscape (300 dpi for PNG), drawn
by matplotlib with networkx's layout and drawing functions.

It draws the same capped graph as the page (render.capped_graph), in the same colours, with a
title (case, date, filters) and a legend. Names come from documents: they are drawn as plain text
(matplotlib's math parsing off, so "$5 to $10" stays as written), and in SVG they stay <text>
elements (searchable, selectable), XML-escaped by matplotlib, with XML-illegal characters removed.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

import matplotlib
import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from nerpipe.graph.analysis import MEASURE_NAMES, Centrality, node_measure
from nerpipe.graph.render import DEFAULT_OPTIONS, SEED, RenderOptions, capped_graph, node_colour

#: A4 landscape, in inches.
PAGE_INCHES = (11.69, 8.27)
DPI = 300
FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
#: Label size in points of the least and the most connected entity (6 pt is readable on paper).
LABEL_PT = (6.0, 9.0)
#: Node area in points² of the least and the most connected entity.
NODE_AREA = (60.0, 600.0)
PATH_COLOUR = "#d62728"
EDGE_COLOUR = "#9aa0a6"
#: The most entities laid out by Kamada-Kawai (about 0.4 s at 150 on 2 cores; 2 s at 300).
STRESS_LAYOUT_NODES = 150
#: Characters a name may have on the picture; longer ones end in "…".
NAME_CHARS = 40
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

Positions = Mapping[str, tuple[float, float]]


@dataclass(frozen=True, slots=True)
class ChartImage:
    data: bytes
    media_type: str
    shown: int
    hidden: int
    #: Where each drawn entity was put (layout units; y grows downwards, as in the page).
    positions: dict[str, tuple[float, float]]


def chart_image(
    graph: nx.Graph,
    scores: Centrality,
    community: Mapping[str, int],
    options: RenderOptions = DEFAULT_OPTIONS,
    *,
    fmt: str = "png",
    title: str = "",
    subtitle: str = "",
    positions: Positions | None = None,
    dpi: int = DPI,
) -> ChartImage:
    """The chart of `graph` as `fmt` ("png" or "svg"). `positions` (a saved layout) places the
    entities it knows; the others are laid out around them. `dpi`: a report embeds a lighter PNG."""
    if fmt not in FORMATS:
        raise ValueError(f"chart image format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    shown, hidden = capped_graph(graph, scores, options)
    placed = layout(shown, positions)
    figure = Figure(figsize=PAGE_INCHES, dpi=dpi)
    axes = figure.add_axes((0.02, 0.07, 0.96, 0.8))
    axes.set_axis_off()
    _draw(axes, shown, graph, scores, community, options, placed)
    caption = f"{shown.number_of_nodes()} entities, {shown.number_of_edges()} links"
    if hidden:
        caption += (
            f"; {hidden} more hidden (the top {options.node_cap} by "
            f"{MEASURE_NAMES.get(options.measure, options.measure)} shown)"
        )
    figure.text(0.02, 0.965, plain(title) or "Link chart", fontsize=16, weight="bold", va="top", parse_math=False)
    figure.text(0.02, 0.925, plain(subtitle), fontsize=9, va="top", color="#333333", parse_math=False, wrap=True)
    figure.text(0.02, 0.895, caption, fontsize=9, va="top", color="#555555", parse_math=False)
    _legend(figure, shown, options)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "nerpipe"}):
        canvas = FigureCanvasSVG(figure) if fmt == "svg" else FigureCanvasAgg(figure)
        canvas.print_figure(buffer, format=fmt, dpi=dpi, metadata=_metadata(fmt))
    flipped = {node: (float(x), float(-y)) for node, (x, y) in placed.items()}
    return ChartImage(buffer.getvalue(), FORMATS[fmt], shown.number_of_nodes(), hidden, flipped)


def layout(graph: nx.Graph, positions: Positions | None = None) -> dict[str, tuple[float, float]]:
    """Where each entity goes (y upwards, as matplotlib draws): a saved layout's places, then a
    seeded force layout for the rest (the same chart always gives the same picture). Up to
    STRESS_LAYOUT_NODES entities without saved places, Kamada-Kawai's layout, which keeps a busy
    centre apart so that its names can be read on paper; above, a force layout (Kamada-Kawai's
    cost grows with the square of the entities)."""
    if graph.number_of_nodes() == 0:
        return {}
    known = {n: (float(x), -float(y)) for n, (x, y) in (positions or {}).items() if n in graph}
    spacing = 4.0 / math.sqrt(graph.number_of_nodes())
    if not known and 2 < graph.number_of_nodes() <= STRESS_LAYOUT_NODES:
        found = nx.kamada_kawai_layout(graph, weight=None)
        return {n: (float(x), float(y)) for n, (x, y) in found.items()}
    if not known:
        found = nx.spring_layout(graph, k=spacing, seed=SEED, iterations=60)
        return {n: (float(x), float(y)) for n, (x, y) in found.items()}
    # Saved places are in the page's pixels: scaled to about a unit square, so the force layout's
    # distances fit them, and scaled back.
    xs, ys = [p[0] for p in known.values()], [p[1] for p in known.values()]
    scale = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    start = {n: (x / scale, y / scale) for n, (x, y) in known.items()}
    if len(known) == graph.number_of_nodes():
        found = start
    else:
        found = nx.spring_layout(graph, k=spacing, pos=start, fixed=list(start), seed=SEED, iterations=60)
    return {n: (float(x) * scale, float(y) * scale) for n, (x, y) in found.items()}


def plain(text: str) -> str:
    """Text safe in any picture format: no XML-illegal characters, one line."""
    return _NOT_XML.sub("", " ".join(str(text).split()))


def short_name(name: str) -> str:
    cleaned = plain(name)
    return cleaned if len(cleaned) <= NAME_CHARS else cleaned[: NAME_CHARS - 1] + "…"


def _draw(axes, shown: nx.Graph, whole: nx.Graph, scores, community, options: RenderOptions, placed) -> None:
    if shown.number_of_nodes() == 0:
        axes.text(0.5, 0.5, "No entities with these filters.", ha="center", va="center", transform=axes.transAxes)
        return
    sizes = node_measure(whole, scores, "weighted_degree")
    top = max((sizes.get(n, 0.0) for n in shown), default=1.0) or 1.0
    share = {n: sizes.get(n, 0.0) / top for n in shown}
    nodes = sorted(shown.nodes)
    path = set(options.highlight_path)
    path_edges = {frozenset(pair) for pair in pairwise(options.highlight_path)}
    edges = sorted(shown.edges(data="weight"), key=lambda e: (e[0], e[1]))
    heaviest = max((w for _, _, w in edges), default=1) or 1
    unmarked = [(a, b, w) for a, b, w in edges if frozenset((a, b)) not in path_edges]
    plain_edges = [(a, b) for a, b, _ in unmarked]
    widths = [0.4 + 2.6 * math.log1p(w) / math.log1p(heaviest) for _, _, w in unmarked]
    nx.draw_networkx_edges(
        shown, placed, edgelist=plain_edges, width=widths, edge_color=EDGE_COLOUR, alpha=0.7, ax=axes
    )
    marked = [(a, b) for a, b, _ in edges if frozenset((a, b)) in path_edges]
    if marked:
        nx.draw_networkx_edges(shown, placed, edgelist=marked, width=4.0, edge_color=PATH_COLOUR, ax=axes)
    nx.draw_networkx_nodes(
        shown,
        placed,
        nodelist=nodes,
        node_size=[NODE_AREA[0] + (NODE_AREA[1] - NODE_AREA[0]) * share[n] for n in nodes],
        node_color=[node_colour(shown.nodes[n]["label"], n, community, options.colour_by) for n in nodes],
        edgecolors=[PATH_COLOUR if n in path else "#444444" for n in nodes],
        linewidths=[2.5 if n in path else 0.5 for n in nodes],
        ax=axes,
    )
    for node in nodes:
        x, y = placed[node]
        radius_pt = math.sqrt((NODE_AREA[0] + (NODE_AREA[1] - NODE_AREA[0]) * share[node]) / math.pi)
        axes.annotate(
            short_name(shown.nodes[node]["name"]),
            (x, y),
            xytext=(0, -radius_pt - 1),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=LABEL_PT[0] + (LABEL_PT[1] - LABEL_PT[0]) * share[node],
            weight="bold" if node in path else "normal",
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
            parse_math=False,
            annotation_clip=False,
        )
    axes.margins(0.06)


def _legend(figure: Figure, shown: nx.Graph, options: RenderOptions) -> None:
    if options.colour_by == "community":
        handles = [Line2D([], [], linestyle="none", marker="o", color="#888888", label="Colour = community (Louvain)")]
    else:
        labels = sorted({data["label"] for _, data in shown.nodes(data=True)})
        handles = [
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=8,
                markerfacecolor=node_colour(label, "", {}, "label"),
                markeredgecolor="#444444",
                label=plain(label),
            )
            for label in labels
        ]
    if options.highlight_path:
        handles.append(Line2D([], [], color=PATH_COLOUR, linewidth=3, label="Path"))
    handles.append(Line2D([], [], color=EDGE_COLOUR, linewidth=2, label="Link (thicker: more contexts)"))
    figure.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        ncols=min(8, len(handles)),
        fontsize=8,
        frameon=False,
    )


def _metadata(fmt: str) -> dict:
    """No creation date or tool version in the file: the same chart gives the same bytes."""
    return {"Date": None} if fmt == "svg" else {"Software": None}
