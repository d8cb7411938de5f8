"""The case store's tables. Bump SCHEMA_VERSION and add a step to `migrations.py` for every change,
so a database made by an older nerpipe opens in a newer one."""

from __future__ import annotations

from sqlalchemy import (
    DDL,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)

#: 2: the full-text index (made outside these tables, per database: see store/search_index.py).
#: 3: users, case memberships, credentials, failed logins and the audit log.
#: 4: where a failed login came from (failed_logins.source), for a lockout per name and source.
#: 5: saved link chart layouts (chart_layouts, store/layouts.py).
#: 6: case names no longer unique in the whole store, only among the cases a user can see
#:    (store/case_refs.py): indexed instead.
#: 7: each mention's entity keys within its document (store/mention_keys.py), for the entity table.
#: 8: a decision's words (decisions.text), for a mention an analyst adds.
#: 9: each mention's dated days (mentions.day_first, day_last) and the entity keys of each
#:    context of each document (link_members, store/link_table.py), for the timeline and links;
#:    cases.revision, raised when a document is reprocessed.
SCHEMA_VERSION = 9
metadata = MetaData()

schema_info = Table(
    "schema_info",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    #: Unique among the cases a user can see, not in the whole store (nerpipe.store.case_refs).
    Column("name", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    #: Raised by each reprocessing of a document of the case (schema 9), which changes no
    #: document, decision or merge count: part of Store.case_revision, the views' cache key.
    Column("revision", Integer, nullable=False, default=0, server_default="0"),
    Index("ix_cases_name", "name"),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("filename", String(300), nullable=False),
    Column("media_type", String(120), nullable=False),
    Column("size", Integer, nullable=False),
    Column("pages", Integer),
    Column("page_starts", Text, nullable=False, default="[]"),
    Column("sections", Text, nullable=False, default="[]"),
    Column("metadata", Text, nullable=False, default="{}"),
    Column("warnings", Text, nullable=False, default="[]"),
    Column("text", Text, nullable=False),
    Column("parent_id", Integer, ForeignKey("documents.id", ondelete="CASCADE")),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("model_name", String(200), nullable=False),
    Column("model_version", String(50), nullable=False),
    Column("patterns_hash", String(64), nullable=False),
    #: Written in the same transaction as the mentions: a check that none went missing.
    Column("mention_count", Integer, nullable=False),
    UniqueConstraint("case_id", "sha256", name="uq_document_case_sha256"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(60), nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("source", String(20), nullable=False),
    Column("pattern_id", String(300)),
    Column("confidence", Float),
    Column("page", Integer),
    Column("head_path", Text, nullable=False, default="[]"),
    #: Entity keys within the document, with corrections applied; NULL when rejected (store/mention_keys.py).
    Column("plain_key", Text),
    Column("own_key", Text),
    Column("entity_key", Text),
    Column("form", Text),
    Column("fixed", Integer),
    #: The days its evidence is dated (graph.timeline.mention_dates); NULL when undated or rejected.
    Column("day_first", Date),
    Column("day_last", Date),
    Index("ix_mentions_document", "document_id"),
)

#: Which of a document's entity keys (mentions.entity_key) each of its contexts holds: a sentence
#: (grp: its number), a paragraph (grp: its number) or the document (grp 0); context "s", "p"
#: or "d". What the case's links are counted from (store/link_table.py).
link_members = Table(
    "link_members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("context", String(1), nullable=False),
    Column("grp", Integer, nullable=False),
    Column("entity_key", Text, nullable=False),
    Index("ix_link_members_group", "document_id", "context", "grp"),
    Index("ix_link_members_key", "entity_key", "context"),
)

merges = Table(
    "merges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("into_entity", String(400), nullable=False),
    Column("member_entity", String(400), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("case_id", "member_entity", name="uq_merge_member"),
)

#: Analyst corrections, keyed by document content and offsets so they survive re-extraction.
decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("action", String(20), nullable=False),  # "reject", "relabel" or "add" (a mention the pipeline missed)
    Column("label", String(60)),  # the new label, for "relabel" and "add"
    Column("text", Text),  # the words, for "add" (its mention row is made from them: store/mention_keys.py)
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("case_id", "sha256", "start", "end", name="uq_decision_span"),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(20), nullable=False),  # nerpipe.auth.roles.Role
    Column("password_hash", String(200), nullable=False),  # argon2id
    Column("created_at", DateTime(timezone=True), nullable=False),
)

#: Who may see a case: a user sees only the cases they are a member of.
memberships = Table(
    "memberships",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("user_id", "case_id", name="uq_membership"),
)

#: Login sessions and API tokens, kept as the SHA-256 of the secret only.
credentials = Table(
    "credentials",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),  # "session" or "token"
    Column("secret_sha256", String(64), nullable=False, unique=True),
    Column("label", String(100), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True)),
    Column("ended_at", DateTime(timezone=True)),  # logged out or revoked
)

#: Failed logins per name (known or not) and source (the client's address), for the rate limit.
failed_logins = Table(
    "failed_logins",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("source", String(64), nullable=False, default="", server_default=""),
    Index("ix_failed_logins_name_at", "name", "at"),
)

#: Who did what, when, on which case: written in the transaction of the action it records, never
#: changed or deleted (the database refuses both). No foreign key: a case's log outlives the case.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(120), nullable=False),
    Column("action", String(40), nullable=False),
    Column("case_id", Integer),
    Column("case_name", String(200)),
    Column("target", Text, nullable=False, default=""),
    Column("details", Text, nullable=False, default="{}"),
    Index("ix_audit_log_case_name", "case_name"),
)

#: An analyst's arrangement of a case's chart, by name: entity id -> [x, y] (JSON), see store/layouts.py.
chart_layouts = Table(
    "chart_layouts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("positions", Text, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("case_id", "name", name="uq_chart_layout_name"),
)

_APPEND_ONLY = "the audit log is append-only"
for _statement in (
    f"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END",
    f"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END",
):
    event.listen(audit_log, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in (
    "CREATE OR REPLACE FUNCTION nerpipe_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{_APPEND_ONLY}'; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION nerpipe_audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION nerpipe_audit_log_append_only()",
):
    event.listen(audit_log, "after_create", DDL(_statement).execute_if(dialect="postgresql"))

#: The tables schema 3 added, in the order they can be made.
ACCESS_AND_AUDIT_TABLES = (users, memberships, credentials, failed_logins, audit_log)
