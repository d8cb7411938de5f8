"""A case's search results as an analyst reads them: ranked documents, each with a snippet around
its first hit (the words marked «like this», card numbers masked), the page it is on and its place
in the text, so a view can open the document there.

The database ranks (store.search_documents); the snippet is cut here, the same way for SQLite and
PostgreSQL, for the few documents shown only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from nerpipe.graph.cooccur import marked_snippet
from nerpipe.search.query import Term, compile_query, fold, positive_terms
from nerpipe.store import Store

SNIPPET_BEFORE, SNIPPET_AFTER = 100, 200
DEFAULT_LIMIT = 50


@dataclass(frozen=True, slots=True)
class SearchHit:
    document_id: int
    sha256: str
    filename: str
    score: float
    #: The first hit's offsets in the document text, and its page (None without pages).
    start: int
    end: int
    page: int | None
    snippet: str
    #: How many times the query's words occur in the document.
    hits: int
    #: Where each of them is (start, end), in text order: the opened document marks them all.
    places: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    total: int
    hits: list[SearchHit]


def search_case(
    store: Store,
    case: str,
    query: str,
    *,
    only_documents: Iterable[str] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> SearchResults:
    """Ranked hits for `query` (see nerpipe.search.query for the syntax; a malformed query raises
    QueryError). `only_documents` (sha256s) narrows the search, e.g. to an entity's documents."""
    node = compile_query(query)
    ranked, total = store.search_documents(case, node, only_sha256=only_documents, limit=limit)
    patterns = [_term_pattern(term) for term in positive_terms(node)]
    hits = []
    for rank, document, document_id in ranked:
        places = _places(document.text, patterns)
        start, end = places[0] if places else (0, 0)
        window_start = max(start - SNIPPET_BEFORE, 0)
        window_end = min(end + SNIPPET_AFTER, len(document.text))
        window_start = _word_edge(document.text, window_start, backwards=True)
        window_end = _word_edge(document.text, window_end, backwards=False)
        inside = [(s, e) for s, e in places if s >= window_start and e <= window_end]
        snippet = marked_snippet(document.text, window_start, window_end, inside)
        prefix = "… " if window_start > 0 else ""
        suffix = " …" if window_end < len(document.text) else ""
        hits.append(
            SearchHit(
                document_id=document_id,
                sha256=document.id,
                filename=document.filename,
                score=round(rank.score, 4),
                start=start,
                end=end,
                page=document.page_at(start),
                snippet=prefix + snippet + suffix,
                hits=len(places),
                places=tuple(places),
            )
        )
    return SearchResults(query, total, hits)


def _term_pattern(term: Term) -> re.Pattern[str]:
    """A word or phrase as it may be written: its terms apart by anything but letters and digits."""
    words = [re.escape(word) for word in term.words]
    tail = r"[^\W_]*" if term.prefix else ""
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(words) + tail + r"(?![^\W_])")


def _places(text: str, patterns: list[re.Pattern[str]]) -> list[tuple[int, int]]:
    """Where the words occur, in text order, on a folded copy of the text of the same length."""
    folded = _folded_same_length(text)
    found = sorted({(m.start(), m.end()) for pattern in patterns for m in pattern.finditer(folded)})
    kept: list[tuple[int, int]] = []
    for start, end in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _folded_same_length(text: str) -> str:
    """Case and accents folded character by character, where that keeps one character for one
    (offsets into the copy are offsets into the text)."""
    if text.isascii():
        return text.lower()
    out = []
    for ch in text:
        folded = fold(ch)
        out.append(folded if len(folded) == 1 else ch.lower() if len(ch.lower()) == 1 else ch)
    return "".join(out)


def _word_edge(text: str, position: int, *, backwards: bool) -> int:
    """Move a snippet edge to white space, at most 30 characters, so it does not cut a word."""
    step = -1 if backwards else 1
    for moved in range(30):
        at = position + step * moved
        if at <= 0 or at >= len(text):
            return max(min(at, len(text)), 0)
        if text[at].isspace():
            return at + (1 if backwards else 0)
    return position
