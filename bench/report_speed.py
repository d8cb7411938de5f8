"""Chart picture and case report speed: the picture of a 300-entity chart (PNG at 300 dpi, and
SVG) and the PDF report of a 200-document case. Targets: <= 3 s and <= 10 s. Run: `make bench`."""

from __future__ import annotations

import hashlib
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from machine import machine_description
from timing import median_seconds

from nerpipe.case_image import ChartRequest, case_chart_image
from nerpipe.graph.render import RenderOptions
from nerpipe.report import build_report, report_bytes
from nerpipe.store import Store
from nerpipe.types import Document, PipelineInfo
from tests.graph.helpers import mentions_in

RESULTS = Path(__file__).resolve().parent / "results"
LABELS = ("PERSON", "ORG", "GPE", "DRUG", "GANG_ORG")
INFO = PipelineInfo("bench", "0", "-", "bench", ())
TARGETS = {"chart_png_seconds": 3.0, "chart_svg_seconds": 3.0, "report_pdf_seconds": 10.0}


def fill(store: Store, case: str, documents: int = 200, entities: int = 300, seed: int = 7) -> None:
    """`documents` memos of 30 sentences, each naming two or three of `entities` names."""
    rng = random.Random(seed)
    names = [
        (f"{rng.choice(['Ana', 'Luis', 'Tom', 'Eva'])} Name{i:03d}", LABELS[i % len(LABELS)]) for i in range(entities)
    ]
    store.create_case(case)
    for number in range(documents):
        sentences = []
        for _ in range(30):
            picked = rng.sample(names[: 40 + rng.randrange(entities - 40)], rng.choice((2, 3)))
            sentences.append(" met ".join(name for name, _ in picked) + " at the pier.")
        text = " ".join(sentences)
        sha = hashlib.sha256(f"{case}{number}".encode()).hexdigest()
        used = sorted({pair for pair in names if pair[0] in text})
        document = Document(sha, f"memo-{number:03d}.txt", "text/plain", text, size=len(text))
        store.add_document(case, document, mentions_in(sha, text, used, page=1 + number % 4), INFO, "h")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{folder}/bench.db")
        fill(store, "Bench")
        request = ChartRequest(options=RenderOptions(node_cap=300))
        png = median_seconds(lambda: case_chart_image(store, "Bench", request, "png"), repeats=3)
        svg = median_seconds(lambda: case_chart_image(store, "Bench", request, "svg"), repeats=3)
        drawn = case_chart_image(store, "Bench", request, "svg")
        pdf = median_seconds(lambda: report_bytes(build_report(store, "Bench", request), "pdf"), repeats=3)
        report = build_report(store, "Bench", request)
        size = len(report_bytes(report, "pdf"))
        store.close()
    result = {
        "machine": machine_description(),
        "chart_entities": drawn.shown,
        "chart_png_seconds": round(png, 3),
        "chart_svg_seconds": round(svg, 3),
        "report_documents": len(report.documents),
        "report_links_quoted": len(report.links),
        "report_pdf_seconds": round(pdf, 3),
        "report_pdf_bytes": size,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "report_speed.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    slow = [f"{key} {result[key]} > {limit}" for key, limit in TARGETS.items() if result[key] > limit]
    if slow:
        sys.exit("over target: " + "; ".join(slow))


if __name__ == "__main__":
    main()
