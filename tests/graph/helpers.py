"""Tiny literal mentions for graph tests: offsets computed from the text, so they always slice."""

from __future__ import annotations

import re

from nerpipe.types import Mention


def mentions_in(
    doc: str,
    text: str,
    names: list[tuple[str, str]],
    *,
    pattern_ids: dict[str, str] | None = None,
    page: int | None = None,
) -> list[Mention]:
    """A Mention for every occurrence of each (name, label); sentences split at '. ' and blank lines."""
    pattern_ids = pattern_ids or {}
    bounds = [0, *(m.end() for m in re.finditer(r"(?<=[.!?])\s+|\n\s*\n", text)), len(text)]
    found = []
    for name, label in names:
        for match in re.finditer(re.escape(name), text):
            index = max(i for i, b in enumerate(bounds[:-1]) if b <= match.start())
            found.append(
                Mention(
                    doc=doc,
                    text=name,
                    label=label,
                    start=match.start(),
                    end=match.end(),
                    sentence=index,
                    source="pattern" if name in pattern_ids else "model",
                    pattern_id=pattern_ids.get(name),
                    confidence=1.0 if name in pattern_ids else None,
                    page=page,
                    sentence_start=bounds[index],
                    sentence_end=bounds[index + 1],
                )
            )
    return sorted(found, key=lambda m: m.start)
