"""OCR speed, accuracy and memory: pages per second for scanned A4 pages at 300 dpi (1 and 2
workers, tesserocr against pytesseract), word accuracy on the real scan, and the memory peak of a
50-page scan against a 10-page one (flat when pages are rendered and released one at a time).

The pages are drawn here: prose that ships with Python, typed in a 12-point-sized font on A4 at
300 dpi, saved into a PDF as page-sized images, as a scanner writes them. Each worker is a process
reading its share of one-page scans through `ingest_bytes` (the reader's sandboxed child and all).
Run: `.venv/bin/python bench/ocr_speed.py [--pages 12]`; figures go to bench/results/ocr_speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import prose_documents
from machine import machine_description

from nerpipe.config import Settings
from nerpipe.ingest import ingest_bytes

RESULTS = Path(__file__).resolve().parent / "results"
REAL_SCAN = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real-world" / "pdf" / "ocr_text.pdf"
A4_300_DPI = (2480, 3508)


def page_images(count: int) -> list:
    """A4 pages of prose at 300 dpi, about 45 lines of 80 characters each (a typed letter)."""
    import textwrap

    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=42)
    lines = textwrap.wrap(" ".join(prose_documents(400)), 80)
    pages = []
    for number in range(count):
        image = Image.new("L", A4_300_DPI, "white")
        draw = ImageDraw.Draw(image)
        for row, line in enumerate(lines[number * 45 : (number + 1) * 45]):
            draw.text((200, 250 + row * 68), line, fill="black", font=font)
        pages.append(image)
    return pages


def scanned_pdf(images: list) -> bytes:
    """The images as the pages of one PDF, each covering its page, with no text layer."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    for image in images:
        pdf.add_page()
        pdf.image(image, x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


def _read(data: bytes) -> int:
    document = ingest_bytes(data, "scan.pdf", Settings.from_env())
    return len(document.text.split())


def pages_per_second(scans: list[bytes], workers: int, repeats: int = 3) -> float:
    """Median pages/s over `repeats` runs of every one-page scan, shared among `workers` processes."""
    rates = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_read, scans[:workers]))  # warm: each worker's Tesseract made once
        for _ in range(repeats):
            started = time.perf_counter()
            list(pool.map(_read, scans))
            rates.append(len(scans) / (time.perf_counter() - started))
    return statistics.median(rates)


def engines_compared(images: list) -> dict[str, float]:
    """Seconds a page, median, for tesserocr (in-process API) and pytesseract (a program per page)."""
    import pytesseract
    import tesserocr

    from nerpipe.ingest import ocr

    api = tesserocr.PyTessBaseAPI(path=f"{ocr.tessdata_dir()}/", lang="eng")
    # Debian's tesseract program runs OpenMP threads; one thread, as tesserocr's library runs, for a
    # like-for-like figure (on 2 cores both would otherwise fight for them).
    os.environ["OMP_THREAD_LIMIT"] = "1"

    def with_tesserocr(image) -> str:
        api.SetImage(image)
        return api.GetUTF8Text()

    def with_pytesseract(image) -> str:
        return pytesseract.image_to_string(image, lang="eng", config=f"--dpi {ocr.RENDER_DPI}")

    found: dict[str, list[float]] = {"tesserocr": [], "pytesseract": []}
    for image in images:
        for name, run in (("tesserocr", with_tesserocr), ("pytesseract", with_pytesseract)):
            started = time.perf_counter()
            run(image)
            found[name].append(time.perf_counter() - started)
    api.End()
    return {name: round(statistics.median(seconds), 2) for name, seconds in found.items()}


def word_error_rate(expected: str, got: str) -> float:
    want, have = (re.findall(r"\w+", t.replace("’", "'").lower()) for t in (expected, got))
    previous = list(range(len(have) + 1))
    for i, word in enumerate(want, start=1):
        current = [i] + [0] * len(have)
        for j, other in enumerate(have, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other))
        previous = current
    return previous[-1] / max(len(want), 1)


def peak_memory_mb(data: bytes) -> float:
    """Peak resident memory of the reader's child while it OCRs the whole PDF (a fresh process
    each time, so one measure does not inherit the other's peak)."""
    import subprocess

    probe = (
        "import resource, sys; from nerpipe.config import Settings; from nerpipe.ingest import ingest_bytes;"
        "ingest_bytes(sys.stdin.buffer.read(), 'scan.pdf', Settings.from_env());"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", probe], input=data, capture_output=True, check=True)
    return round(int(done.stdout.split()[-1]) / 1024, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=12, help="pages in the speed runs")
    parser.add_argument("--memory-pages", type=int, default=50, help="pages of the long scan for the memory peak")
    options = parser.parse_args()
    images = page_images(options.pages)
    scans = [scanned_pdf([image]) for image in images]
    result: dict[str, object] = {"machine": machine_description(), "pages": options.pages, "page": "A4, 300 dpi"}
    result["pages_per_second"] = {str(n): round(pages_per_second(scans, n), 2) for n in (1, 2)}
    result["seconds_a_page_by_engine"] = engines_compared(images[:4])
    if REAL_SCAN.is_file():
        document = ingest_bytes(REAL_SCAN.read_bytes(), REAL_SCAN.name, Settings.from_env())
        expected = REAL_SCAN.with_suffix(".txt").read_text(encoding="utf-8")
        result["real_scan_word_accuracy"] = round(1 - word_error_rate(expected, document.text), 3)
    short = scanned_pdf(images[:10] if len(images) >= 10 else images)
    long = scanned_pdf([images[n % len(images)] for n in range(options.memory_pages)])
    result["peak_rss_mb"] = {"10 pages": peak_memory_mb(short), f"{options.memory_pages} pages": peak_memory_mb(long)}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ocr_speed.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
