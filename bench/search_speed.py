"""Full-text search on a big case: 10,000 generated documents with 1,000,000+ mentions in one store,
then the median time of `search_case` (ranking in the database, snippets and pages in Python) over
words, phrases, AND/OR/NOT and prefix queries. Target: < 200 ms median (issue 24).

The store is SQLite unless NERPIPE_BENCH_DATABASE_URL names another (a PostgreSQL server, emptied
first). Building it takes a few minutes on 2 cores. Run: `.venv/bin/python bench/search_speed.py`."""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine_description
from sqlalchemy import create_engine

from nerpipe.search.hits import search_case
from nerpipe.store import Store
from nerpipe.store.schema import metadata
from nerpipe.store.search_index import CHUNK_TABLE
from nerpipe.types import Document, Mention, PipelineInfo

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_MS = 200
INFO = PipelineInfo("bench", "0", "-", "bench", ())
FIRST = ["Maria", "Carlos", "Juan", "Ana", "Pedro", "Rosa", "Luis", "Elena", "Jorge", "Sofia", "Miguel", "Lucia"]
LAST = ["Lopez", "Mendez", "Perez", "Ruiz", "Alvarez", "Diaz", "Ortega", "Vargas", "Castillo", "Romero"]
PLACES = ["Tijuana", "San Diego", "El Paso", "Phoenix", "Denver", "Chicago", "Houston", "Miami", "Laredo"]
DRUGS = ["fentanyl", "heroin", "cocaine", "methamphetamine", "oxycodone", "marijuana"]
FILLER = [
    "the", "officers", "report", "that", "a", "vehicle", "was", "seen", "near", "the", "warehouse", "after",
    "midnight", "and", "that", "the", "informant", "described", "a", "meeting", "about", "money", "owed", "for",
    "a", "delivery", "before", "the", "search", "warrant", "was", "served",
]  # fmt: skip
QUERIES = [
    "fentanyl",
    "warehouse",
    '"Luis Ortega"',
    '"San Diego" AND heroin',
    "cocaine OR oxycodone",
    "heroin NOT fentanyl",
    "metha*",
    "Lopez Phoenix marijuana",
    '"Rosa Vargas" OR "Pedro Diaz"',
    "(Tijuana OR Laredo) AND fent*",
    "ledger7331",
    "nosuchword",
]


def documents(count: int, seed: int = 24):
    """(Document, mentions) pairs of about 250 words and 100+ mentions each; a few rare words."""
    rng = random.Random(seed)
    for number in range(count):
        words, found = [], []
        position = 0
        while len(found) < 104:
            kind = rng.random()
            if kind < 0.5:
                piece, label = f"{rng.choice(FIRST)} {rng.choice(LAST)}", "PERSON"
            elif kind < 0.7:
                piece, label = rng.choice(PLACES), "GPE"
            elif kind < 0.9:
                piece, label = rng.choice(DRUGS), "DRUG"
            else:
                piece, label = " ".join(rng.choice(FILLER) for _ in range(4)), None
            if label is not None:
                found.append((position, position + len(piece), piece, label))
            words.append(piece)
            position += len(piece) + 1
        if number % 997 == 0:
            words.append("ledger7331")
        text = " ".join(words) + "."
        sha = f"{number:064x}"
        document = Document(id=sha, filename=f"doc{number:05}.txt", media_type="text/plain", text=text, size=len(text))
        mentions = [
            Mention(sha, piece, label, start, end, 0, "model", None, None, None, 0, len(text))
            for start, end, piece, label in found
        ]
        yield document, mentions


def fresh_store(url: str | None, folder: Path) -> Store:
    if url is None:
        return Store.open(f"sqlite:///{folder / 'search.db'}")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {CHUNK_TABLE}")
        metadata.drop_all(connection)
    engine.dispose()
    return Store.open(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    url = os.environ.get("NERPIPE_BENCH_DATABASE_URL")
    with tempfile.TemporaryDirectory() as folder:
        store = fresh_store(url, Path(folder))
        store.create_case("Big")
        started = time.perf_counter()
        mentions = 0
        for document, found in documents(args.documents):
            store.add_document("Big", document, found, INFO, "bench")
            mentions += len(found)
        build_s = time.perf_counter() - started
        print(f"{args.documents:,} documents, {mentions:,} mentions stored in {build_s:.0f} s", file=sys.stderr)
        timings: dict[str, list[float]] = {query: [] for query in QUERIES}
        totals = {}
        for _ in range(args.repeats):
            for query in QUERIES:
                began = time.perf_counter()
                results = search_case(store, "Big", query, limit=20)
                timings[query].append((time.perf_counter() - began) * 1000)
                totals[query] = results.total
        store.close()
    every = [ms for values in timings.values() for ms in values]
    median = statistics.median(every)
    report = {
        "machine": machine_description(),
        "backend": "sqlite" if url is None else "postgresql",
        "documents": args.documents,
        "mentions": mentions,
        "build_s": round(build_s, 1),
        "median_ms": round(median, 1),
        "p90_ms": round(statistics.quantiles(every, n=10)[-1], 1),
        "target_ms": TARGET_MS,
        "met": median < TARGET_MS,
        "queries": {
            q: {"median_ms": round(statistics.median(v), 1), "matching_documents": totals[q]}
            for q, v in timings.items()
        },
    }
    for query, row in report["queries"].items():
        print(f"{row['median_ms']:8.1f} ms  {row['matching_documents']:6,} documents  {query}")
    verdict = "met" if report["met"] else "NOT met"
    print(f"median {median:.1f} ms over {len(every)} searches (target < {TARGET_MS} ms): {verdict}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"search_speed_{report['backend']}.json").write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
