"""Cut long texts into pieces spaCy can take, at natural boundaries, keeping exact offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Boundaries to cut after, best first: a blank line, a line end, a sentence end, any space.
BOUNDARIES = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"')\]]*\s+"), re.compile(r"\s+"))


def split_text(text: str, max_chars: int) -> Iterator[tuple[int, str]]:
    """Yield `(offset, piece)` with `text[offset:offset + len(piece)] == piece`, pieces at most
    `max_chars` long, covering the text exactly. A piece is cut at the best boundary found in
    its second half, so no piece is needlessly short; text with no boundary at all is cut hard.
    """
    if max_chars <= 0:
        raise ValueError("max_chars must be positive")
    start = 0
    while len(text) - start > max_chars:
        cut = _best_cut(text, start, start + max_chars)
        yield start, text[start:cut]
        start = cut
    if start < len(text) or not text:
        yield start, text[start:]


def _best_cut(text: str, start: int, limit: int) -> int:
    floor = start + (limit - start) // 2
    for pattern in BOUNDARIES:
        last_end = None
        for match in pattern.finditer(text, floor, limit):
            last_end = match.end()
        if last_end is not None and last_end > start:
            return last_end
    return limit
