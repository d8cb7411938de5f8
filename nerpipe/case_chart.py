"""A stored case's link chart: mentions (with analyst decisions applied) and merges from the
store, through the graph module's functions — the same path for the CLI and the dashboard."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from nerpipe.case_timeline import dated_documents
from nerpipe.graph.chart import LinkChart, LinkedEntities, chart_from, link_entities
from nerpipe.graph.cooccur import DEFAULT_CONTEXT, Context
from nerpipe.graph.timeline import in_range, mention_dates
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
) -> LinkedEntities:
    """The case's entities and links. `min_confidence` drops model mentions scored below it
    (mentions without a score are kept); `dates` (first, last day) keeps the mentions, and so the
    links, whose evidence is dated in that range (graph/timeline.py says how they are dated)."""
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
