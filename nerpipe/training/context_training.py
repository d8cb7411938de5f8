"""Fit the context model (pipeline/context_ner.py) on the annotated training docs.

Every candidate span of the training texts is an example: a gold custom entity is its label, every
other span (a piece of a name, a word beside it, any noun of the prose and unlabelled text) is "O".
Spans under a standard entity (gold or the base model's silver PERSON, ORG...) are left out, as they
are at run time, when the context model only sees what the NERs left. A softmax regression with L2,
fitted by L-BFGS: deterministic, and about a minute on 2 cores. When the docs carry the base
pipeline's doc.tensor, the vectors of each span's neighbours are standardised and fitted beside the
hashed features (with their own L2).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import scipy.sparse as sparse
from scipy.optimize import minimize
from spacy.tokens import Doc

from nerpipe.pipeline.context_features import FEATURE_SLOTS, DocFeatures, candidates, neighbour_vectors
from nerpipe.pipeline.context_ner import OUTSIDE, VectorWeights
from nerpipe.pipeline.word_classes import WordClasses

L2 = 0.3
#: The neighbour vectors' L2 (README: retraining; 0.1 let everyday adjectives through on dev).
VECTOR_L2 = 1.0
MAX_ITERATIONS = 200


def context_examples(
    docs: Iterable[Doc], labels: tuple[str, ...], word_classes: WordClasses
) -> tuple[list[list[int]], list[str], np.ndarray]:
    """Feature rows, their labels and their neighbour vectors (no columns when the docs have no
    tensor) for every candidate span of `docs` (whose ents hold the gold and silver entities)."""
    rows, targets, vectors = [], [], []
    for doc in docs:
        custom = {(e.start, e.end): e.label_ for e in doc.ents if e.label_ in labels}
        taken = {i for e in doc.ents if e.label_ not in labels for i in range(e.start, e.end)}
        features = DocFeatures(doc, word_classes)
        spans = list(candidates(doc, taken))
        for start, end in spans:
            rows.append(features.span(start, end))
            targets.append(custom.get((start, end), OUTSIDE))
        if spans:
            vectors.append(neighbour_vectors(doc, spans))
    widths = {block.shape[1] for block in vectors}
    if len(widths) > 1:
        raise ValueError(f"context examples: some docs have a tensor and some not (widths {sorted(widths)})")
    return rows, targets, np.vstack(vectors) if vectors else np.zeros((0, 0), dtype=np.float32)


def fit_context_model(
    rows: list[list[int]], targets: list[str], vectors: np.ndarray | None = None, *, l2: float = L2
) -> tuple[list[str], np.ndarray, VectorWeights | None]:
    """Classes (OUTSIDE first), a FEATURE_SLOTS × classes weight matrix and, when `vectors` has
    columns, the weights of the neighbour vectors."""
    classes = [OUTSIDE, *sorted(set(targets) - {OUTSIDE})]
    if len(classes) == 1:
        return classes, np.zeros((FEATURE_SLOTS, 1), dtype=np.float32), None
    index = {label: i for i, label in enumerate(classes)}
    y = np.array([index[t] for t in targets])
    flat = np.concatenate([np.asarray(row) for row in rows])
    pointers = np.cumsum([0] + [len(row) for row in rows])
    x = sparse.csr_matrix((np.ones(len(flat)), flat, pointers), shape=(len(rows), FEATURE_SLOTS))
    width = 0 if vectors is None or not vectors.size else vectors.shape[1]
    if width:
        mean, scale = vectors.mean(axis=0), vectors.std(axis=0) + 1e-6
        x = sparse.hstack([x, sparse.csr_matrix((vectors - mean) / scale)]).tocsr()
    onehot = np.zeros((len(rows), len(classes)))
    onehot[np.arange(len(rows)), y] = 1.0
    shape = (FEATURE_SLOTS + width, len(classes))
    penalty = np.full(shape, l2)
    penalty[FEATURE_SLOTS:] = VECTOR_L2
    penalty = penalty.ravel()

    def loss_and_gradient(flat_weights: np.ndarray) -> tuple[float, np.ndarray]:
        weights = flat_weights.reshape(shape)
        scores = x @ weights
        scores -= scores.max(axis=1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        loss = (
            -np.log(probabilities[np.arange(len(y)), y] + 1e-12).sum() + 0.5 * (penalty * flat_weights) @ flat_weights
        )
        gradient = np.asarray(x.T @ (probabilities - onehot)).ravel() + penalty * flat_weights
        return float(loss), gradient

    result = minimize(
        loss_and_gradient,
        np.zeros(shape[0] * shape[1]),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": MAX_ITERATIONS},
    )
    weights = result.x.reshape(shape).astype(np.float32)
    fitted_vectors = (
        VectorWeights(weights[FEATURE_SLOTS:], mean.astype(np.float32), scale.astype(np.float32)) if width else None
    )
    return classes, weights[:FEATURE_SLOTS], fitted_vectors
