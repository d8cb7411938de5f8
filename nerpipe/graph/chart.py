"""One call from mentions to an analysed link chart: entities, edges, graph, centrality, communities."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property

import networkx as nx

from nerpipe.graph.analysis import Centrality, build_graph, centrality, communities, filter_graph
from nerpipe.graph.cooccur import DEFAULT_CONTEXT, Context, Edge, PageLookup, cooccurrence_edges
from nerpipe.graph.entities import EntityIndex, Merge, build_entities
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
) -> LinkChart:
    """Entities from the mentions, co-occurrence edges, then the filtered graph with its measures.

    `labels` limits both the entities shown and the edges (default: all but the numeric labels).
    """
    index = build_entities(mentions, merges)
    label_set = set(labels) if labels is not None else None
    edges = cooccurrence_edges(
        index, texts, context=context, labels=label_set, max_evidence=max_evidence, page_of=page_of
    )
    full = build_graph(index.entities, edges)
    shown_labels = (
        label_set
        if label_set is not None
        else {
            data["label"]
            for _, data in full.nodes(data=True)
            if data["label"] not in ("CARDINAL", "ORDINAL", "QUANTITY", "PERCENT")
        }
    )
    graph = filter_graph(full, labels=shown_labels, min_weight=min_weight, min_mentions=min_mentions)
    return LinkChart(index, edges, graph, context)
