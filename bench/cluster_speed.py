"""End-to-end ingest of a large case (issue 26): words/s from reading to stored, where the time goes
(read, NER, store, index), one process with 1 and 2 workers against a local Dask cluster of 1 and 2
workers, and memory over a long run.

Target: 10 million words into a case in under 20 minutes on the 2-core machine (≥ 8,300 words/s).
The corpus is made here from the store benchmark's generated case reports (about 1,000 words each).

Run: `make bench` (the full 10 M words: about 25 minutes here), or smaller while developing:
`.venv/bin/python bench/cluster_speed.py --words 300000 --compare-words 100000`. The store is
NERPIPE_DATABASE_URL (PostgreSQL for figures that mean something), else SQLite in a temporary folder;
each run goes into a case of its own, deleted afterwards."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine_description
from store_speed import generated_documents

from nerpipe import Settings, extract_documents, ingest_bytes
from nerpipe.batch import build_case_pipeline, ingest_into_case
from nerpipe.cluster import ingest_on_cluster, open_cluster
from nerpipe.store import Store, repository

RESULTS = Path(__file__).resolve().parent / "results"
STAGE_DOCUMENTS = 60


def write_corpus(folder: Path, words: int, seed: int) -> tuple[list[Path], int]:
    """Case reports of about 1,000 words until `words`, one file each."""
    folder.mkdir(parents=True, exist_ok=True)
    paths, total, batch = [], 0, 0
    while total < words:
        for text in generated_documents(200, seed=seed * 100_000 + batch):
            path = folder / f"report_{len(paths):06d}.txt"
            path.write_text(text)
            paths.append(path)
            total += len(text.split())
            if total >= words:
                break
        batch += 1
    return paths, total


def stage_seconds(settings: Settings, store: Store, texts: list[str]) -> dict[str, float]:
    """Seconds in each stage over the same documents in this process: reading (sandboxed child),
    NER (the case pipeline), storing (the transaction without the search index), indexing."""
    pipeline = build_case_pipeline(settings)
    case = f"bench-stages-{uuid.uuid4().hex[:8]}"
    store.create_case(case)
    start = time.perf_counter()
    documents = [ingest_bytes(t.encode(), f"stage_{i:03d}.txt", settings) for i, t in enumerate(texts)]
    read_s = time.perf_counter() - start
    start = time.perf_counter()
    found: dict[str, list] = {d.id: [] for d in documents}
    for mention in extract_documents(pipeline.nlp, documents, batch_size=1):  # per file, as ingest does
        found[mention.doc].append(mention)
    ner_s = time.perf_counter() - start
    index_s = 0.0
    index_document = repository.index_document

    def timed_index(*args):
        nonlocal index_s
        began = time.perf_counter()
        index_document(*args)
        index_s += time.perf_counter() - began

    repository.index_document = timed_index
    start = time.perf_counter()
    try:
        for document in documents:
            store.add_document(case, document, found[document.id], pipeline.info, pipeline.info.patterns_hash)
    finally:
        repository.index_document = index_document
    store_s = time.perf_counter() - start - index_s
    store.delete_case(case)
    return {"read": read_s, "ner": ner_s, "store": store_s, "index": index_s}


class MemorySampler:
    """RSS of this process (the driver) and of its child processes (the workers), every 2 s."""

    def __init__(self, progress: list[int] | None = None) -> None:
        #: [files done, words done], kept up to date by the run; logged once a minute with memory,
        #: so a run stopped early still says how far it got.
        self.progress = progress or [0, 0]
        self.samples: list[tuple[float, int, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._started = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(2.0):
            children = 0
            for child in me.children(recursive=True):
                try:
                    children += child.memory_info().rss
                except psutil.Error:
                    continue
            elapsed = time.monotonic() - self._started
            self.samples.append((elapsed, me.memory_info().rss, children))
            if len(self.samples) % 30 == 0:
                files, words = self.progress
                print(
                    f"{elapsed / 60:.1f} min: {files} files, {words:,} words, {words / elapsed:,.0f} words/s, "
                    f"driver {self.samples[-1][1] / 1024**2:.0f} MiB, workers {children / 1024**2:.0f} MiB",
                    file=sys.stderr,
                    flush=True,
                )

    def summary(self) -> dict[str, float]:
        """Median MiB over the first and the last quarter of the run, and the peak."""
        if len(self.samples) < 8:
            return {}
        quarter = len(self.samples) // 4
        mib = 1024**2

        def median(rows, column):
            return round(statistics.median(r[column] for r in rows) / mib)

        first, last = self.samples[quarter : 2 * quarter], self.samples[-quarter:]
        return {
            "driver_mib_second_quarter": median(first, 1),
            "driver_mib_last_quarter": median(last, 1),
            "driver_mib_peak": round(max(r[1] for r in self.samples) / mib),
            "workers_mib_second_quarter": median(first, 2),
            "workers_mib_last_quarter": median(last, 2),
            "workers_mib_peak": round(max(r[2] for r in self.samples) / mib),
        }


def timed_run(
    store: Store,
    settings: Settings,
    paths: list[Path],
    how: str,
    workers: int,
    progress: list[int] | None = None,
    minutes: float | None = None,
) -> dict[str, float]:
    """Seconds from the first file to the last one stored (and with the cluster's start, for a cluster).
    With `minutes`, no new file is handed out after that long: the run ends with the files in flight."""
    case = f"bench-{how}-{workers}-{uuid.uuid4().hex[:8]}"
    store.create_case(case)
    handed_out = 0
    deadline = time.monotonic() + minutes * 60 if minutes else None

    def files():
        nonlocal handed_out
        for path in paths:
            if deadline is not None and time.monotonic() > deadline:
                return
            handed_out += 1
            yield str(path), path

    jobs = files() if how == "cluster" else [(str(p), p) for p in paths]
    progress = progress if progress is not None else [0, 0]

    def counted(outcome) -> None:
        progress[0] += 1
        progress[1] += outcome.words

    began = time.perf_counter()
    if how == "process":
        outcomes = ingest_into_case(store, case, jobs, settings, workers=workers, on_outcome=counted)
        started = began
    else:
        with open_cluster(f"local:{workers}") as client:
            started = time.perf_counter()
            outcomes = ingest_on_cluster(client, store, case, jobs, settings, on_outcome=counted)
    ended = time.perf_counter()
    stored = len(store.list_documents(case))
    store.delete_case(case)
    expected = handed_out if how == "cluster" else len(paths)
    assert stored == expected, f"{how} {workers}: {stored} of {expected} stored"
    words = sum(o.words for o in outcomes)
    return {"seconds": ended - began, "start_seconds": started - began, "words": words, "files": stored}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--words", type=int, default=10_000_000, help="words of the long run (local cluster, 2 workers; 0: none)"
    )
    parser.add_argument("--compare-words", type=int, default=300_000, help="words of each 1-vs-2-workers run (0: none)")
    parser.add_argument(
        "--minutes", type=float, default=None, help="hand out no more files of the long run after this long (cluster)"
    )
    parser.add_argument(
        "--long-with",
        choices=("process", "cluster"),
        default="process",
        help="the long run's engine: nerpipe ingest --workers 2 (default) or a local cluster of 2 workers",
    )
    args = parser.parse_args()
    settings = Settings.from_env()
    scratch = Path(tempfile.mkdtemp(prefix="nerpipe-cluster-bench-"))
    if not settings.database_url:
        settings = Settings.from_env(database_url=f"sqlite:///{scratch / 'bench.db'}")
    store = Store.open(settings.store_url)
    results: dict[str, object] = {
        "machine": machine_description(),
        "store": store.engine.dialect.name,
        "pipeline": ", ".join(build_case_pipeline(settings).info.components),
    }

    stages = stage_seconds(settings, store, generated_documents(STAGE_DOCUMENTS, seed=5))
    stage_words = sum(len(t.split()) for t in generated_documents(STAGE_DOCUMENTS, seed=5))
    total = sum(stages.values())
    results["stages_words"] = stage_words
    results["stages_words_per_second"] = {k: round(stage_words / v) for k, v in stages.items()}
    results["stages_share_of_time"] = {k: round(v / total, 3) for k, v in stages.items()}
    results["one_core_words_per_second"] = round(stage_words / total)
    print(json.dumps({k: v for k, v in results.items() if k.startswith(("stages", "one_core"))}), file=sys.stderr)

    if args.compare_words:
        compare(results, store, settings, scratch, args.compare_words)
    if args.words:
        long_run(results, store, settings, scratch, args.words, args.minutes, args.long_with)
    store.close()
    RESULTS.mkdir(exist_ok=True)
    name = "cluster_speed.json" if args.words >= 10_000_000 and not args.minutes else "cluster_speed_small.json"
    (RESULTS / name).write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    for path in sorted(scratch.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    scratch.rmdir()


def long_run(
    results: dict[str, object],
    store: Store,
    settings: Settings,
    scratch: Path,
    words: int,
    minutes: float | None,
    how: str,
) -> None:
    """The big case with 2 workers (one process's pool, or a local cluster), memory sampled over the run."""
    paths, words = write_corpus(scratch / "long", words, seed=2)
    results["long_corpus_words"], results["long_corpus_files"] = words, len(paths)
    results["long_with"] = "nerpipe ingest --workers 2" if how == "process" else "nerpipe ingest --cluster local:2"
    progress = [0, 0]
    with MemorySampler(progress) as memory:
        run = timed_run(store, settings, paths, how, 2, progress, minutes)
    results["long_words"], results["long_files"] = run["words"], run["files"]
    results["long_seconds"] = round(run["seconds"], 1)
    results["long_minutes"] = round(run["seconds"] / 60, 1)
    results["long_words_per_second"] = round(run["words"] / run["seconds"])
    results["long_10M_words_minutes_at_this_rate"] = round(10_000_000 / results["long_words_per_second"] / 60, 1)
    results["target_words_per_second"] = 8_300
    results["memory"] = memory.summary()


def compare(results: dict[str, object], store: Store, settings: Settings, scratch: Path, words: int) -> None:
    """One process with 1 and 2 workers, a local cluster of 1 and 2 workers, over the same files."""
    paths, words = write_corpus(scratch / "compare", words, seed=1)
    results["compare_words"], results["compare_files"] = words, len(paths)
    runs = {}
    for how, workers in (("process", 1), ("process", 2), ("cluster", 1), ("cluster", 2)):
        run = timed_run(store, settings, paths, how, workers)
        runs[f"{how}_{workers}"] = run
        print(f"{how} {workers}: {run['words'] / run['seconds']:,.0f} words/s", file=sys.stderr)
    results["compare_words_per_second"] = {k: round(r["words"] / r["seconds"]) for k, r in runs.items()}
    results["compare_cluster_start_seconds"] = {
        k: round(r["start_seconds"], 1) for k, r in runs.items() if k.startswith("cluster")
    }
    rate = results["compare_words_per_second"]
    results["two_workers_speedup_process"] = round(rate["process_2"] / rate["process_1"], 2)
    results["two_workers_speedup_cluster"] = round(rate["cluster_2"] / rate["cluster_1"], 2)
    results["cluster_2_vs_process_2"] = round(rate["cluster_2"] / rate["process_2"], 2)


if __name__ == "__main__":
    main()
