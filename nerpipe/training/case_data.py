"""Training data from a case: its corrected documents, with their mentions as they stand after the
analysts' decisions, split into a training part and a held-out part.

Every document with at least one decision (reject, relabel, add) is taken whole: its other mentions,
which the analyst saw and left, count as right, so the model learns the document as corrected. Long
documents are cut into pieces at blank lines or sentence ends (never inside a mention) so that one
document does not make one huge training batch.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from nerpipe.store import Store
from nerpipe.training.convert import AnnotatedText, Span
from nerpipe.types import Mention

#: A case needs this many corrected documents: at least two to learn from and one held out.
MIN_DOCUMENTS = 3
#: Training pieces are cut to about this many characters.
PIECE_CHARS = 1500
#: The labels a case model's NER learns besides the base NER's own.
CUSTOM_LABELS = frozenset({"DRUG", "GANG_ORG", "WEAPON"})
_CUT = re.compile(r"\n\s*\n|(?<=[.!?])\s+")


@dataclass(frozen=True, slots=True)
class CaseDocument:
    sha256: str
    filename: str
    item: AnnotatedText


@dataclass(frozen=True, slots=True)
class CaseData:
    case: str
    train: list[CaseDocument]
    held_out: list[CaseDocument]

    @property
    def documents(self) -> int:
        return len(self.train) + len(self.held_out)


def corrected_documents(store: Store, case: str, labels: Iterable[str]) -> list[CaseDocument]:
    """The case's documents with at least one decision, each with its mentions after the decisions
    (only those of `labels` and the labels the analysts gave), in a fixed order."""
    decisions = store.list_decisions(case)
    shas = sorted({d["sha256"] for d in decisions})
    if not shas:
        return []
    wanted = set(labels) | {str(d["label"]) for d in decisions if d.get("label")}
    texts = store.texts_of(case, shas)
    names = store.filenames(case)
    found = []
    for sha in shas:
        if sha not in texts:  # the document was deleted since: its decisions went with it
            continue
        spans = _without_overlaps(store.load_mentions(case, document=sha), wanted)
        found.append(CaseDocument(sha, names.get(sha, sha), AnnotatedText(texts[sha], spans)))
    return found


def _without_overlaps(mentions: list[Mention], labels: set[str]) -> list[Span]:
    """Mentions of `labels` as spans, the first of any two that overlap kept (the NER cannot learn both)."""
    spans: list[Span] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if mention.label not in labels or (spans and mention.start < spans[-1].end):
            continue
        spans.append(Span(mention.start, mention.end, mention.label))
    return spans


def held_out_count(documents: int) -> int:
    """About a quarter, at least one."""
    return max(1, (documents + 2) // 4)


def split_documents(documents: list[CaseDocument]) -> tuple[list[CaseDocument], list[CaseDocument]]:
    """(train, held out): the held-out part chosen by a hash of each document's sha256, so the same
    case always holds out the same documents and a new correction does not reshuffle them."""
    ranked = sorted(documents, key=lambda d: hashlib.sha256(f"held-out:{d.sha256}".encode()).hexdigest())
    count = held_out_count(len(documents))
    held = {d.sha256 for d in ranked[:count]}
    return [d for d in documents if d.sha256 not in held], [d for d in documents if d.sha256 in held]


def pieces(item: AnnotatedText, limit: int = PIECE_CHARS) -> list[AnnotatedText]:
    """`item` cut at blank lines or sentence ends into pieces of about `limit` characters, never
    inside a span; whitespace-only pieces are dropped."""
    inside = [False] * (len(item.text) + 1)
    for span in item.spans:
        for i in range(span.start + 1, span.end):
            inside[i] = True
    cuts = [m.end() for m in _CUT.finditer(item.text) if not inside[m.start()] and not inside[m.end()]]
    chosen, last = [], 0
    previous = None
    for cut in cuts:
        if cut - last > limit and previous is not None and previous > last:
            chosen.append(previous)
            last = previous
        previous = cut
    bounds = [0, *chosen, len(item.text)]
    result = []
    for start, end in pairwise(bounds):
        text = item.text[start:end]
        if not text.strip():
            continue
        spans = [Span(s.start - start, s.end - start, s.label) for s in item.spans if start <= s.start and s.end <= end]
        result.append(AnnotatedText(text, spans))
    return result


def training_items(documents: list[CaseDocument]) -> list[AnnotatedText]:
    return [piece for document in documents for piece in pieces(document.item)]
