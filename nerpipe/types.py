"""The plain records that flow through nerpipe: documents in, mentions out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Where a mention came from.
SOURCE_PATTERN = "pattern"
SOURCE_MODEL = "model"


@dataclass(frozen=True, slots=True)
class Document:
    """A document's text and what we know about it, independent of its original format."""

    id: str
    filename: str
    media_type: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention; `start`/`end` are character offsets into the document's text."""

    doc: str
    text: str
    label: str
    start: int
    end: int
    sentence: int
    source: str
    pattern_id: str | None
    confidence: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class PipelineInfo:
    """Which spaCy pipeline is in use and why: shown by the CLI (--verbose) and the dashboard."""

    name: str
    version: str
    path: str
    reason: str
    components: tuple[str, ...]
    pattern_counts: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        counts = ", ".join(f"{label} {n}" for label, n in sorted(self.pattern_counts.items()))
        return (
            f"pipeline {self.name} {self.version} ({self.reason}) from {self.path}; "
            f"components: {', '.join(self.components)}; patterns: {counts or 'none'}"
        )
