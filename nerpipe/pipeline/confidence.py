"""Confidence for the statistical NER's entities, from a beam search over the same model.

spaCy's greedy NER gives no scores; re-running it as a beam (`beam_parse`) and summing the
probability of the parses that contain an entity (`scored_ents`) does. It costs a second pass of
the NER, so it runs only when asked for (`--min-confidence`, `NERPIPE_CONFIDENCE=1`). A trained
model has two NERs: one of these components sits before each, and the first score written for an
entity stands (the base NER's beam takes the case NER's entities as given and would score them 1.0).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

COMPONENT = "entity_confidence"
USER_DATA_KEY = "nerpipe_entity_confidence"


@Language.factory(
    COMPONENT,
    default_config={"ner": "ner", "labels": [], "beam_width": 8, "beam_density": 0.0001, "batch_size": 32},
)
def make_entity_confidence(
    nlp: Language, name: str, ner: str, labels: list[str], beam_width: int, beam_density: float, batch_size: int
) -> EntityConfidence:
    return EntityConfidence(nlp, ner, labels, beam_width, beam_density, batch_size)


class EntityConfidence:
    """Stores {(start token, end token, label): probability} in each doc's user_data, for the
    entities of the NER named `ner` (only `labels`, when given)."""

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
                known = doc.user_data.setdefault(USER_DATA_KEY, {})
                for key, score in scores.items():
                    if key not in known and (not self.labels or key[2] in self.labels):
                        known[key] = score
                yield doc


def entity_confidence(doc: Doc, start: int, end: int, label: str) -> float | None:
    """The probability of this entity, or None when confidence was not computed."""
    scores = doc.user_data.get(USER_DATA_KEY)
    if scores is None:
        return None
    return round(min(max(float(scores.get((start, end, label), 0.0)), 0.0), 1.0), 4)
