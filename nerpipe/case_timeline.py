"""A stored case's timeline and its documents' own dates: the store's mentions and document heads
through nerpipe.dates and graph/timeline.py, the same path for the CLI and the dashboard."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from datetime import date

from nerpipe.dates import HEAD_CHARS, dated_document
from nerpipe.graph.entities import EntityIndex, build_entities
from nerpipe.graph.export import safe_cell
from nerpipe.graph.timeline import (
    TIMELINE_COLUMNS,
    DatedDocument,
    TimelineEvent,
    filter_events,
    timeline_events,
    timeline_rows,
)
from nerpipe.store import Store


def dated_documents(store: Store, case: str) -> dict[str, DatedDocument]:
    """sha256 → the document's name, own date (None when it has none we can read) and where it was read."""
    dated = {}
    for sha256, filename, metadata, head in store.document_heads(case, HEAD_CHARS):
        found = dated_document(metadata, head)
        dated[sha256] = DatedDocument(sha256, filename, found.day if found else None, found.source if found else "")
    return dated


def case_timeline(
    store: Store,
    case: str,
    *,
    entities: Collection[str] = (),
    labels: Collection[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> tuple[list[TimelineEvent], EntityIndex]:
    """The case's timeline events (filtered as filter_events does) and the entities they name."""
    index = build_entities(store.load_mentions(case), store.list_merges(case))
    events = timeline_events(index, store.document_texts(case), dated_documents(store, case))
    return filter_events(events, index, entities=entities, labels=labels, start=start, end=end), index


def timeline_csv(events: list[TimelineEvent], index: EntityIndex) -> bytes:
    """Date, entity, document, page and sentence per row; formulas neutralised, Excel's BOM first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TIMELINE_COLUMNS)
    for row in timeline_rows(events, index):
        writer.writerow([safe_cell(row[column]) for column in TIMELINE_COLUMNS])
    return out.getvalue().encode("utf-8-sig")
