"""Retraining from a case's corrections, played by an analyst on real text (issue 37).

From ../shared/real-dev/real_dev.jsonl the gold of k texts is taken as the analyst's corrections
(k = 5, 10, 25, 40): each text's mentions as they would stand after correcting, that is the default
pipeline's other mentions (PERSON, ORG, DATE...) and the gold DRUG and GANG_ORG. The model is retrained as
`retrain_from_case` does (the same split, the same `train_case_model`) and scored, with its guard and
without, on the other texts of real_dev.jsonl and all of real_dev_2.jsonl, next to base + patterns and the
default pipeline on the same texts. Counts are pooled over the folds (span offsets must match).

    python bench/retrain_curve.py [--folds 5] [--ks 5,10,25,40] [--steps N]

Writes bench/results/retrain_curve.json after each run, so a cut-short run still leaves its figures.
Skipped with a message when ../shared/real-dev is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine_description

from nerpipe import Settings
from nerpipe.pipeline.build import build_pipeline
from nerpipe.pipeline.models import base_model_choice
from nerpipe.pipeline.ner_guard import GUARD
from nerpipe.training.case_data import CUSTOM_LABELS, CaseDocument, split_documents, training_items
from nerpipe.training.convert import AnnotatedText, Span, clean, read_annotated
from nerpipe.training.evaluate import Candidate, Score, predictions, score_spans
from nerpipe.training.from_case import CASE_MAX_STEPS, train_case_model

RESULTS = Path(__file__).resolve().parent / "results" / "retrain_curve.json"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "real-dev"
LABELS = ("DRUG", "GANG_ORG")
BASE_PATTERNS, DEFAULT = "base + patterns", "default"
GUARDED, UNGUARDED = "retrained", "retrained, no guard"

Predicted = list[list[tuple[int, int, str]]]


def as_corrected(item: AnnotatedText, found: list[tuple[int, int, str]]) -> AnnotatedText:
    """The text's mentions after an analyst corrected DRUG and GANG_ORG to the gold: the pipeline's
    other mentions where they do not touch a gold span, and the gold."""
    gold = [s for s in item.spans if s.label in LABELS]
    spans = list(gold)
    for start, end, label in found:
        if label in CUSTOM_LABELS or any(start < g.end and g.start < end for g in gold):
            continue
        if any(start < s.end and s.start < end for s in spans):
            continue
        spans.append(Span(start, end, label))
    return AnnotatedText(item.text, sorted(spans, key=lambda s: s.start))


def pooled(items: list[AnnotatedText], predicted: Predicted, into: dict[str, Score]) -> None:
    evaluation = score_spans("x", items, predicted, set(LABELS))
    for label, score in evaluation.per_label.items():
        total = into.setdefault(label, Score())
        total.tp, total.fp, total.fn = total.tp + score.tp, total.fp + score.fp, total.fn + score.fn


def figures(scores: dict[str, Score]) -> dict[str, list[float]]:
    return {label: [round(s.precision, 3), round(s.recall, 3), round(s.f, 3)] for label, s in sorted(scores.items())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--ks", default="40,25,10,5", help="numbers of corrected texts, run in this order")
    parser.add_argument("--steps", type=int, default=CASE_MAX_STEPS)
    parser.add_argument("--keep", type=Path, help="save each run's model here (for error analysis)")
    parser.add_argument(
        "--reuse",
        type=Path,
        help="score the models a --keep run saved there, without training (with --keep: train the missing)",
    )
    args = parser.parse_args()
    results_file = RESULTS.with_name("retrain_curve_rescored.json") if args.reuse else RESULTS
    first, second = SHARED / "real_dev.jsonl", SHARED / "real_dev_2.jsonl"
    if not first.is_file() or not second.is_file():
        print(f"retrain curve skipped: {SHARED} is absent (real-dev texts live outside the repository)")
        return 0
    ks = [int(k) for k in args.ks.split(",")]
    settings = Settings.from_env(env={})
    dev, _ = clean(read_annotated(first))
    dev2, _ = clean(read_annotated(second))
    started = time.time()
    base = Candidate(
        BASE_PATTERNS,
        build_pipeline(replace(settings, model=base_model_choice(None).target)).nlp,
        ("case_rules",),
    )
    default = Candidate(DEFAULT, build_pipeline(settings).nlp)
    texts = [item.text for item in dev + dev2]
    fixed = {c.name: predictions(c.pipe(texts)) for c in (base, default)}
    print(f"baselines scored in {time.time() - started:.0f} s", flush=True)
    results: dict = {"machine": machine_description(), "steps": args.steps, "folds": args.folds, "runs": []}
    curve: dict[int, dict[str, dict[str, Score]]] = {}
    for k in ks:
        for fold in range(args.folds):
            order = list(range(len(dev)))
            random.Random(fold).shuffle(order)
            chosen, rest = order[:k], order[k:]
            documents = [
                CaseDocument(
                    hashlib.sha256(dev[i].text.encode()).hexdigest(), str(i), as_corrected(dev[i], fixed[DEFAULT][i])
                )
                for i in chosen
            ]
            train, held_out = split_documents(documents)
            test = [dev[i] for i in rest] + dev2
            test_index = rest + list(range(len(dev), len(dev) + len(dev2)))
            run_started = time.time()
            with tempfile.TemporaryDirectory() as work:
                kept = args.reuse / f"k{k}-fold{fold}" if args.reuse else None
                if kept is not None and not kept.is_dir():
                    if not args.keep:
                        continue
                    kept = None  # with --keep too: trained now, and kept
                out = kept or train_case_model(
                    settings,
                    training_items(train),
                    [d.item for d in held_out],
                    Path(work) / "model",
                    seed=fold,
                    max_steps=args.steps,
                )
                if args.keep and kept is None:
                    shutil.copytree(out, args.keep / f"k{k}-fold{fold}", dirs_exist_ok=True)
                nlp = build_pipeline(replace(settings, model=str(out))).nlp
                trained = {
                    GUARDED: Candidate(GUARDED, nlp),
                    UNGUARDED: Candidate(UNGUARDED, nlp, (GUARD,)),
                }
                test_texts = [item.text for item in test]
                found = {name: predictions(c.pipe(test_texts)) for name, c in trained.items()}
            errors = score_spans("retrained", test, found[GUARDED], set(LABELS)).errors
            row = curve.setdefault(k, {})
            one: dict[str, dict[str, Score]] = {}
            for name, predicted in [
                *((n, [fixed[n][i] for i in test_index]) for n in (BASE_PATTERNS, DEFAULT)),
                *found.items(),
            ]:
                pooled(test, predicted, row.setdefault(name, {}))
                pooled(test, predicted, one.setdefault(name, {}))
            results["runs"].append(
                {
                    "k": k,
                    "fold": fold,
                    "seconds": round(time.time() - run_started),
                    "scores": {n: figures(s) for n, s in one.items()},
                    "errors": [f"{e['gold']} -> {e['predicted']}: {e['text']}" for e in errors],
                }
            )
            results["curve"] = {str(kk): {n: figures(s) for n, s in v.items()} for kk, v in curve.items()}
            results_file.write_text(json.dumps(results, indent=2), encoding="utf-8")
            print(
                f"k={k} fold {fold}: {time.time() - run_started:.0f} s; "
                + "; ".join(f"{n} {figures(s)}" for n, s in one.items()),
                flush=True,
            )
    print_curve(curve, results)
    return 0


def print_curve(curve: dict[int, dict[str, dict[str, Score]]], results: dict) -> None:
    print(f"\nRetraining from k corrected real texts ({results['folds']} folds pooled, {results['steps']} steps)")
    print(f"scored on the other real_dev texts and all of real_dev_2; {results['machine']}")
    header = f"{'k':>3} {'pipeline':<22}" + "".join(f"{label + ' P   R     F':>22}" for label in LABELS)
    print(header)
    for k in sorted(curve):
        for name, scores in curve[k].items():
            cells = "".join(
                f"{scores[label].precision:>8.3f}{scores[label].recall:>7.3f}{scores[label].f:>7.3f}"
                for label in LABELS
            )
            print(f"{k:>3} {name:<22}{cells}")


if __name__ == "__main__":
    raise SystemExit(main())
