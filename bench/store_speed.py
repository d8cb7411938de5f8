"""Batch ingest into a case: documents/s and words/s with 1 and 2 workers, and the store's
overhead against `nerpipe.extract` alone over the same texts and pipeline (target ≤ 1.2×).

500 generated case documents of about 1,000 words. Run: `make bench`."""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine_description

from nerpipe import Settings, extract_documents, ingest_bytes
from nerpipe.batch import build_case_pipeline, ingest_into_case
from nerpipe.store import Store

RESULTS = Path(__file__).resolve().parent / "results"
DOCUMENTS = 500
FIRST = ["Maria", "Carlos", "Juan", "Ana", "Pedro", "Rosa", "Luis", "Elena", "Jorge", "Sofia", "Miguel", "Lucia"]
LAST = ["Lopez", "Mendez", "Perez", "Ruiz", "Alvarez", "Diaz", "Ortega", "Vargas", "Castillo", "Romero"]
PLACES = ["Tijuana", "San Diego", "El Paso", "Phoenix", "Denver", "Chicago", "Houston", "Miami", "Laredo"]
GROUPS = ["the Latin Kings", "MS-13", "the Sinaloa Cartel", "the Gulf Cartel", "the Hells Angels", "the Crips"]
DRUGS = ["fentanyl", "heroin", "cocaine", "methamphetamine", "oxycodone", "marijuana"]
SENTENCES = [
    "On {day} March 2026 officers of the {place} Police Department watched {a} meet {b} outside a warehouse.",
    "{a} told investigators that {g} had supplied {d} to dealers in {place} since last year.",
    "Surveillance showed {b} carrying a bag that later tested positive for {d}.",
    "The informant said {a} owed {g} about $40,000 for two kilograms of {d}.",
    "Agents of the DEA searched a house on Main Street in {place} and found {d} and a Glock 19.",
    "Phone records link {a} and {b} to a number used by {g} in {place}.",
    "According to the report, nobody was injured during the arrest, and the suspects were taken to the county jail.",
    "The court granted the warrant after reviewing the affidavit and the statements of two witnesses.",
]


def generated_documents(count: int = DOCUMENTS, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        paragraphs, words = [], 0
        while words < 1000:
            names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(2)]
            paragraph = " ".join(
                rng.choice(SENTENCES).format(
                    day=rng.randint(1, 28),
                    place=rng.choice(PLACES),
                    a=names[0],
                    b=names[1],
                    g=rng.choice(GROUPS),
                    d=rng.choice(DRUGS),
                )
                for _ in range(5)
            )
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        texts.append("\n\n".join(paragraphs))
    return texts


def main() -> None:
    texts = generated_documents()
    words = sum(len(t.split()) for t in texts)
    settings = Settings.from_env()
    pipeline = build_case_pipeline(settings)
    documents = [ingest_bytes(t.encode(), f"report_{i:03d}.txt", settings, isolate=False) for i, t in enumerate(texts)]

    start = time.perf_counter()
    extracted = sum(1 for _ in extract_documents(pipeline.nlp, documents, batch_size=settings.batch_size))
    extract_s = time.perf_counter() - start

    results: dict[str, object] = {
        "machine": machine_description(),
        "documents": len(texts),
        "words": words,
        "pipeline": ", ".join(pipeline.info.components),
        "mentions": extracted,
        "extract_only_seconds": round(extract_s, 1),
    }
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as folder:
            store = Store.open(f"sqlite:///{folder}/bench.db")
            store.create_case("bench")
            jobs = [(f"report_{i:03d}.txt", t.encode()) for i, t in enumerate(texts)]
            start = time.perf_counter()
            ingest_into_case(
                store, "bench", jobs, settings, pipeline=pipeline if workers == 1 else None, workers=workers
            )
            seconds = time.perf_counter() - start
            store.close()
        results[f"workers_{workers}_seconds"] = round(seconds, 1)
        results[f"workers_{workers}_documents_per_second"] = round(len(texts) / seconds, 2)
        results[f"workers_{workers}_words_per_second"] = round(words / seconds)
    results["store_overhead_vs_extract"] = round(results["workers_1_seconds"] / extract_s, 2)
    results["two_workers_speedup"] = round(results["workers_1_seconds"] / results["workers_2_seconds"], 2)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "store_speed.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
