"""Where words occur in a text as words (not inside longer ones): how an analyst who types a name
marks it (the dashboard, `nerpipe correct add --words`), and how an added mention is carried to
the name's other occurrences (Store.add_mention)."""

from __future__ import annotations

import re


def word_occurrences(text: str, words: str) -> list[tuple[int, int]]:
    """(start, end) of every exact occurrence of `words` (trimmed) in `text` at word boundaries,
    in order; none for blank words.

    >>> word_occurrences("fentanyl, not fentanyls; fentanyl", "fentanyl")
    [(0, 8), (25, 33)]
    """
    words = words.strip()
    if not words:
        return []
    return [match.span() for match in re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", text)]
