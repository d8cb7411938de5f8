"""The only code that reads and writes the case store.

Every document goes in as one transaction with all its mentions, so an interrupted batch leaves
only whole documents, and running it again skips what is stored (same bytes, same case).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, Engine, delete, distinct, func, insert, literal, select
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from nerpipe.errors import CaseError, CaseExistsError, StoreError
from nerpipe.graph.cooccur import DEFAULT_CONTEXT, Context
from nerpipe.graph.entities import Merge
from nerpipe.search.query import Node
from nerpipe.store.audit import AuditLog, local_actor, write_entry
from nerpipe.store.case_refs import (
    case_labels,
    case_ref,
    is_ref_form,
    matching_cases,
    resolve_case,
)
from nerpipe.store.dated_mentions import dated_mentions
from nerpipe.store.engine import open_engine
from nerpipe.store.entity_table import CaseEntities, EntityPage, EntityRow, case_entities, filtered
from nerpipe.store.link_evidence import LinkEvidence, link_evidence
from nerpipe.store.link_table import LinkWeight, iter_link_weights, link_weights, linked_labels, store_members
from nerpipe.store.mention_keys import (
    ADD,
    REJECT,
    RELABEL,
    added_mentions,
    added_spans,
    corrected,
    document_day,
    document_rules,
    in_stored_order,
    kept_keys,
    key_values,
    mention_of_row,
    mention_row,
    refresh_document_keys,
)
from nerpipe.store.mention_page import mention_page
from nerpipe.store.schema import audit_log, cases, decisions, documents, mentions, merges
from nerpipe.store.search_index import RankedDocument, index_document, ranked_documents
from nerpipe.store.shared_names import NameUse, key_names, name_uses
from nerpipe.store.users import UserStore, add_membership, member_case_ids
from nerpipe.types import OCR_METADATA, SOURCE_ANALYST, Document, Mention, PipelineInfo, ocr_pages
from nerpipe.word_spans import word_occurrences

MAX_CASE_NAME = 200
#: A label as analysts give it (upper-cased first): what the decisions and mentions tables hold.
_LABEL = re.compile(r"[A-Z][A-Z0-9_]{0,59}")


@dataclass(frozen=True, slots=True)
class CaseSummary:
    name: str
    created_at: datetime
    documents: int
    id: int = 0


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document row without its text (listing a case must stay fast)."""

    id: int
    sha256: str
    filename: str
    media_type: str
    size: int
    pages: int | None
    ingested_at: datetime
    mention_count: int
    parent_id: int | None
    warnings: tuple[str, ...]
    model: str


@dataclass(frozen=True, slots=True)
class DayCount:
    """Mentions dated from `first` to `last` (both included; the same day for a day's date)."""

    first: date
    last: date
    mentions: int


@dataclass(frozen=True, slots=True)
class AddResult:
    document_id: int
    added: bool  # False: the same bytes were already in the case


def _now() -> datetime:
    return datetime.now(UTC)


class Store:
    """Cases, documents, mentions and analyst decisions in one database.

    Every change is recorded in the audit log, in its own transaction, as done by `actor` (this
    computer's user unless `acting_as` names someone)."""

    def __init__(self, engine: Engine, actor: str | None = None) -> None:
        self.engine = engine
        self.actor = actor or local_actor()

    @classmethod
    def open(cls, url: str, actor: str | None = None) -> Store:
        return cls(open_engine(url), actor)

    def acting_as(self, actor: str) -> Store:
        """The same store (same engine), recording `actor` as the one who makes each change."""
        return Store(self.engine, actor)

    @property
    def users(self) -> UserStore:
        return UserStore(self.engine, self.actor)

    @property
    def audit(self) -> AuditLog:
        return AuditLog(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # -- cases -------------------------------------------------------------------------------

    def create_case(
        self, name: str, *, owner_id: int | None = None, exist_ok: bool = False, visible_to: int | None = None
    ) -> bool:
        """A new, empty case; `owner_id`, a user, is its first member (in the same transaction).
        True when made; with `exist_ok`, a case of that name already there (perhaps made by another
        process a moment ago) is False, not an error.

        A name is unique among the cases `visible_to` (a user) is a member of, or, without it,
        among every case: a case someone may not see never makes their name taken, so the answer
        tells nobody it exists (docs/access.md). Names are checked and the case made under a lock
        for case names, so two makers of one name at one moment make one case."""
        name = _case_name(name)
        among = None if visible_to is None else member_case_ids(visible_to)
        with self._write() as connection:
            _lock_case_names(connection, name)
            if matching_cases(connection, name, among=among):
                if exist_ok:
                    return False
                raise CaseExistsError(f"A case named '{name}' already exists.")
            case_id = connection.execute(_new_case(connection, name)).scalar_one()
            if owner_id is not None:
                add_membership(connection, owner_id, case_id)
            write_entry(connection, self.actor, "case.create", case_id=case_id, case=name, target=name)
        return True

    def list_cases(self) -> list[CaseSummary]:
        query = (
            select(cases.c.id, cases.c.name, cases.c.created_at, func.count(documents.c.id))
            .select_from(cases.outerjoin(documents, documents.c.case_id == cases.c.id))
            .group_by(cases.c.id)
            .order_by(cases.c.name, cases.c.id)
        )
        with self.engine.connect() as connection:
            return [
                CaseSummary(name, created, count, case_id)
                for case_id, name, created, count in connection.execute(query)
            ]

    def case_labels(self) -> dict[int, str]:
        """Case id -> its name, or NAME#ID where several cases bear the name (store/case_refs.py)."""
        return case_labels((case.id, case.name) for case in self.list_cases())

    def case_ref(self, case: str) -> str:
        """NAME#ID of the one case `case` names: a key no other case shares (caches, addresses)."""
        with self.engine.connect() as connection:
            return case_ref(*reversed(resolve_case(connection, case)))

    def delete_case(self, case: str) -> None:
        with self._write() as connection:
            case_id, name = resolve_case(connection, case)
            count = connection.execute(select(func.count(documents.c.id)).where(documents.c.case_id == case_id))
            write_entry(
                connection,
                self.actor,
                "case.delete",
                case_id=case_id,
                case=name,
                target=name,
                details={"documents": count.scalar_one()},
            )
            connection.execute(delete(cases).where(cases.c.id == case_id))

    def case_exists(self, name: str) -> bool:
        """Whether `name` (or NAME#ID) names at least one case."""
        with self.engine.connect() as connection:
            return bool(matching_cases(connection, name))

    # -- documents ---------------------------------------------------------------------------

    def has_document(self, case: str, sha256: str) -> bool:
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            found = connection.execute(
                select(documents.c.id).where(documents.c.case_id == case_id, documents.c.sha256 == sha256)
            ).first()
        return found is not None

    def add_document(
        self,
        case: str,
        document: Document,
        found: Sequence[Mention],
        pipeline: PipelineInfo,
        patterns_hash: str,
        parent_id: int | None = None,
    ) -> AddResult:
        """Store one document and its mentions in one transaction; the same bytes already in the
        case are reported (added=False), not stored twice.

        Two writers can both find the bytes missing and both insert (two batches into one case, a
        batch and the dashboard): the database's unique constraint stops the second, and its
        IntegrityError means "already in this case" here too, on SQLite and PostgreSQL alike."""
        try:
            with self.engine.begin() as connection:
                case_id, case_name = resolve_case(connection, case)
                existing = self._document_id(connection, case_id, document.id)
                if existing is not None:
                    return AddResult(existing, added=False)
                document_id = self._insert_document(
                    connection, case_id, document, found, pipeline, patterns_hash, parent_id
                )
                self._insert_mentions(connection, case_id, document_id, document.id, found)
                index_document(connection, document_id, document.text)
                write_entry(
                    connection,
                    self.actor,
                    "document.add",
                    case_id=case_id,
                    case=case_name,
                    target=document.filename,
                    details={
                        "document_id": document_id,
                        "sha256": document.id,
                        "size": document.size,
                        "media_type": document.media_type,
                        "mentions": len(found),
                        "parent_id": parent_id,
                        "model": f"{pipeline.name} {pipeline.version}",
                    },
                )
        except IntegrityError as exc:
            with self.engine.connect() as connection:
                existing = self._document_id(connection, self._case_id(connection, case), document.id)
            if existing is not None:
                return AddResult(existing, added=False)
            raise StoreError(f"The case store could not save {document.filename} ({_short(exc)}): try again.") from None
        except OperationalError as exc:
            raise StoreError(f"The case store is busy or unavailable ({_short(exc)}): try again.") from None
        except SQLAlchemyError as exc:
            raise StoreError(f"The case store could not save {document.filename} ({_short(exc)}).") from None
        return AddResult(document_id, added=True)

    @staticmethod
    def _document_id(connection: Connection, case_id: int, sha256: str) -> int | None:
        return connection.execute(
            select(documents.c.id).where(documents.c.case_id == case_id, documents.c.sha256 == sha256)
        ).scalar()

    @staticmethod
    def _insert_document(
        connection: Connection,
        case_id: int,
        document: Document,
        found: Sequence[Mention],
        pipeline: PipelineInfo,
        patterns_hash: str,
        parent_id: int | None,
    ) -> int:
        return connection.execute(
            insert(documents)
            .values(
                case_id=case_id,
                sha256=document.id,
                filename=document.filename,
                media_type=document.media_type,
                size=document.size,
                pages=document.pages,
                page_starts=json.dumps(document.page_starts),
                sections=json.dumps(document.sections),
                metadata=json.dumps(document.metadata, default=str),
                warnings=json.dumps(document.warnings),
                text=document.text,
                parent_id=parent_id,
                ingested_at=_now(),
                model_name=pipeline.name,
                model_version=pipeline.version,
                patterns_hash=patterns_hash,
                mention_count=len(found),
            )
            .returning(documents.c.id)
        ).scalar_one()

    def replace_mentions(
        self, document_id: int, found: Sequence[Mention], pipeline: PipelineInfo, patterns_hash: str
    ) -> None:
        """New extraction results for a stored document (reprocessing), in one transaction."""
        with self._write() as connection:
            row = connection.execute(
                select(
                    documents.c.case_id,
                    documents.c.filename,
                    documents.c.sha256,
                    documents.c.mention_count,
                    cases.c.name,
                )
                .join(cases, cases.c.id == documents.c.case_id)
                .where(documents.c.id == document_id)
            ).first()
            if row is None:
                raise CaseError(f"No document {document_id} in the case store.")
            connection.execute(delete(mentions).where(mentions.c.document_id == document_id))
            self._insert_mentions(connection, row.case_id, document_id, row.sha256, found)
            connection.execute(cases.update().where(cases.c.id == row.case_id).values(revision=cases.c.revision + 1))
            write_entry(
                connection,
                self.actor,
                "document.reprocess",
                case_id=row.case_id,
                case=row.name,
                target=row.filename,
                details={
                    "document_id": document_id,
                    "sha256": row.sha256,
                    "mentions_before": row.mention_count,
                    "mentions_after": len(found),
                    "model": f"{pipeline.name} {pipeline.version}",
                },
            )
            connection.execute(
                documents.update()
                .where(documents.c.id == document_id)
                .values(
                    model_name=pipeline.name,
                    model_version=pipeline.version,
                    patterns_hash=patterns_hash,
                    mention_count=len(found),
                )
            )

    @staticmethod
    def _insert_mentions(
        connection: Connection, case_id: int, document_id: int, sha256: str, found: Sequence[Mention]
    ) -> None:
        """The mentions in stored order, each with its entity keys within the document (with the
        case's decisions on this document applied: they outlive a document deleted and added again),
        and the mentions analysts added to it (store/mention_keys.py)."""
        rules = document_rules(connection, case_id, sha256)
        added = added_spans(rules).get(sha256, [])
        found = in_stored_order(found)
        if added:  # after the found ones at the same start, as refresh_document_keys inserts them
            found = in_stored_order([*found, *added_mentions(connection, case_id, document_id, sha256, found)])
        fixed = [corrected(m, rules.get((sha256, m.start, m.end)), added) for m in found]
        keys = key_values(fixed, document_day(connection, document_id))
        store_members(connection, document_id, kept_keys(fixed, keys))
        if not found:
            return
        connection.execute(
            insert(mentions), [{**key, **mention_row(m, document_id)} for m, key in zip(found, keys, strict=True)]
        )

    def delete_document(self, case: str, document_id: int) -> None:
        with self._write() as connection:
            case_id, case_name = resolve_case(connection, case)
            row = connection.execute(
                select(documents.c.filename, documents.c.sha256).where(
                    documents.c.id == document_id, documents.c.case_id == case_id
                )
            ).first()
            if row is None:
                return
            connection.execute(delete(documents).where(documents.c.id == document_id, documents.c.case_id == case_id))
            write_entry(
                connection,
                self.actor,
                "document.delete",
                case_id=case_id,
                case=case_name,
                target=row.filename,
                details={"document_id": document_id, "sha256": row.sha256},
            )

    def list_documents(self, case: str) -> list[StoredDocument]:
        columns = (
            documents.c.id,
            documents.c.sha256,
            documents.c.filename,
            documents.c.media_type,
            documents.c.size,
            documents.c.pages,
            documents.c.ingested_at,
            documents.c.mention_count,
            documents.c.parent_id,
            documents.c.warnings,
            documents.c.model_name,
            documents.c.model_version,
        )
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            rows = connection.execute(
                select(*columns).where(documents.c.case_id == case_id).order_by(documents.c.id)
            ).all()
        return [
            StoredDocument(
                r.id,
                r.sha256,
                r.filename,
                r.media_type,
                r.size,
                r.pages,
                r.ingested_at,
                r.mention_count,
                r.parent_id,
                tuple(json.loads(r.warnings)),
                f"{r.model_name} {r.model_version}",
            )
            for r in rows
        ]

    def load_document(self, case: str, document_id: int) -> Document:
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            row = connection.execute(
                select(documents).where(documents.c.id == document_id, documents.c.case_id == case_id)
            ).first()
        if row is None:
            raise CaseError(f"No document {document_id} in case '{case}'.")
        return _document(row)

    def document_texts(self, case: str) -> dict[str, str]:
        """sha256 → text, for evidence snippets."""
        return self._by_sha256(case, documents.c.text)

    def texts_of(self, case: str, sha256s: Iterable[str]) -> dict[str, str]:
        """sha256 → text of these documents of the case only (evidence for a few mentions)."""
        wanted = sorted(set(sha256s))
        found: dict[str, str] = {}
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            for start in range(0, len(wanted), 500):
                query = select(documents.c.sha256, documents.c.text).where(
                    documents.c.case_id == case_id, documents.c.sha256.in_(wanted[start : start + 500])
                )
                found.update(connection.execute(query).all())
        return found

    def text_lengths(self, case: str) -> dict[int, int]:
        """Document id → characters of text read (0 for a scan that needs OCR), without the texts."""
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            query = select(documents.c.id, func.length(documents.c.text)).where(documents.c.case_id == case_id)
            return {document_id: length or 0 for document_id, length in connection.execute(query).all()}

    def _by_sha256(self, case: str, column) -> dict[str, str]:
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            query = select(documents.c.sha256, column).where(documents.c.case_id == case_id)
            return dict(connection.execute(query).all())

    # -- mentions, with analyst decisions applied -------------------------------------------------

    def load_mentions(self, case: str, *, apply_decisions: bool = True, document: str | None = None) -> list[Mention]:
        """Every mention of the case (its `doc` is the document's sha256), with rejected mentions
        left out, relabelled ones carrying their new label and the analysts' added ones in (found
        ones they overlap left out); with `document` (a sha256), that document's only, read through
        the indexes (a view of one document never reads the case). Without `apply_decisions`: the
        mentions as the pipeline found them."""
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            query = (
                select(documents.c.sha256, mentions)
                .join(documents, documents.c.id == mentions.c.document_id)
                .where(documents.c.case_id == case_id)
                .order_by(documents.c.id, mentions.c.start, mentions.c.id)
            )
            if document is not None:
                query = query.where(documents.c.sha256 == document)
            if not apply_decisions:
                query = query.where(mentions.c.source != SOURCE_ANALYST)
            rows = connection.execute(query).all()
            rules = self._decision_map(connection, case_id, document) if apply_decisions else {}
            scanned = self._ocr_pages(connection, case_id, document)
        added = added_spans(rules)
        found = []
        for row in rows:
            mention = mention_of_row(row, row.sha256, ocr=row.page in scanned.get(row.sha256, ()))
            if apply_decisions:
                mention = corrected(mention, rules.get((row.sha256, row.start, row.end)), added.get(row.sha256, ()))
            if mention is not None:
                found.append(mention)
        return found

    def entity_labels(self, case: str, document: str) -> dict[tuple[int, int], str]:
        """(start, end) → the label of the entity each mention of one document (a sha256) belongs to
        within it: "Salazar", an ORG to the NER, is the document's person Marco Salazar. Read from
        the mentions' stored keys; what a view highlights agrees with the entity table."""
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            rows = connection.execute(
                select(mentions.c.start, mentions.c.end, mentions.c.entity_key)
                .join(documents, documents.c.id == mentions.c.document_id)
                .where(documents.c.case_id == case_id, documents.c.sha256 == document)
                .where(mentions.c.entity_key.is_not(None))
            ).all()
        return {(row.start, row.end): row.entity_key.split(":", 1)[0] for row in rows}

    def case_entities(self, case: str) -> CaseEntities:
        """Every entity of the case (as build_entities makes them from load_mentions and the
        merges), from the mentions' stored keys: grouped in SQL, never read one by one."""
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            return case_entities(connection, case_id, self._merges(connection, case_id))

    def entity_page(
        self,
        case: str,
        *,
        labels: Iterable[str] | None = None,
        search: str = "",
        min_mentions: int = 1,
        sort: str = "mentions",
        offset: int = 0,
        limit: int | None = 100,
    ) -> EntityPage:
        """One page of the case's entity table, filtered and sorted (entity_table.filtered), with
        how many rows match and the labels the case has."""
        everything = self.case_entities(case).entities.values()
        rows = filtered(everything, labels=labels, search=search, min_mentions=min_mentions, sort=sort)
        end = None if limit is None else offset + limit
        return EntityPage(rows[offset:end], len(rows), sorted({row.label for row in everything}))

    def entity_mentions(
        self, case: str, entity: str, *, limit: int | None = None, keys: Sequence[str] | None = None
    ) -> list[Mention]:
        """The mentions of one entity (corrections applied), in case order: read by their stored
        keys, not with the rest of the case. `limit`: only the first ones (a view's page); `keys`:
        the entity's stored keys when the caller has them (CaseEntities.members), which saves
        grouping the case's keys again."""
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            if keys is None:
                keys = case_entities(connection, case_id, self._merges(connection, case_id)).members.get(entity, [])
            rows = []
            for start in range(0, len(keys), 500):
                query = (
                    select(documents.c.sha256, documents.c.id.label("document_id"), mentions)
                    .join(documents, documents.c.id == mentions.c.document_id)
                    .where(documents.c.case_id == case_id, mentions.c.entity_key.in_(keys[start : start + 500]))
                    .order_by(documents.c.id, mentions.c.start, mentions.c.id)
                )
                rows += connection.execute(query if limit is None else query.limit(limit)).all()
            rows.sort(key=lambda row: (row.document_id, row.start, row.id))
            rows = rows if limit is None else rows[:limit]
            rules = {}
            for sha256 in {row.sha256 for row in rows}:
                rules.update(document_rules(connection, case_id, sha256))
            scanned = self._ocr_pages(connection, case_id) if rows else {}
        added = added_spans(rules)
        found = []
        for row in rows:
            mention = corrected(
                mention_of_row(row, row.sha256, ocr=row.page in scanned.get(row.sha256, ())),
                rules.get((row.sha256, row.start, row.end)),
                added.get(row.sha256, ()),
            )
            if mention is not None:
                found.append(mention)
        return found

    def entity_documents(self, case: str, entity: str, *, keys: Sequence[str] | None = None) -> set[str]:
        """The sha256 of each document that mentions one entity (`keys` as for entity_mentions),
        read by the stored keys: a search narrowed to an entity."""
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            if keys is None:
                keys = case_entities(connection, case_id, self._merges(connection, case_id)).members.get(entity, [])
            found: set[str] = set()
            for start in range(0, len(keys), 500):
                found.update(
                    connection.execute(
                        select(distinct(documents.c.sha256))
                        .join(mentions, mentions.c.document_id == documents.c.id)
                        .where(documents.c.case_id == case_id, mentions.c.entity_key.in_(keys[start : start + 500]))
                    ).scalars()
                )
        return found

    def link_weights(
        self,
        case: str,
        *,
        context: Context = DEFAULT_CONTEXT,
        labels: Iterable[str] | None = None,
        entities: Collection[str] | None = None,
        table: CaseEntities | None = None,
    ) -> list[LinkWeight]:
        """The case's links for `context` among the entities of `labels` (default: the linked
        types, nerpipe.labels) and, when given, of `entities` only (a chart's top N): weights and
        documents as graph.chart.link_entities counts them from every mention, counted in SQL from
        the stored context members (store/link_table.py). `table`: the case's entity table when the
        caller has it (else read again)."""
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            found = table or case_entities(connection, case_id, self._merges(connection, case_id))
            allowed = linked_labels(found, labels)
            wanted = set(entities) if entities is not None else None
            entity_of = {
                key: entity
                for entity, keys in found.members.items()
                if found.entities[entity].label in allowed and (wanted is None or entity in wanted)
                for key in keys
            }
            return link_weights(connection, case_id, entity_of, context)

    def stream_links(
        self, case: str, *, context: Context = DEFAULT_CONTEXT, labels: Iterable[str] | None = None, min_weight: int = 1
    ) -> Iterator[tuple[LinkWeight, EntityRow, EntityRow]]:
        """link_weights' links of at least `min_weight` with their two entities' rows, handed on
        as the database gives them (an export writes each as it comes: memory stays flat)."""
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            found = case_entities(connection, case_id, self._merges(connection, case_id))
            allowed = linked_labels(found, labels)
            entity_of = {
                key: entity
                for entity, keys in found.members.items()
                if found.entities[entity].label in allowed
                for key in keys
            }
            for link in iter_link_weights(connection, case_id, entity_of, context, min_weight=min_weight):
                yield link, found.entities[link.source], found.entities[link.target]

    def link_evidence(
        self,
        case: str,
        pair: tuple[str, str],
        *,
        context: Context = DEFAULT_CONTEXT,
        max_evidence: int = 50,
        table: CaseEntities | None = None,
    ) -> LinkEvidence:
        """The evidence of one link (two entity ids), as graph.chart.link_entities gives it, read
        from the documents where both occur only (store/link_evidence.py): what a chart asks for
        when a link is chosen. `table`: the case's entity table when the caller has it cached (it
        says which stored keys each entity gathers; else read again, most of the time taken)."""
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            found = table or case_entities(connection, case_id, self._merges(connection, case_id))
            return link_evidence(connection, case_id, found, pair, context, max_evidence)

    def mention_days(self, case: str, keys: Iterable[str] | None = None) -> list[DayCount]:
        """How many of the case's mentions (corrections applied) are dated to each day range
        (graph.timeline.mention_dates: a day, or a coarser range such as a month), oldest first;
        with `keys` (stored document-level entity keys: CaseEntities.members), only theirs. Grouped
        in SQL from the dates stored beside each mention (schema 9): the timeline's histogram
        without reading the mentions."""
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            query = (
                select(mentions.c.day_first, mentions.c.day_last, func.count())
                .join(documents, documents.c.id == mentions.c.document_id)
                .where(
                    documents.c.case_id == case_id,
                    mentions.c.entity_key.is_not(None),
                    mentions.c.day_first.is_not(None),
                )
                .group_by(mentions.c.day_first, mentions.c.day_last)
            )
            counts: Counter[tuple] = Counter()
            if keys is None:
                counts.update(dict(((first, last), n) for first, last, n in connection.execute(query)))
            else:
                wanted = sorted(set(keys))
                for start in range(0, len(wanted), 500):
                    chunk = query.where(mentions.c.entity_key.in_(wanted[start : start + 500]))
                    for first, last, n in connection.execute(chunk):
                        counts[(first, last)] += n
        return [DayCount(first, last, n) for (first, last), n in sorted(counts.items())]

    def dated_mentions(
        self,
        case: str,
        first: date,
        last: date,
        keys: Collection[str] | None = None,
        *,
        limit: int = 50,
        count: bool = True,
    ) -> tuple[list[tuple[Mention, str]], int | None]:
        """(mention, stored entity key) of the case's mentions dated exactly `first` to `last` (of
        `keys`), in case order, at most `limit`, and how many (with `count`): one timeline bar's
        evidence, read through the stored dates, not every mention."""
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            return dated_mentions(connection, case_id, first, last, keys, limit=limit, count=count)

    def mention_page(
        self, case: str, entity_of: Mapping[str, str], *, every: bool = False, offset: int = 0, limit: int = 100
    ) -> tuple[list[tuple[Mention, str]], int]:
        """A page of the case's mentions of the entities `entity_of` maps (stored entity key ->
        entity id; `every`: all of them), in case order, and how many in all: read by their keys."""
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            return mention_page(connection, case_id, entity_of, every=every, offset=offset, limit=limit)

    def key_forms(self, case: str, keys: Iterable[str]) -> dict[str, Counter[str]]:
        """Entity id a mention gives by itself (before resolution: what merges name) → the words of
        the case's mentions that give it, counted; grouped in SQL."""
        wanted = sorted(set(keys))
        forms: dict[str, Counter[str]] = {key: Counter() for key in wanted}
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            for start in range(0, len(wanted), 500):
                for key, form, count in connection.execute(
                    select(mentions.c.plain_key, mentions.c.form, func.count())
                    .join(documents, documents.c.id == mentions.c.document_id)
                    .where(documents.c.case_id == case_id, mentions.c.plain_key.in_(wanted[start : start + 500]))
                    .group_by(mentions.c.plain_key, mentions.c.form)
                ):
                    forms[key][form] += count
        return forms

    def has_mention(self, case: str, document: str, start: int, end: int) -> bool:
        """Whether the NER or the patterns found a mention at start:end of `document` (a sha256),
        or an analyst added one there, whatever the corrections made of it: one indexed look-up, not
        the case's mentions."""
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            found = connection.execute(
                select(mentions.c.id)
                .join(documents, documents.c.id == mentions.c.document_id)
                .where(
                    documents.c.case_id == case_id,
                    documents.c.sha256 == document,
                    mentions.c.start == start,
                    mentions.c.end == end,
                )
                .limit(1)
            ).first()
        return found is not None

    def ocr_pages(self, case: str) -> dict[str, dict[int, float]]:
        """Document sha256 -> its OCR'd pages (page -> mean word confidence), for those with any."""
        with self.engine.connect() as connection:
            return self._ocr_pages(connection, self._case_id(connection, case))

    @staticmethod
    def _ocr_pages(connection: Connection, case_id: int, document: str | None = None) -> dict[str, dict[int, float]]:
        """sha256 -> OCR'd pages, for the case's documents (or `document`) that have any (metadata
        holds them)."""
        query = select(documents.c.sha256, documents.c.metadata).where(
            documents.c.case_id == case_id, documents.c.metadata.contains(f'"{OCR_METADATA}"')
        )
        if document is not None:
            query = query.where(documents.c.sha256 == document)
        rows = connection.execute(query)
        found = {row.sha256: ocr_pages(json.loads(row.metadata)) for row in rows}
        return {sha256: pages for sha256, pages in found.items() if pages}

    def document_heads(self, case: str, chars: int = 600) -> list[tuple[str, str, dict, str]]:
        """(sha256, file name, metadata, first `chars` characters of text) of each document: what
        its own date is read from (nerpipe.dates.document_date), without loading whole texts."""
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            rows = connection.execute(
                select(
                    documents.c.sha256,
                    documents.c.filename,
                    documents.c.metadata,
                    func.substr(documents.c.text, 1, chars),
                ).where(documents.c.case_id == case_id)
            ).all()
        return [(sha256, filename, json.loads(metadata), head or "") for sha256, filename, metadata, head in rows]

    def filenames(self, case: str) -> dict[str, str]:
        """sha256 → file name, for exports and evidence."""
        return self._by_sha256(case, documents.c.filename)

    # -- full-text search and cross-case names ---------------------------------------------------

    def search_documents(
        self, case: str, query: Node, *, only_sha256: Iterable[str] | None = None, limit: int = 50
    ) -> tuple[list[tuple[RankedDocument, Document, int]], int]:
        """The case's documents matching a parsed query (nerpipe.search.query), best first, each
        with its stored id; and how many match in all. `only_sha256` narrows to those documents."""
        try:
            with self.engine.connect() as connection:
                case_id = self._case_id(connection, case)
                only = None
                if only_sha256 is not None:
                    wanted = list(set(only_sha256))
                    only = (
                        connection.execute(
                            select(documents.c.id).where(documents.c.case_id == case_id, documents.c.sha256.in_(wanted))
                        )
                        .scalars()
                        .all()
                        if wanted
                        else []
                    )
                ranked, total = ranked_documents(connection, case_id, query, only=only, limit=limit)
                rows = {
                    row.id: row
                    for row in connection.execute(
                        select(documents).where(documents.c.id.in_([r.document_id for r in ranked]))
                    ).all()
                }
        except OperationalError as exc:
            raise StoreError(f"The case store could not search ({_short(exc)}): try again.") from None
        return [(r, _document(rows[r.document_id]), r.document_id) for r in ranked if r.document_id in rows], total

    def mention_names(
        self, case: str | None = None, *, case_ids: Collection[int] | None = None, labels: dict[int, str] | None = None
    ) -> list[tuple[str, str, str, str | None, str]]:
        """(case, label, text, pattern_id, document sha256) of every mention, in every case, in
        `case_ids` or in one, with analyst rejections, relabellings and additions applied: what
        cross-case matching compares. A case is called by `labels` (id -> label; default: its name, or
        NAME#ID where several cases share it)."""
        query = (
            select(documents.c.case_id, mentions.c.label, mentions.c.text, mentions.c.pattern_id, documents.c.sha256)
            .select_from(mentions.join(documents, documents.c.id == mentions.c.document_id))
            .add_columns(mentions.c.start, mentions.c.end, mentions.c.source)
        )
        with self.engine.connect() as connection:
            if case is not None:
                case_ids = [self._case_id(connection, case)]
            if case_ids is not None:
                query = query.where(documents.c.case_id.in_(list(case_ids)))
            rows = connection.execute(query).all()
            rules = {case_id: self._decision_map(connection, case_id) for case_id in {row[0] for row in rows}}
        added = {case_id: added_spans(case_rules) for case_id, case_rules in rules.items()}
        labels = labels if labels is not None else self.case_labels()
        found = []
        for case_id, label, words, pattern_id, sha256, start, end, source in rows:
            mention = Mention(sha256, words, label, start, end, 0, source, pattern_id, None)
            kept = corrected(mention, rules[case_id].get((sha256, start, end)), added[case_id].get(sha256, ()))
            if kept is not None:
                found.append((labels[case_id], kept.label, words, kept.pattern_id, sha256))
        return found

    def shared_names(
        self, case: str, keys: Collection[str] | None = None, *, case_ids: Collection[int] | None = None
    ) -> tuple[dict[str, set[str]], list[NameUse]]:
        """Stored entity key (of `keys`, default all) -> the names its mentions give, and where those
        names occur in the other cases (of `case_ids`): what nerpipe.xref compares, grouped in SQL."""
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            names = key_names(connection, case_id, keys)
            wanted = {name for found in names.values() for name in found}
            return names, name_uses(connection, wanted, exclude=case_id, case_ids=case_ids)

    # -- analyst decisions and merges -------------------------------------------------------------

    def reject_mention(self, case: str, sha256: str, start: int, end: int) -> None:
        """Not an entity; a mention an analyst added is taken away (as undoing its addition)."""
        self._decide(case, sha256, start, end, REJECT, None)

    def relabel_mention(self, case: str, sha256: str, start: int, end: int, label: str) -> None:
        self._decide(case, sha256, start, end, RELABEL, label.strip().upper())

    def undo_decision(self, case: str, sha256: str, start: int, end: int) -> None:
        with self._write() as connection:
            case_id, case_name = resolve_case(connection, case)
            undone = self._delete_decision(connection, case_id, sha256, start, end)
            if undone is not None:
                refresh_document_keys(connection, case_id, sha256)
                write_entry(
                    connection,
                    self.actor,
                    "correction.undo",
                    case_id=case_id,
                    case=case_name,
                    target=self._span_name(connection, case_id, sha256),
                    details={"sha256": sha256, "start": start, "end": end, "undone": undone},
                )

    def add_mention(
        self, case: str, sha256: str, start: int, end: int, label: str, *, carry: bool = False
    ) -> list[tuple[str, int, int]]:
        """Mark a name the pipeline missed: characters start:end of a document of the case (a
        sha256), whitespace trimmed, get `label` (upper-cased). Stored as a decision "add", so it
        survives reprocessing and undo_decision takes it away; a found mention it overlaps is
        replaced by it, and so is an added one. With `carry`, every other occurrence of the same
        words at word boundaries in the case's documents gets the same addition too, except where
        a decision stands already (on that span, or an added span it overlaps). Returns the spans
        added (sha256, start, end), this one first."""
        label = _analyst_label(label)
        with self._write() as connection:
            case_id, case_name = resolve_case(connection, case)
            row = connection.execute(
                select(documents.c.text, documents.c.filename).where(
                    documents.c.case_id == case_id, documents.c.sha256 == sha256
                )
            ).first()
            if row is None:
                raise CaseError(f"No document {sha256} in case '{case_name}'.")
            start, end = _trimmed_span(row.text, start, end, row.filename)
            words = row.text[start:end]
            self._add(connection, case_id, case_name, sha256, start, end, label, words, replace=True)
            made = [(sha256, start, end)]
            if carry:
                made += self._carry(connection, case_id, case_name, words, label)
        return made

    def _carry(self, connection: Connection, case_id: int, case_name: str, words: str, label: str) -> list:
        """The addition of `words`, made at their other occurrences: documents that hold the words
        are found in SQL, and read one at a time."""
        holders = connection.execute(
            select(documents.c.id, documents.c.sha256)
            .where(documents.c.case_id == case_id, documents.c.text.contains(words, autoescape=True))
            .order_by(documents.c.id)
        ).all()
        made = []
        for document_id, sha256 in holders:
            text = connection.execute(select(documents.c.text).where(documents.c.id == document_id)).scalar_one()
            rules = document_rules(connection, case_id, sha256)
            taken = added_spans(rules).get(sha256, [])
            for start, end in word_occurrences(text, words):
                if (sha256, start, end) in rules or any(start < e and s < end for s, e in taken):
                    continue
                self._add(connection, case_id, case_name, sha256, start, end, label, words, replace=False)
                taken.append((start, end))
                made.append((sha256, start, end))
        return made

    def _add(
        self,
        connection: Connection,
        case_id: int,
        case_name: str,
        sha256: str,
        start: int,
        end: int,
        label: str,
        words: str,
        *,
        replace: bool,
    ) -> None:
        """One added mention, with its audit entry; `replace`: added spans it overlaps go."""
        replaced = [self._delete_decision(connection, case_id, sha256, start, end)]
        if replace:
            for (_, s, e), (action, _) in document_rules(connection, case_id, sha256).items():
                if action == ADD and s < end and start < e and (s, e) != (start, end):
                    replaced.append(f"{self._delete_decision(connection, case_id, sha256, s, e)} {s}-{e}")
        connection.execute(
            insert(decisions).values(
                case_id=case_id,
                sha256=sha256,
                start=start,
                end=end,
                action=ADD,
                label=label,
                text=words,
                created_at=_now(),
            )
        )
        refresh_document_keys(connection, case_id, sha256)
        details = {"sha256": sha256, "start": start, "end": end, "label": label, "text": words}
        replaced = [r for r in replaced if r is not None]
        write_entry(
            connection,
            self.actor,
            "correction.add",
            case_id=case_id,
            case=case_name,
            target=self._span_name(connection, case_id, sha256),
            details={**details, "replaced": "; ".join(replaced)} if replaced else details,
        )

    def _decide(self, case: str, sha256: str, start: int, end: int, action: str, label: str | None) -> None:
        with self._write() as connection:
            case_id, case_name = resolve_case(connection, case)
            words = connection.execute(
                select(decisions.c.text).where(
                    decisions.c.case_id == case_id,
                    decisions.c.sha256 == sha256,
                    decisions.c.start == start,
                    decisions.c.end == end,
                    decisions.c.action == ADD,
                )
            ).first()
            replaced = self._delete_decision(connection, case_id, sha256, start, end)
            if words is not None and action == RELABEL:  # an added mention keeps being one, relabelled
                action, values = ADD, {"label": label, "text": words.text}
            else:
                values = {"label": label}
            if words is None or action == ADD:  # rejecting an added mention only takes it away
                connection.execute(
                    insert(decisions).values(
                        case_id=case_id, sha256=sha256, start=start, end=end, action=action, created_at=_now(), **values
                    )
                )
            refresh_document_keys(connection, case_id, sha256)
            action = RELABEL if action == ADD else action
            details = {"sha256": sha256, "start": start, "end": end, "label": label, "replaced": replaced}
            write_entry(
                connection,
                self.actor,
                f"correction.{action}",
                case_id=case_id,
                case=case_name,
                target=self._span_name(connection, case_id, sha256),
                details={key: value for key, value in details.items() if value is not None},
            )

    @staticmethod
    def _delete_decision(connection: Connection, case_id: int, sha256: str, start: int, end: int) -> str | None:
        """Remove a span's decision; returns what it was ("reject", or "relabel LABEL"), or None."""
        where = (
            decisions.c.case_id == case_id,
            decisions.c.sha256 == sha256,
            decisions.c.start == start,
            decisions.c.end == end,
        )
        found = connection.execute(select(decisions.c.action, decisions.c.label).where(*where)).first()
        if found is None:
            return None
        connection.execute(delete(decisions).where(*where))
        return found.action if found.label is None else f"{found.action} {found.label}"

    @staticmethod
    def _span_name(connection: Connection, case_id: int, sha256: str) -> str:
        """What an audit entry names for a span: its document's file name."""
        filename = connection.execute(
            select(documents.c.filename).where(documents.c.case_id == case_id, documents.c.sha256 == sha256)
        ).scalar()
        return filename or sha256

    def list_decisions(self, case: str) -> list[dict]:
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            rows = (
                connection.execute(select(decisions).where(decisions.c.case_id == case_id).order_by(decisions.c.id))
                .mappings()
                .all()
            )
        return [dict(row) for row in rows]

    @staticmethod
    def _decision_map(
        connection: Connection, case_id: int, document: str | None = None
    ) -> dict[tuple[str, int, int], tuple[str, str | None]]:
        query = select(
            decisions.c.sha256, decisions.c.start, decisions.c.end, decisions.c.action, decisions.c.label
        ).where(decisions.c.case_id == case_id)
        if document is not None:
            query = query.where(decisions.c.sha256 == document)
        rows = connection.execute(query).all()
        return {(r.sha256, r.start, r.end): (r.action, r.label) for r in rows}

    def merge_entities(self, case: str, into: str, members: Iterable[str]) -> None:
        with self._write() as connection:
            case_id, case_name = resolve_case(connection, case)
            merged = []
            for member in dict.fromkeys(members):
                if member == into:
                    continue
                connection.execute(delete(merges).where(merges.c.case_id == case_id, merges.c.member_entity == member))
                connection.execute(
                    insert(merges).values(case_id=case_id, into_entity=into, member_entity=member, created_at=_now())
                )
                merged.append(member)
            if merged:
                write_entry(
                    connection,
                    self.actor,
                    "merge",
                    case_id=case_id,
                    case=case_name,
                    target=into,
                    details={"members": merged},
                )

    def unmerge(self, case: str, member: str) -> None:
        """Undo a merge: the member (and whatever was merged into it) stands alone again."""
        with self._write() as connection:
            case_id, case_name = resolve_case(connection, case)
            into = connection.execute(
                select(merges.c.into_entity).where(merges.c.case_id == case_id, merges.c.member_entity == member)
            ).scalar()
            if into is None:
                return
            connection.execute(delete(merges).where(merges.c.case_id == case_id, merges.c.member_entity == member))
            write_entry(
                connection,
                self.actor,
                "merge.undo",
                case_id=case_id,
                case=case_name,
                target=member,
                details={"from": into},
            )

    def list_merges(self, case: str) -> list[Merge]:
        with self.engine.connect() as connection:
            return self._merges(connection, self._case_id(connection, case))

    @staticmethod
    def _merges(connection: Connection, case_id: int) -> list[Merge]:
        rows = connection.execute(
            select(merges.c.into_entity, merges.c.member_entity)
            .where(merges.c.case_id == case_id)
            .order_by(merges.c.id)
        ).all()
        return [Merge(into, (member,)) for into, member in rows]

    def case_revision(self, case: str) -> tuple[int, ...]:
        """Changes whenever the case's documents, decisions or merges change, or a document is
        reprocessed (which changes none of their counts): a cache key."""
        with self.engine.connect() as connection:
            case_id = self._case_id(connection, case)
            parts = [connection.execute(select(cases.c.revision).where(cases.c.id == case_id)).scalar_one()]
            for table in (documents, decisions, merges):
                count, latest = connection.execute(
                    select(func.count(table.c.id), func.max(table.c.id)).where(table.c.case_id == case_id)
                ).one()
                parts += [count, latest or 0]
            return tuple(parts)

    # -- exports ---------------------------------------------------------------------------------

    def record_export(self, case: str, what: str, filters: dict | None = None) -> None:
        """An export leaves the store: recorded before its bytes are handed over (no export without
        its entry), with what was exported and which filters chose it."""
        with self._write() as connection:
            case_id, case_name = resolve_case(connection, case)
            write_entry(
                connection, self.actor, "export", case_id=case_id, case=case_name, target=what, details=filters or {}
            )

    def record_retrain(self, case: str, event: str, details: dict | None = None) -> None:
        """A retrain of the case model started or ended (`event`: "start" or "end"); `details`
        say how it ended (used, kept aside, cancelled, failed) and why."""
        if event not in ("start", "end"):
            raise ValueError(f"unknown retrain event {event!r}")
        with self._write() as connection:
            case_id, case_name = resolve_case(connection, case)
            write_entry(
                connection, self.actor, f"retrain.{event}", case_id=case_id, case=case_name, details=details or {}
            )

    def record_model_change(self, case: str | None, event: str, details: dict | None = None) -> None:
        """An admin promoted a case's model to the team's (`event` "promote", `case` the one it came
        from) or withdrew the team's model ("withdraw", no case)."""
        if event not in ("promote", "withdraw"):
            raise ValueError(f"unknown model event {event!r}")
        with self._write() as connection:
            case_id, case_name = resolve_case(connection, case) if case is not None else (None, None)
            write_entry(
                connection, self.actor, f"model.{event}", case_id=case_id, case=case_name, details=details or {}
            )

    def record_log_export(self, case: str, entries: int) -> None:
        """The audit log of `case` (a deleted one too, for admins) leaves the store as a file."""
        with self._write() as connection:
            found = matching_cases(connection, case)  # a deleted case's name matches none
            case_id, case_name = found[0] if len(found) == 1 else (None, case)
            write_entry(
                connection,
                self.actor,
                "export",
                case_id=case_id,
                case=case_name,
                target="audit-log",
                details={"entries": entries},
            )

    # -- helpers ---------------------------------------------------------------------------------

    def _write(self):
        return _WriteTransaction(self.engine)

    @staticmethod
    def _case_id(connection: Connection, case: str) -> int:
        """The id of the one case `case` (a name, or NAME#ID) names; a clear error for none or several."""
        return resolve_case(connection, case)[0]


def _lock_case_names(connection: Connection, name: str) -> None:
    """Held to the commit, so checking that a name is free and making the case are one step:
    SQLite's write lock (taken now, waiting busy_timeout), a PostgreSQL advisory lock per name."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"nerpipe case {name}".encode()).digest()[:8], "big", signed=True)
        connection.execute(select(func.pg_advisory_xact_lock(key)))


def _new_case(connection: Connection, name: str):
    """The INSERT of a new case. SQLite would give a deleted case's id again (the highest id plus
    one), and memberships, exports or entries kept under that id would then attach to the new
    case: there the id is one past any a case ever had, read from the append-only audit log in the
    same statement (atomic under SQLite's write lock). PostgreSQL's sequence never reuses one."""
    if connection.dialect.name != "sqlite":
        return insert(cases).values(name=name, created_at=_now()).returning(cases.c.id)
    highest = func.max(
        select(func.coalesce(func.max(cases.c.id), 0)).scalar_subquery(),
        select(func.coalesce(func.max(audit_log.c.case_id), 0)).scalar_subquery(),
    )
    chosen = select(highest + 1, literal(name), literal(_now(), cases.c.created_at.type))
    return insert(cases).from_select(["id", "name", "created_at"], chosen).returning(cases.c.id)


class _WriteTransaction:
    """engine.begin(), with a locked database turned into a clear error instead of a traceback."""

    def __init__(self, engine: Engine) -> None:
        self._context = engine.begin()

    def __enter__(self) -> Connection:
        try:
            return self._context.__enter__()
        except OperationalError as exc:
            raise StoreError(
                f"The case store is busy or unavailable ({str(exc).splitlines()[0]}): try again."
            ) from None

    def __exit__(self, *exc_info: object) -> bool | None:
        try:
            handled = self._context.__exit__(*exc_info)
        except OperationalError as exc:
            raise StoreError(f"The case store could not save the change ({_short(exc)}): try again.") from None
        error = exc_info[1]
        if isinstance(error, SQLAlchemyError):
            # Its full text quotes the statement's parameters: document text, entity names.
            raise StoreError(f"The case store could not save the change ({_short(error)}): try again.") from None
        return handled


def _document(row) -> Document:
    return Document(
        id=row.sha256,
        filename=row.filename,
        media_type=row.media_type,
        text=row.text,
        size=row.size,
        metadata=json.loads(row.metadata),
        warnings=tuple(json.loads(row.warnings)),
        page_starts=tuple(json.loads(row.page_starts)),
        sections=tuple(tuple(s) for s in json.loads(row.sections)),
    )


def _short(error: SQLAlchemyError) -> str:
    """The database's own one-line reason, without the statement and its parameters."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    line = reason[0] if reason else type(error).__name__
    return line if len(line) <= 200 else line[:199] + "…"


def _case_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise CaseError("A case needs a name.")
    if len(cleaned) > MAX_CASE_NAME or any(ord(ch) < 32 for ch in cleaned):
        raise CaseError(f"A case name must be at most {MAX_CASE_NAME} printable characters.")
    if is_ref_form(cleaned):
        raise CaseError(
            f"A case name cannot end in '#' and a number ('{cleaned}'): that form names a case by its number."
        )
    return cleaned


def _analyst_label(label: str) -> str:
    cleaned = label.strip().upper()
    if not _LABEL.fullmatch(cleaned):
        raise CaseError(
            f"'{label}' cannot be a label: use letters, digits and '_', starting with a letter, at most 60 (e.g. DRUG)."
        )
    return cleaned


def _trimmed_span(text: str, start: int, end: int, filename: str) -> tuple[int, int]:
    """start:end inside the document's text, without the whitespace at its ends; a clear error when
    it is outside the text or holds no words."""
    if not 0 <= start < end <= len(text):
        raise CaseError(
            f"Characters {start}-{end} are not a span of {filename}: its text has {len(text)} characters "
            "(give a start below the end, both within the text)."
        )
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise CaseError(f"Characters {start}-{end} of {filename} hold no words: mark a name.")
    return start, end
