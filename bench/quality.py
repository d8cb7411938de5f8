"""Quality of the default pipeline, real text first: `make bench-quality`.

Scores base + patterns, base + patterns + rules and the default pipeline (the case model `nerpipe train`
makes, trained here into a temporary folder unless --model names one) on:
1. ../shared/real-dev/real_dev.jsonl (real law-enforcement texts, DRUG and GANG_ORG annotated; skipped
   with a note when absent), with the agreement of the default pipeline with the base model on PERSON,
   ORG, GPE, DATE and MONEY over the same texts;
2. the synthetic dev and test sets of training_data/ (second: dev has been tuned on for many rounds);
3. ordinary news (../shared/datasets GMB sample): DRUG, GANG_ORG and WEAPON mentions per 1,000 words
   that the rules and the spelling model add to the patterns, where nearly every one is a false alarm;
4. the link chart's nodes on ../shared/real-dev/nodes_dev.jsonl (bench/node_quality.py): node precision,
   recall and nodes per entity, for the base pipeline alone and for the default.
It prints the targets of the real-text issue and whether each is met, and writes
bench/results/quality.json. With --ner-seeds it also trains the NER on the synthetic data for each seed
and scores that variant on real dev (minutes per seed): the evidence for docs/model.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine_description
from node_quality import NODES_DEV, node_table, print_node_table

from nerpipe import Settings
from nerpipe.pipeline.build import build_pipeline
from nerpipe.pipeline.extract import extract
from nerpipe.training.convert import AnnotatedText, clean, read_annotated, read_gmb_csv
from nerpipe.training.evaluate import DEFAULT, PATTERNS, RULES, Candidate, candidates, compare
from nerpipe.training.prose import word_count
from nerpipe.training.train import CUSTOM_LABELS, DEFAULT_DATA, train
from nerpipe.types import SOURCE_PATTERN

RESULTS = Path(__file__).resolve().parent / "results"
SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL_DEV = SHARED / "real-dev" / "real_dev.jsonl"
NEWS = SHARED / "datasets" / "gmb_ner_dataset_sample.csv"
REAL_LABELS = ("DRUG", "GANG_ORG")
SHOWN = (PATTERNS, RULES, DEFAULT)


def scores_of(pipelines: list[Candidate], items: list[AnnotatedText], labels: tuple[str, ...]) -> dict:
    comparison = compare(pipelines, items, labels)
    table = {
        e.name: {
            label: {"p": round(s.precision, 3), "r": round(s.recall, 3), "f": round(s.f, 3)}
            for label, s in e.per_label.items()
        }
        for e in comparison.evaluations
    }
    return {"scores": table, "agreement": comparison.forgetting}


def news_rate(pipeline: Candidate, texts: list[str]) -> float:
    """Custom-label mentions not from a pattern, per 1,000 words of news."""
    found = sum(
        m.source != SOURCE_PATTERN
        for m in extract(pipeline.nlp, ((str(i), t) for i, t in enumerate(texts)), labels=CUSTOM_LABELS)
    )
    return round(1000 * found / word_count(texts), 2)


def print_table(title: str, table: dict, labels: tuple[str, ...]) -> None:
    print(f"\n{title}")
    print(f"{'pipeline':<22}" + "".join(f"{label + ' P / R / F':>26}" for label in labels))
    for name in SHOWN:
        cells = "".join(
            f"{table[name][label]['p']:.3f} / {table[name][label]['r']:.3f} / {table[name][label]['f']:.3f}".rjust(26)
            for label in labels
        )
        print(f"{name:<22}{cells}")


def node_targets(nodes: dict) -> list[tuple[str, bool]]:
    mine = nodes["default"]
    return [
        ("nodes_dev node precision >= 0.90", mine["precision"] >= 0.90),
        ("nodes_dev node recall >= 0.90", mine["recall"] >= 0.90),
        ("nodes_dev nodes per entity <= 1.03", mine["nodes_per_entity"] <= 1.03),
    ]


def targets(real: dict) -> list[tuple[str, bool]]:
    mine, patterns = real["scores"][DEFAULT], real["scores"][PATTERNS]
    checks = [
        ("real dev DRUG F >= 0.95 with P >= 0.95", mine["DRUG"]["f"] >= 0.95 and mine["DRUG"]["p"] >= 0.95),
        (
            "real dev GANG_ORG F >= 0.90 with P >= 0.95",
            mine["GANG_ORG"]["f"] >= 0.90 and mine["GANG_ORG"]["p"] >= 0.95,
        ),
    ]
    for label in REAL_LABELS:
        ok = mine[label]["p"] >= patterns[label]["p"] and mine[label]["f"] >= patterns[label]["f"]
        checks.append((f"real dev {label}: default P and F >= base + patterns", ok))
    # Agreement with the base model is printed, not a target: it guarded a retrained NER against
    # forgetting, and the default keeps the base NER; the case rules and the agency gazetteer change
    # spans on purpose (titles, agencies the NER cuts), and the node gold (node_targets) judges those.
    return checks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="score this case model instead of training one")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--real", type=Path, default=REAL_DEV, help="real annotated text (skipped if absent)")
    parser.add_argument("--news", type=Path, default=NEWS, help="GMB IOB2 CSV of news text (skipped if absent)")
    parser.add_argument("--ner-seeds", type=int, nargs="*", default=[], help="also score the retrained NER")
    args = parser.parse_args()
    settings = Settings.from_env()
    result: dict = {"machine": machine_description()}
    with tempfile.TemporaryDirectory() as work:
        model = args.model or train(settings, data_dir=args.data, out=Path(work) / "case_model").path
        pipelines = candidates(settings, model)
        if args.real.is_file():
            real_items, _ = clean(read_annotated(args.real))
            result["real_dev"] = scores_of(pipelines, real_items, REAL_LABELS)
            print_table(f"Real dev ({args.real}, {len(real_items)} texts)", result["real_dev"]["scores"], REAL_LABELS)
            print("agreement with the base model:", result["real_dev"]["agreement"])
        else:
            print(f"\nReal dev: {args.real} not found, skipped (the targets are set on it)")
        for name in ("dev", "test"):
            path = args.data / f"{name}.json"
            if path.is_file():
                items, _ = clean(read_annotated(path))
                result[f"synthetic_{name}"] = scores_of(pipelines, items, CUSTOM_LABELS)
                print_table(
                    f"Synthetic {name} ({len(items)} passages)", result[f"synthetic_{name}"]["scores"], CUSTOM_LABELS
                )
        if args.news.is_file():
            news = [item.text for item in read_gmb_csv(args.news)]
            result["news_custom_not_pattern_per_1k_words"] = news_rate(pipelines[-1], news)
            print(f"\nNews ({word_count(news):,} words): {result['news_custom_not_pattern_per_1k_words']} drug, gang "
                  "or weapon mentions per 1,000 words beyond the patterns")  # fmt: skip
        for seed in args.ner_seeds:
            ner_model = train(settings, data_dir=args.data, out=Path(work) / f"ner_{seed}", seed=seed, ner=True).path
            ner_pipeline = Candidate(
                f"retrained NER (seed {seed})", build_pipeline(replace(settings, model=str(ner_model))).nlp
            )
            if args.real.is_file():
                variant = scores_of([pipelines[0], ner_pipeline], real_items, REAL_LABELS)
                result[f"real_dev_ner_seed_{seed}"] = variant
                print(f"\nRetrained NER, seed {seed}, on real dev: {variant['scores'][ner_pipeline.name]}, "
                      f"agreement {variant['agreement'].get('overall')}")  # fmt: skip
        if NODES_DEV.is_file():
            result["nodes_dev"] = node_table(settings, model)
            print_node_table(result["nodes_dev"])
        else:
            print(f"\nLink-chart nodes: {NODES_DEV} not found, skipped")
    if "real_dev" in result:
        checks = targets(result["real_dev"]) + (node_targets(result["nodes_dev"]) if "nodes_dev" in result else [])
        result["targets"] = {name: ok for name, ok in checks}
        print("\nTargets:")
        for name, ok in result["targets"].items():
            print(f"  {'met    ' if ok else 'NOT MET'}  {name}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "quality.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
