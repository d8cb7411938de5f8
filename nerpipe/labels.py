"""Label colours: the one place that decides how each entity type looks, in every view."""

from __future__ import annotations

import hashlib

LABEL_COLOURS: dict[str, str] = {
    "PERSON": "#f4a261",
    "ORG": "#8ecae6",
    "GPE": "#90be6d",
    "LOC": "#b5e48c",
    "FAC": "#cdb4db",
    "NORP": "#ffd6a5",
    "DATE": "#e9edc9",
    "TIME": "#e9edc9",
    "MONEY": "#ffe66d",
    "DRUG": "#ef476f",
    "GANG_ORG": "#9b5de5",
    "WEAPON": "#6c757d",
    "PRODUCT": "#caffbf",
    "EVENT": "#fdffb6",
    "LAW": "#bdb2ff",
    "WORK_OF_ART": "#ffc6ff",
    "LANGUAGE": "#a0c4ff",
    "CARDINAL": "#dee2e6",
    "ORDINAL": "#dee2e6",
    "QUANTITY": "#dee2e6",
    "PERCENT": "#dee2e6",
}


def label_colour(label: str) -> str:
    """The label's colour; a label an analyst added gets a stable colour derived from its name."""
    if label in LABEL_COLOURS:
        return LABEL_COLOURS[label]
    digest = hashlib.sha256(label.encode()).digest()
    return f"hsl({digest[0] * 360 // 256}, 60%, 75%)"
