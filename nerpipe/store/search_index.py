"""The full-text index of documents, inside the case store: SQLite FTS5, or PostgreSQL tsvector
with a GIN index. Written in the same transaction as the document; removed with it.

SQLite: an FTS5 table over documents.text (external content, so the text is not stored twice);
a trigger removes a document's entry whenever its row goes, however it goes (the document, its
e-mail, its case). PostgreSQL: one tsvector per 50,000 characters of a document in search_chunks
(a tsvector holds at most 1 MB and positions up to 16,383, so one per document would lose the end
of long ones); rows go with their document by ON DELETE CASCADE. Both see the same terms: text and
queries are cut and folded by nerpipe.search.query (PostgreSQL gets the folded terms).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, text

from nerpipe.search.query import Node, terms, to_fts5, to_tsquery

FTS_TABLE = "document_search"
CHUNK_TABLE = "search_chunks"
CHUNK_CHARS = 50_000


@dataclass(frozen=True, slots=True)
class RankedDocument:
    document_id: int
    score: float


def create_search_index(connection: Connection) -> None:
    """The index's tables (and trigger) for this database, empty."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
        connection.exec_driver_sql(
            f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON documents BEGIN "
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text); END"
        )
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            f"CREATE TABLE IF NOT EXISTS {CHUNK_TABLE} ("
            "id SERIAL PRIMARY KEY, "
            "document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, "
            "start INTEGER NOT NULL, vector TSVECTOR NOT NULL)"
        )
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS ix_{CHUNK_TABLE}_vector ON {CHUNK_TABLE} USING GIN (vector)"
        )
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS ix_{CHUNK_TABLE}_document ON {CHUNK_TABLE} (document_id)"
        )


def rebuild_search_index(connection: Connection) -> None:
    """Index every stored document (a database made before the index existed)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        return
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"DELETE FROM {CHUNK_TABLE}")
        rows = connection.execute(text("SELECT id, text FROM documents")).all()
        for document_id, body in rows:
            index_document(connection, document_id, body)


def index_document(connection: Connection, document_id: int, body: str) -> None:
    """Add one stored document to the index (call inside the transaction that stores it)."""
    if connection.dialect.name == "sqlite":
        connection.execute(
            text(f"INSERT INTO {FTS_TABLE}(rowid, text) VALUES (:id, :text)"), {"id": document_id, "text": body}
        )
    elif connection.dialect.name == "postgresql":
        chunks = [
            {"id": document_id, "start": start, "terms": " ".join(terms(piece))} for start, piece in _chunks(body)
        ]
        if chunks:
            connection.execute(
                text(
                    f"INSERT INTO {CHUNK_TABLE}(document_id, start, vector) "
                    "VALUES (:id, :start, to_tsvector('simple', :terms))"
                ),
                chunks,
            )


def _chunks(body: str) -> list[tuple[int, str]]:
    """Pieces of about CHUNK_CHARS, cut at white space (a word is never split)."""
    pieces, start = [], 0
    while start < len(body):
        end = min(start + CHUNK_CHARS, len(body))
        if end < len(body):
            space = body.rfind(" ", start + CHUNK_CHARS // 2, end)
            end = space if space > start else end
        pieces.append((start, body[start:end]))
        start = end
    return pieces


def ranked_documents(
    connection: Connection, case_id: int, node: Node, *, only: Collection[int] | None = None, limit: int = 50
) -> tuple[list[RankedDocument], int]:
    """The case's documents that match, best first (at most `limit`), and how many match in all.
    `only` narrows to these document ids."""
    if only is not None and not only:
        return [], 0
    if connection.dialect.name == "sqlite":
        return _sqlite_ranked(connection, case_id, node, only, limit)
    if connection.dialect.name == "postgresql":
        return _postgres_ranked(connection, case_id, node, only, limit)
    raise NotImplementedError(f"full-text search is not available on {connection.dialect.name}")


def _narrowing(only: Collection[int] | None) -> tuple[str, dict]:
    if only is None:
        return "", {}
    return " AND d.id IN :only", {"only": list(only)}


def _sqlite_ranked(
    connection: Connection, case_id: int, node: Node, only: Collection[int] | None, limit: int
) -> tuple[list[RankedDocument], int]:
    narrowing, values = _narrowing(only)
    where = f"{FTS_TABLE} MATCH :match AND d.case_id = :case{narrowing}"
    params = {"match": to_fts5(node), "case": case_id, "limit": limit, **values}
    # CROSS JOIN: SQLite then reads the index first. Given a choice it may walk the case's documents
    # and run the full-text query once for each (4.5 s for a count over 10,000 documents, not 10 ms).
    base = f"FROM {FTS_TABLE} CROSS JOIN documents d ON d.id = {FTS_TABLE}.rowid WHERE {where}"
    ranked = text(f"SELECT d.id, bm25({FTS_TABLE}) AS score {base} ORDER BY score LIMIT :limit")
    counted = text(f"SELECT count(*) {base}")
    if only is not None:
        ranked = ranked.bindparams(bindparam("only", expanding=True))
        counted = counted.bindparams(bindparam("only", expanding=True))
    rows = connection.execute(ranked, params).all()
    total = connection.execute(counted, params).scalar_one()
    # bm25 is lower for better matches: shown as a positive score, higher better.
    return [RankedDocument(document_id, -score) for document_id, score in rows], total


def _postgres_ranked(
    connection: Connection, case_id: int, node: Node, only: Collection[int] | None, limit: int
) -> tuple[list[RankedDocument], int]:
    narrowing, values = _narrowing(only)
    query = "to_tsquery('simple', :query)"
    base = (
        f"FROM {CHUNK_TABLE} c JOIN documents d ON d.id = c.document_id "
        f"WHERE c.vector @@ {query} AND d.case_id = :case{narrowing}"
    )
    params = {"query": to_tsquery(node), "case": case_id, "limit": limit, **values}
    ranked = text(
        f"SELECT d.id, max(ts_rank_cd(c.vector, {query})) AS score {base} GROUP BY d.id "
        "ORDER BY score DESC, d.id LIMIT :limit"
    )
    counted = text(f"SELECT count(DISTINCT d.id) {base}")
    if only is not None:
        ranked = ranked.bindparams(bindparam("only", expanding=True))
        counted = counted.bindparams(bindparam("only", expanding=True))
    rows = connection.execute(ranked, params).all()
    total = connection.execute(counted, params).scalar_one()
    return [RankedDocument(document_id, float(score)) for document_id, score in rows], total
