"""Entity labels: how each type looks (colours) and which types a link chart draws by default.
The one place for both, in every view and in the CLI."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

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
    "WEAPON_TYPE": "#adb5bd",
    # Identifiers (nerpipe.identifiers): strong blues and greens, apart from the names' pastels.
    "PHONE": "#00b4d8",
    "EMAIL": "#0077b6",
    "URL": "#48cae4",
    "IP": "#2a9d8f",
    "IBAN": "#e9c46a",
    "CARD": "#f77f00",
    "CRYPTO": "#d4a017",
    "HANDLE": "#06d6a0",
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

#: The base model's types that an analyst does not link (everything but people, organisations,
#: places, drugs, gangs and weapons). Dates, numbers, amounts and nationalities sit in nearly every
#: sentence: linked, they become hubs that every path runs through ("March 14, 2026"). So do kinds
#: of weapon ("a handgun", "shotguns": WEAPON_TYPE, given by nerpipe.resolve), unlike a make or model
#: ("Glock 19", "AK-47"). They stay in the entity table and its filters; a chart draws them only when
#: chosen.
CONTEXT_LABELS: frozenset[str] = frozenset(
    {
        "DATE",
        "TIME",
        "CARDINAL",
        "ORDINAL",
        "QUANTITY",
        "PERCENT",
        "MONEY",
        "NORP",
        "WEAPON_TYPE",
        "EVENT",
        "PRODUCT",
        "LAW",
        "WORK_OF_ART",
        "LANGUAGE",
    }
)


def default_chart_labels(labels: Iterable[str]) -> set[str]:
    """The labels a link chart draws by default, of those given: the linked types, and any label
    an analyst added in a pattern file (an identifier, a vehicle), which is there to be linked.

    >>> sorted(default_chart_labels(["PERSON", "DATE", "CARDINAL", "PHONE"]))
    ['PERSON', 'PHONE']
    """
    return {label for label in labels if label not in CONTEXT_LABELS}


def label_colour(label: str) -> str:
    """The label's colour; a label an analyst added gets a stable colour derived from its name."""
    if label in LABEL_COLOURS:
        return LABEL_COLOURS[label]
    digest = hashlib.sha256(label.encode()).digest()
    return f"hsl({digest[0] * 360 // 256}, 60%, 75%)"
