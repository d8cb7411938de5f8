"""Which names of a case's entities occur in other cases (nerpipe.xref), from the mentions' stored
keys (store/mention_keys.py) instead of every mention of every case.

A mention's plain key is "LABEL:name", the name being its comparison form (graph.entities
.mention_name, corrections applied): so the names of an entity are the name parts of the plain
keys its stored entity keys gather, and where a name occurs elsewhere is a GROUP BY of the other
cases' plain keys (a few thousand rows for a million mentions), then one grouped read of the
matching keys only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from sqlalchemy import BigInteger, Connection, cast, func, select

from nerpipe.labels import CONTEXT_LABELS
from nerpipe.store.schema import documents, mentions

#: Keys per IN (...) list: under every backend's limit on parameters.
_CHUNK = 500
_POSITION = 4_294_967_296  # a document id times this, plus an offset: the mention's place in the case


@dataclass(frozen=True, slots=True)
class NameUse:
    """One written form of a name in one document of another case."""

    case_id: int
    name: str
    label: str
    form: str
    sha256: str
    mentions: int
    #: Where its first mention is (document id, then offset): forms are listed in case order.
    first: int


def split_key(key: str) -> tuple[str, str]:
    """("PERSON", "luis ortega") from "PERSON:luis ortega" (a label holds no colon; a name may)."""
    label, _, name = key.partition(":")
    return label, name


def key_names(connection: Connection, case_id: int, keys: Collection[str] | None = None) -> dict[str, set[str]]:
    """Stored entity key (of `keys`, or every one of the case) -> the names its mentions give."""
    query = (
        select(mentions.c.entity_key, mentions.c.plain_key)
        .join(documents, documents.c.id == mentions.c.document_id)
        .where(documents.c.case_id == case_id, mentions.c.entity_key.is_not(None))
        .group_by(mentions.c.entity_key, mentions.c.plain_key)
    )
    names: dict[str, set[str]] = defaultdict(set)
    chunks = [query] if keys is None else [query.where(mentions.c.entity_key.in_(c)) for c in _chunks(sorted(keys))]
    for chunked in chunks:
        for key, plain in connection.execute(chunked):
            names[key].add(split_key(plain)[1])
    return dict(names)


def name_uses(
    connection: Connection, names: Collection[str], *, exclude: int, case_ids: Collection[int] | None = None
) -> list[NameUse]:
    """Where `names` occur in the cases of `case_ids` (default: every case) other than `exclude`,
    as mentions whose label is no context label ("2026" in two cases links nothing)."""
    wanted = set(names)
    if not wanted or (case_ids is not None and not set(case_ids) - {exclude}):
        return []
    others = [documents.c.case_id != exclude]
    if case_ids is not None:
        others.append(documents.c.case_id.in_(sorted(set(case_ids) - {exclude})))
    present = connection.execute(
        select(mentions.c.plain_key)
        .join(documents, documents.c.id == mentions.c.document_id)
        .where(*others, mentions.c.plain_key.is_not(None))
        .group_by(mentions.c.plain_key)
    ).scalars()
    matched = sorted(key for key in present if split_key(key)[1] in wanted and split_key(key)[0] not in CONTEXT_LABELS)
    uses = []
    for chunk in _chunks(matched):
        for case_id, key, form, sha256, count, first in connection.execute(
            select(
                documents.c.case_id,
                mentions.c.plain_key,
                mentions.c.form,
                documents.c.sha256,
                func.count(),
                func.min(cast(documents.c.id, BigInteger) * _POSITION + mentions.c.start),
            )
            .join(documents, documents.c.id == mentions.c.document_id)
            .where(*others, mentions.c.plain_key.in_(chunk))
            .group_by(documents.c.case_id, mentions.c.plain_key, mentions.c.form, documents.c.sha256)
        ):
            label, name = split_key(key)
            uses.append(NameUse(case_id, name, label, form, sha256, count, first))
    return sorted(uses, key=lambda use: use.first)


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
