"""A stored case made of tiny literal documents and mentions, for timeline, cross-case and CLI tests."""

from __future__ import annotations

import hashlib

from nerpipe.store import Store
from nerpipe.types import Document, PipelineInfo
from tests.graph.helpers import mentions_in

INFO = PipelineInfo("test", "0", "-", "test", ())


def add_text(
    store: Store,
    case: str,
    filename: str,
    text: str,
    names: list[tuple[str, str]],
    *,
    metadata: dict | None = None,
    pattern_ids: dict[str, str] | None = None,
) -> str:
    """Store a document with a mention of every occurrence of each (name, label); returns its sha256."""
    sha = hashlib.sha256((case + filename + text).encode()).hexdigest()
    document = Document(sha, filename, "text/plain", text, size=len(text), metadata=metadata or {})
    store.add_document(case, document, mentions_in(sha, text, names, pattern_ids=pattern_ids), INFO, "h")
    return sha
