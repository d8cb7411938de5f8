"""Link-chart node quality on real text: node precision, recall and nodes per entity on
../shared/real-dev/nodes_dev.jsonl, scored by its own scorer (nodes_score.py), for the base pipeline alone
(one node per label + case-folded name, what most tools do) and for the default pipeline (the chart's
entities, built by nerpipe.graph.entities from each text on its own, as `nerpipe graph` does).

The chart leaves nationalities and other context labels out (nerpipe.labels), so recall is counted without
NORP, as issue 34 does. Run alone for the lists of junk, split and missed nodes:
`.venv/bin/python bench/node_quality.py [--show N]`; `make bench-quality` prints the table.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from types import ModuleType

from spacy.language import Language

from nerpipe import Settings
from nerpipe.graph.entities import build_entities
from nerpipe.labels import CONTEXT_LABELS
from nerpipe.pipeline.build import build_pipeline
from nerpipe.pipeline.extract import extract
from nerpipe.pipeline.models import base_model_choice, load_model

SHARED = Path(__file__).resolve().parents[2] / "shared" / "real-dev"
NODES_DEV = SHARED / "nodes_dev.jsonl"
TEXTS = SHARED / "real_dev.jsonl"
SCORER = SHARED / "nodes_score.py"


def load_scorer(path: Path = SCORER) -> ModuleType:
    spec = importlib.util.spec_from_file_location("nodes_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_texts(gold: Path = NODES_DEV, texts: Path = TEXTS) -> dict[str, str]:
    """The texts of the node gold, by id."""
    ids = {json.loads(line)["id"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}
    rows = (json.loads(line) for line in texts.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["id"]: row["text"] for row in rows if row["id"] in ids}


def base_rows(nlp: Language, texts: dict[str, str]) -> list[dict]:
    """One node per label and case-folded name, from the base model's entities."""
    rows = []
    for (doc_id, _), doc in zip(texts.items(), nlp.pipe(texts.values()), strict=True):
        for ent in doc.ents:
            if ent.label_ in CONTEXT_LABELS:
                continue
            node = ent.label_ + ":" + " ".join(ent.text.split()).casefold()
            rows.append({"doc": doc_id, "entity": node, "label": ent.label_, "text": ent.text})
    return rows


def chart_rows(nlp: Language, texts: dict[str, str]) -> list[dict]:
    """The chart's nodes of each text alone: its mentions grouped by nerpipe.graph.entities."""
    rows = []
    for doc_id, text in texts.items():
        mentions = [m for m in extract(nlp, [(doc_id, text)]) if m.label not in CONTEXT_LABELS]
        index = build_entities(mentions)
        for mention, entity in zip(mentions, index.mention_entity, strict=True):
            label = index.entities[entity].label
            if label in CONTEXT_LABELS:  # the entity's label, as the chart decides (a WEAPON_TYPE)
                continue
            rows.append({"doc": doc_id, "entity": entity, "label": label, "text": mention.text})
    return rows


def node_scores(scorer: ModuleType, rows: Iterable[dict], gold: Path = NODES_DEV, show: int = 0) -> dict:
    """Node precision, recall (without NORP) and nodes per found entity, by the shared scorer."""
    gold_rows = scorer.load_jsonl(str(gold))
    texts = {d["id"]: " ".join(d["text"].split()).casefold() for d in scorer.load_jsonl(str(TEXTS))}
    per_doc, lists, label_tot, info = scorer.score(gold_rows, list(rows), texts, False)
    out = io.StringIO()
    total = scorer.report(per_doc, lists, label_tot, info, max_list=show, out=out)
    if show:
        print(out.getvalue())
    precision, _, fragmentation = scorer.ratios(total)
    core = [v for label, v in label_tot.items() if label != "NORP"]
    recall = sum(v[1] for v in core) / max(1, sum(v[0] for v in core))
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "nodes_per_entity": round(fragmentation, 3),
        "split": total["split"],
        "junk": total["junk"],
        "label_errors": total["label_err"],
        "mixed": total["mixed"],
    }


def node_table(settings: Settings, model: Path | None = None, show: int = 0) -> dict[str, dict]:
    """Node figures of the base pipeline alone and of the default pipeline on nodes_dev."""
    scorer = load_scorer()
    texts = gold_texts()
    base = load_model(base_model_choice(None))
    chosen = settings if model is None else replace(settings, model=str(model))
    default = build_pipeline(chosen).nlp
    return {
        "base pipeline alone": node_scores(scorer, base_rows(base, texts)),
        "default": node_scores(scorer, chart_rows(default, texts), show=show),
    }


def print_node_table(table: dict[str, dict]) -> None:
    print(f"\nLink-chart nodes ({NODES_DEV}; recall without NORP)")
    print(f"{'pipeline':<22}{'precision':>10}{'recall':>8}{'nodes/entity':>14}{'split':>7}{'junk':>6}{'label err':>11}")
    for name, s in table.items():
        print(
            f"{name:<22}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['nodes_per_entity']:>14.3f}"
            f"{s['split']:>7}{s['junk']:>6}{s['label_errors']:>11}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="also list this many junk/split/missed nodes")
    parser.add_argument("--model", type=Path, help="the default pipeline's model (else Settings' choice)")
    args = parser.parse_args()
    if not NODES_DEV.is_file():
        sys.exit(f"{NODES_DEV} not found")
    print_node_table(node_table(Settings.from_env(), args.model, show=args.show))


if __name__ == "__main__":
    main()
