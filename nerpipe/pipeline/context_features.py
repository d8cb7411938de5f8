"""Candidate names and what the text around them says, for the context model (context_ner.py).

The case NER keys on the word itself: it finds a made-up drug name in "positive for zorblat" but not
an everyday word it never saw as a drug ("positive for glass"). These features describe a candidate
span by its neighbours (words, lemmas, word classes), its shape and its word class, never by the
words inside it, so what the model learns about "positive for ___" carries over to any word.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

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
    """Hashed feature slots for tokens start..end of `doc`."""
    before = [_word(doc, start - k) for k in (1, 2, 3)]
    after = [_word(doc, end + k) for k in (0, 1, 2)]
    names = [
        "bias",
        *(f"L{k}={w}" for k, w in enumerate(before, 1)),
        *(f"R{k}={w}" for k, w in enumerate(after, 1)),
        f"L12={before[0]}|{before[1]}",
        f"L123={'|'.join(before)}",
        f"R12={after[0]}|{after[1]}",
        f"R123={'|'.join(after)}",
        f"LR={before[0]}|{after[0]}",
        f"L2R={before[0]}|{before[1]}|{after[0]}",
        f"tokens={end - start}",
        f"shape={'_'.join(doc[i].shape_[:6] for i in range(start, end))}",
        f"case={_casing(doc[start:end].text, doc[start].is_title)}",
        f"suffix={doc[end - 1].lower_[-3:]}",
    ]
    for tag, index in (("L1", start - 1), ("L2", start - 2), ("R1", end), ("R2", end + 1)):
        cluster = classes.cluster(doc[index].text) if 0 <= index < len(doc) else 0
        names += _cluster_names(f"c{tag}", cluster, CONTEXT_CLUSTER_BITS)
    lemmas = [_lemma(doc, start - k, classes) for k in (1, 2)]
    names += [f"lL1={lemmas[0]}", f"lL2={lemmas[1]}", f"lL12={lemmas[0]}|{lemmas[1]}"]
    head = doc[end - 1].text
    names += _cluster_names("cH", classes.cluster(head), HEAD_CLUSTER_BITS)
    names.append(f"logprob={classes.log_prob(head)}")
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


def _lemma(doc: Doc, index: int, classes: WordClasses) -> str:
    return classes.lemma(doc[index].text) if 0 <= index < len(doc) else "<edge>"


def _casing(text: str, title: bool) -> str:
    if text.islower():
        return "lower"
    if text.isupper():
        return "upper"
    return "title" if title else "mixed"


def _cluster_names(tag: str, cluster: int, bits: tuple[int | None, ...]) -> list[str]:
    """Prefixes of a Brown-cluster path (the tables store the path from its low bit up)."""
    return [f"{tag}{n or 'all'}={cluster if n is None else cluster & ((1 << n) - 1)}" for n in bits]
