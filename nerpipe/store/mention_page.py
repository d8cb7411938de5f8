"""One page of a case's mentions, chosen by their stored entity keys (store/mention_keys.py) and
read in case order with LIMIT/OFFSET: the API's mention list without every mention of the case.

A rejected or replaced mention has no key, so it is left out as load_mentions leaves it out; an
analyst's relabelling (label, source) is applied to the page's rows from their documents' decisions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

from nerpipe.store.mention_keys import added_spans, corrected, document_rules, mention_of_row
from nerpipe.store.schema import documents, mentions
from nerpipe.types import Mention, ocr_pages


def mention_page(
    connection: Connection,
    case_id: int,
    entity_of: Mapping[str, str],
    *,
    every: bool = False,
    offset: int,
    limit: int,
) -> tuple[list[tuple[Mention, str]], int]:
    """(mention, entity id) of the mentions whose stored entity key `entity_of` maps to its entity
    (`every`: it maps every key of the case, so none is filtered out), `offset` and `limit` in case
    order, and how many there are in all."""
    if not entity_of:
        return [], 0
    where = [documents.c.case_id == case_id, mentions.c.entity_key.is_not(None)]
    parameters = {}
    if not every:
        # Inline: a page of many entities holds more keys than a backend takes as parameters.
        where.append(mentions.c.entity_key.in_(bindparam("keys", expanding=True, literal_execute=True)))
        parameters["keys"] = sorted(entity_of)
    joined = mentions.join(documents, documents.c.id == mentions.c.document_id)
    total = connection.execute(select(func.count()).select_from(joined).where(*where), parameters).scalar_one()
    rows = connection.execute(
        select(documents.c.sha256, documents.c.metadata, mentions)
        .select_from(joined)
        .where(*where)
        .order_by(documents.c.id, mentions.c.start, mentions.c.id)
        .offset(offset)
        .limit(limit),
        parameters,
    ).all()
    return [(mention, entity_of[row.entity_key]) for mention, row in corrected_rows(connection, case_id, rows)], total


def corrected_rows(connection: Connection, case_id: int, rows: Sequence[Any]) -> list[tuple[Mention, Any]]:
    """(mention, its row) of mention rows read with their document's sha256 and metadata, with the
    analysts' decisions of those documents applied (a keyed row always stands: checked as the
    other readers check it) and OCR'd pages marked."""
    rules, scanned = {}, {}
    for sha256, metadata in {(row.sha256, row.metadata) for row in rows}:
        rules.update(document_rules(connection, case_id, sha256))
        scanned[sha256] = ocr_pages(json.loads(metadata or "{}"))
    added = added_spans(rules)
    found = []
    for row in rows:
        mention = corrected(
            mention_of_row(row, row.sha256, ocr=row.page in scanned[row.sha256]),
            rules.get((row.sha256, row.start, row.end)),
            added.get(row.sha256, ()),
        )
        if mention is not None:
            found.append((mention, row))
    return found
