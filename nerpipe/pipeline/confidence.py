"""Confidence for the statistical NER's entities, from a beam search over the same model.

spaCy's greedy NER gives no scores; re-running it as a beam (`beam_parse`) and summing the
probability of the parses that contain an entity (`scored_ents`) does. For the base NER that costs
a second pass, so it runs only when asked for (`--min-confidence`, `NERPIPE_CONFIDENCE=1`). The case
NER of a trained model is always decoded by a beam instead of greedily (`SureEntities`): its
entities are the ones the beam is sure of, each with its probability, for little more than the cost
of the greedy pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

COMPONENT = "entity_confidence"
SURE_ENTITIES = "sure_entities"
USER_DATA_KEY = "nerpipe_entity_confidence"
#: The beam decoder's scores, kept apart: their presence must not mean "every entity was scored".
SURE_KEY = "nerpipe_sure_entity_confidence"

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


@Language.factory(
    SURE_ENTITIES,
    default_config={
        "ner": "ner",
        "labels": [],
        "min_probability": 0.9,
        "beam_width": 4,
        "beam_density": 0.0001,
        "batch_size": 32,
    },
)
def make_sure_entities(
    nlp: Language,
    name: str,
    ner: str,
    labels: list[str],
    min_probability: float,
    beam_width: int,
    beam_density: float,
    batch_size: int,
) -> SureEntities:
    return SureEntities(nlp, ner, labels, beam_width, beam_density, batch_size, min_probability)


class SureEntities(_BeamOverNer):
    """Runs the NER named `ner` (left disabled itself) as a beam search and sets the entities of
    `labels` (all, when empty) whose probability is at least `min_probability`. The case NER learned
    from templated examples: its greedy guesses include words in a drug-like slot ("bought it in
    bulk", "oil" in news); the ones it is sure of are more often right (README: retraining), and
    each keeps its probability as confidence."""

    def __init__(
        self,
        nlp: Language,
        ner: str,
        labels: list[str],
        beam_width: int,
        beam_density: float,
        batch_size: int,
        min_probability: float,
    ) -> None:
        super().__init__(nlp, ner, labels, beam_width, beam_density, batch_size)
        self.min_probability = min_probability

    def annotate(self, doc: Doc, scores: dict[tuple[int, int, str], float]) -> None:
        scores = {key: p for key, p in scores.items() if not crosses_gap(doc, key[0], key[1])}
        sure = sure_spans(scores, self.min_probability)
        doc.set_ents([Span(doc, start, end, label) for start, end, label in sure], default="unmodified")
        remember_scores(doc, SURE_KEY, {key: scores[key] for key in sure}, replace=True)


def crosses_gap(doc: Doc, start: int, end: int) -> bool:
    """Does tokens start..end run over a tab, a run of spaces or a blank line? In text taken from forms
    and tables ("Name: Ana Ruiz    Affiliation: Crips") such a gap separates fields, never the words
    of one name (a single line break may: a wrapped line)."""
    return any(
        token.is_space and ("\t" in token.text or "  " in token.text or "\n\n" in token.text)
        for token in doc[start:end]
    )


def sure_spans(scores: dict[tuple[int, int, str], float], min_probability: float) -> list[tuple[int, int, str]]:
    """The entities scored at least `min_probability`, most probable first, skipping any that
    overlaps one already taken (only possible below 0.5: overlapping entities share one beam)."""
    taken: set[int] = set()
    sure = []
    for (start, end, label), score in sorted(scores.items(), key=lambda item: -item[1]):
        if score >= min_probability and not taken & set(range(start, end)):
            taken.update(range(start, end))
            sure.append((start, end, label))
    return sorted(sure)


def entity_confidence(doc: Doc, start: int, end: int, label: str) -> float | None:
    """The probability of this entity, or None when confidence was not computed."""
    key = _encoded((start, end, label))
    sure = doc.user_data.get(SURE_KEY, {})
    scores = sure if key in sure else doc.user_data.get(USER_DATA_KEY)
    if scores is None:
        return None
    return round(min(max(float(scores.get(key, 0.0)), 0.0), 1.0), 4)
