"""OCR: Tesseract reads a page image (a scanned PDF page, a photo, one page of a TIFF).

Through tesserocr, Tesseract's C++ API in this process, rather than pytesseract, which starts
the `tesseract` program for every page: on the same pages tesserocr was several times faster
(bench/ocr_speed.py; figures in the README). One engine per language and process, made on first use, so it
lives in the reader's sandboxed child like everything else that touches a file.

A page is read as it is first; only a doubtful reading (low confidence, hardly any words) pays
for orientation detection, and the page turned upright is kept when it reads better.
"""

from __future__ import annotations

import logging
import os
import re
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

#: Debian's tessdata first (tesseract-ocr-eng, tesseract-ocr-osd), then other usual places.
TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)
#: What Tesseract is told about resolution: PDF pages are rendered at this many dots per inch.
RENDER_DPI = 300
#: A reading below this mean word confidence (0–100) is doubtful: orientation is checked, and a
#: page that stays below it gets a warning the analyst sees (blurred test pages at 69% already
#: misread one word in three; the real scan's pages read 88–95%).
LOW_CONFIDENCE = 70
#: ...as is one with fewer words than this.
FEW_WORDS = 5
log = logging.getLogger(__name__)
_LANGUAGES = re.compile(r"^[A-Za-z_]+(\+[A-Za-z_]+)*$")


@dataclass(frozen=True, slots=True)
class PageReading:
    """What OCR read on one page: text, Tesseract's mean word confidence (0–100), and the
    degrees the image was turned (counter-clockwise) to read it upright."""

    text: str
    confidence: float
    rotated: int = 0
    words: int = 0


class OcrTimeout(Exception):
    """A page took longer than the per-page limit; Tesseract was stopped."""


class OcrUnavailable(Exception):
    """OCR cannot run here (no tesserocr, no language data); the message says how to fix it."""


def tessdata_dir() -> Path | None:
    """Where the language data is: TESSDATA_PREFIX when set, else the first usual folder with any."""
    candidates = [os.environ.get("TESSDATA_PREFIX", ""), *TESSDATA_DIRS]
    for candidate in candidates:
        if candidate and any(Path(candidate).glob("*.traineddata")):
            return Path(candidate)
    return None


def installed_languages() -> set[str]:
    """Tesseract languages with data installed (e.g. {"eng", "osd"})."""
    folder = tessdata_dir()
    return {p.stem for p in folder.glob("*.traineddata")} if folder else set()


def language_problem(lang: str) -> str | None:
    """None when `lang` ("eng", "eng+deu") can be read; else what to install."""
    if not _LANGUAGES.match(lang):
        return f"'{lang}' is not a Tesseract language code such as eng, deu or eng+deu"
    missing = [code for code in lang.split("+") if code not in installed_languages()]
    if not missing:
        return None
    packages = " ".join(f"tesseract-ocr-{code.lower().replace('_', '-')}" for code in missing)
    which = ", ".join(missing)
    return f"the OCR language data for {which} is not installed: install it with `sudo apt-get install {packages}`"


def unavailable_reason(lang: str) -> str | None:
    """None when OCR can run in `lang`; else one line saying why not and what to install."""
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return "tesserocr is not installed: run `make install`"
    return language_problem(lang)


def read_image(image: Any, lang: str, timeout_s: float) -> PageReading:
    """OCR one PIL image. Raises OcrTimeout past `timeout_s`, OcrUnavailable when OCR cannot run."""
    first = _recognise(image, lang, timeout_s)
    if first.confidence >= LOW_CONFIDENCE and first.words >= FEW_WORDS:
        return first
    turn = _upright_turn(image)
    if not turn:
        return first
    turned = _recognise(image.rotate(turn, expand=True, fillcolor="white"), lang, timeout_s)
    turned = PageReading(turned.text, turned.confidence, turn, turned.words)
    return turned if _score(turned) > _score(first) else first


def _score(reading: PageReading) -> float:
    return reading.confidence * reading.words


def _recognise(image: Any, lang: str, timeout_s: float) -> PageReading:
    api = _engine(lang)
    started = time.monotonic()
    api.SetImage(image)
    try:
        if not api.Recognize(timeout=max(int(timeout_s * 1000), 1)):
            if time.monotonic() - started >= timeout_s * 0.9:
                raise OcrTimeout(f"took longer than {timeout_s:g} s")
            return PageReading("", 0.0)
        text = api.GetUTF8Text()
        confidences = [c for c in api.AllWordConfidences() if c >= 0]
    finally:
        api.Clear()
    words = len(text.split())
    confidence = sum(confidences) / len(confidences) if confidences else 0.0
    return PageReading(text, round(confidence, 1), 0, words)


def _upright_turn(image: Any) -> int:
    """Degrees to turn the image counter-clockwise so that its text stands upright (0: as it
    is, or unknown: no orientation data, too little text to tell)."""
    api = _orientation_engine()
    if api is None:
        return 0
    api.SetImage(image)
    try:
        found = api.DetectOrientationScript()
    except RuntimeError:  # too few characters to tell
        return 0
    finally:
        api.Clear()
    if not found or found.get("orient_conf", 0) < 1:
        return 0
    return int(found["orient_deg"]) % 360


def warm(lang: str) -> None:
    """Make this process's engines now, so that the reader children it forks next start with
    them (0.3 s a document saved). Called once a process has read a scan: one that never does
    pays nothing. A failure here only means the children make their own."""
    try:
        _engine(lang)
        _orientation_engine()
    except Exception:  # an optimisation only: a child reports any real problem itself
        log.debug("OCR engines not made ahead", exc_info=True)


@cache
def _engine(lang: str) -> Any:
    """One Tesseract per process and language. A reader child forked from a process that has
    one (see `warm`) uses its copy: tesserocr's Tesseract runs no threads of its own, and an
    engine between pages holds no image."""
    problem = unavailable_reason(lang)
    if problem:
        raise OcrUnavailable(problem)
    import tesserocr

    api = tesserocr.PyTessBaseAPI(path=f"{tessdata_dir()}/", lang=lang, psm=tesserocr.PSM.AUTO)
    api.SetVariable("user_defined_dpi", str(RENDER_DPI))
    return api


@cache
def _orientation_engine() -> Any:
    if "osd" not in installed_languages():
        return None
    import tesserocr

    return tesserocr.PyTessBaseAPI(path=f"{tessdata_dir()}/", lang="osd", psm=tesserocr.PSM.OSD_ONLY)
