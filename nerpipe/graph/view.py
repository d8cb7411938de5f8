"""What the analyst chose to look at in a chart: a focus entity, a path, entities without links
left out. One function, so the dashboard's chart, its image and the report draw the same graph."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from nerpipe.graph.analysis import Hop, ego_network, shortest_path
from nerpipe.graph.chart import linked_only


@dataclass(frozen=True, slots=True)
class ViewChoices:
    focus: str | None = None
    radius: int = 1
    source: str | None = None
    target: str | None = None
    #: Keep the entities that have no link (left out by default: each a dot far from the rest).
    unlinked: bool = False


@dataclass(frozen=True, slots=True)
class ChartView:
    graph: nx.Graph
    path: list[Hop]
    #: The path's entities in order, for highlighting (empty when there is no path).
    path_nodes: tuple[str, ...]
    #: Entities without links left out.
    left_out: int


def chart_view(graph: nx.Graph, choices: ViewChoices = ViewChoices()) -> ChartView:
    """The part of `graph` the choices show. A focus or path end that is not in the graph is
    ignored (the filters left it out).

    >>> g = nx.Graph([("a", "b")]); g.add_node("c"); sorted(chart_view(g).graph)
    ['a', 'b']
    """
    focus = choices.focus if choices.focus in graph else None
    source = choices.source if choices.source in graph else None
    target = choices.target if choices.target in graph else None
    shown = ego_network(graph, focus, choices.radius) if focus is not None else graph
    path = shortest_path(graph, source, target) if source and target and source != target else []
    path_nodes = tuple([path[0].source, *[hop.target for hop in path]]) if path else ()
    left_out = 0
    if not choices.unlinked:
        drawn = linked_only(shown, keep=[n for n in (focus, source, target) if n is not None])
        left_out, shown = shown.number_of_nodes() - drawn.number_of_nodes(), drawn
    return ChartView(shown, path, path_nodes, left_out)
