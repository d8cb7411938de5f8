"""Candidate spans and their features: the words around a span, never the words inside it."""

from __future__ import annotations

import numpy as np
import spacy

from nerpipe.pipeline.context_features import MAX_TOKENS, candidates, neighbour_vectors, span_features
from nerpipe.pipeline.word_classes import WordClasses

NLP = spacy.blank("en")
CLASSES = WordClasses({"selling": 0b1010, "moving": 0b1010}, {"glass": -10}, {"sold": "sell"})


def spans(text: str, taken: set[int] = frozenset()) -> list[str]:
    doc = NLP(text)
    return [doc[start:end].text for start, end in candidates(doc, taken)]


def test_candidates_have_no_stop_word_punctuation_or_taken_token_at_an_edge():
    found = spans("He sold the M-boxes, glass.")
    assert "M-boxes" in found and "glass" in found and "sold" in found
    assert not any(s.startswith(("the", "He")) or s.endswith((",", ".")) for s in found)
    assert "M-" not in found and "boxes, glass" not in found
    assert "M-boxes" not in spans("He sold the M-boxes, glass.", taken={3})
    assert all(len(NLP(s)) <= MAX_TOKENS for s in spans("alpha beta gamma delta epsilon zeta"))


def test_candidates_stop_at_a_line_break():
    assert "crank\nBlack" not in spans("i got crank\nBlack ice")


def test_two_unseen_words_of_one_shape_in_one_context_look_the_same():
    """What the model learns from "positive for zorblat" carries over to any made-up word."""
    one, other = NLP("The sample was positive for zorblat today."), NLP("The sample was positive for quenblat today.")
    assert span_features(one, 5, 6, CLASSES) == span_features(other, 5, 6, CLASSES)


def test_the_context_changes_the_features_and_a_word_class_links_two_verbs():
    def features(text: str) -> set[int]:
        doc = NLP(text)
        return set(span_features(doc, 3, 4, CLASSES))

    selling, moving = features("They were selling crank daily."), features("They were moving crank daily.")
    assert selling != moving
    # "selling" and "moving" share a cluster, so they share the cluster features "eating" lacks.
    assert len(selling & moving) > len(selling & features("They were eating crank daily."))


def test_neighbour_vectors_are_the_tensor_rows_either_side_and_zero_past_an_edge():
    doc = NLP("alpha beta gamma")
    assert neighbour_vectors(doc, [(0, 1)]).shape == (1, 0)  # no tok2vec ran: no columns
    doc.tensor = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], dtype=np.float32)
    rows = neighbour_vectors(doc, [(1, 2), (0, 1), (2, 3), (0, 3)])
    assert rows.tolist() == [[1, 2, 5, 6], [0, 0, 3, 4], [3, 4, 0, 0], [0, 0, 0, 0]]
