"""How good is a pipeline on annotated data: precision, recall and F per label, a confusion table,
the errors in context, a comparison of base / base + patterns / retrained, and a forgetting check.

Only the labels that the gold data annotates are scored: the dev set does not mark dates or
amounts, so predicting them is not counted as an error.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from nerpipe.config import Settings
from nerpipe.graph.export import safe_cell
from nerpipe.pipeline.extract import mention_confidence
from nerpipe.pipeline.models import base_model_choice, load_model
from nerpipe.training.convert import AnnotatedText, Span

MISSED, SPURIOUS = "(missed)", "(spurious)"
STANDARD_LABELS = ("PERSON", "ORG", "GPE", "DATE", "MONEY")
CONFIDENCE_THRESHOLDS = (0.0, 0.5, 0.8, 0.9)


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Evaluation:
    name: str
    overall: Score = field(default_factory=Score)
    per_label: dict[str, Score] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[dict[str, str]] = field(default_factory=list)


def score_spans(
    name: str, items: list[AnnotatedText], predicted: Iterable[list[tuple[int, int, str]]], labels: set[str]
) -> Evaluation:
    """Compare predicted (start, end, label) spans with the gold spans, for `labels` only."""
    result = Evaluation(name)
    for label in sorted(labels):
        result.per_label[label] = Score()
    for item, spans in zip(items, predicted, strict=True):
        gold = {(s.start, s.end): s.label for s in item.spans if s.label in labels}
        guess = {(s, e): label for s, e, label in spans if label in labels}
        for offsets, label in gold.items():
            found = guess.get(offsets)
            result.confusion[(label, found or MISSED)] += 1
            if found == label:
                result.per_label[label].tp += 1
            else:
                result.per_label[label].fn += 1
                if found is not None:
                    result.per_label[found].fp += 1
                result.errors.append(_error(item.text, offsets, label, found or MISSED))
        for offsets, label in guess.items():
            if offsets not in gold:
                result.confusion[(SPURIOUS, label)] += 1
                result.per_label[label].fp += 1
                result.errors.append(_error(item.text, offsets, SPURIOUS, label))
    for score in result.per_label.values():
        result.overall.tp += score.tp
        result.overall.fp += score.fp
        result.overall.fn += score.fn
    return result


def _error(text: str, offsets: tuple[int, int], gold: str, predicted: str) -> dict[str, str]:
    start, end = offsets
    context = text[max(start - 60, 0) : start] + "«" + text[start:end] + "»" + text[end : end + 60]
    return {"text": text[start:end], "gold": gold, "predicted": predicted, "context": " ".join(context.split())}


def predictions(docs: Iterable[Doc]) -> list[list[tuple[int, int, str]]]:
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in docs]


def agreement(
    reference: Language,
    candidate: Language,
    items: list[AnnotatedText],
    labels: Iterable[str] = STANDARD_LABELS,
    custom: Iterable[str] = (),
) -> dict[str, float]:
    """F of `candidate` against `reference`'s own predictions, per standard label: has retraining
    made the model forget what the base model found? Where the gold data marks a custom entity
    (a gang the base model called ORG), the base prediction is meant to change and is not counted;
    a leading "the" is ignored on both sides."""
    texts = [item.text for item in items]
    return agreement_of_docs(list(reference.pipe(texts)), list(candidate.pipe(texts)), items, labels, custom)


def agreement_of_docs(
    reference_docs: list[Doc],
    candidate_docs: list[Doc],
    items: list[AnnotatedText],
    labels: Iterable[str] = STANDARD_LABELS,
    custom: Iterable[str] = (),
) -> dict[str, float]:
    """`agreement` over docs the two pipelines have already made from the texts of `items`."""
    wanted, changed = set(labels), set(custom)
    expected, predicted = [], []
    for item, ref, cand in zip(items, reference_docs, candidate_docs, strict=True):
        custom_spans = [(s.start, s.end) for s in item.spans if s.label in changed]

        def outside(start: int, end: int, spans: list[tuple[int, int]] = custom_spans) -> bool:
            return not any(start < e and s < end for s, e in spans)

        reference_spans = [
            Span(*_without_the(item.text, e.start_char, e.end_char), e.label_)
            for e in ref.ents
            if e.label_ in wanted and outside(e.start_char, e.end_char)
        ]
        expected.append(AnnotatedText(item.text, reference_spans))
        predicted.append(
            [
                (*_without_the(item.text, e.start_char, e.end_char), e.label_)
                for e in cand.ents
                if outside(e.start_char, e.end_char)
            ]
        )
    result = score_spans("agreement", expected, predicted, wanted)
    scores = {label: round(score.f, 4) for label, score in result.per_label.items() if score.tp + score.fn}
    scores["overall"] = round(result.overall.f, 4)
    return scores


def _without_the(text: str, start: int, end: int) -> tuple[int, int]:
    """Span offsets without a leading "the": the base model sometimes includes it in an ORG, our
    annotation never does; that difference of convention is not forgetting."""
    if text[start : start + 4].lower() == "the " and end - start > 4:
        return start + 4, end
    return start, end


def scores_table(evaluations: list[Evaluation]) -> str:
    """Text table: one row per label (and overall), P/R/F per pipeline."""
    labels = sorted({label for e in evaluations for label in e.per_label})
    header = f"{'label':<10}" + "".join(f"{e.name:>30}" for e in evaluations)
    lines = [header, f"{'':<10}" + "".join(f"{'P     R     F':>30}" for _ in evaluations)]
    for label in [*labels, "overall"]:
        cells = []
        for evaluation in evaluations:
            score = evaluation.overall if label == "overall" else evaluation.per_label.get(label, Score())
            cells.append(f"{score.precision:.3f} {score.recall:.3f} {score.f:.3f}".rjust(30))
        lines.append(f"{label:<10}" + "".join(cells))
    return "\n".join(lines)


def scores_csv(evaluations: list[Evaluation]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["pipeline", "label", "tp", "fp", "fn", "precision", "recall", "f"])
    for evaluation in evaluations:
        for label, score in [*sorted(evaluation.per_label.items()), ("overall", evaluation.overall)]:
            writer.writerow(
                [
                    evaluation.name,
                    safe_cell(label),
                    score.tp,
                    score.fp,
                    score.fn,
                    f"{score.precision:.4f}",
                    f"{score.recall:.4f}",
                    f"{score.f:.4f}",
                ]
            )
    return out.getvalue()


def confusion_rows(evaluation: Evaluation) -> tuple[list[str], list[str], list[list[int]]]:
    gold = sorted({g for g, _ in evaluation.confusion})
    predicted = sorted({p for _, p in evaluation.confusion})
    return gold, predicted, [[evaluation.confusion.get((g, p), 0) for p in predicted] for g in gold]


def confusion_csv(evaluation: Evaluation) -> str:
    gold, predicted, matrix = confusion_rows(evaluation)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["gold \\ predicted", *(safe_cell(p) for p in predicted)])
    for label, row in zip(gold, matrix, strict=True):
        writer.writerow([safe_cell(label), *row])
    return out.getvalue()


def confusion_png(evaluation: Evaluation, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display: write the file only
    import matplotlib.pyplot as plt

    gold, predicted, matrix = confusion_rows(evaluation)
    figure, axes = plt.subplots(figsize=(1.2 + 0.9 * len(predicted), 1.2 + 0.6 * len(gold)))
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(predicted)), predicted, rotation=45, ha="right")
    axes.set_yticks(range(len(gold)), gold)
    axes.set_xlabel("predicted")
    axes.set_ylabel("gold")
    axes.set_title(f"Confusion: {evaluation.name}")
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value:
                axes.text(j, i, str(value), ha="center", va="center", fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def errors_csv(evaluation: Evaluation) -> str:
    """Every error with its context; the text comes from documents, so each cell is neutralised
    against spreadsheet formulas like every CSV nerpipe writes."""
    out = io.StringIO()
    writer = csv.DictWriter(out, ["text", "gold", "predicted", "context"], lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: safe_cell(value) for key, value in row.items()} for row in evaluation.errors)
    return out.getvalue()


#: The pipelines an evaluation compares, simplest first. "default" is what extraction uses.
BASE, PATTERNS, RULES, DEFAULT = "base", "base+patterns", "base+patterns+rules", "default"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A pipeline to score, and the components it runs without (one loaded pipeline serves several)."""

    name: str
    nlp: Language
    without: tuple[str, ...] = ()

    def pipe(self, texts: list[str]) -> list[Doc]:
        with self.nlp.select_pipes(disable=[n for n in self.without if n in self.nlp.pipe_names]):
            return list(self.nlp.pipe(texts))


@dataclass(frozen=True, slots=True)
class Comparison:
    evaluations: list[Evaluation]
    forgetting: dict[str, float]
    #: The default pipeline's docs, kept so that confidence is scored without running it again.
    retrained_docs: list[Doc] = field(default_factory=list)

    def of(self, name: str) -> Evaluation:
        return next(e for e in self.evaluations if e.name == name)


def candidates(
    settings: Settings, model: Path | None = None, base: str | None = None, names: Iterable[str] | None = None
) -> list[Candidate]:
    """base, base + patterns, base + patterns + rules, and the default pipeline (the trained `model`,
    else what `build_pipeline` chooses), each built as extraction builds it; only `names` when given."""
    from nerpipe.pipeline.build import build_pipeline
    from nerpipe.pipeline.case_rules import COMPONENT as CASE_RULES

    wanted = set(names) if names is not None else {BASE, PATTERNS, RULES, DEFAULT}
    base_choice = base_model_choice(base)
    found: list[Candidate] = []
    if BASE in wanted:
        found.append(Candidate(BASE, load_model(base_choice)))
    if wanted & {PATTERNS, RULES}:
        with_patterns = build_pipeline(replace(settings, model=base_choice.target)).nlp
        found += [Candidate(PATTERNS, with_patterns, (CASE_RULES,))] if PATTERNS in wanted else []
        found += [Candidate(RULES, with_patterns)] if RULES in wanted else []
    if DEFAULT in wanted:
        # With confidence: it stores scores only, the entities compared are the same.
        chosen = replace(settings, model=str(model)) if model else settings
        found.append(Candidate(DEFAULT, build_pipeline(chosen, confidence=True).nlp))
    return found


def compare(pipelines: list[Candidate], items: list[AnnotatedText], labels: Iterable[str] | None = None) -> Comparison:
    """The pipelines on the same data, scored on `labels` (default: the labels the data annotates;
    a label it does not annotate is never counted as an error), and the default pipeline's agreement
    with the base model on the standard labels."""
    annotated = {s.label for item in items for s in item.spans}
    scored = annotated & set(labels) if labels is not None else annotated
    texts = [item.text for item in items]
    docs = {c.name: c.pipe(texts) for c in pipelines}  # each pipeline runs once
    evaluations = [score_spans(c.name, items, predictions(docs[c.name]), scored) for c in pipelines]
    custom = annotated - set(STANDARD_LABELS) - {"GPE", "LOC", "NORP", "FAC", "TIME", "CARDINAL"}
    final = pipelines[-1].name
    forgetting = agreement_of_docs(docs[BASE], docs[final], items, custom=custom) if BASE in docs else {}
    return Comparison(evaluations, forgetting, docs[final])


@dataclass(frozen=True, slots=True)
class ConfidenceRow:
    threshold: float
    kept: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.kept if self.kept else 0.0


def precision_by_confidence(
    docs: list[Doc],
    items: list[AnnotatedText],
    thresholds: Iterable[float] = CONFIDENCE_THRESHOLDS,
    labels: Iterable[str] | None = None,
) -> list[ConfidenceRow]:
    """Is the confidence useful? Precision of the mentions of the annotated labels (or of `labels`)
    that a minimum confidence keeps, in `docs` (one per item, from a pipeline that scores its
    mentions: see pipeline/build.add_confidence)."""
    annotated = {s.label for item in items for s in item.spans}
    scored_labels = annotated & set(labels) if labels is not None else annotated
    scored: list[tuple[float, bool]] = []
    for item, doc in zip(items, docs, strict=True):
        gold = {(s.start, s.end, s.label) for s in item.spans}
        for ent in doc.ents:
            if ent.label_ in scored_labels:
                confidence = mention_confidence(ent)
                scored.append((confidence or 0.0, (ent.start_char, ent.end_char, ent.label_) in gold))
    return [
        ConfidenceRow(t, sum(c >= t for c, _ in scored), sum(c >= t and ok for c, ok in scored)) for t in thresholds
    ]


def evaluate_model(
    settings: Settings,
    model: Path | None,
    items: list[AnnotatedText],
    base: str | None = None,
    labels: Iterable[str] | None = None,
) -> Comparison:
    """Compare the default pipeline (the model folder `model`, else the one extraction chooses) with
    its base pipeline alone, with the current pattern files, and with the case rules."""
    return compare(candidates(settings, model, base), items, labels)


def write_report(comparison: Comparison, out: Path) -> list[Path]:
    """scores.csv, confusion.csv/.png and errors.csv for the last (default) pipeline."""
    out.mkdir(parents=True, exist_ok=True)
    final = comparison.evaluations[-1]
    written = [out / "scores.csv", out / "confusion.csv", out / "confusion.png", out / "errors.csv"]
    written[0].write_text(scores_csv(comparison.evaluations), encoding="utf-8")
    written[1].write_text(confusion_csv(final), encoding="utf-8")
    confusion_png(final, written[2])
    written[3].write_text(errors_csv(final), encoding="utf-8")
    return written
