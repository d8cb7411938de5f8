"""The mentions dated to one day range (the dates stored beside each mention, schema 9), of some
stored entity keys: the evidence of one bar of the timeline's histogram, read through the dates
instead of every mention of the case, at most `limit` of them."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import Connection, bindparam, func, select

from nerpipe.store.mention_page import corrected_rows
from nerpipe.store.schema import documents, mentions
from nerpipe.types import Mention


def dated_mentions(
    connection: Connection,
    case_id: int,
    first: date,
    last: date,
    keys: Collection[str] | None = None,
    *,
    limit: int = 50,
    count: bool = True,
) -> tuple[list[tuple[Mention, str]], int | None]:
    """(mention, stored entity key) of the case's mentions dated exactly `first` to `last` (of
    `keys`, else of every entity), in case order, at most `limit`; and how many there are (None
    without `count`: a caller that has the day's count saves a second pass)."""
    where = [
        documents.c.case_id == case_id,
        mentions.c.entity_key.is_not(None),
        mentions.c.day_first == first,
        mentions.c.day_last == last,
    ]
    parameters = {}
    if keys is not None:
        if not keys:
            return [], 0
        # Inline: an entity of many keys (a label's) holds more than a backend takes as parameters.
        where.append(mentions.c.entity_key.in_(bindparam("keys", expanding=True, literal_execute=True)))
        parameters["keys"] = sorted(set(keys))
    joined = mentions.join(documents, documents.c.id == mentions.c.document_id)
    total = (
        connection.execute(select(func.count()).select_from(joined).where(*where), parameters).scalar_one()
        if count
        else None
    )
    rows = connection.execute(
        select(documents.c.sha256, documents.c.metadata, mentions)
        .select_from(joined)
        .where(*where)
        .order_by(documents.c.id, mentions.c.start, mentions.c.id)
        .limit(limit),
        parameters,
    ).all()
    return [(mention, row.entity_key) for mention, row in corrected_rows(connection, case_id, rows)], total
