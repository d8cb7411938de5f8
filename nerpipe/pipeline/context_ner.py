"""A second opinion for names the case NER does not know: what the words around a span say.

The case NER learned word by word and misses an everyday word used as street slang ("positive for
glass", "selling crank"). `context_ner` scores every candidate span the pipeline left unlabelled with a
softmax regression over features of its neighbourhood (pipeline/context_features.py: hashed words and
word classes, and the base pipeline's contextual vectors of the words either side) and labels the ones
it is sure of. It runs last, after the base NER, so it never takes a word from PERSON, ORG or a
pattern match; its probability is the mention's confidence. `nerpipe train` fits it
(training/context_training.py) and saves it inside the model.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

from nerpipe.pipeline.confidence import SURE_KEY, remember_scores, sure_spans
from nerpipe.pipeline.context_features import FEATURE_SLOTS, DocFeatures, candidates, neighbour_rows, padded_tensor
from nerpipe.pipeline.word_classes import WordClasses

COMPONENT = "context_ner"
#: The class of a span that is no name (first row of `classes`).
OUTSIDE = "O"
WEIGHTS_FILE = "weights.npz"
#: The base component whose doc.tensor the neighbour vectors read (a pipeline keeps it running).
TENSOR_SOURCE = "tok2vec"


#: The labels it adds. With GANG_ORG and WEAPON too it gained 0.005 GANG_ORG F on dev while its false
#: alarms in news rose from 0.20 to 0.34 per 1,000 words (README: retraining), so only DRUG.
CONTEXT_LABELS = ("DRUG",)


@dataclass(frozen=True, slots=True)
class VectorWeights:
    """The weights of the neighbour vectors (context_features.neighbour_vectors), with the mean and
    scale that standardise them as in training. The hashed features only know neighbour words seen
    beside a name; these vectors also place an unseen one near the seen ones used alike."""

    weights: np.ndarray  # (vector width, classes)
    mean: np.ndarray
    scale: np.ndarray

    @property
    def width(self) -> int:
        return int(self.mean.shape[0])

    def span_scores(self, padded: np.ndarray | None, spans: list[tuple[int, int]]) -> np.ndarray:
        """The scores of `spans` from their neighbour vectors in `padded` (context_features.padded_tensor,
        None for a doc without a tensor). Each token's vector is projected once, not once per span."""
        half = 0 if padded is None else padded.shape[1]
        if padded is None or 2 * half != self.width:
            raise ValueError(
                f"context model: fitted on neighbour vectors of width {self.width}, got {2 * half}: "
                f"the base pipeline's {TENSOR_SOURCE} must run before {COMPONENT}"
            )
        scaled = self.weights / self.scale[:, None]
        before, after = neighbour_rows(spans)
        offset = (self.mean / self.scale) @ self.weights
        return (padded @ scaled[:half])[before] + (padded @ scaled[half:])[after] - offset


@Language.factory(COMPONENT, default_config={"labels": list(CONTEXT_LABELS), "min_probability": 0.6})
def make_context_ner(nlp: Language, name: str, labels: list[str], min_probability: float) -> ContextNer:
    return ContextNer(labels, min_probability)


class ContextNer:
    """Labels spans of `labels` (of the classes it was fitted on) whose probability is at least
    `min_probability`; before it is fitted (`set_model`) it changes nothing. Fitted with neighbour
    vectors, it needs the base pipeline's tok2vec to run before it (`needs_tensor`)."""

    def __init__(self, labels: list[str], min_probability: float) -> None:
        self.labels = set(labels)
        self.min_probability = min_probability
        self.classes: list[str] = [OUTSIDE]
        self.weights = np.zeros((FEATURE_SLOTS, 1), dtype=np.float32)
        self.word_classes = WordClasses()
        self.vectors: VectorWeights | None = None

    @property
    def needs_tensor(self) -> bool:
        return self.vectors is not None

    def set_model(
        self, classes: list[str], weights: np.ndarray, word_classes: WordClasses, vectors: VectorWeights | None = None
    ) -> None:
        if classes[0] != OUTSIDE or weights.shape != (FEATURE_SLOTS, len(classes)):
            raise ValueError(f"context model: classes {classes} do not fit weights of shape {weights.shape}")
        if vectors is not None and vectors.weights.shape != (vectors.width, len(classes)):
            raise ValueError(f"context model: classes {classes} do not fit vector weights {vectors.weights.shape}")
        self.classes, self.weights, self.word_classes = list(classes), weights.astype(np.float32), word_classes
        self.vectors = vectors

    def __call__(self, doc: Doc) -> Doc:
        found = self.find(doc)
        if found:
            doc.set_ents([Span(doc, start, end, label) for start, end, label, _ in found], default="unmodified")
            remember_scores(doc, SURE_KEY, {(start, end, label): p for start, end, label, p in found})
        return doc

    def find(self, doc: Doc) -> list[tuple[int, int, str, float]]:
        """(start, end, label, probability) of the sure spans among those no entity touches, most
        probable first where two overlap."""
        if len(self.classes) == 1:
            return []
        taken = {i for entity in doc.ents for i in range(entity.start, entity.end)}
        spans = list(candidates(doc, taken))
        if not spans:
            return []
        features = DocFeatures(doc, self.word_classes)
        vector_scores = None if self.vectors is None else self.vectors.span_scores(padded_tensor(doc), spans)
        probabilities = self.probabilities([features.span(start, end) for start, end in spans], vector_scores)
        scores = {}
        for (start, end), row in zip(spans, probabilities, strict=True):
            best = int(row.argmax())
            if self.classes[best] in self.labels:
                scores[(start, end, self.classes[best])] = float(row[best])
        return [(*key, scores[key]) for key in sure_spans(scores, self.min_probability)]

    def probabilities(self, rows: list[list[int]], vector_scores: np.ndarray | None = None) -> np.ndarray:
        """Softmax over classes for each row of hashed feature slots (each slot counts once per time
        listed), plus its neighbour vectors' scores when given (VectorWeights.span_scores)."""
        starts = np.cumsum([0] + [len(row) for row in rows[:-1]])
        scores = np.add.reduceat(self.weights[np.concatenate(rows)], starts, axis=0)
        if vector_scores is not None:
            scores += vector_scores
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def to_bytes(self, *, exclude: tuple = ()) -> bytes:
        """The weights (only their non-zero rows) and word classes, for `nlp.to_bytes()`."""
        return srsly.msgpack_dumps({"weights": self._weights_bytes(), "word_classes": self.word_classes.to_bytes()})

    def from_bytes(self, data: bytes, *, exclude: tuple = ()) -> ContextNer:
        saved = srsly.msgpack_loads(data)
        return self._load(saved["weights"], WordClasses.from_bytes(saved["word_classes"]))

    def to_disk(self, path: Path, *, exclude: tuple = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / WEIGHTS_FILE).write_bytes(self._weights_bytes())
        self.word_classes.to_disk(path)

    def from_disk(self, path: Path, *, exclude: tuple = ()) -> ContextNer:
        path = Path(path)
        return self._load((path / WEIGHTS_FILE).read_bytes(), WordClasses.from_disk(path))

    def _weights_bytes(self) -> bytes:
        rows = np.flatnonzero(np.any(self.weights != 0, axis=1))
        buffer = io.BytesIO()
        vectors = {}
        if self.vectors is not None:
            v = self.vectors
            vectors = {"vector_weights": v.weights, "vector_mean": v.mean, "vector_scale": v.scale}
        np.savez_compressed(buffer, classes=np.array(self.classes), rows=rows, values=self.weights[rows], **vectors)
        return buffer.getvalue()

    def _load(self, weights_npz: bytes, word_classes: WordClasses) -> ContextNer:
        with np.load(io.BytesIO(weights_npz)) as saved:
            classes = [str(c) for c in saved["classes"]]
            weights = np.zeros((FEATURE_SLOTS, len(classes)), dtype=np.float32)
            weights[saved["rows"]] = saved["values"]
            vectors = None
            if "vector_weights" in saved.files:
                vectors = VectorWeights(saved["vector_weights"], saved["vector_mean"], saved["vector_scale"])
        self.set_model(classes, weights, word_classes, vectors)
        return self


def add_context_ner(
    nlp: Language,
    classes: list[str],
    weights: np.ndarray,
    word_classes: WordClasses,
    labels: list[str],
    vectors: VectorWeights | None = None,
) -> None:
    """Put a fitted context model at the end of `nlp` (after the base NER), labelling only `labels`."""
    if COMPONENT in nlp.component_names:
        nlp.remove_pipe(COMPONENT)
    component = nlp.add_pipe(COMPONENT, last=True, config={"labels": sorted(labels)})
    component.set_model(classes, weights, word_classes, vectors)
