"""Drug names no list has yet and no sentence gives away: how the word is spelled.

New psychoactive substances come in families whose names share their chemistry: a new benzodiazepine
ends like diazepam or bromazolam, a new cathinone like mephedrone or methcathinone, a new opioid like
the nitazenes. Patterns lag behind them and rules need a telling phrase ("forced her to carry
flubromazepam across the border" has none). `drug_spelling` scores the spelling of
every word the pipeline left unlabelled with a logistic regression over its letter n-grams, fitted on
the drug names of `patterns/` and the training data against the English vocabulary
(training/spelling_training.py). Only rare words are scored: a word common in English (insulin,
chlorine, Kalashnikov) is never a new drug name, and gating on rarity keeps ordinary text out of
reach. Its probability is the mention's confidence.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from nerpipe.pipeline.confidence import GIVEN_KEY, remember_scores

COMPONENT = "drug_spelling"
LABEL = "DRUG"
WEIGHTS_FILE = "spelling.npz"
#: Letter n-grams are hashed into this many slots.
SPELLING_SLOTS = 1 << 20
GRAM_SIZES = (3, 4, 5)
#: A word must be at least this long and hold this many letters: short ones ("MDPHP", "tusi") are
#: slang or acronyms, which spelling cannot tell from names and abbreviations.
MIN_LENGTH = 6
MIN_LETTERS = 5
#: Words more common than this in English (word_classes log probability) are never scored.
MAX_LOG_PROB = -17
_WORD_SHAPE = re.compile(r"[^\W\d_][\w-]*\w")


def spelling_word(text: str) -> bool:
    """Whether `text` looks like one word of a substance name: a letter first, then letters, digits
    and hyphens ("flubromazepam", "4-fluoro..." is not: it starts with a digit), long enough."""
    return (
        len(text) >= MIN_LENGTH
        and _WORD_SHAPE.fullmatch(text) is not None
        and "_" not in text
        and sum(char.isalpha() for char in text) >= MIN_LETTERS
    )


def spelling_slots(word: str) -> list[int]:
    """The hashed slots of the word's letter n-grams (lower-cased, with its start and end marked)."""
    marked = f"<{word.lower()}>"
    grams = {marked[i : i + n] for n in GRAM_SIZES for i in range(len(marked) - n + 1)}
    return sorted({zlib.crc32(gram.encode("utf-8")) % SPELLING_SLOTS for gram in grams})


def word_runs(doc: Doc, taken: Iterable[int] = ()) -> Iterator[tuple[int, int]]:
    """(start, end) of each written word: letters, digits and inner hyphens between spaces or
    punctuation, which may be several tokens ("alpha-PVP" is three); none with a token in `taken`."""
    blocked = set(taken)
    run: list[Token] = []
    for token in doc:
        if run and (run[-1].whitespace_ or not _word_piece(token)):
            yield from _trimmed(run, blocked)
            run = []
        if _word_piece(token):
            run.append(token)
    yield from _trimmed(run, blocked)


def _word_piece(token: Token) -> bool:
    return token.text.isalnum() or token.text == "-"


def _trimmed(run: list[Token], blocked: set[int]) -> Iterator[tuple[int, int]]:
    """The run without hyphens at its ends, unless nothing is left or it touches a taken token."""
    while run and run[0].text == "-":
        run = run[1:]
    while run and run[-1].text == "-":
        run = run[:-1]
    if run and not blocked & {token.i for token in run}:
        yield run[0].i, run[-1].i + 1


@dataclass(frozen=True, slots=True)
class SpellingModel:
    """Letter n-gram weights and bias of the regression, and the English words too common to score."""

    weights: np.ndarray  # (SPELLING_SLOTS,)
    bias: float
    common_words: frozenset[str]

    def probability(self, word: str) -> float:
        score = float(self.weights[spelling_slots(word)].sum()) + self.bias
        return float(1.0 / (1.0 + np.exp(-score)))

    def scores(self, word: str) -> bool:
        """Whether `word` is one the model judges: shaped like a substance name and rare in English,
        and so is one of its hyphenated parts. A compound of English words is no new substance, however
        it ends: training's made-up "hydro-boxes" taught "-boxes", which "lock-boxes" and "pizza-boxes"
        in a search inventory share."""
        return self._rare(word) and any(self._rare(part) for part in word.split("-"))

    def _rare(self, word: str) -> bool:
        return spelling_word(word) and word.lower() not in self.common_words

    def to_bytes(self) -> bytes:
        rows = np.flatnonzero(self.weights)
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            rows=rows.astype(np.int32),
            values=self.weights[rows],
            bias=np.array([self.bias]),
            common_words=np.array(sorted(self.common_words)),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> SpellingModel:
        with np.load(io.BytesIO(data)) as saved:
            weights = np.zeros(SPELLING_SLOTS, dtype=np.float32)
            weights[saved["rows"]] = saved["values"]
            return cls(weights, float(saved["bias"][0]), frozenset(str(word) for word in saved["common_words"]))


@Language.factory(COMPONENT, default_config={"min_probability": 0.9})
def make_drug_spelling(nlp: Language, name: str, min_probability: float) -> DrugSpelling:
    return DrugSpelling(min_probability)


class DrugSpelling:
    """Labels DRUG each free rare word whose spelling scores at least `min_probability`; before a
    model is set (`set_model`) it changes nothing."""

    def __init__(self, min_probability: float) -> None:
        self.min_probability = min_probability
        self.model: SpellingModel | None = None

    def set_model(self, model: SpellingModel) -> None:
        if model.weights.shape != (SPELLING_SLOTS,):
            raise ValueError(f"drug spelling model: {model.weights.shape} weights, expected ({SPELLING_SLOTS},)")
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        found = self.find(doc)
        if found:
            doc.set_ents([Span(doc, start, end, LABEL) for start, end, _ in found], default="unmodified")
            remember_scores(doc, GIVEN_KEY, {(start, end, LABEL): p for start, end, p in found})
        return doc

    def find(self, doc: Doc) -> list[tuple[int, int, float]]:
        """(start, end, probability) of the rare words no entity touches that spell like a drug."""
        if self.model is None:
            return []
        taken = {i for entity in doc.ents for i in range(entity.start, entity.end)}
        found = []
        for start, end in word_runs(doc, taken):
            word = doc[start:end].text
            if self.model.scores(word):
                probability = self.model.probability(word)
                if probability >= self.min_probability:
                    found.append((start, end, probability))
        return found

    def to_bytes(self, *, exclude: tuple = ()) -> bytes:
        return srsly.msgpack_dumps({"model": self.model.to_bytes() if self.model else b""})

    def from_bytes(self, data: bytes, *, exclude: tuple = ()) -> DrugSpelling:
        saved = srsly.msgpack_loads(data)["model"]
        self.model = SpellingModel.from_bytes(saved) if saved else None
        return self

    def to_disk(self, path: Path, *, exclude: tuple = ()) -> None:
        """The weights file (empty for a component never fitted)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / WEIGHTS_FILE).write_bytes(self.model.to_bytes() if self.model else b"")

    def from_disk(self, path: Path, *, exclude: tuple = ()) -> DrugSpelling:
        """A missing weights file is an error, not a quietly weaker pipeline."""
        file = Path(path) / WEIGHTS_FILE
        if not file.is_file():
            raise FileNotFoundError(f"{file} is missing: the model folder is incomplete, train it again")
        data = file.read_bytes()
        self.model = SpellingModel.from_bytes(data) if data else None
        return self


def add_drug_spelling(nlp: Language, model: SpellingModel) -> None:
    """Put a fitted spelling model at the end of `nlp`, after the NER (and the case rules, which
    build_pipeline puts before it), so it only sees words nothing else took."""
    if COMPONENT in nlp.component_names:
        nlp.remove_pipe(COMPONENT)
    nlp.add_pipe(COMPONENT, last=True).set_model(model)
