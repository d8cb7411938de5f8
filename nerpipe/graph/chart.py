"""One call from mentions to an analysed link chart: entities, edges, graph, centrality, communities."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
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
    """Entities from the mentions, co-occurrence edges, then the filtered graph with its measures.

    `labels` are the entity types linked and drawn (default: the linked types of
    nerpipe.labels). `every_entity` keeps the entities of every label as nodes (only `labels`
    are linked): the entity table and its downloads then count what the mentions hold.
    """
    index = build_entities(mentions, merges)
    present = {entity.label for entity in index.entities.values()}
    linked = set(labels) if labels is not None else default_chart_labels(present)
    edges = cooccurrence_edges(index, texts, context=context, labels=linked, max_evidence=max_evidence, page_of=page_of)
    full = build_graph(index.entities, edges)
    graph = filter_graph(
        full, labels=present if every_entity else linked, min_weight=min_weight, min_mentions=min_mentions
    )
    return LinkChart(index, edges, graph, context)
