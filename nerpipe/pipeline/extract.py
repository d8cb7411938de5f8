"""Texts in, mentions out: one `nlp.pipe` pass over all texts, no re-parsing.

Long texts are cut into chunks at paragraph/sentence boundaries (see `chunking`), and offsets and
sentence numbers are shifted back so they always refer to the whole original text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from nerpipe.pipeline.case_rules import RULE_CONFIDENCE
from nerpipe.pipeline.chunking import BATCH_CHARS, batches, break_long_runs, split_text
from nerpipe.pipeline.confidence import entity_confidence
from nerpipe.pipeline.entity_edits import rule_id
from nerpipe.pipeline.workers import pipe_in_workers
from nerpipe.types import SOURCE_MODEL, SOURCE_PATTERN, SOURCE_RULE, Document, Mention, ocr_pages

#: Called with the number of characters just processed, for progress displays.
ProgressCallback = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class _Chunk:
    item: int
    doc: str
    offset: int
    length: int
    #: The piece itself, when spaCy was given a copy with long runs broken up (see chunking).
    original: str | None = None


def extract(
    nlp: Language,
    texts: Iterable[tuple[str, str]],
    *,
    labels: Iterable[str] | None = None,
    batch_size: int = 64,
    batch_chars: int = BATCH_CHARS,
    chunk_chars: int = 100_000,
    n_process: int = 1,
    on_progress: ProgressCallback | None = None,
) -> Iterator[Mention]:
    """Yield the mentions of each `(doc_id, text)` pair, in text order.

    Texts are read lazily and go through spaCy in pieces of at most `chunk_chars` and batches of
    at most `batch_size` pieces and `batch_chars` characters, so memory is bounded by a batch,
    not by a document; only mentions are kept. `n_process` > 1 runs the pipeline in that many
    worker processes (forked: each shares the loaded pipeline; see `workers`), worth it for large
    batches.

    >>> mentions = list(extract(nlp, [("memo.txt", "Agents seized fentanyl.")]))
    >>> mentions[0].label, mentions[0].start, mentions[0].end
    ('DRUG', 14, 22)
    """
    wanted = frozenset(labels) if labels is not None else None
    limit = min(chunk_chars, nlp.max_length)
    chunks = _chunks(texts, limit)

    def chunk_mentions(doc: Doc, chunk: _Chunk) -> tuple[list[Mention], int]:
        """The chunk's mentions, numbering its sentences from 0, and how many sentences it has."""
        sentences = list(doc.sents)
        return list(_mentions(doc, chunk, 0, sentences, wanted)), len(sentences)

    if n_process > 1:
        results = pipe_in_workers(
            nlp, chunks, chunk_mentions, workers=n_process, batch_size=batch_size, batch_chars=batch_chars
        )
    else:
        results = (
            (chunk, chunk_mentions(doc, chunk))
            for batch in batches(chunks, batch_size, batch_chars)
            for doc, chunk in nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
        )
    current_item, sentence_base = -1, 0
    for chunk, (mentions, sentence_count) in results:
        if chunk.item != current_item:
            current_item, sentence_base = chunk.item, 0
        for mention in mentions:
            if chunk.original is not None:  # the text as written, not as spaCy was given it
                start = mention.start - chunk.offset
                mention = replace(mention, text=chunk.original[start : start + len(mention.text)])
            yield replace(mention, sentence=mention.sentence + sentence_base) if sentence_base else mention
        sentence_base += sentence_count
        if on_progress is not None:
            on_progress(chunk.length)


def extract_documents(
    nlp: Language,
    documents: Iterable[Document],
    *,
    key: Callable[[Document], str] = lambda document: document.id,
    **options: Any,
) -> Iterator[Mention]:
    """The mentions of each document, with the PDF page each one is on. A mention's `doc` is
    `key(document)`: the content hash by default, the name as given on the command line."""
    by_key: dict[str, Document] = {}
    scanned: dict[str, dict[int, float]] = {}

    def texts() -> Iterator[tuple[str, str]]:
        for document in documents:
            by_key[key(document)] = document
            scanned[key(document)] = ocr_pages(document.metadata)
            yield key(document), document.text

    for mention in extract(nlp, texts(), **options):
        document = by_key[mention.doc]
        if document.page_starts:
            page = document.page_at(mention.start)
            mention = replace(mention, page=page, ocr=page in scanned[mention.doc])
        yield mention


def extract_text(nlp: Language, text: str, doc_id: str = "-", **options: object) -> list[Mention]:
    """The mentions of one text (convenience for callers with a single text)."""
    return list(extract(nlp, [(doc_id, text)], **options))  # type: ignore[arg-type]


def _chunks(texts: Iterable[tuple[str, str]], limit: int) -> Iterator[tuple[str, _Chunk]]:
    for item, (doc_id, text) in enumerate(texts):
        pieces = [(0, text)] if len(text) <= limit else split_text(text, limit)
        for offset, piece in pieces:
            given = break_long_runs(piece)
            yield given, _Chunk(item, doc_id, offset, len(piece), None if given is piece else piece)


def _mentions(
    doc: Doc,
    chunk: _Chunk,
    sentence_base: int,
    sentences: list[Span],
    wanted: frozenset[str] | None,
) -> Iterator[Mention]:
    starts = [sent.start for sent in sentences]
    parsed = doc.has_annotation("DEP")
    for ent in doc.ents:
        if wanted is not None and ent.label_ not in wanted:
            continue
        index = max(bisect_right(starts, ent.start) - 1, 0)
        sentence = sentences[index]
        # Every ruler pattern carries an id (see PatternEntry.ruler_dict); NER spans have none.
        pattern_id = ent.ent_id_ or None
        yield Mention(
            doc=chunk.doc,
            text=ent.text,
            label=ent.label_,
            start=chunk.offset + ent.start_char,
            end=chunk.offset + ent.end_char,
            sentence=sentence_base + index,
            source=mention_source(ent),
            pattern_id=pattern_id,
            confidence=mention_confidence(ent),
            sentence_start=chunk.offset + sentence.start_char,
            sentence_end=chunk.offset + sentence.end_char,
            head_path=_head_path(ent, chunk.offset) if parsed else (),
        )


def mention_source(ent: Span) -> str:
    """A case rule's entity says so (it may carry a pattern's id: an abbreviation of a listed name)."""
    if rule_id(ent) is not None:
        return SOURCE_RULE
    return SOURCE_PATTERN if ent.ent_id_ else SOURCE_MODEL


def mention_confidence(ent: Span) -> float | None:
    """1.0 for a pattern match (it carries its pattern's id), a rule's own confidence for a rule's
    entity, else the model's probability for it (None when the pipeline computed none)."""
    rule = rule_id(ent)
    if rule is not None:
        return RULE_CONFIDENCE.get(rule)
    return 1.0 if ent.ent_id_ else entity_confidence(ent.doc, ent.start, ent.end, ent.label_)


def _head_path(ent: Span, offset: int) -> tuple[tuple[int, str], ...]:
    """The mention's root and its ancestors up to the sentence root, with verb lemmas, so that
    the graph can find the verbs between two mentions without the parsed Doc."""
    path = []
    token = ent.root
    while True:
        path.append((offset + token.idx, token.lemma_ if token.pos_ in ("VERB", "AUX") else ""))
        if token.head.i == token.i or len(path) > 64:
            return tuple(path)
        token = token.head
