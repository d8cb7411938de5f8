"""The case's entity table from the mentions' stored keys (store/mention_keys.py), without reading
every mention: SQL groups the keys (a few thousand rows for a million mentions), and the case's
decisions (nerpipe.resolve.case: one label per name, a lone name joined to the one full name) and the
analyst's merges run on that aggregate. The result equals graph.entities.build_entities over the
case's mentions (id, name, label, aliases, mentions, documents); tests/store/test_entity_table.py
checks it after random changes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import BigInteger, Connection, case, cast, distinct, func, select

from nerpipe.graph.entities import Merge, _merge_map, entity_name, normalise_name
from nerpipe.resolve.case import case_labels, join_single_names, relabelled
from nerpipe.store.schema import documents, mentions

#: Orders of the table: column -> whether the largest comes first.
SORTS = {"mentions": True, "documents": True, "name": False, "label": False}
#: Keys per IN (...) list: under every backend's limit on parameters.
_CHUNK = 500
_POSITION = 4_294_967_296  # a document id times this, plus an offset: the mention's place in the case


@dataclass(frozen=True, slots=True)
class EntityRow:
    id: str
    name: str
    label: str
    aliases: tuple[str, ...]
    mentions: int
    documents: int


@dataclass(frozen=True, slots=True)
class EntityPage:
    """One page of the filtered, sorted table; `total` rows match, `labels` are those of the case."""

    rows: list[EntityRow]
    total: int
    labels: list[str]


@dataclass(frozen=True, slots=True)
class CaseEntities:
    """Every entity of a case, and which stored document-level keys each gathers."""

    entities: dict[str, EntityRow]
    members: dict[str, list[str]]


def case_entities(connection: Connection, case_id: int, merges: Sequence[Merge]) -> CaseEntities:
    """The case's entities, as build_entities makes them from the case's mentions and `merges`."""
    in_case = (mentions.c.document_id == documents.c.id, documents.c.case_id == case_id)
    per_key = connection.execute(
        select(
            mentions.c.entity_key,
            func.count(),
            func.count(distinct(mentions.c.document_id)),
            func.min(case((mentions.c.fixed == 1, cast(documents.c.id, BigInteger) * _POSITION + mentions.c.start))),
        )
        .where(*in_case, mentions.c.entity_key.is_not(None))
        .group_by(mentions.c.entity_key)
    ).all()
    if not per_key:
        return CaseEntities({}, {})
    # resolve_case, on the keys' counts: the first label a pattern, rule or analyst gave wins.
    first = sorted(per_key, key=lambda row: (row[3] is None, row[3] or 0))
    labels = case_labels((key, count, position is not None) for key, count, _, position in first)
    relabel = {key: relabelled(key, labels) for key, *_ in per_key}
    distinct_keys = sorted(set(relabel.values()))
    joined = dict(zip(distinct_keys, join_single_names(distinct_keys), strict=True))
    resolved = {key: joined[relabel[key]] for key in relabel}
    final = _apply_merges(connection, in_case, resolved, merges)
    members: dict[str, list[str]] = defaultdict(list)
    for key, entity in final.items():
        members[entity].append(key)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    own: dict[str, Counter[str]] = defaultdict(Counter)
    for key, own_key, form, count in connection.execute(
        select(mentions.c.entity_key, mentions.c.own_key, mentions.c.form, func.count())
        .where(*in_case, mentions.c.entity_key.is_not(None))
        .group_by(mentions.c.entity_key, mentions.c.own_key, mentions.c.form)
    ):
        entity = final[key]
        forms[entity][form] += count
        if relabelled(own_key, labels) == entity:
            own[entity][form] += count
    counts = {key: (count, docs) for key, count, docs, _ in per_key}
    shared = _documents_of_shared(connection, in_case, {e: keys for e, keys in members.items() if len(keys) > 1})
    entities = {}
    for entity, keys in members.items():
        label = entity.split(":", 1)[0]
        entities[entity] = EntityRow(
            id=entity,
            name=entity_name(label, own.get(entity) or forms[entity]),
            label=label,
            aliases=tuple(sorted(forms[entity])),
            mentions=sum(counts[key][0] for key in keys),
            documents=shared[entity] if entity in shared else counts[keys[0]][1],
        )
    return CaseEntities(entities, dict(members))


def _apply_merges(
    connection: Connection, in_case: tuple, resolved: dict[str, str], merges: Sequence[Merge]
) -> dict[str, str]:
    """Stored key -> entity after the merges. A merge names entities by today's ids, or by the id
    its mentions gave before resolution (graph.entities._in_todays_ids): such an id that is no
    entity now, and whose mentions now all form one entity, stands for that one."""
    if not merges:
        return resolved
    current = set(resolved.values())
    named = {key for merge in merges for key in (merge.into, *merge.members)} - current
    now: dict[str, set[str]] = defaultdict(set)
    for chunk in _chunks(sorted(named)):
        for plain, key in connection.execute(
            select(mentions.c.plain_key, mentions.c.entity_key)
            .where(*in_case, mentions.c.plain_key.in_(chunk))
            .group_by(mentions.c.plain_key, mentions.c.entity_key)
        ):
            now[plain].add(resolved[key])
    today = {old: next(iter(new)) for old, new in now.items() if len(new) == 1}
    redirect = _merge_map(
        Merge(today.get(merge.into, merge.into), tuple(today.get(member, member) for member in merge.members))
        for merge in merges
    )
    return {key: redirect.get(entity, entity) for key, entity in resolved.items()}


def _documents_of_shared(connection: Connection, in_case: tuple, groups: dict[str, list[str]]) -> dict[str, int]:
    """Documents per entity that gathers several stored keys (a document may hold more than one)."""
    entity_of = {key: entity for entity, keys in groups.items() for key in keys}
    seen: dict[str, set[int]] = defaultdict(set)
    for chunk in _chunks(sorted(entity_of)):
        for key, document_id in connection.execute(
            select(mentions.c.entity_key, mentions.c.document_id)
            .where(*in_case, mentions.c.entity_key.in_(chunk))
            .group_by(mentions.c.entity_key, mentions.c.document_id)
        ):
            seen[entity_of[key]].add(document_id)
    return {entity: len(documents) for entity, documents in seen.items()}


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def filtered(
    entities: Iterable[EntityRow],
    *,
    labels: Iterable[str] | None = None,
    search: str = "",
    min_mentions: int = 1,
    sort: str = "mentions",
) -> list[EntityRow]:
    """The entities with these labels, at least `min_mentions` mentions and `search` in the name or
    an alias (as graph.tables.entity_table compares them), in the order `sort` names (ties: most
    mentions, then most documents, then id)."""
    if sort not in SORTS:
        raise ValueError(f"sort by one of {', '.join(SORTS)}, not {sort!r}")
    wanted = set(labels) if labels is not None else None
    needle = normalise_name(search) if search.strip() else ""
    rows = [
        row
        for row in entities
        if (wanted is None or row.label in wanted)
        and row.mentions >= min_mentions
        and (not needle or any(needle in normalise_name(alias) for alias in row.aliases))
    ]
    if SORTS[sort]:
        return sorted(rows, key=lambda r: (-getattr(r, sort), -r.mentions, -r.documents, r.id))
    return sorted(rows, key=lambda r: (getattr(r, sort).casefold(), -r.mentions, -r.documents, r.id))
