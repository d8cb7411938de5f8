"""What the case rules make of a sentence: (text, label, rule) of each custom-label entity."""

from __future__ import annotations

from nerpipe import Pipeline
from nerpipe.pipeline.entity_edits import rule_id

CUSTOM = ("DRUG", "GANG_ORG", "WEAPON")


def custom_entities(pipeline: Pipeline, text: str) -> set[tuple[str, str, str | None]]:
    doc = pipeline.nlp(text)
    return {(e.text, e.label_, rule_id(e)) for e in doc.ents if e.label_ in CUSTOM}


def labelled(pipeline: Pipeline, text: str, label: str) -> set[str]:
    return {t for t, lab, _ in custom_entities(pipeline, text) if lab == label}
