"""Link analysis: pure functions over networkx graphs. They take the graph first, return plain
data, and never print or write."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

import networkx as nx

from nerpipe.graph.cooccur import Edge, Evidence
from nerpipe.graph.entities import Entity

#: Above this many nodes betweenness is estimated from a sample of source nodes...
BETWEENNESS_SAMPLE = 500
#: ...as many as fit in about this many edge visits (a few seconds), at least MIN_SAMPLE.
BETWEENNESS_EDGE_BUDGET = 3_000_000
MIN_SAMPLE = 16
SEED = 42
MEASURES = ("weighted_degree", "degree", "betweenness", "pagerank", "mentions")
#: How the measures read to an analyst.
MEASURE_NAMES = {
    "weighted_degree": "link weight",
    "degree": "number of links",
    "betweenness": "betweenness",
    "pagerank": "PageRank",
    "mentions": "mentions",
}


def build_graph(entities: Mapping[str, Entity], edges: Mapping[tuple[str, str], Edge]) -> nx.Graph:
    """Nodes carry the entity's fields; edges carry weight, relations and evidence. Entities with
    no edge are nodes too (an isolated name is still a finding)."""
    graph = nx.Graph()
    for entity in entities.values():
        graph.add_node(
            entity.id,
            name=entity.name,
            label=entity.label,
            aliases=list(entity.aliases),
            mentions=entity.mentions,
            documents=entity.documents,
        )
    for (source, target), edge in edges.items():
        graph.add_edge(
            source,
            target,
            weight=edge.weight,
            relations=dict(sorted(edge.relations.items(), key=lambda item: (-item[1], item[0]))),
            evidence=list(edge.evidence),
            evidence_total=edge.evidence_total,
        )
    return graph


class Centrality:
    """Node measures of a graph, each computed the first time it is read: the entity table needs
    degrees in milliseconds, betweenness on a big case takes seconds and is read by exports."""

    def __init__(self, graph: nx.Graph, *, sample_above: int = BETWEENNESS_SAMPLE) -> None:
        self._graph = graph
        self._sample_above = sample_above

    @cached_property
    def degree(self) -> dict[str, int]:
        return dict(self._graph.degree())

    @cached_property
    def weighted_degree(self) -> dict[str, float]:
        return {node: float(value) for node, value in self._graph.degree(weight="weight")}

    @cached_property
    def _betweenness(self) -> tuple[dict[str, float], int | None]:
        graph = self._graph
        if graph.number_of_nodes() == 0:
            return {}, None
        sample = None
        if graph.number_of_nodes() > self._sample_above:
            fits = BETWEENNESS_EDGE_BUDGET // max(graph.number_of_edges(), 1)
            sample = max(MIN_SAMPLE, min(self._sample_above, fits))
        values = nx.betweenness_centrality(graph, k=sample, weight=None, seed=SEED if sample else None)
        return values, sample

    @property
    def betweenness(self) -> dict[str, float]:
        return self._betweenness[0]

    @property
    def betweenness_sample(self) -> int | None:
        """Number of source nodes betweenness was estimated from; None when computed exactly."""
        return self._betweenness[1]

    @cached_property
    def pagerank(self) -> dict[str, float]:
        graph = self._graph
        if graph.number_of_nodes() == 0:
            return {}
        try:
            return nx.pagerank(graph, weight="weight", max_iter=200)
        except nx.PowerIterationFailedConvergence:
            return {node: 1 / graph.number_of_nodes() for node in graph}


def centrality(graph: nx.Graph, *, sample_above: int = BETWEENNESS_SAMPLE) -> Centrality:
    """Degree, weighted degree, betweenness (sampled on large graphs, seed fixed) and PageRank."""
    return Centrality(graph, sample_above=sample_above)


def communities(graph: nx.Graph) -> dict[str, int]:
    """Louvain communities with a fixed seed; numbered from 0 by size, largest first."""
    if graph.number_of_nodes() == 0:
        return {}
    groups = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    ordered = sorted(groups, key=lambda group: (-len(group), min(group)))
    return {node: number for number, group in enumerate(ordered) for node in group}


@dataclass(frozen=True, slots=True)
class Hop:
    source: str
    target: str
    weight: int
    evidence: list[Evidence]


def shortest_path(graph: nx.Graph, source: str, target: str) -> list[Hop]:
    """The fewest-hops path between two entities, with the evidence for each hop; [] if none.

    Among equally short paths the one with the strongest links (highest weights) is preferred.
    """
    if source not in graph or target not in graph:
        return []
    try:
        nodes = nx.shortest_path(graph, source, target, weight=lambda u, v, data: 1 + 1 / (1 + data["weight"]))
    except nx.NetworkXNoPath:
        return []
    return [Hop(a, b, graph.edges[a, b]["weight"], graph.edges[a, b]["evidence"]) for a, b in pairwise(nodes)]


def ego_network(graph: nx.Graph, center: str, radius: int = 1) -> nx.Graph:
    """The entity and its neighbours up to `radius` hops."""
    if center not in graph:
        return nx.Graph()
    return nx.ego_graph(graph, center, radius=radius)


def common_neighbours(graph: nx.Graph, first: str, second: str) -> list[str]:
    if first not in graph or second not in graph:
        return []
    return sorted(nx.common_neighbors(graph, first, second))


def components(graph: nx.Graph) -> list[set[str]]:
    """Connected components, largest first."""
    return sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))


def node_measure(graph: nx.Graph, scores: Centrality, measure: str) -> dict[str, float]:
    if measure == "mentions":
        return {node: float(data["mentions"]) for node, data in graph.nodes(data=True)}
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}: use one of {', '.join(MEASURES)}")
    return {node: float(value) for node, value in getattr(scores, measure).items()}


def top_nodes(graph: nx.Graph, scores: Centrality, measure: str = "weighted_degree", n: int = 20) -> list[str]:
    """The n highest-scoring nodes (ties broken by id, so the result is stable)."""
    values = node_measure(graph, scores, measure)
    return sorted(values, key=lambda node: (-values[node], node))[:n]


def filter_graph(
    graph: nx.Graph,
    *,
    labels: Iterable[str] | None = None,
    min_weight: int = 1,
    min_mentions: int = 1,
    documents: Iterable[str] | None = None,
) -> nx.Graph:
    """A subgraph: only these labels, edges of at least `min_weight`, entities mentioned at least
    `min_mentions` times, and (when given) only evidence from these documents."""
    wanted_labels = set(labels) if labels is not None else None
    keep = [
        node
        for node, data in graph.nodes(data=True)
        if (wanted_labels is None or data["label"] in wanted_labels) and data["mentions"] >= min_mentions
    ]
    sub = graph.subgraph(keep).copy()
    wanted_docs = set(documents) if documents is not None else None
    for a, b, data in list(sub.edges(data=True)):
        outside = wanted_docs is not None and not any(e.doc in wanted_docs for e in data["evidence"])
        if outside or data["weight"] < min_weight:
            sub.remove_edge(a, b)
    return sub
