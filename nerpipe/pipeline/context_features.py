"""Candidate names and what the text around them says, for the context model (context_ner.py).

The case NER keys on the word itself: it finds a made-up drug name in "positive for zorblat" but not
an everyday word it never saw as a drug ("positive for glass"). These features describe a candidate
span by its neighbours (words, lemmas, word classes), its shape and its word class, never by the
words inside it, so what the model learns about "positive for ___" carries over to any word.
`neighbour_vectors` adds the base pipeline's contextual vectors (doc.tensor) of the words either
side, which also say something about a neighbour never seen beside a name in training.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Iterable, Iterator

import numpy as np
from spacy.tokens import Doc, Token

from nerpipe.pipeline.word_classes import WordClasses

#: Features are hashed into this many slots (a trained model's weights have one row per slot).
FEATURE_SLOTS = 1 << 18
#: Longest candidate, in tokens ("M - boxes", "perc 30s").
MAX_TOKENS = 4
#: Brown-cluster prefix lengths (in bits) used for the words around a candidate, and for its last word.
CONTEXT_CLUSTER_BITS = (4, 8, 12, None)
HEAD_CLUSTER_BITS = (6, 10, None)
_JOINERS = {"-", "/"}


def candidates(doc: Doc, taken: Iterable[int] = ()) -> Iterator[tuple[int, int]]:
    """(start, end) token spans of up to MAX_TOKENS that could be a name: no punctuation, line
    break or stop word at either edge, nothing inside but words, numbers, hyphens and slashes, and
    no token in `taken` (an entity found before)."""
    blocked = set(taken)
    for start, token in enumerate(doc):
        if start in blocked or not _can_edge(token):
            continue
        for end in range(start + 1, min(len(doc), start + MAX_TOKENS) + 1):
            last = doc[end - 1]
            if end - 1 in blocked or not (_can_edge(last) or last.like_num or last.text in _JOINERS):
                break
            if _can_edge(last):
                yield start, end


def _can_edge(token: Token) -> bool:
    return (
        not (token.is_punct or token.is_space or token.is_stop or token.is_quote or token.is_bracket)
        and not (token.like_num and len(token) < 3)
        and any(char.isalnum() for char in token.text)
    )


def span_features(doc: Doc, start: int, end: int, classes: WordClasses) -> list[int]:
    """Hashed feature slots for tokens start..end of `doc` (for many spans of one doc, DocFeatures
    is faster)."""
    return DocFeatures(doc, classes).span(start, end)


class DocFeatures:
    """Feature slots of the spans of one doc. What depends on one position (the words before a start,
    after an end, the last word) is worked out once per position, not once per span."""

    def __init__(self, doc: Doc, classes: WordClasses) -> None:
        self.doc, self.classes = doc, classes
        self.words = [_word(doc, i) for i in range(len(doc))]
        self.clusters = [classes.cluster(token.text) for token in doc]
        self.lemmas = [classes.lemma(token.text) for token in doc]
        self._before: dict[int, tuple[list[str], list[int]]] = {}
        self._after: dict[int, tuple[list[str], list[int]]] = {}
        self._head: dict[int, list[int]] = {}

    def span(self, start: int, end: int) -> list[int]:
        before, before_slots = self.before(start)
        after, after_slots = self.after(end)
        own = [
            f"LR={before[0]}|{after[0]}",
            f"L2R={before[0]}|{before[1]}|{after[0]}",
            f"tokens={end - start}",
            f"shape={'_'.join(self.doc[i].shape_[:6] for i in range(start, end))}",
            f"case={_casing(self.doc[start:end].text, self.doc[start].is_title)}",
        ]
        return before_slots + after_slots + _slots(own) + self.head(end - 1)

    def word(self, index: int) -> str:
        return self.words[index] if 0 <= index < len(self.words) else "<edge>"

    def cluster(self, index: int) -> int:
        return self.clusters[index] if 0 <= index < len(self.clusters) else 0

    def lemma(self, index: int) -> str:
        return self.lemmas[index] if 0 <= index < len(self.lemmas) else "<edge>"

    def before(self, start: int) -> tuple[list[str], list[int]]:
        """The three words before `start`, and the slots of what they say."""
        if start not in self._before:
            words = [self.word(start - k) for k in (1, 2, 3)]
            lemmas = [self.lemma(start - k) for k in (1, 2)]
            names = [
                "bias",
                *(f"L{k}={w}" for k, w in enumerate(words, 1)),
                f"L12={words[0]}|{words[1]}",
                f"L123={'|'.join(words)}",
                f"lL1={lemmas[0]}",
                f"lL2={lemmas[1]}",
                f"lL12={lemmas[0]}|{lemmas[1]}",
            ]
            left = (self.cluster(start - 1), self.cluster(start - 2))
            clusters = [
                *_cluster_slots("cL1", left[0], CONTEXT_CLUSTER_BITS),
                *_cluster_slots("cL2", left[1], CONTEXT_CLUSTER_BITS),
            ]
            self._before[start] = (words, _slots(names) + clusters)
        return self._before[start]

    def after(self, end: int) -> tuple[list[str], list[int]]:
        """The three words from `end` on, and the slots of what they say."""
        if end not in self._after:
            words = [self.word(end + k) for k in (0, 1, 2)]
            names = [
                *(f"R{k}={w}" for k, w in enumerate(words, 1)),
                f"R12={words[0]}|{words[1]}",
                f"R123={'|'.join(words)}",
            ]
            right = (self.cluster(end), self.cluster(end + 1))
            clusters = [
                *_cluster_slots("cR1", right[0], CONTEXT_CLUSTER_BITS),
                *_cluster_slots("cR2", right[1], CONTEXT_CLUSTER_BITS),
            ]
            self._after[end] = (words, _slots(names) + clusters)
        return self._after[end]

    def head(self, last: int) -> list[int]:
        """The slots of the span's last word: its suffix, word class and frequency, not the word."""
        if last not in self._head:
            token = self.doc[last]
            names = [f"suffix={token.lower_[-3:]}", f"logprob={self.classes.log_prob(token.text)}"]
            self._head[last] = [*_slots(names), *_cluster_slots("cH", self.clusters[last], HEAD_CLUSTER_BITS)]
        return self._head[last]


def neighbour_vectors(doc: Doc, spans: list[tuple[int, int]]) -> np.ndarray:
    """One row per (start, end) span: doc.tensor's vector of the token before it, then of the token
    after it (zeros past either edge). Zero columns when the doc has no tensor (no tok2vec ran)."""
    padded = padded_tensor(doc)
    if padded is None:
        return np.zeros((len(spans), 0), dtype=np.float32)
    before, after = neighbour_rows(spans)
    return np.hstack([padded[before], padded[after]])


def padded_tensor(doc: Doc) -> np.ndarray | None:
    """doc.tensor with a row of zeros before the first token and after the last (token i is row
    i + 1), or None when the doc has no tensor."""
    tensor = doc.tensor
    if tensor is None or tensor.ndim != 2 or tensor.shape[0] != len(doc) or not len(doc):
        return None
    edge = np.zeros((1, tensor.shape[1]), dtype=np.float32)
    return np.vstack([edge, np.asarray(tensor, dtype=np.float32), edge])


def neighbour_rows(spans: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """The rows of `padded_tensor` of the token before each span and of the token after it."""
    return np.array([start for start, _ in spans], dtype=int), np.array([end for _, end in spans], dtype=int) + 1


def _slots(names: list[str]) -> list[int]:
    return [zlib.crc32(name.encode("utf-8")) % FEATURE_SLOTS for name in names]


def _word(doc: Doc, index: int) -> str:
    if not 0 <= index < len(doc):
        return "<edge>"
    token = doc[index]
    if token.like_num:
        return "<num>"
    if token.is_space:
        return "<space>"
    return token.lower_


def _casing(text: str, title: bool) -> str:
    if text.islower():
        return "lower"
    if text.isupper():
        return "upper"
    return "title" if title else "mixed"


@functools.lru_cache(maxsize=65536)
def _cluster_slots(tag: str, cluster: int, bits: tuple[int | None, ...]) -> tuple[int, ...]:
    """Slots for the prefixes of a Brown-cluster path (the tables store the path from its low bit up)."""
    return tuple(_slots([f"{tag}{n or 'all'}={cluster if n is None else cluster & ((1 << n) - 1)}" for n in bits]))
