"""The plain records that flow through nerpipe: documents in, mentions out."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

#: Where a mention came from.
SOURCE_PATTERN = "pattern"
SOURCE_MODEL = "model"
#: Found by a case rule (pipeline/case_rules.py) from how a name is written, not from a list.
SOURCE_RULE = "rule"
#: Given its label by an analyst's correction (a relabel), which every later stage keeps.
SOURCE_ANALYST = "analyst"
#: The metadata key of a document's OCR'd pages: [[page, mean word confidence], ...].
OCR_METADATA = "ocr"


def ocr_pages(metadata: Mapping[str, Any]) -> dict[int, float]:
    """A document's OCR'd pages, page -> Tesseract's mean word confidence (0-100); empty when
    none were OCR'd or the metadata is not what the OCR reader wrote."""
    found: dict[int, float] = {}
    entries = metadata.get(OCR_METADATA)
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, list) and len(entry) == 2 and all(isinstance(v, int | float) for v in entry):
            found[int(entry[0])] = float(entry[1])
    return found


@dataclass(frozen=True, slots=True)
class Document:
    """A document's text and what we know about it, independent of its original format.

    `page_starts[i]` is the text offset where page i+1 begins (PDF; empty for formats without
    pages); `sections` marks named parts ("header", "body", "attachment ..."), each
    `(start offset, name)`. An e-mail's attachments are documents of their own with `parent` set
    to the e-mail's id.
    """

    id: str
    filename: str
    media_type: str
    text: str
    size: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    page_starts: tuple[int, ...] = ()
    sections: tuple[tuple[int, str], ...] = ()
    parent: str | None = None
    attachments: tuple[Document, ...] = ()

    @property
    def pages(self) -> int | None:
        return len(self.page_starts) or None

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding this text offset, or None when the format has no pages."""
        if not self.page_starts:
            return None
        return max(bisect_right(self.page_starts, offset), 1)

    def section_at(self, offset: int) -> str | None:
        if not self.sections:
            return None
        index = bisect_right([start for start, _ in self.sections], offset) - 1
        return self.sections[max(index, 0)][1]

    def with_attachments(self) -> list[Document]:
        """This document followed by its attachments (and theirs), depth first."""
        documents = [self]
        for attachment in self.attachments:
            documents.extend(attachment.with_attachments())
        return documents


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
    #: 1-based PDF page; None for formats without pages.
    page: int | None = None
    #: Read by OCR from a scanned page or an image, not from a text layer: check it against the scan.
    ocr: bool = False
    #: Character offsets of the mention's sentence in the document text (evidence for the graph).
    sentence_start: int = 0
    sentence_end: int = 0
    #: The dependency path from the mention up to its sentence's root: (token offset, verb lemma or "").
    #: Empty when the pipeline ran without a parser.
    head_path: tuple[tuple[int, str], ...] = ()

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
    #: sha256 over the pattern files' names and contents: tells when stored results are stale.
    patterns_hash: str = ""

    def describe(self) -> str:
        counts = ", ".join(f"{label} {n}" for label, n in sorted(self.pattern_counts.items()))
        return (
            f"pipeline {self.name} {self.version} ({self.reason}) from {self.path}; "
            f"components: {', '.join(self.components)}; patterns: {counts or 'none'}"
        )
