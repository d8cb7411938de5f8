"""Re-extract a case after the model or the patterns changed. Documents are not read again (their
text is stored); analyst decisions are keyed by document and offsets, so those whose mention is
still found keep applying."""

from __future__ import annotations

from dataclasses import dataclass

from nerpipe.batch import build_case_pipeline
from nerpipe.config import Settings
from nerpipe.pipeline import extract_documents
from nerpipe.store import Store
from nerpipe.training.case_models import settings_for_case


@dataclass(frozen=True, slots=True)
class ReprocessReport:
    documents: int
    mentions_before: int
    mentions_after: int
    decisions_kept: int
    decisions_orphaned: int


def reprocess_case(store: Store, case: str, settings: Settings) -> ReprocessReport:
    pipeline = build_case_pipeline(settings_for_case(store, case, settings))  # the case's own model, if any
    stored = store.list_documents(case)
    before = sum(d.mention_count for d in stored)
    after = 0
    spans: set[tuple[str, int, int]] = set()
    for row in stored:
        document = store.load_document(case, row.id)
        found = list(
            extract_documents(
                pipeline.nlp, [document], batch_size=settings.batch_size, chunk_chars=settings.chunk_chars
            )
        )
        store.replace_mentions(row.id, found, pipeline.info, pipeline.info.patterns_hash)
        after += len(found)
        spans.update((m.doc, m.start, m.end) for m in found)
    decisions = store.list_decisions(case)
    kept = sum((d["sha256"], d["start"], d["end"]) in spans for d in decisions)
    return ReprocessReport(len(stored), before, after, kept, len(decisions) - kept)
