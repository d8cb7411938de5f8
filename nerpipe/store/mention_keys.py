"""Each stored mention's entity keys within its document, kept beside it (schema 7).

The document level of entity resolution (nerpipe.resolve.resolve_keys) needs only the document's own
mentions, with the analyst's corrections applied: so it is computed when the document's mentions are
stored, and again for that one document when a correction to it is made or undone. The case level
(nerpipe.store.entity_table) then groups these keys in SQL instead of reading every mention.

Columns (NULL for a rejected mention, which is no entity):
- plain_key: the id the mention gives by itself (graph.entities.mention_key), which merges saved before
  resolution name;
- own_key, entity_key: the (own, joined) pair resolve_keys gives for the document;
- form: the words as views show them (graph.entities.shown_text), the entity's aliases;
- fixed: 1 when a pattern, rule or analyst gave the label (it outvotes the NER across the case).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from nerpipe.graph.entities import entity_id, mention_name, shown_text
from nerpipe.resolve import resolve_keys
from nerpipe.store.schema import decisions, documents, mentions
from nerpipe.types import SOURCE_ANALYST, SOURCE_MODEL, Mention

REJECT, RELABEL = "reject", "relabel"
KEY_COLUMNS = ("plain_key", "own_key", "entity_key", "form", "fixed")
#: A span's decision: (action, new label or None), keyed by (sha256, start, end).
Rules = Mapping[tuple[str, int, int], tuple[str, str | None]]


def corrected(mention: Mention, rule: tuple[str, str | None] | None) -> Mention | None:
    """The mention as the analyst's decision leaves it: None when rejected; relabelled, it is the
    analyst's (no pattern id: the pattern's canonical name no longer speaks for it)."""
    if rule is None:
        return mention
    if rule[0] == REJECT:
        return None
    if rule[0] == RELABEL and rule[1] != mention.label:
        return replace(mention, label=rule[1], source=SOURCE_ANALYST, pattern_id=None)
    return mention


def key_values(found: Sequence[Mention | None]) -> list[dict[str, Any]]:
    """The key columns of one document's mentions (corrected; None for rejected), in the order the
    store reads them back (start, then insertion): the order resolve_keys sees them in a case."""
    kept = [m for m in found if m is not None]
    pairs = iter(resolve_keys(kept, [mention_name(m) for m in kept]))
    values = []
    for mention in found:
        if mention is None:
            values.append(dict.fromkeys(KEY_COLUMNS))
            continue
        own, joined = next(pairs)
        values.append(
            {
                "plain_key": entity_id(mention.label, mention_name(mention)),
                "own_key": own,
                "entity_key": joined,
                "form": shown_text(mention),
                "fixed": int(mention.source != SOURCE_MODEL),
            }
        )
    return values


def in_stored_order(found: Sequence[Mention]) -> list[Mention]:
    """The mentions as they are inserted and read back: by start, ties in the order found."""
    return sorted(found, key=lambda m: m.start)


def document_rules(connection: Connection, case_id: int, sha256: str) -> Rules:
    """The decisions on one document of a case."""
    rows = connection.execute(
        select(decisions.c.start, decisions.c.end, decisions.c.action, decisions.c.label).where(
            decisions.c.case_id == case_id, decisions.c.sha256 == sha256
        )
    ).all()
    return {(sha256, r.start, r.end): (r.action, r.label) for r in rows}


def refresh_document_keys(connection: Connection, case_id: int, sha256: str) -> None:
    """Compute one document's keys again (after a correction to it is made or undone)."""
    document_id = connection.execute(
        select(documents.c.id).where(documents.c.case_id == case_id, documents.c.sha256 == sha256)
    ).scalar()
    if document_id is None:
        return  # a decision on a document no longer in the case
    rules = document_rules(connection, case_id, sha256)
    rows = connection.execute(
        select(mentions).where(mentions.c.document_id == document_id).order_by(mentions.c.start, mentions.c.id)
    ).all()
    store_keys(connection, rows, sha256, rules)


def store_keys(connection: Connection, rows: Sequence[Any], sha256: str, rules: Rules) -> None:
    """Write the key columns of one document's mention rows (read in stored order)."""
    if not rows:
        return
    found = [corrected(mention_of_row(row, sha256), rules.get((sha256, row.start, row.end))) for row in rows]
    values = key_values(found)
    connection.execute(
        update(mentions)
        .where(mentions.c.id == bindparam("mention_id"))
        .values({column: bindparam(f"new_{column}") for column in KEY_COLUMNS}),
        [
            {"mention_id": row.id, **{f"new_{column}": value[column] for column in KEY_COLUMNS}}
            for row, value in zip(rows, values, strict=True)
        ],
    )


def mention_of_row(row: Any, sha256: str, *, ocr: bool = False) -> Mention:
    """A stored mention row as the Mention the pipeline found (before any decision)."""
    return Mention(
        doc=sha256,
        text=row.text,
        label=row.label,
        start=row.start,
        end=row.end,
        sentence=row.sentence,
        source=row.source,
        pattern_id=row.pattern_id,
        confidence=row.confidence,
        page=row.page,
        ocr=ocr,
        sentence_start=row.sentence_start,
        sentence_end=row.sentence_end,
        head_path=tuple(tuple(step) for step in json.loads(row.head_path)),
    )


def fill_all_keys(connection: Connection) -> None:
    """Every stored document's keys (the schema 7 migration), one document at a time."""
    for document_id, case_id, sha256 in connection.execute(
        select(documents.c.id, documents.c.case_id, documents.c.sha256).order_by(documents.c.id)
    ).all():
        rows = connection.execute(
            select(mentions).where(mentions.c.document_id == document_id).order_by(mentions.c.start, mentions.c.id)
        ).all()
        store_keys(connection, rows, sha256, document_rules(connection, case_id, sha256))
