"""Each stored mention's entity keys within its document, kept beside it (schema 7).

The document level of entity resolution (nerpipe.resolve.resolve_keys) needs only the document's own
mentions, with the analyst's corrections applied: so it is computed when the document's mentions are
stored, and again for that one document when a correction to it is made or undone. The case level
(nerpipe.store.entity_table) then groups these keys in SQL instead of reading every mention.

An analyst's added mention (a decision "add", store/schema.py) is stored as a mention row of its own
(source "analyst"), made again from the decisions whenever the document's keys are (made or undone,
reprocessed, the document added again), so it takes part exactly like a found one; a found mention
that overlaps it is replaced by it (keys NULL, left out where mentions are read).

Columns (NULL for a rejected or replaced mention, which is no entity):
- plain_key: the id the mention gives by itself (graph.entities.mention_key), which merges saved before
  resolution name;
- own_key, entity_key: the (own, joined) pair resolve_keys gives for the document;
- form: the words as views show them (graph.entities.shown_text), the entity's aliases;
- fixed: 1 when a pattern, rule or analyst gave the label (it outvotes the NER across the case);
- day_first, day_last (schema 9): the days its evidence is dated (graph.timeline.mention_dates, with
  the document's own date read from its head as case_timeline.dated_documents reads it); NULL
  when undated.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from nerpipe.dates import HEAD_CHARS, dated_document
from nerpipe.graph.entities import entity_id, mention_name, shown_text
from nerpipe.graph.timeline import DatedDocument, mention_dates
from nerpipe.resolve import resolve_keys
from nerpipe.store.link_table import store_members
from nerpipe.store.schema import decisions, documents, mentions
from nerpipe.types import SOURCE_ANALYST, SOURCE_MODEL, Mention

REJECT, RELABEL, ADD = "reject", "relabel", "add"
KEY_COLUMNS = ("plain_key", "own_key", "entity_key", "form", "fixed")
#: Schema 9: a mention's dated days.
DATE_COLUMNS = ("day_first", "day_last")
#: What key_values gives for each mention.
STORED_COLUMNS = KEY_COLUMNS + DATE_COLUMNS
#: A span's decision: (action, new label or None), keyed by (sha256, start, end).
Rules = Mapping[tuple[str, int, int], tuple[str, str | None]]
#: Where a sentence ends, for an added mention in a sentence where nothing was found.
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\s*\n")


def added_spans(rules: Rules) -> dict[str, list[tuple[int, int]]]:
    """sha256 -> the spans analysts added in that document."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for (sha256, start, end), (action, _) in rules.items():
        if action == ADD:
            spans.setdefault(sha256, []).append((start, end))
    return spans


def is_replaced(mention: Mention, added: Sequence[tuple[int, int]]) -> bool:
    """Whether a found mention overlaps a span an analyst added (which replaces it)."""
    return any(mention.start < end and start < mention.end for start, end in added)


def corrected(
    mention: Mention, rule: tuple[str, str | None] | None, added: Sequence[tuple[int, int]] = ()
) -> Mention | None:
    """The mention as the analyst's decisions leave it: None when rejected or replaced by an added
    span (`added`: the document's); relabelled, it is the analyst's (no pattern id: the pattern's
    canonical name no longer speaks for it). An added mention's own row stands while its "add" does."""
    if mention.source == SOURCE_ANALYST:
        return mention if rule is not None and rule[0] == ADD else None
    if added and is_replaced(mention, added):
        return None
    if rule is None:
        return mention
    if rule[0] == REJECT:
        return None
    if rule[0] == RELABEL and rule[1] != mention.label:
        return replace(mention, label=rule[1], source=SOURCE_ANALYST, pattern_id=None)
    return mention


def key_values(found: Sequence[Mention | None], day: date | None = None) -> list[dict[str, Any]]:
    """The key and date columns of one document's mentions (corrected; None for rejected), in the
    order the store reads them back (start, then insertion): the order resolve_keys sees them in a
    case. `day`: the document's own date (document_day)."""
    kept = [m for m in found if m is not None]
    pairs = iter(resolve_keys(kept, [mention_name(m) for m in kept]))
    dates = iter(_dates(kept, day))
    values = []
    for mention in found:
        if mention is None:
            values.append(dict.fromkeys(STORED_COLUMNS))
            continue
        own, joined = next(pairs)
        when = next(dates)
        values.append(
            {
                "plain_key": entity_id(mention.label, mention_name(mention)),
                "own_key": own,
                "entity_key": joined,
                "form": shown_text(mention),
                "fixed": int(mention.source != SOURCE_MODEL),
                "day_first": when.start if when is not None else None,
                "day_last": when.end if when is not None else None,
            }
        )
    return values


def kept_keys(found: Sequence[Mention | None], values: Sequence[dict[str, Any]]) -> list[tuple[Mention, str]]:
    """(mention, entity key) of the mentions that are entities: what the link members hold."""
    return [(m, value["entity_key"]) for m, value in zip(found, values, strict=True) if m is not None]


def _dates(kept: Sequence[Mention], day: date | None) -> list[Any]:
    if not kept:
        return []
    sha256 = kept[0].doc
    return mention_dates(kept, {sha256: DatedDocument(sha256, "", day)})


def document_day(connection: Connection, document_id: int) -> date | None:
    """A stored document's own date, read from its metadata and the head of its text exactly as
    case_timeline.dated_documents reads it."""
    row = connection.execute(
        select(documents.c.metadata, func.substr(documents.c.text, 1, HEAD_CHARS)).where(documents.c.id == document_id)
    ).first()
    if row is None:
        return None
    found = dated_document(json.loads(row[0]), row[1] or "")
    return found.day if found is not None else None


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


def added_mentions(
    connection: Connection, case_id: int, document_id: int, sha256: str, found: Sequence[Mention]
) -> list[Mention]:
    """The mentions analysts added to one document (its "add" decisions), each in the sentence of a
    found mention that holds it (`found`: the document's, for their sentences), else in the sentence
    the text's full stops and blank lines give it, numbered -(its start + 1) so that it never counts
    as the sentence of a found mention (spaCy numbers those from 0)."""
    rows = connection.execute(
        select(decisions.c.start, decisions.c.end, decisions.c.label, decisions.c.text)
        .where(decisions.c.case_id == case_id, decisions.c.sha256 == sha256, decisions.c.action == ADD)
        .order_by(decisions.c.start, decisions.c.id)
    ).all()
    if not rows:
        return []
    stored = connection.execute(
        select(documents.c.text, documents.c.page_starts).where(documents.c.id == document_id)
    ).one()
    page_starts = json.loads(stored.page_starts)
    return [
        Mention(
            doc=sha256,
            text=row.text or stored.text[row.start : row.end],
            label=row.label,
            start=row.start,
            end=row.end,
            source=SOURCE_ANALYST,
            pattern_id=None,
            confidence=None,
            page=max(bisect_right(page_starts, row.start), 1) if page_starts else None,
            **_sentence_of(stored.text, row.start, row.end, found),
        )
        for row in rows
    ]


def _sentence_of(text: str, start: int, end: int, found: Sequence[Mention]) -> dict[str, int]:
    for mention in found:
        if mention.sentence_start <= start and end <= mention.sentence_end and mention.source != SOURCE_ANALYST:
            return {
                "sentence": mention.sentence,
                "sentence_start": mention.sentence_start,
                "sentence_end": mention.sentence_end,
            }
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    begin = before[-1] if before else 0
    after = _SENTENCE_END.search(text, end)
    finish = after.end() if after else len(text)
    while begin < start and text[begin].isspace():
        begin += 1
    return {"sentence": -(begin + 1), "sentence_start": begin, "sentence_end": finish}


def refresh_document_keys(connection: Connection, case_id: int, sha256: str) -> None:
    """Make one document's added mentions again from its decisions, and compute its keys again
    (after a correction to it is made or undone)."""
    document_id = connection.execute(
        select(documents.c.id).where(documents.c.case_id == case_id, documents.c.sha256 == sha256)
    ).scalar()
    if document_id is None:
        return  # a decision on a document no longer in the case
    connection.execute(
        delete(mentions).where(mentions.c.document_id == document_id, mentions.c.source == SOURCE_ANALYST)
    )
    store_members(connection, document_id, [])  # made again by store_keys, if any mention is left
    found = [mention_of_row(row, sha256) for row in _rows(connection, document_id)]
    insert_added(connection, document_id, added_mentions(connection, case_id, document_id, sha256, found))
    store_keys(connection, _rows(connection, document_id), sha256, document_rules(connection, case_id, sha256))


def _rows(connection: Connection, document_id: int) -> list[Any]:
    return connection.execute(
        select(mentions).where(mentions.c.document_id == document_id).order_by(mentions.c.start, mentions.c.id)
    ).all()


def insert_added(connection: Connection, document_id: int, added: Sequence[Mention]) -> None:
    """Rows for added mentions; their keys follow (store_keys)."""
    if added:
        connection.execute(insert(mentions), [mention_row(m, document_id) for m in added])


def mention_row(mention: Mention, document_id: int) -> dict[str, Any]:
    """A mention's columns, but for its keys."""
    return {
        "document_id": document_id,
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "label": mention.label,
        "sentence": mention.sentence,
        "sentence_start": mention.sentence_start,
        "sentence_end": mention.sentence_end,
        "source": mention.source,
        "pattern_id": mention.pattern_id,
        "confidence": mention.confidence,
        "page": mention.page,
        "head_path": json.dumps(mention.head_path),
    }


def store_keys(connection: Connection, rows: Sequence[Any], sha256: str, rules: Rules) -> None:
    """Write the key columns of one document's mention rows (read in stored order)."""
    if not rows:
        return
    added = added_spans(rules).get(sha256, ())
    found = [corrected(mention_of_row(row, sha256), rules.get((sha256, row.start, row.end)), added) for row in rows]
    values = key_values(found, document_day(connection, rows[0].document_id))
    store_members(connection, rows[0].document_id, kept_keys(found, values))
    connection.execute(
        update(mentions)
        .where(mentions.c.id == bindparam("mention_id"))
        .values({column: bindparam(f"new_{column}") for column in STORED_COLUMNS}),
        [
            {"mention_id": row.id, **{f"new_{column}": value[column] for column in STORED_COLUMNS}}
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
