"""Opening a big case in the dashboard: 10,000 documents, 1,000,000 mentions (BENCH_DOCUMENTS=200 for
a small one; about 3.5 minutes on 2 cores). Times, through Streamlit's AppTest with the pipeline already
loaded: the entity table and the link chart views (cold caches), then the Entities, Documents, Timeline
and Link chart views each with every cache cleared; one link's evidence (Store.link_evidence, the
strongest link); and, as commands (seconds, peak memory), `nerpipe export --what entities --no-measures`
and `--what edges` with evidence from every mention and `--no-measures` from the store.
Targets: each view ≤ 2 s, the link chart ≤ 3 s, one link's evidence ≤ 0.5 s, the exports ≤ 15 s and
500 MB. Run: `make bench`."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import machine_description

from nerpipe.store import Store
from nerpipe.types import Document, Mention, PipelineInfo

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS, MENTIONS_PER_DOCUMENT = int(os.environ.get("BENCH_DOCUMENTS", "10000")), 100
LABELS = ("PERSON", "ORG", "GPE", "DRUG", "GANG_ORG", "DATE", "MONEY")
INFO = PipelineInfo("en_bench", "1", "-", "bench", ("ner",), {}, "0" * 64)


def fill(store: Store, case: str, seed: int = 5) -> int:
    rng = random.Random(seed)
    names = [f"Name{i} Person{i}" for i in range(2000)]
    weights = [1 / (i + 1) ** 0.9 for i in range(len(names))]
    total = 0
    for d in range(DOCUMENTS):
        sentences, found, offset = [], [], 0
        for s in range(MENTIONS_PER_DOCUMENT // 4):
            picked = rng.choices(range(len(names)), weights, k=4)
            sentence = " and ".join(names[i] for i in picked) + " met in the warehouse."
            position = offset
            for i in picked:
                start = sentence.index(names[i]) + offset
                found.append((start, names[i], LABELS[i % len(LABELS)], s, position, position + len(sentence)))
            sentences.append(sentence)
            offset += len(sentence) + 1
        text = " ".join(sentences)
        sha = hashlib.sha256(f"{d}{text}".encode()).hexdigest()
        document = Document(sha, f"report_{d:03d}.txt", "text/plain", text, size=len(text))
        mentions = [
            Mention(
                sha, name, label, start, start + len(name), s, "model", None, None, sentence_start=a, sentence_end=b
            )
            for start, name, label, s, a, b in found
        ]
        store.add_document(case, document, mentions, INFO, INFO.patterns_hash)
        total += len(mentions)
    return total


def _export_entities(folder: str) -> tuple[float, float]:
    """`nerpipe export --what entities --no-measures` in its own process: seconds, peak resident MB."""
    return _export(folder, "entities", "--no-measures")


def _export(folder: str, what: str, *options: str) -> tuple[float, float]:
    """`nerpipe export --what WHAT` in its own process: seconds, peak resident MB. Started through
    /usr/bin/time where there is one: a child forked from this process starts with this process's
    peak (Linux keeps ru_maxrss across fork and exec), which the case loaded here makes hundreds of MB."""
    start = time.perf_counter()
    command = ["export", "--case", "big", "--what", what, *options, "--out", f"{folder}/{what}.csv"]
    timer = ["/usr/bin/time", "-f", "%M", "-o", f"{folder}/peak.txt"] if Path("/usr/bin/time").exists() else []
    child = subprocess.Popen([*timer, sys.executable, "-m", "nerpipe", *command], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"the export failed (status {status})")
    peak_kb = int(Path(f"{folder}/peak.txt").read_text().split()[-1]) if timer else usage.ru_maxrss
    return round(seconds, 2), round(peak_kb / 1024, 1)


def _links(app, store: Store, folder: str) -> dict[str, float]:
    """The Link chart view with every cache cleared, the strongest link's evidence, and the edges
    exports (from every mention, with evidence; from the store, --no-measures)."""
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    app.sidebar.radio(key="view").set_value("Link chart")
    start = time.perf_counter()
    app.run()
    timings = {"link_chart_view_seconds_cold": round(time.perf_counter() - start, 2)}
    assert not app.exception, app.exception
    start = time.perf_counter()
    links = store.link_weights("big")
    timings["link_weights_seconds"] = round(time.perf_counter() - start, 2)
    strongest = max(links, key=lambda link: (link.weight, link.source, link.target))
    start = time.perf_counter()
    evidence = store.link_evidence("big", (strongest.source, strongest.target))
    timings["link_evidence_seconds"] = round(time.perf_counter() - start, 2)
    assert evidence.evidence
    for name, options in (("export_edges", ()), ("export_edges_no_measures", ("--no-measures",))):
        seconds, peak = _export(folder, "edges", *options)
        timings[f"{name}_seconds"], timings[f"{name}_peak_mb"] = seconds, peak
    return timings


def _reading_views(app) -> dict[str, float]:
    """Seconds of the Entities (its table, the first entity's mentions and 'also in'), Documents
    (the first document) and Timeline views, each cold: every Streamlit cache cleared before."""
    import streamlit as st

    timings = {}
    for view in ("Entities", "Documents", "Timeline"):
        st.cache_resource.clear()
        st.cache_data.clear()
        app.sidebar.radio(key="view").set_value(view)
        start = time.perf_counter()
        app.run()
        timings[f"{view.lower()}_view_seconds_cold"] = round(time.perf_counter() - start, 2)
        assert not app.exception, app.exception
    return timings


def main() -> None:
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as folder:
        os.environ["NERPIPE_DATA_DIR"] = folder
        os.environ.pop("NERPIPE_DATABASE_URL", None)
        store = Store.open(f"sqlite:///{Path(folder).resolve() / 'nerpipe.db'}")
        store.create_case("big")
        mentions = fill(store, "big")
        app = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=600).run()  # loads the model
        timings = {}
        for view in ("Entities", "Link chart"):
            app.sidebar.radio(key="view").set_value(view)
            start = time.perf_counter()
            app.run()
            timings[view] = time.perf_counter() - start
            assert not app.exception, app.exception
        app.sidebar.radio(key="view").set_value("Entities")
        start = time.perf_counter()
        app.run()
        cached = time.perf_counter() - start
        export_seconds, export_mb = _export_entities(folder)
        reading = _reading_views(app)
        linking = _links(app, store, folder)
    result = {
        "machine": machine_description(),
        "documents": DOCUMENTS,
        "mentions": mentions,
        "entity_table_seconds_cold": round(timings["Entities"], 2),
        "link_chart_seconds_cold": round(timings["Link chart"], 2),
        "entity_table_seconds_cached": round(cached, 2),
        "export_entities_no_measures_seconds": export_seconds,
        "export_entities_no_measures_peak_mb": export_mb,
    }
    result.update(reading)
    result.update(linking)
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    (results / "dashboard_speed.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
