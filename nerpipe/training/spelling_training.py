"""Fit the drug spelling model (pipeline/drug_spelling.py): which spellings are substance names.

Names of drugs are the one-word DRUG patterns and the one-word DRUG names of the training data;
everything else is English: the word_classes vocabulary (which also holds many surnames, places and
brands) and every other word of the training texts (made-up gangs, people, streets). The positives
are weighted up to balance the classes. A logistic regression with L2 fitted by L-BFGS over hashed
letter n-grams: deterministic, and about twenty seconds on 2 cores.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import scipy.sparse as sparse
from scipy.optimize import minimize
from spacy.tokens import Doc

from nerpipe.pipeline.drug_spelling import (
    LABEL,
    MAX_LOG_PROB,
    SPELLING_SLOTS,
    SpellingModel,
    spelling_slots,
    spelling_word,
    word_runs,
)
from nerpipe.pipeline.word_classes import WordClasses

L2 = 1.0
MAX_ITERATIONS = 300


def spelling_examples(
    drug_names: Iterable[str], docs: Iterable[Doc], word_classes: WordClasses
) -> tuple[set[str], set[str]]:
    """Lower-cased drug words and English words (no word in both): `drug_names` (e.g. the patterns'
    DRUG phrases; only one-word ones count), the gold DRUG words of `docs` and every other word there,
    and the vocabulary of `word_classes`."""
    drugs = {name.lower() for name in drug_names if spelling_word(name)}
    english = {word for word in word_classes.log_probs if spelling_word(word)}
    for doc in docs:
        gold = {(entity.start, entity.end) for entity in doc.ents if entity.label_ == LABEL}
        for start, end in word_runs(doc):
            word = doc[start:end].text
            if spelling_word(word):
                (drugs if (start, end) in gold else english).add(word.lower())
    return drugs, english - drugs


def common_words(word_classes: WordClasses) -> frozenset[str]:
    """The words too common in English for the model to score (pipeline/drug_spelling.MAX_LOG_PROB)."""
    return frozenset(
        word for word, log_prob in word_classes.log_probs.items() if log_prob > MAX_LOG_PROB and spelling_word(word)
    )


def fit_spelling_model(drugs: set[str], english: set[str], common: frozenset[str], *, l2: float = L2) -> SpellingModel:
    """The regression of drug (1) against English (0) spellings; `common` words are never scored."""
    if not drugs or not english:
        raise ValueError(f"drug spelling model: needs drug and English words, got {len(drugs)} and {len(english)}")
    words = sorted(drugs) + sorted(english)
    y = np.concatenate([np.ones(len(drugs)), np.zeros(len(english))])
    rows = [spelling_slots(word) for word in words]
    flat = np.concatenate([np.asarray(row) for row in rows])
    pointers = np.cumsum([0] + [len(row) for row in rows])
    x = sparse.csr_matrix((np.ones(len(flat)), flat, pointers), shape=(len(words), SPELLING_SLOTS))
    weight = np.where(y == 1, len(english) / len(drugs), 1.0)

    def loss_and_gradient(parameters: np.ndarray) -> tuple[float, np.ndarray]:
        weights, bias = parameters[:-1], parameters[-1]
        probability = 1.0 / (1.0 + np.exp(-(x @ weights + bias)))
        log_likelihood = y * np.log(probability + 1e-12) + (1 - y) * np.log(1 - probability + 1e-12)
        loss = -(weight * log_likelihood).sum() + 0.5 * l2 * weights @ weights
        residual = weight * (probability - y)
        return float(loss), np.append(x.T @ residual + l2 * weights, residual.sum())

    result = minimize(
        loss_and_gradient,
        np.zeros(SPELLING_SLOTS + 1),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": MAX_ITERATIONS},
    )
    return SpellingModel(result.x[:-1].astype(np.float32), float(result.x[-1]), common)
