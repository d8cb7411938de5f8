"""Assemble the extraction pipeline: base model + entity ruler + case rules, with only the components
we use.

The ruler sits before the statistical NER so that a pattern match wins ("Sinaloa Cartel" is GANG_ORG,
not ORG) while the NER still labels everything around it; validated identifiers (phones, e-mails,
IBANs...) are set next, so the NER never splits one; the case rules run after the NER, and a trained
model's drug spelling model last, on the words nothing else took:

    senter → paragraph_breaks → entity_ruler → line_wrap_patterns → identifiers → ner → case_rules
    → drug_spelling
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from nerpipe.config import Settings
from nerpipe.pipeline.case_rules import add_case_rules
from nerpipe.pipeline.confidence import COMPONENT as CONFIDENCE
from nerpipe.pipeline.drug_spelling import COMPONENT as DRUG_SPELLING
from nerpipe.pipeline.identifiers import add_identifiers
from nerpipe.pipeline.linewrap import COMPONENT as LINE_WRAP
from nerpipe.pipeline.models import choose_model, load_model, model_path
from nerpipe.pipeline.ner_guard import GUARD, MARK
from nerpipe.pipeline.paragraphs import COMPONENT as PARAGRAPHS
from nerpipe.pipeline.patterns import count_by_label, load_patterns, patterns_hash
from nerpipe.types import PipelineInfo

log = logging.getLogger(__name__)

RULER = "entity_ruler"
#: What relation words on graph edges need: dependency parse and verb lemmas.
RELATION_COMPONENTS = ("parser", "tagger", "attribute_ruler", "lemmatizer")
#: Where sentence boundaries can come from, cheapest first.
SENTENCE_SOURCES = ("senter", "parser", "sentencizer")
RULER_CONFIG = {"phrase_matcher_attr": "LOWER", "validate": True, "overwrite_ents": False}


@dataclass(frozen=True, slots=True)
class Pipeline:
    """A ready-to-use spaCy pipeline and the description of what it is."""

    nlp: Language
    info: PipelineInfo


def build_pipeline(
    settings: Settings,
    *,
    pattern_paths: Iterable[Path] | None = None,
    extra_components: Iterable[str] = (),
    confidence: bool | None = None,
) -> Pipeline:
    """Load the chosen base model, add the patterns and disable what extraction does not need.

    `extra_components` keeps more of the base pipeline running (e.g. "parser" for dependency
    paths); by default only sentence boundaries, the ruler and the NER run.
    """
    choice = choose_model(settings.model, settings.models_dir)
    nlp = load_model(choice)
    chosen_patterns = list(pattern_paths) if pattern_paths else None
    entries = load_patterns(chosen_patterns, settings.patterns_dir)
    ruler_patterns = [entry.ruler_dict() for entry in entries]
    add_entity_ruler(nlp, ruler_patterns)
    keep = needed_components(nlp, extra_components)
    keep_only(nlp, keep)
    add_identifiers(nlp, settings.phone_region)
    add_paragraph_breaks(nlp)
    add_case_rules(nlp, ruler_patterns)
    if settings.confidence if confidence is None else confidence:
        add_confidence(nlp)
    info = PipelineInfo(
        name=f"{nlp.meta.get('lang', '?')}_{nlp.meta.get('name', '?')}",
        version=str(nlp.meta.get("version", "?")),
        path=model_path(nlp, choice),
        reason=choice.reason + trained_from(nlp),
        components=tuple(nlp.pipe_names),
        pattern_counts=count_by_label(entries),
        patterns_hash=patterns_hash(chosen_patterns, settings.patterns_dir),
    )
    log.info("%s", info.describe())
    return Pipeline(nlp, info)


def relation_components(settings: Settings) -> tuple[str, ...]:
    """The base components relation words need, when the settings ask for them: they double the
    time extraction takes, for the verbs between two linked names (off by default)."""
    return RELATION_COMPONENTS if settings.relations else ()


def trained_from(nlp: Language) -> str:
    """What `nerpipe train` made this model from, as a note for the reason shown to the user."""
    trained = nlp.meta.get("nerpipe") or {}
    if not trained.get("base_model"):
        return ""
    return f", retrained from {trained['base_model']} {trained.get('base_version', '')}".rstrip()


def add_confidence(nlp: Language) -> None:
    """A beam scorer before the NER: it must start from what precedes it (pattern matches), not from
    the NER's own decisions, which it would score 1.0."""
    if "ner" in nlp.pipe_names and CONFIDENCE not in nlp.pipe_names:
        nlp.add_pipe(CONFIDENCE, before="ner")


def add_entity_ruler(nlp: Language, patterns: list[dict]) -> None:
    """Put the patterns in an entity ruler before the NER; a ruler saved inside a trained model
    is refilled, so the current pattern files always apply."""
    if RULER in nlp.pipe_names:
        ruler = nlp.get_pipe(RULER)
        ruler.clear()
    elif "ner" in nlp.pipe_names:
        ruler = nlp.add_pipe(RULER, before="ner", config=RULER_CONFIG)
    else:
        ruler = nlp.add_pipe(RULER, config=RULER_CONFIG)
    if patterns:
        # Phrase patterns only need tokens: running the whole pipeline over them is slow (W012).
        with nlp.select_pipes(disable=nlp.pipe_names):
            ruler.add_patterns(patterns)
    wrap = nlp.get_pipe(LINE_WRAP) if LINE_WRAP in nlp.pipe_names else nlp.add_pipe(LINE_WRAP, after=RULER)
    wrap.set_patterns(patterns)


def needed_components(nlp: Language, extra: Iterable[str] = ()) -> set[str]:
    """The ruler, the NER, the drug spelling model, one source of sentence boundaries, what was asked
    for, and any shared tok2vec that one of them listens to."""
    names = set(nlp.component_names)
    keep = {RULER, LINE_WRAP, "ner", MARK, GUARD, DRUG_SPELLING, *extra} & names
    if not keep & set(SENTENCE_SOURCES):
        source = next((name for name in SENTENCE_SOURCES if name in names), None)
        if source is None:
            nlp.add_pipe("sentencizer", first=True)
            source = "sentencizer"
        keep.add(source)
    for name in names:
        listeners = getattr(nlp.get_pipe(name), "listening_components", None)
        if listeners and keep & set(listeners):
            keep.add(name)
    return keep


def add_paragraph_breaks(nlp: Language) -> None:
    """Force sentence boundaries at blank lines: after the senter (which would overwrite them),
    before the parser (which respects them)."""
    if PARAGRAPHS in nlp.pipe_names:
        return
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    else:
        source = next(name for name in SENTENCE_SOURCES if name in nlp.pipe_names)
        nlp.add_pipe(PARAGRAPHS, after=source)


def keep_only(nlp: Language, keep: set[str]) -> None:
    """Enable exactly the components in `keep` (senter is disabled by default in spaCy models)."""
    for name in nlp.component_names:
        if name in keep:
            nlp.enable_pipe(name)
        else:
            nlp.disable_pipe(name)
