"""The evidence of one link, read when it is asked for: only the documents where both entities'
keys occur (store/link_table.py's document members), and in each only the two entities' mentions
and its text, through graph.cooccur itself, so the snippets, their order and the relation words
are those graph.chart.link_entities gives over every mention (capped at `max_evidence`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from nerpipe.graph.cooccur import Context, Evidence, cooccurrence_edges
from nerpipe.graph.entities import Entity, EntityIndex
from nerpipe.store.entity_table import CaseEntities
from nerpipe.store.link_table import documents_with_both
from nerpipe.store.mention_keys import added_spans, corrected, document_rules, mention_of_row
from nerpipe.store.schema import documents, mentions


@dataclass(slots=True)
class LinkEvidence:
    """Where two entities occur together (the first `max_evidence` contexts, in the chart's order)
    and the verbs on the paths between them in the documents read for those (all of them when
    fewer than `max_evidence` contexts link the two)."""

    source: str
    target: str
    evidence: list[Evidence] = field(default_factory=list)
    relations: Counter[str] = field(default_factory=Counter)


def link_evidence(
    connection: Connection,
    case_id: int,
    found: CaseEntities,
    pair: tuple[str, str],
    context: Context,
    max_evidence: int = 50,
) -> LinkEvidence:
    """The evidence of the link between the two entities of `pair` (ids of `found`)."""
    source, target = sorted(pair)
    answer = LinkEvidence(source, target)
    keys = {entity: found.members.get(entity, []) for entity in (source, target)}
    if source == target or not all(keys.values()):
        return answer
    entity_of = {key: entity for entity, members in keys.items() for key in members}
    entities = {
        entity: Entity(entity, row.name, row.label, list(row.aliases), row.mentions, row.documents)
        for entity, row in ((e, found.entities[e]) for e in (source, target))
    }
    for document_id, sha256 in documents_with_both(connection, case_id, keys[source], keys[target], context):
        found_here, owners, text = _document_mentions(connection, case_id, document_id, sha256, entity_of)
        index = EntityIndex(entities, owners, found_here)
        edge = cooccurrence_edges(
            index,
            {sha256: text},
            context=context,
            labels={row.label for row in entities.values()},
            max_evidence=max_evidence - len(answer.evidence),
        ).get((source, target))
        if edge is None:
            continue
        answer.evidence += edge.evidence
        answer.relations.update(edge.relations)
        if len(answer.evidence) >= max_evidence:
            break
    return answer


def _document_mentions(
    connection: Connection, case_id: int, document_id: int, sha256: str, entity_of: dict[str, str]
) -> tuple[list, list[str], str]:
    """One document's mentions of the two entities (corrections applied), in case order, with the
    entity of each, and its text."""
    rows = connection.execute(
        select(mentions)
        .where(mentions.c.document_id == document_id, mentions.c.entity_key.in_(sorted(entity_of)))
        .order_by(mentions.c.start, mentions.c.id)
    ).all()
    rules = document_rules(connection, case_id, sha256)
    added = added_spans(rules).get(sha256, ())
    kept, owners = [], []
    for row in rows:
        mention = corrected(mention_of_row(row, sha256), rules.get((sha256, row.start, row.end)), added)
        if mention is not None:
            kept.append(mention)
            owners.append(entity_of[row.entity_key])
    text = connection.execute(select(documents.c.text).where(documents.c.id == document_id)).scalar() or ""
    return kept, owners, text


def relations_of(evidence: LinkEvidence) -> dict[str, int]:
    """Relation verbs, most frequent first (as graph.analysis orders an edge's)."""
    return dict(sorted(evidence.relations.items(), key=lambda item: (-item[1], item[0])))
