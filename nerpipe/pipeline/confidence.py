"""Confidence for the statistical NER's entities, from a beam search over the same model.

spaCy's greedy NER gives no scores; re-running it as a beam (`beam_parse`) and summing the
probability of the parses that contain an entity (`scored_ents`) does. That costs a second pass, so
it runs only when asked for (`--min-confidence`, `NERPIPE_CONFIDENCE=1`). A component that scores its
own entities (the drug spelling model) keeps its scores under `GIVEN_KEY`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

COMPONENT = "entity_confidence"
USER_DATA_KEY = "nerpipe_entity_confidence"
#: Scores a component gave its own entities, kept apart: their presence must not mean "every entity
#: was scored".
GIVEN_KEY = "nerpipe_given_entity_confidence"

ScoreKey = tuple[int, int, str]


def remember_scores(doc: Doc, which: str, scores: dict[ScoreKey, float], *, replace: bool = False) -> None:
    """Keep {(start token, end token, label): probability} in doc.user_data[which]. Stored with
    "start end label" strings as keys: a doc crosses processes as msgpack (`nlp.pipe(n_process=2)`),
    which turns tuple keys into lists that cannot be read back."""
    stored = {} if replace else doc.user_data.get(which, {})
    for key, score in scores.items():
        stored.setdefault(_encoded(key), score)
    doc.user_data[which] = stored


def remembered_scores(doc: Doc, which: str) -> dict[ScoreKey, float]:
    """What `remember_scores` kept, with (start, end, label) keys again."""
    return {_decoded(text): score for text, score in doc.user_data.get(which, {}).items()}


def _encoded(key: ScoreKey) -> str:
    start, end, label = key
    return f"{start} {end} {label}"


def _decoded(text: str) -> ScoreKey:
    start, end, label = text.split(" ", 2)
    return int(start), int(end), label


@Language.factory(
    COMPONENT,
    default_config={"ner": "ner", "labels": [], "beam_width": 8, "beam_density": 0.0001, "batch_size": 32},
)
def make_entity_confidence(
    nlp: Language, name: str, ner: str, labels: list[str], beam_width: int, beam_density: float, batch_size: int
) -> EntityConfidence:
    return EntityConfidence(nlp, ner, labels, beam_width, beam_density, batch_size)


class _BeamOverNer:
    """Runs the NER named `ner` as a beam search over batches of docs and hands each doc its
    {(start token, end token, label): probability} for `labels` (all, when empty) to `annotate`."""

    def __init__(
        self, nlp: Language, ner: str, labels: list[str], beam_width: int, beam_density: float, batch_size: int
    ) -> None:
        self.nlp, self.ner_name, self.labels = nlp, ner, set(labels)
        self.beam_width, self.beam_density, self.batch_size = beam_width, beam_density, batch_size

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        ner = self.nlp.get_pipe(self.ner_name)
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            beams = ner.beam_parse(batch, beam_width=self.beam_width, beam_density=self.beam_density)
            for doc, scores in zip(batch, ner.scored_ents(beams), strict=True):
                self.annotate(doc, {key: p for key, p in scores.items() if not self.labels or key[2] in self.labels})
                yield doc

    def annotate(self, doc: Doc, scores: dict[tuple[int, int, str], float]) -> None:
        raise NotImplementedError


class EntityConfidence(_BeamOverNer):
    """Stores {(start token, end token, label): probability} in each doc's user_data, for the
    entities of the NER named `ner` (only `labels`, when given)."""

    def annotate(self, doc: Doc, scores: dict[tuple[int, int, str], float]) -> None:
        remember_scores(doc, USER_DATA_KEY, scores)


def entity_confidence(doc: Doc, start: int, end: int, label: str) -> float | None:
    """The probability of this entity, or None when confidence was not computed."""
    key = _encoded((start, end, label))
    given = doc.user_data.get(GIVEN_KEY, {})
    scores = given if key in given else doc.user_data.get(USER_DATA_KEY)
    if scores is None:
        return None
    return round(min(max(float(scores.get(key, 0.0)), 0.0), 1.0), 4)
