"""Cut long texts into pieces spaCy can take, at natural boundaries, keeping exact offsets, and
group pieces into batches whose size is bounded in characters, not only in pieces.

Memory in spaCy grows with the characters of a batch: 64 pieces of 100,000 characters each held
a 52 MB text's first batch at 19 GB. Time in its tokenizer grows much faster than the length of a
run without white space when the run is punctuation it strips one character at a time (20,000
"(" took two minutes): such runs are broken up, one character for one, before spaCy sees them. A
web address or an e-mail address is left whole up to `MAX_ADDRESS_CHARS` (tracking links run to a few
hundred characters, and the identifier finder must see all of one); its characters cost the tokenizer
little, since it strips no run of punctuation there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

#: Characters in one `nlp.pipe` batch at most (one piece longer than this is a batch of its own).
BATCH_CHARS = 200_000
#: Longest run without white space that spaCy is given whole; longer ones get a space every so often.
MAX_RUN_CHARS = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")
#: Longest web or e-mail address given to spaCy whole.
MAX_ADDRESS_CHARS = 2048
_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s()<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)

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


def batches(
    items: Iterable[tuple[str, T]], max_items: int, max_chars: int = BATCH_CHARS
) -> Iterator[list[tuple[str, T]]]:
    """(text, context) items in order, in lists of at most `max_items` items and `max_chars`
    characters (an item longer than that alone). Consumes `items` lazily."""
    batch: list[tuple[str, T]] = []
    chars = 0
    for item in items:
        if batch and (len(batch) >= max_items or chars + len(item[0]) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[0])
    if batch:
        yield batch


def break_long_runs(text: str, max_run: int = MAX_RUN_CHARS) -> str:
    """`text`, or a copy of the same length in which every run of more than `max_run` characters
    without white space has a space in place of every (max_run + 1)-th character."""
    if len(text) <= max_run:
        return text
    pattern = _LONG_RUN if max_run == MAX_RUN_CHARS else re.compile(rf"\S{{{max_run + 1},}}")

    def broken(match: re.Match[str]) -> str:
        address = _ADDRESS.match(match.group())
        rest = match.group()[address.end() :] if address else None
        if (
            rest is not None
            and len(rest) <= 3
            and not rest.strip(".,;:!?)]}\"'")
            and len(match.group()) <= MAX_ADDRESS_CHARS
        ):
            return match.group()  # an address, with the punctuation that ends its sentence
        run = list(match.group())
        run[max_run :: max_run + 1] = " " * len(run[max_run :: max_run + 1])
        return "".join(run)

    return pattern.sub(broken, text) if pattern.search(text) else text
