"""Peak memory and words/s of `nerpipe extract` on one very long text file (50 MB by default).

Extraction memory must be bounded by a batch, not by the document: a 52 MB text once reached
19.3 GB before its first batch finished. The text is ordinary English prose (the documentation
that ships with Python), repeated to the size asked for. `nerpipe extract FILE --format jsonl`
runs as a subprocess; its resident memory (with its children: the reading sandbox) is sampled
twice a second, and the peak is reported for each tenth of the text, so a flat peak shows as ten
similar figures. Run: `.venv/bin/python bench/extract_memory.py [--mb 50]`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import prose_documents
from machine import machine_description

RESULTS = Path(__file__).resolve().parent / "results"


def long_text(megabytes: float) -> str:
    prose = "\n\n".join(prose_documents(60_000))
    size = int(megabytes * 1024 * 1024)
    return (prose * (size // len(prose) + 1))[:size]


def resident_bytes(process: psutil.Process) -> int:
    total = 0
    for each in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # a child that just ended
            total += each.memory_info().rss
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the text in MB")
    options = parser.parse_args()
    text = long_text(options.mb)
    words = len(text.split())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.txt"
        path.write_text(text, encoding="utf-8")
        del text
        env = {**os.environ, "NERPIPE_MAX_FILE_MB": str(max(100, int(options.mb) + 1))}
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-m", "nerpipe", "extract", str(path), "--format", "jsonl"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        watched = psutil.Process(child.pid)
        size = path.stat().st_size
        progress = {"done": 0.0, "first_mention_s": None}
        peaks = [0] * 10
        overall = [0]

        def sample() -> None:
            while child.poll() is None:
                rss = resident_bytes(watched)
                tenth = min(int(progress["done"] * 10), 9)
                peaks[tenth] = max(peaks[tenth], rss)
                overall[0] = max(overall[0], rss)
                time.sleep(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        mentions = 0
        assert child.stdout is not None
        for line in child.stdout:
            mentions += 1
            if progress["first_mention_s"] is None:
                progress["first_mention_s"] = time.monotonic() - started
            progress["done"] = json.loads(line)["end"] / size  # ASCII prose: characters = bytes
        stderr = child.stderr.read() if child.stderr else ""
        child.wait()
        seconds = time.monotonic() - started
        sampler.join(2)
    if child.returncode != 0:
        raise SystemExit(f"nerpipe extract failed ({child.returncode}):\n{stderr}")
    extraction_s = seconds - (progress["first_mention_s"] or 0.0)
    result = {
        "machine": machine_description(),
        "text_mb": options.mb,
        "words": words,
        "mentions": mentions,
        "seconds": round(seconds, 1),
        "words_per_second": round(words / seconds),
        "peak_rss_mb": round(overall[0] / 1024**2),
        "peak_rss_mb_by_tenth_of_text": [round(p / 1024**2) for p in peaks],
        "seconds_to_first_mention": round(progress["first_mention_s"] or 0.0, 1),
        "words_per_second_after_first_mention": round(words / extraction_s) if extraction_s > 0 else None,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "extract_memory.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
