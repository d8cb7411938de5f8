"""Retrain from a case's corrections: the case's corrected documents teach the NER what it missed and
what it got wrong; the new model is used for the case only if it is not worse than the current one.

Steps: training data from the case (case_data.py) → the base NER fine-tuned on it with prose rehearsal
(train.retrain_ner, as `nerpipe train --ner`) → the case model assembled (the default pipeline with that
NER and its guard, pipeline/ner_guard.py) → base + patterns, the current model and the retrained one
scored on the held-out documents and, where present, on ../shared/real-dev → accepted (saved as the
case's model, case_models.py) or kept aside with the reason. A cancel or a failure leaves the current
model in place. docs/retraining.md gives the figures.
"""

from __future__ import annotations

import io
import json
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from spacy.language import Language
from spacy.util import registry

from nerpipe.config import PROJECT_ROOT, Settings
from nerpipe.errors import NerpipeError
from nerpipe.pipeline.build import add_entity_ruler, build_pipeline
from nerpipe.pipeline.models import MODEL_FORMAT, base_model_choice, choose_model, load_model
from nerpipe.pipeline.ner_guard import add_ner_guard
from nerpipe.pipeline.patterns import load_patterns
from nerpipe.store import Store
from nerpipe.store.case_refs import split_ref
from nerpipe.training.case_data import (
    CUSTOM_LABELS,
    MIN_DOCUMENTS,
    CaseData,
    corrected_documents,
    split_documents,
    training_items,
)
from nerpipe.training.case_models import case_model_dir, case_settings, write_case_meta
from nerpipe.training.case_models import case_model_info as case_model_info  # re-exported for the dashboard
from nerpipe.training.convert import AnnotatedText, clean, read_annotated
from nerpipe.training.evaluate import Candidate, Evaluation, predictions, score_spans
from nerpipe.training.prose import prose_sentences
from nerpipe.training.train import DEFAULT_CONFIG, TrainingError, replace_ner, retrain_ner

log = logging.getLogger(__name__)

BASE_PATTERNS, CURRENT, RETRAINED = "base + patterns", "current", "retrained"
#: Real annotated text outside the repository, checked when present (the labels it annotates).
REAL_DEV = PROJECT_ROOT.parent / "shared" / "real-dev" / "real_dev.jsonl"
REAL_DEV_LABELS = ("DRUG", "GANG_ORG")
#: Training steps for a case model, and how often it is scored on the held-out part (and cancel heard).
CASE_MAX_STEPS = 300
CASE_EVAL_EVERY = 50
KEPT_ASIDE_SUFFIX = "-kept-aside"

Progress = Callable[[str, float], None]
Cancel = Callable[[], bool]
Scores = dict[str, dict[str, tuple[float, float, float]]]


class RetrainCancelled(NerpipeError):
    """The analyst cancelled the retraining: the current model stays."""


@dataclass(frozen=True)
class RetrainOutcome:
    accepted: bool
    reason: str  # one sentence for the analyst: why used, or why kept aside
    model_path: Path | None  # the case model now in use (None: the default pipeline)
    scores: Scores  # {"base + patterns"|"current"|"retrained": {label: (P, R, F)}}
    trained_on: str  # e.g. "12 corrected documents of case Harbor (3 held out), 2026-12-08"


# -- progress and cancel inside spaCy's training loop ------------------------------------------------

_hooks = threading.local()


@registry.loggers("nerpipe.case_progress.v1")
def make_progress_logger(progress_bar: bool = False):
    """spaCy's training logger for a case model: reports each step and stops when cancelled."""

    def setup(nlp, stdout=None, stderr=None):
        def log_step(info: dict | None) -> None:
            hooks = getattr(_hooks, "current", None)
            if hooks is None:
                return
            step_hook, cancel_hook = hooks
            if cancel_hook():
                raise RetrainCancelled("Retraining was cancelled: the case keeps its current model.")
            if info is not None:
                step_hook(int(info.get("step", 0)), float(info.get("score", 0.0)))

        return log_step, lambda: None

    return setup


# -- the inner training function, shared with bench/retrain_curve.py ---------------------------------


def train_case_model(
    settings: Settings,
    train: list[AnnotatedText],
    held_out: list[AnnotatedText],
    out: Path,
    *,
    seed: int = 0,
    max_steps: int = CASE_MAX_STEPS,
    on_step: Callable[[int, float], None] | None = None,
    cancel: Cancel | None = None,
) -> Path:
    """Fine-tune the base NER on `train` (documents or pieces; `held_out` picks the best checkpoint)
    with prose rehearsal, put it in the default pipeline with its guard, and save that to `out`."""
    labels = {s.label for item in train for s in item.spans}
    if not labels & CUSTOM_LABELS:
        raise TrainingError(
            "The corrected documents hold no DRUG, GANG_ORG or WEAPON mention to learn from: "
            "add or relabel some, then retrain."
        )
    base_choice = base_model_choice(None)
    base_nlp = load_model(base_choice)
    patterns = load_patterns(None, settings.patterns_dir)
    hooks = (on_step or (lambda step, score: None), cancel or (lambda: False))
    _hooks.current = hooks
    chatter = io.StringIO()  # spaCy's training messages: the caller hears progress through on_step
    try:
        trained, dev_scores = retrain_ner(
            base_nlp,
            base_choice.target,
            Path("case"),
            train,
            held_out,
            prose_sentences(),
            seed,
            DEFAULT_CONFIG,
            max_steps,
            True,
            extra_overrides={
                "training.logger.@loggers": "nerpipe.case_progress.v1",
                "training.eval_frequency": min(CASE_EVAL_EVERY, max_steps),
            },
            output=chatter,
        )
    except Exception:
        log.info("spaCy training output:\n%s", chatter.getvalue())
        raise
    finally:
        _hooks.current = None
    host = load_model(choose_model(None, settings.models_dir))  # the team's default pipeline
    replace_ner(host, trained)
    add_entity_ruler(host, [entry.ruler_dict() for entry in patterns])
    add_ner_guard(host, load_model(base_choice))
    _describe(host, base_nlp, dev_scores, seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    host.to_disk(out)
    return out


def _describe(nlp: Language, base: Language, dev_scores: dict[str, float], seed: int) -> None:
    meta = dict(nlp.meta.get("nerpipe") or {})
    meta.update(
        {
            "format": MODEL_FORMAT,
            "base_model": f"{base.meta.get('lang')}_{base.meta.get('name')}",
            "base_version": base.meta.get("version"),
            "ner_retrained": True,
            "case_model": True,
            "seed": seed,
            "dev_scores": dev_scores,
        }
    )
    nlp.meta["nerpipe"] = meta
    nlp.meta["description"] = "nerpipe case model: NER retrained on a case's corrected documents, with its guard"


# -- scoring ---------------------------------------------------------------------------------------


def triples(evaluation: Evaluation) -> dict[str, tuple[float, float, float]]:
    """(P, R, F) per label, leaving out a label with nothing to judge by (no name of it in the gold and
    none found): its 0.00 / 0.00 / 0.00 would read as a failure."""
    return {
        label: (round(s.precision, 4), round(s.recall, 4), round(s.f, 4))
        for label, s in sorted(evaluation.per_label.items())
        if s.tp + s.fp + s.fn
    }


def score_pipelines(
    pipelines: dict[str, Candidate], items: list[AnnotatedText], labels: set[str]
) -> dict[str, Evaluation]:
    texts = [item.text for item in items]
    return {name: score_spans(name, items, predictions(c.pipe(texts)), labels) for name, c in pipelines.items()}


def scored_labels(items: list[AnnotatedText], base_labels: set[str]) -> set[str]:
    """DRUG and GANG_ORG always, and every label of the held-out part the base NER does not give (the
    labels analysts made): on the base labels the current model is its own gold."""
    return {"DRUG", "GANG_ORG"} | ({s.label for item in items for s in item.spans} - base_labels)


def shortfalls(
    current: dict[str, tuple[float, float, float]], new: dict[str, tuple[float, float, float]], where: str
) -> list[str]:
    """Each label whose F fell, in words."""
    return [
        f"{label} F {new[label][2]:.2f} < {current[label][2]:.2f} on {where}"
        for label in sorted(current)
        if label in new and new[label][2] < current[label][2]
    ]


# -- the entry point -------------------------------------------------------------------------------


def case_data(store: Store, case: str, base_labels: set[str]) -> CaseData:
    """The case's corrected documents, split; a clear error when there are too few."""
    documents = corrected_documents(store, case, base_labels | CUSTOM_LABELS)
    if not documents:
        raise TrainingError(
            f"Case '{case}' has no corrected documents: reject, relabel or add a mention in at least "
            f"{MIN_DOCUMENTS} documents, then retrain."
        )
    if len(documents) < MIN_DOCUMENTS:
        raise TrainingError(
            f"Case '{case}' has {len(documents)} corrected document{'s' * (len(documents) != 1)}: retraining "
            f"needs at least {MIN_DOCUMENTS} (some to learn from, one held out to check the result)."
        )
    train, held_out = split_documents(documents)
    return CaseData(case, train, held_out)


def base_ner_labels() -> set[str]:
    return set(load_model(base_model_choice(None)).get_pipe("ner").labels)


def retrain_from_case(
    store: Store,
    case: str,
    *,
    settings: Settings,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> RetrainOutcome:
    """Retrain the case's model from its corrected documents; use it only if it is not worse than the
    current one on the held-out documents (each custom label's F) and on the real-dev set where present."""
    report = progress or (lambda what, fraction: None)
    stop = cancel or (lambda: False)

    def check_cancel() -> None:
        if stop():
            raise RetrainCancelled("Retraining was cancelled: the case keeps its current model.")

    case_id = split_ref(store.case_ref(case))[1]
    assert case_id is not None
    report("Reading the corrected documents", 0.0)
    base_labels = base_ner_labels()
    data = case_data(store, case, base_labels)
    check_cancel()
    trained_on = (
        f"{data.documents} corrected documents of case {case} ({len(data.held_out)} held out), "
        f"{datetime.now(UTC).date().isoformat()}"
    )
    held_items = [d.item for d in data.held_out]
    target = case_model_dir(settings, case_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".training-") as staging:
        candidate = Path(staging) / "model"
        report("Training the model", 0.05)

        def on_step(step: int, score: float) -> None:
            report(f"Training the model (step {step} of {CASE_MAX_STEPS})", 0.05 + 0.65 * min(step / CASE_MAX_STEPS, 1))

        steps = CASE_MAX_STEPS
        train_case_model(
            settings, training_items(data.train), held_items, candidate, max_steps=steps, on_step=on_step, cancel=stop
        )
        check_cancel()
        report("Scoring on the held-out documents", 0.72)
        current_settings = case_settings(settings, case_id)
        pipelines = {
            BASE_PATTERNS: Candidate(
                BASE_PATTERNS,
                build_pipeline(replace(settings, model=base_model_choice(None).target)).nlp,
                ("case_rules",),
            ),
            CURRENT: Candidate(CURRENT, build_pipeline(current_settings).nlp),
            RETRAINED: Candidate(RETRAINED, build_pipeline(replace(settings, model=str(candidate))).nlp),
        }
        labels = scored_labels(held_items, base_labels)
        held = {name: triples(e) for name, e in score_pipelines(pipelines, held_items, labels).items()}
        check_cancel()
        problems = shortfalls(held[CURRENT], held[RETRAINED], "the held-out documents")
        real: dict[str, dict[str, tuple[float, float, float]]] = {}
        if REAL_DEV.is_file():
            report("Scoring on the shared real text", 0.85)
            items, _ = clean(read_annotated(REAL_DEV))
            both = {name: pipelines[name] for name in (CURRENT, RETRAINED)}
            real = {name: triples(e) for name, e in score_pipelines(both, items, set(REAL_DEV_LABELS)).items()}
            problems += shortfalls(real[CURRENT], real[RETRAINED], "the shared real text")
        check_cancel()
        report("Saving", 0.95)
        meta = {
            "name": f"case model of {case}",
            "trained_on": trained_on,
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "scores": held,
            "real_dev_scores": real,
        }
        if problems:
            reason = "Kept aside, the case keeps its current model: " + "; ".join(problems) + "."
            aside = target.with_name(target.name + KEPT_ASIDE_SUFFIX)
            _put(candidate, aside, {**meta, "reason": reason})
            info = case_model_info(settings, case_id)
            outcome = RetrainOutcome(False, reason, info.path if info else None, held, trained_on)
        else:
            judged = sorted(set(held[CURRENT]) & set(held[RETRAINED]))
            gains = ", ".join(
                f"{label} F {held[CURRENT][label][2]:.2f} → {held[RETRAINED][label][2]:.2f}" for label in judged
            )
            held_out = (
                f"not worse than the current one on the held-out documents ({gains})"
                if judged
                else f"the held-out documents name no {' or '.join(sorted(labels))} to compare the models on"
            )
            reason = f"Now the case's model: {held_out}" + (" nor on the shared real text." if real else ".")
            _put(candidate, target, {**meta, "reason": reason})
            outcome = RetrainOutcome(True, reason, target, held, trained_on)
    report("Done", 1.0)
    log.info("%s: %s", case, outcome.reason)
    return outcome


def _put(candidate: Path, target: Path, meta: dict) -> None:
    """Move the trained model to `target`, replacing what was there only once the new one is complete."""
    write_case_meta(candidate, meta)
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    shutil.move(str(candidate), target)
    if old.exists():
        shutil.rmtree(old)


def kept_aside_meta(settings: Settings, case_id: int) -> dict | None:
    """The meta of the last model kept aside for the case (its reason and scores), if any."""
    folder = case_model_dir(settings, case_id)
    path = folder.with_name(folder.name + KEPT_ASIDE_SUFFIX) / "case_meta.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
