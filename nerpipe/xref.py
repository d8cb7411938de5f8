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
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from nerpipe.graph.entities import EntityIndex, normalise_name
from nerpipe.labels import CONTEXT_LABELS
from nerpipe.store import Store
from nerpipe.store.entity_table import CaseEntities


class Named(Protocol):
    """An entity as resolve_among reads it (graph.entities.Entity, store.entity_table.EntityRow)."""

    name: str
    aliases: Iterable[str]


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


def cross_references(
    store: Store,
    case: str,
    *,
    entities: Iterable[str] | None = None,
    visible: Collection[str] | None = None,
    table: CaseEntities | None = None,
) -> list[CrossReference]:
    """The case's entities (or those of `entities`) that occur in other cases, most cases first.
    Read from the mentions' stored keys (store/shared_names.py), never every mention; `table`: the
    case's entity table when the caller has it already (it is the costly part)."""
    table = table if table is not None else store.case_entities(case)
    wanted = set(entities) if entities is not None else None
    chosen = {
        entity: keys
        for entity, keys in table.members.items()
        if table.entities[entity].label not in CONTEXT_LABELS and (wanted is None or entity in wanted)
    }
    if not chosen:
        return []
    # Every entity: the case's keys grouped at once, not looked up in lists of 500.
    keys = None if wanted is None else sorted({key for keys in chosen.values() for key in keys})
    names_of, uses = store.shared_names(case, keys)
    by_name: dict[str, set[str]] = defaultdict(set)
    for entity, keys in chosen.items():
        for key in keys:
            for name in names_of.get(key, ()):
                by_name[name].add(entity)
    labels = store.case_labels()
    found: dict[str, dict[str, dict]] = defaultdict(lambda: defaultdict(lambda: {"docs": set(), "n": 0, "forms": {}}))
    for use in uses:  # in the order the store holds the mentions: a case's forms, first written first
        other = labels.get(use.case_id)
        if other is None or (visible is not None and other not in visible):
            continue
        for entity in by_name.get(use.name, ()):
            match = found[entity][other]
            match["docs"].add(use.sha256)
            match["n"] += use.mentions
            match["forms"].setdefault(use.form, None)
    references = []
    for entity, cases in found.items():
        known = table.entities[entity]
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
    return resolve_among(index.entities, given)


def resolve_among(entities: Mapping[str, Named], given: str) -> list[str]:
    """resolve_entities over any id -> entity mapping: the store's entity table (EntityRow) too."""
    if given in entities:
        return [given]
    wanted = normalise_name(given)
    return sorted(
        key
        for key, entity in entities.items()
        if normalise_name(entity.name) == wanted or any(normalise_name(alias) == wanted for alias in entity.aliases)
    )
