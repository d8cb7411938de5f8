"""The case's links from stored context members (schema 9), without reading every mention.

graph.cooccur links two entities once per context they share: a sentence, a window of N sentences
(a sentence, or two sentences fewer than N apart), a paragraph or a document. Which contexts a
document has, and which of its entity keys (store/mention_keys.py) each holds, is known from the
document alone: so it is stored per document (link_members: document, context kind, group number,
key), written where its keys are and removed with it. The case level then maps keys to case
entities (entity_table.case_entities' members: a lone surname joined to a full name, merges), which
can make two keys of one context one entity: the weight counts each context once per pair of
entities, so SQL counts DISTINCT (document, group, entity, entity) after the mapping (a temporary
table of key -> entity number), never key pairs. tests/store/test_link_table.py checks the weights
equal graph.chart.link_entities over every mention after random changes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, delete, select, text

from nerpipe.graph.cooccur import DOCUMENT, PARAGRAPH, Context, paragraph_starts
from nerpipe.labels import default_chart_labels
from nerpipe.store.entity_table import CaseEntities
from nerpipe.store.schema import documents, link_members
from nerpipe.types import Mention

#: Context kinds as stored: a sentence (its number; windows are pairs of them), a paragraph (its
#: number in the document, as cooccur counts them), the document (group 0).
SENTENCE_ROWS, PARAGRAPH_ROWS, DOCUMENT_ROWS = "s", "p", "d"
_TEMPORARY = "nerpipe_link_keys"


@dataclass(frozen=True, slots=True)
class LinkWeight:
    """Two entities (source < target), the contexts they share and in how many documents."""

    source: str
    target: str
    weight: int
    documents: int


def member_rows(document_id: int, kept: Iterable[tuple[Mention, str]], text: str) -> list[dict]:
    """The link_members rows of one document: each (mention, stored entity key) of it that is an
    entity, in each context kind; `text` gives the paragraphs."""
    starts = paragraph_starts(text)
    groups: set[tuple[str, int, str]] = set()
    for mention, key in kept:
        groups.add((SENTENCE_ROWS, mention.sentence, key))
        groups.add((PARAGRAPH_ROWS, bisect_right(starts, mention.start), key))
        groups.add((DOCUMENT_ROWS, 0, key))
    return [
        {"document_id": document_id, "context": kind, "grp": group, "entity_key": key}
        for kind, group, key in sorted(groups)
    ]


def store_members(connection: Connection, document_id: int, kept: Iterable[tuple[Mention, str]]) -> None:
    """One document's link members, made again (its keys just changed)."""
    connection.execute(delete(link_members).where(link_members.c.document_id == document_id))
    kept = list(kept)
    if not kept:
        return
    source = connection.execute(select(documents.c.text).where(documents.c.id == document_id)).scalar() or ""
    rows = member_rows(document_id, kept, source)
    # Straight to the driver: hundreds of rows per document, and SQLAlchemy's per-row parameter
    # handling tripled the time a document took to store.
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    connection.exec_driver_sql(
        f"INSERT INTO link_members (document_id, context, grp, entity_key) VALUES ({', '.join([mark] * 4)})",
        [(row["document_id"], row["context"], row["grp"], row["entity_key"]) for row in rows],
    )


def linked_labels(found: CaseEntities, labels: Iterable[str] | None) -> set[str]:
    """The labels linked: `labels`, or by default those graph.chart.link_entities links."""
    if labels is not None:
        return set(labels)
    return default_chart_labels({row.label for row in found.entities.values()})


def link_weights(
    connection: Connection, case_id: int, entity_of: Mapping[str, str], context: Context
) -> list[LinkWeight]:
    """The links among the entities `entity_of` maps keys to (stored key -> case entity; keys not
    in it take no part), as graph.cooccur counts them for `context`, by source then target."""
    return list(iter_link_weights(connection, case_id, entity_of, context))


def iter_link_weights(
    connection: Connection, case_id: int, entity_of: Mapping[str, str], context: Context, *, min_weight: int = 1
) -> Iterator[LinkWeight]:
    """link_weights' links of at least `min_weight`, each handed on as the database gives it
    (streamed: an export's memory stays flat whatever the number of links)."""
    if not entity_of:
        return
    names = sorted(set(entity_of.values()))
    number = {name: position for position, name in enumerate(names)}
    kind, size = _stored_kind(context)
    _fill_temporary(connection, {key: number[entity] for key, entity in entity_of.items()})
    rows = None
    try:
        rows = connection.execute(
            text(
                f"""
                SELECT ea, eb, COUNT(*), COUNT(DISTINCT doc) FROM (
                    SELECT DISTINCT a.document_id AS doc, a.grp AS g1, b.grp AS g2,
                        CASE WHEN ma.entity < mb.entity THEN ma.entity ELSE mb.entity END AS ea,
                        CASE WHEN ma.entity < mb.entity THEN mb.entity ELSE ma.entity END AS eb
                    FROM link_members a
                    JOIN documents d ON d.id = a.document_id
                    JOIN {_TEMPORARY} ma ON ma.entity_key = a.entity_key
                    JOIN link_members b ON b.document_id = a.document_id AND b.context = a.context
                        AND b.grp >= a.grp AND b.grp - a.grp < :size
                    JOIN {_TEMPORARY} mb ON mb.entity_key = b.entity_key
                    WHERE d.case_id = :case_id AND a.context = :kind AND ma.entity <> mb.entity
                ) pairs
                GROUP BY ea, eb
                HAVING COUNT(*) >= :min_weight
                ORDER BY ea, eb
                """
            ).execution_options(stream_results=True, yield_per=2000),
            {"case_id": case_id, "kind": kind, "size": size, "min_weight": min_weight},
        )
        for a, b, weight, docs in rows:
            yield LinkWeight(names[a], names[b], weight, docs)
    finally:
        if rows is not None:
            rows.close()
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {_TEMPORARY}")


def _stored_kind(context: Context) -> tuple[str, int]:
    if context.kind == DOCUMENT:
        return DOCUMENT_ROWS, 1
    if context.kind == PARAGRAPH:
        return PARAGRAPH_ROWS, 1
    return SENTENCE_ROWS, context.size


def _fill_temporary(connection: Connection, numbers: Mapping[str, int]) -> None:
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {_TEMPORARY}")
    connection.exec_driver_sql(f"CREATE TEMPORARY TABLE {_TEMPORARY} (entity_key TEXT PRIMARY KEY, entity INTEGER)")
    connection.execute(
        text(f"INSERT INTO {_TEMPORARY} (entity_key, entity) VALUES (:key, :entity)"),
        [{"key": key, "entity": entity} for key, entity in numbers.items()],
    )


def documents_with_both(
    connection: Connection, case_id: int, keys_a: Sequence[str], keys_b: Sequence[str], context: Context
) -> list[tuple[int, str]]:
    """(id, sha256) of the case's documents where a key of each side share a context of this kind,
    by sha256 (the order graph.cooccur gives evidence in): from the members, not the mentions."""
    if not keys_a or not keys_b:
        return []
    kind, size = _stored_kind(context)
    a, b = link_members.alias("a"), link_members.alias("b")
    query = (
        select(documents.c.id, documents.c.sha256)
        .select_from(a)
        .join(b, (b.c.document_id == a.c.document_id) & (b.c.context == a.c.context))
        .join(documents, documents.c.id == a.c.document_id)
        .where(
            documents.c.case_id == case_id,
            a.c.context == kind,
            a.c.entity_key.in_(sorted(set(keys_a))),
            b.c.entity_key.in_(sorted(set(keys_b))),
            b.c.grp - a.c.grp < size,
            a.c.grp - b.c.grp < size,
        )
        .distinct()
    )
    return sorted(connection.execute(query).tuples(), key=lambda row: row[1])
