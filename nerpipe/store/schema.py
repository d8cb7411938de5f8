"""The case store's tables. Bump SCHEMA_VERSION and add a step to `migrations.py` for every change,
so a database made by an older nerpipe opens in a newer one."""

from __future__ import annotations

from sqlalchemy import (
    Column,
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
)

#: 2: the full-text index (made outside these tables, per database: see store/search_index.py).
SCHEMA_VERSION = 2
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
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
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
    Index("ix_mentions_document", "document_id"),
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
    Column("action", String(20), nullable=False),  # "reject" or "relabel"
    Column("label", String(60)),  # the new label, for "relabel"
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("case_id", "sha256", "start", "end", name="uq_decision_span"),
)
