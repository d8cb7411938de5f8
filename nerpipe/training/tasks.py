"""Label Studio tasks out of nerpipe: model predictions to correct (pre-annotation), and analyst
corrections in a case as new training examples."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import quoteattr

from nerpipe.identifiers import IDENTIFIER_LABELS
from nerpipe.labels import LABEL_COLOURS, label_colour
from nerpipe.pipeline import Pipeline
from nerpipe.pipeline.entity_edits import CASE_LABELS
from nerpipe.pipeline.identifiers import COMPONENT as IDENTIFIERS
from nerpipe.store import Store
from nerpipe.types import Document, Mention, PipelineInfo

#: The names the tasks and the labelling config share: a region's from_name/to_name, and the key of
#: the regions in a JSON-MIN export (`convert` reads it from there).
LABELS_NAME = "label"
TEXT_NAME = "text"


@dataclass(slots=True)
class PredictionTasks:
    """Label Studio import tasks, and what the analyst should know about how they were made."""

    tasks: list[dict] = field(default_factory=list)
    #: (file kept as the task, file with the same text left out): one task per distinct text, so the
    #: analyst corrects it once and the training data holds it once.
    same_text: list[tuple[str, str]] = field(default_factory=list)

    @property
    def predictions(self) -> int:
        return sum(len(p["result"]) for task in self.tasks for p in task["predictions"])


def prediction_tasks(documents: Iterable[Document], mentions: Iterable[Mention], info: PipelineInfo) -> PredictionTasks:
    """One Label Studio import task per distinct document text, with the pipeline's mentions as predictions.

    Documents with the same text share an id (the content hash), so their mentions cannot be told
    apart: an e-mail's attachment that is also given as a file would otherwise hold every prediction
    twice. Such a text becomes one task that names every file holding it."""
    by_doc: dict[str, dict[tuple[int, int, str], Mention]] = {}
    for mention in mentions:
        by_doc.setdefault(mention.doc, {}).setdefault((mention.start, mention.end, mention.label), mention)
    first: dict[str, Document] = {}
    others: dict[str, list[str]] = {}
    result = PredictionTasks()
    for document in documents:
        if document.id in first:
            others[document.id].append(document.filename)
            result.same_text.append((first[document.id].filename, document.filename))
            continue
        first[document.id] = document
        others[document.id] = []
    for doc_id, document in first.items():
        found = sorted(by_doc.get(doc_id, {}).values(), key=lambda m: (m.start, m.end, m.label))
        scores = [m.confidence for m in found if m.confidence is not None]
        data = {TEXT_NAME: document.text, "filename": document.filename}
        if others[doc_id]:
            # A string, not a list: a JSON-MIN export puts data fields beside the regions' list.
            data["same_text_in"] = ", ".join(others[doc_id])
        result.tasks.append(
            {
                "data": data,
                "predictions": [
                    {
                        "model_version": f"{info.name} {info.version}",
                        "score": round(sum(scores) / len(scores), 4) if scores else None,
                        "result": [_region(document.text, m.start, m.end, m.label, m.confidence) for m in found],
                    }
                ],
            }
        )
    return result


def _region(text: str, start: int, end: int, label: str, score: float | None) -> dict[str, Any]:
    region: dict[str, Any] = {
        "from_name": LABELS_NAME,
        "to_name": TEXT_NAME,
        "type": "labels",
        "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]},
    }
    if score is not None:
        region["score"] = score
    return region


def labelling_config(labels: Iterable[str]) -> str:
    """The Label Studio labelling config for nerpipe's tasks: the text, its file name, and one choice
    per label in nerpipe's colours (the known labels in their usual order, then any others by name)."""
    wanted = set(labels)
    ordered = [label for label in LABEL_COLOURS if label in wanted] + sorted(wanted - set(LABEL_COLOURS))
    choices = "\n".join(
        f"    <Label value={quoteattr(label)} background={quoteattr(label_colour(label))}/>" for label in ordered
    )
    return (
        "<View>\n"
        '  <Header value="$filename"/>\n'
        f'  <Labels name="{LABELS_NAME}" toName="{TEXT_NAME}">\n{choices}\n  </Labels>\n'
        f'  <Text name="{TEXT_NAME}" value="${TEXT_NAME}"/>\n'
        "</View>\n"
    )


def pipeline_labels(pipeline: Pipeline) -> set[str]:
    """The labels a pipeline can give: its NER's, its patterns', the case rules' (DRUG, GANG_ORG, WEAPON) and
    the identifiers' (PHONE, EMAIL...)."""
    nlp = pipeline.nlp
    ner = set(nlp.get_pipe("ner").labels) if "ner" in nlp.pipe_names else set()
    identifiers = set(IDENTIFIER_LABELS) if IDENTIFIERS in nlp.pipe_names else set()
    return ner | set(pipeline.info.pattern_counts) | set(CASE_LABELS) | identifiers


def task_labels(tasks: Iterable[dict]) -> set[str]:
    """Every label the tasks' predictions use (the labelling config must offer each one)."""
    return {
        label
        for task in tasks
        for prediction in task.get("predictions", [])
        for region in prediction["result"]
        for label in region["value"]["labels"]
    }


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
