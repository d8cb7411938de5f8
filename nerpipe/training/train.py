"""Make the case model: the base pipeline, the drug spelling model fitted on nerpipe's data, and (on
request) its one NER retrained on annotated case text.

`nerpipe train` always fits the drug spelling model (pipeline/drug_spelling.py) on the one-word DRUG
patterns and the drug names of the training data. With `ner=True` it also fine-tunes the base NER on the
annotated data (configs/ner.cfg; the base model's own predictions are added as silver labels so that
PERSON, ORG, DATE... are not forgotten) and the result replaces the base NER: one NER, as fast as the
base one. The shipped synthetic data does not make a better NER for real text (docs/model.md gives the
figures), so the default model keeps the base NER; analysts' own corrections (the Label Studio loop)
are what `--ner` is for, with `check` to make sure the result is not worse than patterns alone.

The entity ruler is saved inside the model, so models/NAME is self-contained; build_pipeline refills it
with the current pattern files and adds the case rules.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.util import registry
from wasabi import msg

from nerpipe.config import PROJECT_ROOT, Settings
from nerpipe.errors import NerpipeError
from nerpipe.pipeline.build import add_entity_ruler
from nerpipe.pipeline.drug_spelling import LABEL as SPELLING_LABEL
from nerpipe.pipeline.drug_spelling import SpellingModel, add_drug_spelling
from nerpipe.pipeline.models import MODEL_FORMAT, base_model_choice, load_model
from nerpipe.pipeline.patterns import PatternEntry, load_patterns, patterns_hash
from nerpipe.pipeline.word_classes import WordClasses, english_word_classes
from nerpipe.training.check import CheckResult, check_model
from nerpipe.training.convert import AnnotatedText, clean, read_labelstudio_min
from nerpipe.training.prose import prose_sentences
from nerpipe.training.spelling_training import common_words, fit_spelling_model, spelling_examples

CUSTOM_LABELS = ("DRUG", "GANG_ORG", "WEAPON")
DEFAULT_CONFIG = PROJECT_ROOT / "configs" / "ner.cfg"
DEFAULT_DATA = PROJECT_ROOT / "training_data"
DEFAULT_MODEL_NAME = "nerpipe_case_model"


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
    #: The comparison with base + patterns on the check file, when one was given.
    check: CheckResult | None = None
    spelling: dict[str, int] = field(default_factory=dict)


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
        predicted_docs = base.pipe(i.text for i in items) if silver else (None for _ in items)
        for item, predicted in zip(items, predicted_docs, strict=True):
            doc = base.make_doc(item.text)
            gold = [doc.char_span(s.start, s.end, label=s.label) for s in item.spans]
            gold = [span for span in gold if span is not None]
            taken = {i for span in gold for i in range(span.start, span.end)}
            extra = []
            for entity in predicted.ents if predicted is not None else ():
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
    ner: bool = False,
    check: Path | None = None,
) -> TrainResult:
    """Make and save a self-contained case model to `out` (default models/nerpipe_case_model).

    With `check` (annotated data in any format `convert` reads), the model is compared with base +
    patterns there; one that falls below on any label's precision or F is saved but marked refused,
    so nerpipe does not choose it by default (`--model` still loads it)."""
    train_file, dev_file = data_dir / "train.json", data_dir / "dev.json"
    needed = [train_file] + ([dev_file, config] if ner else [])
    for path in needed:
        if not path.is_file():
            raise TrainingError(
                f"{path} is missing: training needs train.json (Label Studio JSON-MIN)"
                + (", dev.json and configs/ner.cfg to retrain the NER" if ner else "")
            )
    if check is not None and not check.is_file():
        raise TrainingError(f"{check}: no such file to check the model against")
    choice = base_model_choice(base)
    base_nlp = load_model(choice)
    if ner and "ner" not in base_nlp.pipe_names:
        raise TrainingError(f"base pipeline {choice.target} has no NER to retrain")
    base_name = f"{base_nlp.meta.get('lang')}_{base_nlp.meta.get('name')}"
    inputs_hash = data_hash(*data_inputs(data_dir))
    # Read once, before training: a broken pattern file stops the run now, not after the NER has trained.
    patterns = load_patterns(None, settings.patterns_dir)
    train_items, train_report = clean(read_labelstudio_min(train_file))
    warnings = [f"train: {w}" for w in train_report.warnings]
    out = out or settings.models_dir / DEFAULT_MODEL_NAME
    scores: dict[str, float] = {}
    rehearsal: list[str] = []
    if ner:
        dev_items, dev_report = clean(read_labelstudio_min(dev_file))
        warnings += [f"dev: {w}" for w in dev_report.warnings]
        rehearsal = prose_sentences() if silver and prose else []
        trained, scores = retrain_ner(
            base_nlp, choice.target, data_dir, train_items, dev_items, rehearsal, seed, config, max_steps, silver
        )
        replace_ner(base_nlp, trained)
    spelling = fit_spelling(with_silver(base_nlp, train_items, silver=False), patterns, english_word_classes())
    pipeline = assemble(base_nlp, patterns, spelling)
    pipeline.meta.update(
        {
            "name": DEFAULT_MODEL_NAME if out.name == DEFAULT_MODEL_NAME else out.name.replace("-", "_"),
            "version": "0.2.0",
            "description": "nerpipe case model: base pipeline, entity ruler and drug spelling model"
            + (", NER retrained on annotated case text" if ner else ""),
            "nerpipe": {
                "format": MODEL_FORMAT,
                "base_model": base_name,
                "base_version": base_nlp.meta.get("version"),
                "ner_retrained": ner,
                "labels": sorted(pipeline.get_pipe("ner").labels) if "ner" in pipeline.pipe_names else [],
                "training_data_hash": inputs_hash,
                "patterns_hash": patterns_hash(None, settings.patterns_dir),
                "seed": seed,
                "prose_sentences": len(rehearsal),
                "prose_hash": lines_hash(rehearsal),
                "python_version": platform.python_version(),
                "dev_scores": scores,
                "drug_spelling": spelling.summary if spelling else None,
            },
        }
    )
    result_check = _save_checked(pipeline, out, settings, check)
    return TrainResult(out, scores, inputs_hash, warnings, result_check, spelling.summary if spelling else {})


def retrain_ner(
    base_nlp: Language,
    base_target: str,
    data_dir: Path,
    train_items: list[AnnotatedText],
    dev_items: list[AnnotatedText],
    rehearsal: list[str],
    seed: int,
    config: Path,
    max_steps: int | None,
    silver: bool,
    extra_overrides: dict[str, object] | None = None,
    output: IO[str] | None = None,
) -> tuple[Language, dict[str, float]]:
    """Fine-tune the base NER with spaCy's config training; returns the trained pipeline and its dev scores.
    `extra_overrides` are more config overrides (retraining from a case sets its progress logger and a
    shorter evaluation interval). `output`: where spaCy's training messages go instead of the terminal
    (a server's retrain: its other threads keep their own output)."""
    from spacy.cli.train import train as spacy_train  # deferred: heavy, and only training needs it

    labels = sorted({s.label for item in train_items for s in item.spans})
    if not labels:
        raise TrainingError(f"{data_dir / 'train.json'} has no annotated spans: nothing to learn")
    items = list(train_items)
    unlabelled = data_dir / "unlabelled.txt"
    if silver and unlabelled.is_file():
        # Case-style text with no custom entity: only the base model's silver labels.
        lines = unlabelled.read_text(encoding="utf-8").splitlines()
        items += [AnnotatedText(line.strip()) for line in lines if line.strip()]
    # Ordinary prose: most nouns are not drugs, gangs or weapons (see training/prose.py).
    items += [AnnotatedText(sentence) for sentence in rehearsal]
    known = set(base_nlp.get_pipe("ner").labels)
    custom = tuple(label for label in labels if label not in known)
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        DocBin(docs=with_silver(base_nlp, items, custom, silver)).to_disk(work / "train.spacy")
        DocBin(docs=with_silver(base_nlp, dev_items, custom, silver)).to_disk(work / "dev.spacy")
        overrides: dict[str, object] = {
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "dev.spacy"),
            "paths.base_model": base_target,
            "system.seed": seed,
            "initialize.before_init.labels": labels,
        }
        if max_steps is not None:
            # A short run is scored (and its best model kept) at its end, not only at step 0.
            every = spacy.util.load_config(config)["training"]["eval_frequency"]
            overrides["training.max_steps"] = max_steps
            overrides["training.eval_frequency"] = max(1, min(every, max_steps))
        overrides.update(extra_overrides or {})
        if output is None:
            spacy_train(config, work / "output", overrides=overrides)
        else:
            _train_into(config, work / "output", overrides, output)
        trained = spacy.load(work / "output" / "model-best")
        return trained, _dev_scores(work / "output" / "model-best")


def _train_into(config: Path, output_path: Path, overrides: dict[str, object], output: IO[str]) -> None:
    """spaCy's `train` command without its terminal messages: the loop's go to `output`."""
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_loop

    output_path.mkdir(parents=True, exist_ok=True)
    nlp = init_nlp(spacy.util.load_config(config, overrides=overrides, interpolate=False))
    train_loop(nlp, output_path, stdout=output, stderr=output)


def replace_ner(base: Language, trained: Language) -> None:
    """The trained NER takes the base NER's place (one NER: the same speed, and no second opinion
    that the two could disagree on)."""
    names = base.pipe_names
    following = names[names.index("ner") + 1] if names.index("ner") + 1 < len(names) else None
    base.remove_pipe("ner")
    if following is None:
        base.add_pipe("ner", source=trained)
    else:
        base.add_pipe("ner", source=trained, before=following)


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


def assemble(base: Language, patterns: list[PatternEntry], spelling: FittedSpelling | None = None) -> Language:
    """The full base pipeline (its NER retrained or not), the entity ruler and the drug spelling model."""
    if spelling is not None:
        add_drug_spelling(base, spelling.model)
    add_entity_ruler(base, [entry.ruler_dict() for entry in patterns])
    return base


def _save_checked(pipeline: Language, out: Path, settings: Settings, check: Path | None) -> CheckResult | None:
    """Save to `out`; with a check file, compare first and record the outcome in the meta, so that a
    model below base + patterns is never the default."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as staging:
        candidate = Path(staging) / out.name
        pipeline.to_disk(candidate)
        outcome = None
        if check is not None:
            msg.info(f"Checking the model against base + patterns on {check}")
            outcome = check_model(settings, candidate, check)
            meta_file = candidate / "meta.json"
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
            meta["nerpipe"]["check"] = outcome.as_meta()
            meta_file.write_text(json.dumps(meta, indent=2), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        shutil.move(str(candidate), out)
    return outcome


def _dev_scores(model_dir: Path) -> dict[str, float]:
    meta = json.loads((model_dir / "meta.json").read_text())
    performance = meta.get("performance", {})
    scores = {k: round(float(v), 4) for k, v in performance.items() if k in ("ents_p", "ents_r", "ents_f")}
    for label, values in (performance.get("ents_per_type") or {}).items():
        scores[f"{label}_f"] = round(float(values.get("f", 0.0)), 4)
    return scores
