"""The retrained NER runs beside the base model's own NER, not in its place.

A trained nerpipe model holds two NERs: `case_ner` (the base NER fine-tuned on training_data/, which
knows DRUG, GANG_ORG and WEAPON) and the base `ner`, unchanged. `case_ner` runs first and only its
custom labels are kept; the base NER then labels everything else around them, as it labels around
the entity ruler's matches. So PERSON, ORG, GPE, DATE, MONEY... are exactly what the base model
finds (nothing is forgotten), while a gang or drug no pattern lists is still found from context.

`case_ner` reads the text without the pattern matches, as it was trained, so it can find a longer
name around a listed one ("pink cocaine" around "cocaine"); the matches are put back after it and
win every other overlap. It is not run greedily: `case_ner_beam` decodes it by beam search and keeps
the entities it is sure of (pipeline/confidence.SureEntities), so `case_ner` itself stays disabled.

    entity_ruler → line_wrap_patterns → remember_preset_entities → [case_ner] → case_ner_beam
    → case_labels_only → ner
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from nerpipe.pipeline.confidence import SURE_ENTITIES

CASE_NER = "case_ner"
CASE_DECODER = "case_ner_beam"
REMEMBER = "remember_preset_entities"
CASE_LABELS_ONLY = "case_labels_only"
#: Components a trained model adds to the base pipeline's own, in pipeline order.
CASE_COMPONENTS = (REMEMBER, CASE_NER, CASE_DECODER, CASE_LABELS_ONLY)
#: The ones that run (`case_ner` holds the weights that `case_ner_beam` decodes).
RUNNING_CASE_COMPONENTS = (REMEMBER, CASE_DECODER, CASE_LABELS_ONLY)
_PRESET_KEY = "nerpipe_preset_entities"


@Language.factory(REMEMBER)
def make_remember(nlp: Language, name: str) -> RememberPresetEntities:
    return RememberPresetEntities()


@Language.factory(CASE_LABELS_ONLY, default_config={"labels": []})
def make_case_labels_only(nlp: Language, name: str, labels: list[str]) -> CaseLabelsOnly:
    return CaseLabelsOnly(labels)


class RememberPresetEntities:
    """Sets aside the entities found before `case_ner` (pattern matches), which must survive the
    filter whatever their label (an analyst's pattern may well be a PERSON), and hands `case_ner`
    the text without them."""

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[_PRESET_KEY] = list(doc.ents)
        doc.set_ents([], default="missing")
        return doc


class CaseLabelsOnly:
    """Keeps the preset entities and `case_ner`'s custom labels; the rest is left to the base NER."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = set(labels)

    def __call__(self, doc: Doc) -> Doc:
        preset = doc.user_data.pop(_PRESET_KEY, [])
        custom = [e for e in doc.ents if e.label_ in self.labels]
        # "missing", not "outside": the base NER may still label every token not kept.
        doc.set_ents(merge_entities(preset, custom), default="missing")
        return doc


def merge_entities(preset: list[Span], found: list[Span]) -> list[Span]:
    """The preset entities, and each found entity that overlaps none of them or that strictly
    contains only preset entities of its own label and starts before them: the longer name wins
    when words are added in front ("pink cocaine", "Los Norteños de Alamar" around "Norteños"), not
    when the model only runs on past the end of a listed name ("methamphetamine hidden")."""
    kept = list(preset)
    for span in found:
        overlapping = [p for p in kept if p.start < span.end and span.start < p.end]
        widens = all(p.label == span.label and span.start < p.start and p.end <= span.end for p in overlapping)
        if widens:
            kept = [p for p in kept if p not in overlapping] + [span]
    return sorted(kept, key=lambda s: s.start)


def add_case_ner(nlp: Language, trained: Language, labels: list[str]) -> None:
    """Put `trained`'s NER into `nlp` as `case_ner`, before the base NER, keeping only `labels`."""
    for name in CASE_COMPONENTS:
        if name in nlp.component_names:
            nlp.remove_pipe(name)
    nlp.add_pipe("ner", name=CASE_NER, source=trained, before="ner")
    nlp.add_pipe(REMEMBER, before=CASE_NER)
    nlp.add_pipe(CASE_LABELS_ONLY, after=CASE_NER, config={"labels": sorted(labels)})
    add_case_decoder(nlp)


def add_case_decoder(nlp: Language) -> None:
    """Decode `case_ner` by beam search from now on (a model saved before the decoder existed gets
    it when loaded); does nothing to a base pipeline."""
    if CASE_NER not in nlp.component_names or CASE_DECODER in nlp.component_names:
        return
    config = {"ner": CASE_NER, "labels": case_labels(nlp)}
    nlp.add_pipe(SURE_ENTITIES, name=CASE_DECODER, after=CASE_NER, config=config)
    nlp.disable_pipe(CASE_NER)


def case_labels(nlp: Language) -> list[str]:
    """The labels a trained model adds (empty for a base pipeline)."""
    if CASE_LABELS_ONLY not in nlp.component_names:
        return []
    return sorted(nlp.get_pipe(CASE_LABELS_ONLY).labels)
