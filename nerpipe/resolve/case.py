"""Across a case, after each document is resolved on its own (`documents`): one label per name,
and a first name or surname alone joined to the one full name of the case it fits.

A document that names "Marco Salazar" twice, both times called an organisation by the small English
NER, is outvoted by the ten other documents that call him a person; a witness statement that says
only "Luis" points at the one "Luis Ortega" of the case. Names a pattern or rule labelled keep that
label. The analyst splits what should not be one (a merge undone, a correction), on top of this.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from nerpipe.resolve.documents import NAME_LABELS, PERSON, majority_label
from nerpipe.types import SOURCE_MODEL, Mention


def resolve_case(mentions: Sequence[Mention], own: list[str], joined: list[str]) -> tuple[list[str], list[str]]:
    """The documents' (own, joined) keys with the case's decisions applied."""
    relabel = case_labels(
        (key, 1, mention.source != SOURCE_MODEL) for mention, key in zip(mentions, joined, strict=True)
    )
    if relabel:
        own = [relabelled(key, relabel) for key in own]
        joined = [relabelled(key, relabel) for key in joined]
    return own, join_single_names(joined)


def case_labels(votes: Iterable[tuple[str, int, bool]]) -> dict[str, str]:
    """Name → the label its mentions across the case take, for names with more than one.

    `votes` are (resolved key, mentions, whether one of them has a label a pattern, rule or analyst
    gave), in the case's mention order (the first such label wins): one per mention, or one per key
    counted in the store (nerpipe.store.entity_table)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    fixed: dict[str, str] = {}
    for key, count, has_fixed in votes:
        label, name = key.split(":", 1)
        if label in NAME_LABELS:
            counts[name][label] += count
            if has_fixed:
                fixed.setdefault(name, label)
    return {name: fixed.get(name) or majority_label(count) for name, count in counts.items() if len(count) > 1}


def relabelled(key: str, labels: dict[str, str]) -> str:
    label, name = key.split(":", 1)
    return f"{labels[name]}:{name}" if label in NAME_LABELS and name in labels else key


def join_single_names(keys: list[str]) -> list[str]:
    """A one-word person ("Luis") joins the case's one full name that begins or ends with it."""
    fulls = {key for key in set(keys) if key.startswith(PERSON + ":") and " " in key}
    by_word: dict[str, set[str]] = defaultdict(set)
    for full in fulls:
        words = full.split(":", 1)[1].split()
        by_word[words[0]].add(full)
        by_word[words[-1]].add(full)
    joined = []
    for key in keys:
        label, name = key.split(":", 1)
        if label == PERSON and " " not in name and len(by_word.get(name, ())) == 1:
            key = next(iter(by_word[name]))
        joined.append(key)
    return joined
