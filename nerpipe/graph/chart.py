"""One call from mentions to an analysed link chart: entities, edges, graph, centrality, communities."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from nerpipe.graph.analysis import Centrality, build_graph, centrality, communities, filter_graph
from nerpipe.graph.cooccur import DEFAULT_CONTEXT, Context, Edge, PageLookup, cooccurrence_edges
from nerpipe.graph.entities import EntityIndex, Merge, build_entities
from nerpipe.labels import default_chart_labels
from nerpipe.types import Mention


class LinkChart:
    """Entities, links and the filtered graph; measures and communities are computed when first
    read (a cached chart keeps them)."""

    def __init__(
        self, index: EntityIndex, edges: dict[tuple[str, str], Edge], graph: nx.Graph, context: Context
    ) -> None:
        self.index, self.edges, self.graph, self.context = index, edges, graph, context
        self.scores: Centrality = centrality(graph)
        #: Unique per chart: a cache key for things derived from it (exports).
        self.token = uuid.uuid4().hex

    @cached_property
    def community(self) -> dict[str, int]:
        return communities(self.graph)


@dataclass(frozen=True)
class LinkedEntities:
    """Entities and their co-occurrence links before a chart's filters: the costly part, which
    every chart of the same mentions, context and linked labels can share."""

    index: EntityIndex
    edges: dict[tuple[str, str], Edge]
    context: Context
    labels: frozenset[str]

    @cached_property
    def graph(self) -> nx.Graph:
        """Every entity and link; charts are filtered copies of it."""
        return build_graph(self.index.entities, self.edges)


def link_entities(
    mentions: Sequence[Mention],
    texts: Mapping[str, str],
    *,
    context: Context = DEFAULT_CONTEXT,
    labels: Iterable[str] | None = None,
    merges: Iterable[Merge] = (),
    max_evidence: int = 50,
    page_of: PageLookup | None = None,
) -> LinkedEntities:
    """Entities from the mentions and the links between those of `labels` (default: the linked
    types of nerpipe.labels)."""
    index = build_entities(mentions, merges)
    present = {entity.label for entity in index.entities.values()}
    linked = frozenset(labels) if labels is not None else frozenset(default_chart_labels(present))
    edges = cooccurrence_edges(index, texts, context=context, labels=linked, max_evidence=max_evidence, page_of=page_of)
    return LinkedEntities(index, edges, context, linked)


def chart_from(
    linked: LinkedEntities, *, every_entity: bool = False, min_weight: int = 1, min_mentions: int = 1
) -> LinkChart:
    """The filtered graph with its measures. `every_entity` keeps the entities of every label as
    nodes (only the linked labels have links): the entity table and its downloads then count what
    the mentions hold."""
    present = {entity.label for entity in linked.index.entities.values()}
    shown = present if every_entity else linked.labels
    graph = filter_graph(linked.graph, labels=shown, min_weight=min_weight, min_mentions=min_mentions)
    return LinkChart(linked.index, linked.edges, graph, linked.context)


def linked_only(graph: nx.Graph, keep: Iterable[str] = ()) -> nx.Graph:
    """The graph without its entities that have no link (a minimum link weight leaves many, each a
    dot of its own colour far from the rest), except those in `keep` (a focus, a path's ends).

    >>> g = nx.Graph([("a", "b")]); g.add_node("c"); sorted(linked_only(g))
    ['a', 'b']
    """
    wanted = set(keep)
    unlinked = [node for node, degree in graph.degree if degree == 0 and node not in wanted]
    if not unlinked:
        return graph
    linked = graph.copy()
    linked.remove_nodes_from(unlinked)
    return linked


def build_link_chart(
    mentions: Sequence[Mention],
    texts: Mapping[str, str],
    *,
    context: Context = DEFAULT_CONTEXT,
    labels: Iterable[str] | None = None,
    min_weight: int = 1,
    min_mentions: int = 1,
    merges: Iterable[Merge] = (),
    max_evidence: int = 50,
    page_of: PageLookup | None = None,
    every_entity: bool = False,
) -> LinkChart:
    """Entities from the mentions, co-occurrence edges, then the filtered graph with its measures
    (link_entities, then chart_from)."""
    linked = link_entities(
        mentions, texts, context=context, labels=labels, merges=merges, max_evidence=max_evidence, page_of=page_of
    )
    return chart_from(linked, every_entity=every_entity, min_weight=min_weight, min_mentions=min_mentions)
