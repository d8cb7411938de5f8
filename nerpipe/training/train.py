"""Retrain the base pipeline's NER on nerpipe's annotated data, without forgetting the base labels.

convert → train → assemble: the Label Studio data is cleaned and written as DocBins, with the base
model's own predictions for its standard labels added where the annotation says nothing (silver
labels, so PERSON, ORG, DATE... are still rewarded); spaCy's config-based training (configs/ner.cfg)
fine-tunes the sourced NER with the custom labels added; the result joins the full base pipeline as
`case_ner`, beside the base NER (nerpipe/pipeline/case_ner.py says why), followed by the context model
fitted on the same docs (pipeline/context_ner.py) and the drug spelling model (pipeline/drug_spelling.py),
with the entity ruler and the word classes inside, so models/NAME is self-contained.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.util import registry
from wasabi import msg

from nerpipe.config import PROJECT_ROOT, Settings
from nerpipe.errors import NerpipeError
from nerpipe.pipeline.build import add_entity_ruler
from nerpipe.pipeline.case_ner import add_case_ner, case_labels
from nerpipe.pipeline.context_ner import CONTEXT_LABELS, TENSOR_SOURCE, VectorWeights, add_context_ner
from nerpipe.pipeline.drug_spelling import LABEL as SPELLING_LABEL
from nerpipe.pipeline.drug_spelling import SpellingModel, add_drug_spelling
from nerpipe.pipeline.models import base_model_choice, load_model
from nerpipe.pipeline.patterns import PatternEntry, load_patterns, patterns_hash
from nerpipe.pipeline.word_classes import WordClasses, english_word_classes
from nerpipe.training.context_training import context_examples, fit_context_model
from nerpipe.training.convert import AnnotatedText, clean, read_labelstudio_min
from nerpipe.training.prose import prose_sentences
from nerpipe.training.spelling_training import common_words, fit_spelling_model, spelling_examples

CUSTOM_LABELS = ("DRUG", "GANG_ORG", "WEAPON")
DEFAULT_CONFIG = PROJECT_ROOT / "configs" / "ner.cfg"
DEFAULT_DATA = PROJECT_ROOT / "training_data"
DEFAULT_MODEL_NAME = "nerpipe_case_ner"


class TrainingError(NerpipeError):
    """Training cannot start or finish (missing data, unusable base model...)."""

    exit_code = 2


@registry.callbacks("nerpipe.add_ner_labels.v1")
def make_add_ner_labels(labels: list[str]):
    """Add the custom labels to the sourced NER before training resumes it."""

    def add_labels(nlp: Language) -> Language:
        ner = nlp.get_pipe("ner")
        for label in labels:
            if label not in ner.labels:
                ner.add_label(label)
        return nlp

    return add_labels


@dataclass(frozen=True, slots=True)
class TrainResult:
    path: Path
    dev_scores: dict[str, float]
    data_hash: str
    warnings: list[str]


def data_hash(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def lines_hash(lines: list[str]) -> str:
    """Hash of generated training text: the prose rehearsal comes from the running Python's own
    documentation, so two Pythons can train on different text from the same data files."""
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def data_inputs(data_dir: Path) -> list[Path]:
    """The files of `data_dir` that training reads, in the order their hash covers them."""
    return [p for p in (data_dir / n for n in ("train.json", "dev.json", "unlabelled.txt")) if p.is_file()]


def with_silver(
    base: Language, items: list[AnnotatedText], labels: tuple[str, ...] = CUSTOM_LABELS, silver: bool = True
) -> list[Doc]:
    """Docs with the gold spans, plus (with `silver`) the base NER's predictions wherever they do
    not touch a gold span, except for `labels` (the custom ones, which only the gold may give):
    the guard against forgetting what the base model knew, also on unlabelled text."""
    docs = []
    with base.select_pipes(enable=[name for name in base.pipe_names if name in ("ner", "tok2vec")]):
        for item, predicted in zip(items, base.pipe(i.text for i in items), strict=True):
            doc = base.make_doc(item.text)
            gold = [doc.char_span(s.start, s.end, label=s.label) for s in item.spans]
            gold = [span for span in gold if span is not None]
            taken = {i for span in gold for i in range(span.start, span.end)}
            extra = []
            for entity in predicted.ents if silver else ():
                if entity.label_ in labels or taken & set(range(entity.start, entity.end)):
                    continue
                span = doc.char_span(entity.start_char, entity.end_char, label=entity.label_)
                if span is not None:
                    extra.append(span)
            doc.ents = sorted(gold + extra, key=lambda span: span.start)
            docs.append(doc)
    return docs


def train(
    settings: Settings,
    *,
    data_dir: Path = DEFAULT_DATA,
    out: Path | None = None,
    base: str | None = None,
    seed: int = 0,
    config: Path = DEFAULT_CONFIG,
    max_steps: int | None = None,
    silver: bool = True,
    prose: bool = True,
) -> TrainResult:
    """Train and save a self-contained pipeline to `out` (default models/nerpipe_case_ner). With
    `silver`, the base model's own entities are added to the training texts, to `unlabelled.txt`
    and (with `prose`) to ordinary prose sentences that ship with Python (training/prose.py)."""
    train_file, dev_file = data_dir / "train.json", data_dir / "dev.json"
    for needed in (train_file, dev_file, config):
        if not needed.is_file():
            raise TrainingError(
                f"{needed} is missing: training needs train.json and dev.json (Label Studio JSON-MIN) "
                "and configs/ner.cfg"
            )
    choice = base_model_choice(base)
    base_nlp = load_model(choice)
    base_name = f"{base_nlp.meta.get('lang')}_{base_nlp.meta.get('name')}"
    inputs_hash = data_hash(*data_inputs(data_dir))
    # Read once, before training: a broken pattern file stops the run now, not after the NER has trained.
    patterns = load_patterns(None, settings.patterns_dir)
    train_items, train_report = clean(read_labelstudio_min(train_file))
    dev_items, dev_report = clean(read_labelstudio_min(dev_file))
    warnings = [f"train: {w}" for w in train_report.warnings] + [f"dev: {w}" for w in dev_report.warnings]
    out = out or settings.models_dir / DEFAULT_MODEL_NAME
    from spacy.cli.train import train as spacy_train  # deferred: heavy, and only training needs it

    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        labels = sorted({s.label for item in train_items for s in item.spans})
        if not labels:
            raise TrainingError(f"{train_file} has no annotated spans: nothing to learn")
        unlabelled = data_dir / "unlabelled.txt"
        if silver and unlabelled.is_file():
            # Case-style text with no custom entity: only the base model's silver labels.
            train_items += [
                AnnotatedText(line.strip())
                for line in unlabelled.read_text(encoding="utf-8").splitlines()
                if line.strip()
            ]
        rehearsal = prose_sentences() if silver and prose else []
        # Ordinary prose: most nouns are not drugs, gangs or weapons (see training/prose.py).
        train_items += [AnnotatedText(sentence) for sentence in rehearsal]
        # Silver labels are the base model's own; labels it does not know (DRUG...) only come from the gold.
        known = set(base_nlp.get_pipe("ner").labels) if "ner" in base_nlp.pipe_names else set()
        custom = tuple(label for label in labels if label not in known)
        train_docs = with_silver(base_nlp, train_items, custom, silver)
        DocBin(docs=train_docs).to_disk(work / "train.spacy")
        DocBin(docs=with_silver(base_nlp, dev_items, custom, silver)).to_disk(work / "dev.spacy")
        overrides = {
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "dev.spacy"),
            "paths.base_model": choice.target,
            "system.seed": seed,
            "initialize.before_init.labels": labels,
        }
        if max_steps is not None:
            # A short run is scored (and its best model kept) at its end, not only at step 0.
            every = spacy.util.load_config(config)["training"]["eval_frequency"]
            overrides["training.max_steps"] = max_steps
            overrides["training.eval_frequency"] = max(1, min(every, max_steps))
        spacy_train(config, work / "output", overrides=overrides)
        trained = spacy.load(work / "output" / "model-best")
        scores = _dev_scores(work / "output" / "model-best")
        word_classes = english_word_classes()
        if not len(word_classes):
            msg.warn("spacy-lookups-data is not installed: the context model learns without word classes (weaker)")
        context = fit_context(base_nlp, train_docs, custom, word_classes) if set(CONTEXT_LABELS) & set(custom) else None
        spelling = fit_spelling(train_docs, patterns, word_classes) if SPELLING_LABEL in custom else None
        pipeline = assemble(base_nlp, trained, patterns, context, spelling)
        pipeline.meta.update(
            {
                "name": DEFAULT_MODEL_NAME if out.name == DEFAULT_MODEL_NAME else out.name.replace("-", "_"),
                "version": "0.1.0",
                "description": "nerpipe: base pipeline with its NER retrained for DRUG, GANG_ORG and WEAPON",
                "nerpipe": {
                    "base_model": base_name,
                    "base_version": base_nlp.meta.get("version"),
                    "labels": sorted({*pipeline.get_pipe("ner").labels, *case_labels(pipeline)}),
                    "training_data_hash": inputs_hash,
                    "patterns_hash": patterns_hash(None, settings.patterns_dir),
                    "seed": seed,
                    "prose_sentences": len(rehearsal),
                    "prose_hash": lines_hash(rehearsal),
                    "python_version": platform.python_version(),
                    "dev_scores": scores,
                    "context_model": None
                    if context is None
                    else {
                        "classes": context.classes,
                        "word_classes": len(context.word_classes),
                        "vector_width": context.vectors.width if context.vectors else 0,
                    },
                    "drug_spelling": None if spelling is None else spelling.summary,
                },
            }
        )
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        pipeline.to_disk(out)
    return TrainResult(out, scores, inputs_hash, warnings)


@dataclass(frozen=True, slots=True)
class FittedContext:
    """A fitted context model (pipeline/context_ner.py) and the word classes its features read."""

    classes: list[str]
    weights: np.ndarray
    word_classes: WordClasses
    vectors: VectorWeights | None = None


def fit_context(
    base: Language, train_docs: list[Doc], custom: tuple[str, ...], word_classes: WordClasses
) -> FittedContext:
    """The context model, fitted on the same training docs as the case NER, with the neighbour
    vectors of the base pipeline's tok2vec when it has one (the one that runs before it later)."""
    msg.info("Fitting the context model (about a minute and a half on 2 cores)")
    if TENSOR_SOURCE in base.pipe_names:
        train_docs = list(base.get_pipe(TENSOR_SOURCE).pipe(train_docs, batch_size=64))
    else:
        msg.warn(f"the base pipeline has no {TENSOR_SOURCE}: the context model learns without neighbour vectors")
    rows, targets, vectors = context_examples(train_docs, custom, word_classes)
    classes, weights, vector_weights = fit_context_model(rows, targets, vectors)
    found = sum(target != classes[0] for target in targets)
    msg.good(
        f"Context model fitted on {len(rows):,} candidate spans ({found:,} names), {len(word_classes):,} word classes, "
        f"neighbour vectors of width {vector_weights.width if vector_weights else 0}"
    )
    return FittedContext(classes, weights, word_classes, vector_weights)


@dataclass(frozen=True, slots=True)
class FittedSpelling:
    """A fitted drug spelling model and what it was fitted on, for the model's meta."""

    model: SpellingModel
    summary: dict[str, int]


def fit_spelling(
    train_docs: list[Doc], patterns: list[PatternEntry], word_classes: WordClasses
) -> FittedSpelling | None:
    """The drug spelling model, fitted on the one-word DRUG patterns and training names against the
    English vocabulary; None without a vocabulary (nothing to tell a rare word from a common one) or
    without a drug word to learn from (an analyst's own data may have none)."""
    if not len(word_classes):
        msg.warn("spacy-lookups-data is not installed: no drug spelling model (it needs the English vocabulary)")
        return None
    msg.info("Fitting the drug spelling model (about twenty seconds)")
    names = [entry.pattern for entry in patterns if entry.label == SPELLING_LABEL and isinstance(entry.pattern, str)]
    drugs, english = spelling_examples(names, train_docs, word_classes)
    if not drugs:
        msg.warn("no one-word drug name in the DRUG patterns or the training data: no drug spelling model")
        return None
    common = common_words(word_classes)
    model = fit_spelling_model(drugs, english, common)
    msg.good(f"Drug spelling model fitted on {len(drugs):,} drug words against {len(english):,} English words")
    return FittedSpelling(model, {"drug_words": len(drugs), "english_words": len(english), "common_words": len(common)})


def assemble(
    base: Language,
    trained: Language,
    patterns: list[PatternEntry],
    context: FittedContext | None = None,
    spelling: FittedSpelling | None = None,
) -> Language:
    """The full base pipeline with the retrained NER before its own (for the labels the base NER
    does not know), the context model after it (for CONTEXT_LABELS), the drug spelling model last
    and the entity ruler."""
    if "ner" not in base.pipe_names:
        raise TrainingError(f"base pipeline {base.meta.get('name')} has no NER to keep beside the retrained one")
    known = set(base.get_pipe("ner").labels)
    add_case_ner(base, trained, [label for label in trained.get_pipe("ner").labels if label not in known])
    if context is not None and len(context.classes) > 1:
        labels = [label for label in CONTEXT_LABELS if label in context.classes]
        add_context_ner(base, context.classes, context.weights, context.word_classes, labels, context.vectors)
    if spelling is not None:
        add_drug_spelling(base, spelling.model)
    add_entity_ruler(base, [entry.ruler_dict() for entry in patterns])
    return base


def _dev_scores(model_dir: Path) -> dict[str, float]:
    meta = json.loads((model_dir / "meta.json").read_text())
    performance = meta.get("performance", {})
    scores = {k: round(float(v), 4) for k, v in performance.items() if k in ("ents_p", "ents_r", "ents_f")}
    for label, values in (performance.get("ents_per_type") or {}).items():
        scores[f"{label}_f"] = round(float(values.get("f", 0.0)), 4)
    return scores
