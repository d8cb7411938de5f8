"""What a format reader returns, and a builder that keeps page and section offsets right.

Readers return `Extracted` rather than a `Document`: the one place that builds Documents
(`nerpipe.ingest.ingest_bytes`) adds the id, the detected type and the attachments' documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_RUNS_OF_SPACES = re.compile(r"[ \t\u00a0]{2,}")


@dataclass(slots=True)
class Extracted:
    text: str
    page_starts: tuple[int, ...] = ()
    sections: tuple[tuple[int, str], ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: (filename, bytes) of attachments, read as documents of their own.
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


def tidy(text: str) -> str:
    """Uniform whitespace: no trailing spaces, runs of spaces collapsed, at most one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _RUNS_OF_SPACES.sub(" ", text)
    text = _TRAILING_SPACE.sub("\n", text)
    return _MANY_BLANK_LINES.sub("\n\n", text).strip()


class TextBuilder:
    """Joins blocks of text with blank lines (a sentence boundary for the NER), recording where
    each page or section starts."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.page_starts: list[int] = []
        self.sections: list[tuple[int, str]] = []

    def _separate(self) -> None:
        if self._length:
            self._parts.append("\n\n")
            self._length += 2

    def start_page(self) -> None:
        self._separate_if_needed_for_marker()
        self.page_starts.append(self._length)

    def start_section(self, name: str) -> None:
        self._separate_if_needed_for_marker()
        self.sections.append((self._length, name))

    def _separate_if_needed_for_marker(self) -> None:
        if self._length and not self._parts[-1].endswith("\n\n"):
            self._separate()

    def add(self, block: str) -> None:
        """Append one block (paragraph, table row group, page text...), separated by a blank line."""
        block = block.strip()
        if not block:
            return
        if self._length and not self._parts[-1].endswith("\n\n"):
            self._separate()
        self._parts.append(block)
        self._length += len(block)

    def text(self) -> str:
        text = "".join(self._parts)
        return text[:-2] if text.endswith("\n\n") else text

    def extracted(self, **fields: Any) -> Extracted:
        text = self.text()
        return Extracted(
            text=text,
            page_starts=tuple(min(p, len(text)) for p in self.page_starts),
            sections=tuple((min(s, len(text)), n) for s, n in self.sections),
            **fields,
        )
