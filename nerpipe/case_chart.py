"""A stored case's link chart: mentions (with analyst decisions applied) and merges from the
store, through the graph module's functions — the same path for the CLI and the dashboard."""

from __future__ import annotations

from collections.abc import Iterable

from nerpipe.graph.chart import LinkChart, build_link_chart
from nerpipe.graph.cooccur import DEFAULT_CONTEXT, Context
from nerpipe.store import Store


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
) -> LinkChart:
    """`min_confidence` drops model mentions scored below it (mentions without a score are kept);
    `labels` and `every_entity` as in build_link_chart."""
    found = [m for m in store.load_mentions(case) if m.confidence is None or m.confidence >= min_confidence]
    return build_link_chart(
        found,
        store.document_texts(case),
        context=context,
        labels=labels,
        min_weight=min_weight,
        min_mentions=min_mentions,
        merges=store.list_merges(case),
        max_evidence=max_evidence,
        every_entity=every_entity,
    )
