"""A stored case's link chart: mentions (with analyst decisions applied) and merges from the
store, through the graph module's functions — the same path for the CLI and the dashboard; or,
without date or confidence filters and without evidence, the entities and links the store keeps
(stored_links: no mention is read; a link's evidence comes from Store.link_evidence when chosen)."""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable
from datetime import date
from typing import TextIO

from nerpipe.case_timeline import dated_documents
from nerpipe.graph.chart import LinkChart, LinkedEntities, chart_from, link_entities
from nerpipe.graph.cooccur import DEFAULT_CONTEXT, Context, Edge
from nerpipe.graph.entities import Entity, EntityIndex
from nerpipe.graph.export import safe_cell
from nerpipe.graph.timeline import in_range, mention_dates
from nerpipe.labels import default_chart_labels
from nerpipe.store import Store


def case_links(
    store: Store,
    case: str,
    *,
    context: Context = DEFAULT_CONTEXT,
    labels: Iterable[str] | None = None,
    max_evidence: int = 50,
    min_confidence: float = 0.0,
    dates: tuple[date | None, date | None] = (None, None),
    evidence: bool = True,
) -> LinkedEntities:
    """The case's entities and links. `min_confidence` drops model mentions scored below it
    (mentions without a score are kept); `dates` (first, last day) keeps the mentions, and so the
    links, whose evidence is dated in that range (graph/timeline.py says how they are dated).

    Without `evidence`, and with neither filter, they come from the store (stored_links): the same
    entities and link weights, no evidence nor relation words on the links (Store.link_evidence
    gives one link's), and no mentions in the index. The filters still read every mention: they
    keep or drop single mentions, which the stored aggregates cannot."""
    if not evidence and min_confidence <= 0 and dates == (None, None):
        return stored_links(store, case, context=context, labels=labels)
    found = [m for m in store.load_mentions(case) if m.confidence is None or m.confidence >= min_confidence]
    if dates != (None, None):
        found = in_range(found, mention_dates(found, dated_documents(store, case)), *dates)
    return link_entities(
        found,
        store.document_texts(case),
        context=context,
        labels=labels,
        merges=store.list_merges(case),
        max_evidence=max_evidence,
    )


def stored_links(
    store: Store,
    case: str,
    *,
    context: Context = DEFAULT_CONTEXT,
    labels: Iterable[str] | None = None,
    entities: Collection[str] | None = None,
) -> LinkedEntities:
    """The case's entities (Store.case_entities) and the links among those of `labels` (default:
    the linked types) and, when given, of `entities` (a chart's top N), from what the store keeps:
    equal to link_entities' entities and weights; links carry no evidence (Store.link_evidence)."""
    found = store.case_entities(case)
    index = EntityIndex(
        {
            key: Entity(row.id, row.name, row.label, list(row.aliases), row.mentions, row.documents)
            for key, row in found.entities.items()
        },
        [],
        [],
    )
    present = {row.label for row in found.entities.values()}
    linked = frozenset(labels) if labels is not None else frozenset(default_chart_labels(present))
    edges = {}
    for link in store.link_weights(case, context=context, labels=linked, entities=entities, table=found):
        edge = edges[(link.source, link.target)] = Edge(link.source, link.target)
        edge.weight = link.weight
    return LinkedEntities(index, edges, context, linked)


#: The edges export from the store: no evidence nor relation words (those need the mentions).
STORED_EDGE_COLUMNS = ("source", "target", "source_name", "target_name", "weight", "documents")


def write_stored_edges_csv(
    store: Store,
    case: str,
    out: TextIO,
    *,
    context: Context = DEFAULT_CONTEXT,
    labels: Iterable[str] | None = None,
    min_weight: int = 1,
) -> int:
    """The case's links (of `labels`, at least `min_weight`) as CSV rows, each written as the store
    hands it on (Store.stream_links): memory stays flat however many links. Names are untrusted:
    formulas neutralised. Returns the number of links written."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(STORED_EDGE_COLUMNS)
    count = 0
    for link, source, target in store.stream_links(case, context=context, labels=labels, min_weight=min_weight):
        writer.writerow(
            [safe_cell(value) for value in (link.source, link.target, source.name, target.name)]
            + [link.weight, link.documents]
        )
        count += 1
    return count


def top_entities(store: Store, case: str, count: int, labels: Iterable[str] | None = None) -> list[str]:
    """The `count` entities of `labels` (default: the linked types) with the most mentions (ties:
    documents, then id): a big case's chart drawn from its stored links among these only."""
    found = store.case_entities(case).entities.values()
    wanted = set(labels) if labels is not None else default_chart_labels({row.label for row in found})
    ranked = sorted((row for row in found if row.label in wanted), key=lambda r: (-r.mentions, -r.documents, r.id))
    return [row.id for row in ranked[:count]]


def case_chart(
    store: Store,
    case: str,
    *,
    context: Context = DEFAULT_CONTEXT,
    labels: Iterable[str] | None = None,
    min_weight: int = 1,
    min_mentions: int = 1,
    max_evidence: int = 50,
    min_confidence: float = 0.0,
    every_entity: bool = False,
    dates: tuple[date | None, date | None] = (None, None),
) -> LinkChart:
    """case_links, then chart_from (`every_entity` as there)."""
    linked = case_links(
        store,
        case,
        context=context,
        labels=labels,
        max_evidence=max_evidence,
        min_confidence=min_confidence,
        dates=dates,
    )
    return chart_from(linked, every_entity=every_entity, min_weight=min_weight, min_mentions=min_mentions)
