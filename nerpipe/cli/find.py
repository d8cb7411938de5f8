"""`nerpipe search` and `nerpipe xref`: find words in a case's documents, and its names in other cases."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from nerpipe.cli.common import app, say, user_errors
from nerpipe.config import Settings
from nerpipe.errors import CaseError
from nerpipe.graph.export import safe_cell
from nerpipe.search.hits import DEFAULT_LIMIT, SearchHit, search_case
from nerpipe.store import Store
from nerpipe.store.entity_table import CaseEntities
from nerpipe.terminal import printable
from nerpipe.xref import CrossReference, also_in_text, cross_references, resolve_among

CaseOption = Annotated[str, typer.Option("--case", "-c", help="The case's name.")]
#: No page limit: an entity's mentions, read by its stored keys (not the case's).
_EVERY = 2**62
HIT_COLUMNS = ("rank", "document", "page", "score", "hits", "start", "end", "snippet")


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]


@app.command("search")
def search_command(
    query: Annotated[
        str,
        typer.Argument(
            help='Words, "phrases", AND / OR / NOT, prefix* and brackets, e.g. \'"Luis Ortega" AND fent*\'.'
        ),
    ],
    case: CaseOption,
    entity: Annotated[
        str | None,
        typer.Option(help="Only documents that mention this entity (its name or id, e.g. PERSON:luis ortega)."),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="Show at most this many documents.")] = DEFAULT_LIMIT,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Search the text of a case's documents; best matches first, with the page and a snippet."""
    with user_errors():
        store = Store.open(Settings.from_env().store_url)
        only = None
        if entity is not None:
            table = store.case_entities(case)
            ids = _resolve(table, entity, case)
            found, _ = store.mention_page(
                case, {key: e for e in ids for key in table.members[e]}, offset=0, limit=_EVERY
            )
            only = {mention.doc for mention, _ in found}
        results = search_case(store, case, query, only_documents=only, limit=limit)
    rows = [_hit_row(rank, hit) for rank, hit in enumerate(results.hits, start=1)]
    _write(rows, HIT_COLUMNS, output_format)
    shown = f"{len(rows)} shown" if len(rows) < results.total else "all shown"
    say(f"{results.total} document(s) match in '{case}' ({shown})")


def _resolve(table: CaseEntities, entity: str, case: str) -> list[str]:
    """The ids `entity` (a name or an id) means in the case's stored entity table."""
    ids = resolve_among(table.entities, entity)
    if not ids:
        raise CaseError(f"No entity '{entity}' in case '{case}': see `nerpipe export --what entities`.")
    return ids


def _hit_row(rank: int, hit: SearchHit) -> dict[str, object]:
    return {
        "rank": rank,
        "document": hit.filename,
        "page": hit.page,
        "score": hit.score,
        "hits": hit.hits,
        "start": hit.start,
        "end": hit.end,
        "snippet": hit.snippet,
    }


@app.command("xref")
def xref_command(
    case: CaseOption,
    entity: Annotated[str | None, typer.Option(help="Only this entity (its name or id); default: every one.")] = None,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """The case's names and identifiers that occur in other cases, with how many documents there."""
    with user_errors():
        store = Store.open(Settings.from_env().store_url)
        table = store.case_entities(case)
        wanted = _resolve(table, entity, case) if entity is not None else None
        references = cross_references(store, case, entities=wanted, table=table)
    if output_format == OutputFormat.table:
        for reference in references:
            typer.echo(printable(f"{reference.name} ({reference.label})") + "\t" + printable(also_in_text(reference)))
    else:
        _write([row for r in references for row in _xref_rows(r)], XREF_COLUMNS, output_format)
    say(f"{len(references)} entit{'y' if len(references) == 1 else 'ies'} of '{case}' also in other cases")


XREF_COLUMNS = ("entity_id", "name", "label", "other_case", "documents", "mentions", "written_there")


def _xref_rows(reference: CrossReference) -> list[dict[str, object]]:
    return [
        {
            "entity_id": reference.entity,
            "name": reference.name,
            "label": reference.label,
            "other_case": match.case,
            "documents": match.documents,
            "mentions": match.mentions,
            "written_there": " | ".join(match.names),
        }
        for match in reference.matches
    ]


def _write(rows: list[dict[str, object]], columns: tuple[str, ...], output_format: OutputFormat) -> None:
    if output_format == OutputFormat.jsonl:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
    elif output_format == OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows([safe_cell(row[c]) for c in columns] for row in rows)
    else:
        for row in rows:
            where = f"{row['document']}" + (f", page {row['page']}" if row.get("page") else "")
            typer.echo(printable(f"{row['rank']:>3}. {where}  (score {row['score']}, {row['hits']} hit(s))"))
            typer.echo(printable(f"     {row['snippet']}"))
