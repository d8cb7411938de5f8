"""Graph speed: entities and edges from 100,000 mentions (10,000 entities); analysis on 5,000 nodes;
HTML for 1,000 nodes. Targets: < 2 s, < 5 s, < 1 s. Run: `make bench`."""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine_description

from nerpipe.graph.analysis import build_graph, centrality, communities
from nerpipe.graph.cooccur import cooccurrence_edges
from nerpipe.graph.entities import build_entities
from nerpipe.graph.render import RenderOptions, render_html
from nerpipe.types import Mention

RESULTS = Path(__file__).resolve().parent / "results"
LABELS = ("PERSON", "ORG", "GPE", "DRUG", "GANG_ORG", "DATE")


def synthetic_mentions(count: int = 100_000, entities: int = 10_000, per_sentence: int = 4, seed: int = 7):
    """Mentions spread over documents of 50 sentences; popular names recur (Zipf-like)."""
    rng = random.Random(seed)
    names = [f"Name {i}" for i in range(entities)]
    weights = [1 / (i + 1) ** 0.8 for i in range(entities)]
    mentions, texts = [], {}
    sentence = 0
    while len(mentions) < count:
        doc = f"doc{len(mentions) // (50 * per_sentence)}"
        chosen = rng.choices(range(entities), weights, k=per_sentence)
        start = sentence * 100
        for k, index in enumerate(chosen):
            mentions.append(
                Mention(
                    doc=doc,
                    text=names[index],
                    label=LABELS[index % len(LABELS)],
                    start=start + 20 * k,
                    end=start + 20 * k + len(names[index]),
                    sentence=sentence % 50,
                    source="model",
                    pattern_id=None,
                    confidence=None,
                    sentence_start=start,
                    sentence_end=start + 99,
                )
            )
        sentence += 1
    for m in mentions:
        texts.setdefault(m.doc, "x" * 6000)
    return mentions[:count], texts


def best_of(run: Callable[[], object], repeats: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    mentions, texts = synthetic_mentions()

    def build():
        index = build_entities(mentions)
        return index, cooccurrence_edges(index, texts)

    build_s, (index, edges) = best_of(build)
    graph = build_graph(index.entities, edges)
    nodes = sorted(graph.degree, key=lambda item: -item[1])[:5000]
    sub = graph.subgraph(n for n, _ in nodes).copy()

    def analyse():
        scores = centrality(sub)  # measures are computed when read: read them all
        return scores.degree, scores.weighted_degree, scores.betweenness, scores.pagerank, communities(sub)

    analysis_s, _ = best_of(analyse, repeats=1)
    thousand = sub.subgraph([n for n, _ in nodes[:1000]]).copy()
    scores = centrality(thousand)
    html_s, rendered = best_of(
        lambda: render_html(thousand, scores, communities(thousand), RenderOptions(node_cap=1000))
    )
    result = {
        "machine": machine_description(),
        "mentions": len(mentions),
        "entities": len(index.entities),
        "edges": len(edges),
        "build_entities_and_edges_seconds": round(build_s, 3),
        "analysis_nodes": sub.number_of_nodes(),
        "analysis_edges": sub.number_of_edges(),
        "analysis_seconds": round(analysis_s, 3),
        "html_nodes": rendered.shown,
        "html_edges": thousand.number_of_edges(),
        "html_seconds": round(html_s, 3),
        "networkx": nx.__version__,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "graph_speed.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
