"""Label Studio tasks out of nerpipe: model predictions to correct (pre-annotation), and analyst
corrections in a case as new training examples."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nerpipe.store import Store
from nerpipe.types import Document, Mention, PipelineInfo


def prediction_tasks(documents: Iterable[Document], mentions: Iterable[Mention], info: PipelineInfo) -> list[dict]:
    """One Label Studio import task per document, with the pipeline's mentions as predictions."""
    by_doc: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_doc.setdefault(mention.doc, []).append(mention)
    tasks = []
    for document in documents:
        found = by_doc.get(document.id, [])
        scores = [m.confidence for m in found if m.confidence is not None]
        tasks.append(
            {
                "data": {"text": document.text, "filename": document.filename},
                "predictions": [
                    {
                        "model_version": f"{info.name} {info.version}",
                        "score": round(sum(scores) / len(scores), 4) if scores else None,
                        "result": [_region(document.text, m.start, m.end, m.label, m.confidence) for m in found],
                    }
                ],
            }
        )
    return tasks


def _region(text: str, start: int, end: int, label: str, score: float | None) -> dict[str, Any]:
    region: dict[str, Any] = {
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]},
    }
    if score is not None:
        region["score"] = score
    return region


def correction_examples(store: Store, case: str) -> list[dict]:
    """Label Studio JSON-MIN examples from a case's analyst decisions: each sentence that holds a
    rejected or relabelled mention, with the mentions as corrected."""
    decisions = {(d["sha256"], d["start"], d["end"]) for d in store.list_decisions(case)}
    if not decisions:
        return []
    raw = store.load_mentions(case, apply_decisions=False)
    corrected = store.load_mentions(case)
    texts = store.document_texts(case)
    sentences = sorted({(m.doc, m.sentence_start, m.sentence_end) for m in raw if (m.doc, m.start, m.end) in decisions})
    examples = []
    for doc, start, end in sentences:
        text = texts[doc][start:end]
        spans = [m for m in corrected if m.doc == doc and start <= m.start and m.end <= end]
        examples.append(
            {
                "text": text,
                "label": [
                    {"start": m.start - start, "end": m.end - start, "text": m.text, "labels": [m.label]} for m in spans
                ],
            }
        )
    return examples
