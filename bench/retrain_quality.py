"""Dev scores of the retrained pipeline over several training seeds, with their median.

One training run is not a measurement: the dev set's errors come in runs (one sentence shape or one
unlisted name the model misreads repeats a dozen times), so a seed alone moves DRUG F by several
points. The README's figures are the medians this script prints. Targets (issue 7): DRUG F >= 0.95,
GANG_ORG F >= 0.90, both above base + patterns, agreement with the base model >= 0.95.

Run: `make bench-quality` (about 3.5 minutes per seed on 2 cores), or
`.venv/bin/python bench/retrain_quality.py --seeds 0 1 2 3 4`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine_description

from nerpipe import Settings
from nerpipe.training.convert import AnnotatedText, clean, read_labelstudio_min
from nerpipe.training.evaluate import evaluate_model
from nerpipe.training.train import CUSTOM_LABELS, DEFAULT_DATA, train

RESULTS = Path(__file__).resolve().parent / "results"


def one_seed(settings: Settings, seed: int, data_dir: Path, items: list[AnnotatedText]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as work:
        model = Path(work) / "model"
        train(settings, data_dir=data_dir, out=model, seed=seed)
        comparison, _ = evaluate_model(settings, model, items)
    with_patterns, retrained = comparison.evaluations[1], comparison.evaluations[2]
    row = {f"{label}_f": round(retrained.per_label[label].f, 3) for label in CUSTOM_LABELS}
    row |= {f"{label}_f_base_patterns": round(with_patterns.per_label[label].f, 3) for label in CUSTOM_LABELS}
    row["agreement"] = round(comparison.forgetting["overall"], 3)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    settings = Settings.from_env()
    items, _ = clean(read_labelstudio_min(args.data / "dev.json"))
    runs = {}
    for seed in args.seeds:
        runs[seed] = one_seed(settings, seed, args.data, items)
        print(f"seed {seed}: " + ", ".join(f"{k} {v:.3f}" for k, v in runs[seed].items()), flush=True)
    medians = {key: round(statistics.median(run[key] for run in runs.values()), 3) for key in runs[args.seeds[0]]}
    print("median: " + ", ".join(f"{k} {v:.3f}" for k, v in medians.items()))
    result = {"machine": machine_description(), "seeds": runs, "median": medians}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "retrain_quality.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
