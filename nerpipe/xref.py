"""Across cases: for a case's entities, the other cases where the same normalised name or
identifier occurs, with how many documents and mentions there.

A name matches when its comparison form (graph.entities.normalise_name, or an identifier's
normalised value: one phone written two ways is one number) is the same, whatever label each case
gave it: the small models often call one person PERSON in one file and ORG in another. Dates,
numbers and the other context labels are left out: "2026" in two cases links nothing.
Only the cases the user may see are searched (`visible`); until there are users, every case.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from nerpipe.graph.entities import EntityIndex, build_entities, normalise_name
from nerpipe.identifiers import CARD, mask_card
from nerpipe.labels import CONTEXT_LABELS
from nerpipe.store import Store


@dataclass(frozen=True, slots=True)
class CaseMatch:
    case: str
    documents: int
    mentions: int
    #: The forms written there ("Luis Ortega", "ORTEGA, Luis"...), a few.
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CrossReference:
    entity: str
    name: str
    label: str
    matches: tuple[CaseMatch, ...]


def _comparison_name(words: str, pattern_id: str | None) -> str:
    return normalise_name(pattern_id) if pattern_id else normalise_name(words)


def cross_references(
    store: Store, case: str, *, entities: Iterable[str] | None = None, visible: Collection[str] | None = None
) -> list[CrossReference]:
    """The case's entities (or those of `entities`) that occur in other cases, most cases first."""
    index = build_entities(store.load_mentions(case), store.list_merges(case))
    wanted = set(entities) if entities is not None else None
    keys: dict[str, set[str]] = defaultdict(set)
    for mention, entity in zip(index.mentions, index.mention_entity, strict=True):
        if index.entities[entity].label in CONTEXT_LABELS or (wanted is not None and entity not in wanted):
            continue
        keys[entity].add(_comparison_name(mention.text, mention.pattern_id))
    by_key: dict[str, set[str]] = defaultdict(set)
    for entity, names in keys.items():
        for name in names:
            by_key[name].add(entity)
    found: dict[str, dict[str, dict]] = defaultdict(lambda: defaultdict(lambda: {"docs": set(), "n": 0, "forms": {}}))
    for other, label, words, pattern_id, sha256 in store.mention_names():
        if other == case or label in CONTEXT_LABELS or (visible is not None and other not in visible):
            continue
        for entity in by_key.get(_comparison_name(words, pattern_id), ()):
            match = found[entity][other]
            match["docs"].add(sha256)
            match["n"] += 1
            form = " ".join(words.split())
            match["forms"].setdefault(mask_card(form) if label == CARD else form, None)
    references = []
    for entity, cases in found.items():
        known = index.entities[entity]
        matches = tuple(
            sorted(
                (CaseMatch(name, len(m["docs"]), m["n"], tuple(list(m["forms"])[:3])) for name, m in cases.items()),
                key=lambda match: (-match.documents, match.case),
            )
        )
        references.append(CrossReference(entity, known.name, known.label, matches))
    return sorted(references, key=lambda r: (-len(r.matches), -sum(m.documents for m in r.matches), r.entity))


def also_in_text(reference: CrossReference | None) -> str:
    """ "also in: Case B (3 documents), Case C (1 document)", or "" when in no other case."""
    if reference is None or not reference.matches:
        return ""
    parts = [f"{m.case} ({m.documents} document{'s' if m.documents != 1 else ''})" for m in reference.matches]
    return "also in: " + ", ".join(parts)


def resolve_entities(index: EntityIndex, given: str) -> list[str]:
    """The entity ids meant by what a user typed: an id ("PERSON:luis ortega"), else every entity
    whose name or an alias has the same comparison form ("Ortega, Luis" does not match)."""
    if given in index.entities:
        return [given]
    wanted = normalise_name(given)
    return sorted(
        key
        for key, entity in index.entities.items()
        if normalise_name(entity.name) == wanted or any(normalise_name(alias) == wanted for alias in entity.aliases)
    )
