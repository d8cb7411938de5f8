"""Across a case, after each document is resolved on its own (`documents`): one label per name,
and a first name or surname alone joined to the one full name of the case it fits.

A document that names "Marco Salazar" twice, both times called an organisation by the small English
NER, is outvoted by the ten other documents that call him a person; a witness statement that says
only "Luis" points at the one "Luis Ortega" of the case. Names a pattern or rule labelled keep that
label. The analyst splits what should not be one (a merge undone, a correction), on top of this.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from nerpipe.resolve.documents import NAME_LABELS, PERSON, majority_label
from nerpipe.types import SOURCE_MODEL, Mention


def resolve_case(mentions: Sequence[Mention], own: list[str], joined: list[str]) -> tuple[list[str], list[str]]:
    """The documents' (own, joined) keys with the case's decisions applied."""
    relabel = _case_labels(mentions, joined)
    if relabel:
        own = [_relabelled(key, relabel) for key in own]
        joined = [_relabelled(key, relabel) for key in joined]
    return own, _join_single_names(joined)


def _case_labels(mentions: Sequence[Mention], keys: Sequence[str]) -> dict[str, str]:
    """Name → the label its mentions across the case take, for names with more than one."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    fixed: dict[str, str] = {}
    for mention, key in zip(mentions, keys, strict=True):
        label, name = key.split(":", 1)
        if label in NAME_LABELS:
            votes[name][label] += 1
            if mention.source != SOURCE_MODEL:
                fixed.setdefault(name, label)
    return {name: fixed.get(name) or majority_label(count) for name, count in votes.items() if len(count) > 1}


def _relabelled(key: str, labels: dict[str, str]) -> str:
    label, name = key.split(":", 1)
    return f"{labels[name]}:{name}" if label in NAME_LABELS and name in labels else key


def _join_single_names(keys: list[str]) -> list[str]:
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
