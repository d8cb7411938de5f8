"""Reading a case: entities, mentions and edges (JSON pages, or CSV), graph exports (GEXF,
GraphML, node-link JSON) and full-text search. CSV and graph files are exports: analysts only,
each recorded in the audit log with its filters before it is sent."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response

from nerpipe.api.context import Access, AccessDep
from nerpipe.api.problems import PROBLEM_RESPONSES, ApiProblem
from nerpipe.api.routes_cases import Limit, Offset
from nerpipe.api.schemas import Id, Page
from nerpipe.auth.roles import Role
from nerpipe.case_chart import case_chart
from nerpipe.graph import Context
from nerpipe.graph.chart import LinkChart
from nerpipe.graph.entities import shown_text
from nerpipe.graph.export import ALIAS_SEPARATOR, edge_rows, entity_rows, export_bytes, mention_rows
from nerpipe.labels import default_chart_labels
from nerpipe.search.hits import search_case
from nerpipe.store.entity_table import EntityRow, filtered
from nerpipe.types import Mention

router = APIRouter(prefix="/v1", responses=PROBLEM_RESPONSES)
TableFormat = Annotated[Literal["json", "csv"], Query(description="json (paginated) or csv (everything: an export)")]
GRAPH_TYPES = {"gexf": "application/gexf+xml", "graphml": "application/graphml+xml", "json": "application/json"}
Measures = Annotated[
    bool,
    Query(
        description="JSON: each entity with its link measures (degree, pagerank, community...), in the "
        "chart's order; this builds the case's links (seconds on a big case). Default: the store's table."
    ),
]
EntityFilter = Annotated[str | None, Query(max_length=400, description="Mentions: only this entity's (its id)")]
_LABEL = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,59}")


class ChartFilters:
    """The same filters as `nerpipe export`: co-occurrence window, labels, weakest link kept."""

    def __init__(
        self,
        labels: Annotated[
            str | None, Query(max_length=2000, description="Only these labels, comma-separated (e.g. DRUG,GANG_ORG)")
        ] = None,
        window: Annotated[
            str, Query(max_length=20, description="Co-occurrence context: sentence, paragraph, document or a number")
        ] = "sentence",
        min_weight: Annotated[int, Query(ge=1, le=1_000_000, description="Drop links seen in fewer contexts")] = 1,
        all_labels: Annotated[
            bool, Query(description="Every entity, not only those of the linked labels (as the dashboard's table)")
        ] = False,
    ) -> None:
        self.labels = _labels(labels)
        try:
            self.context = Context.parse(window)
        except ValueError as exc:
            raise ApiProblem(422, f"query parameter 'window': {exc}") from None
        self.min_weight = min_weight
        self.all_labels = all_labels

    def chart(self, access: Access, case: str) -> LinkChart:
        return case_chart(
            access,
            case,
            context=self.context,
            labels=self.labels,
            min_weight=self.min_weight,
            every_entity=self.all_labels,
        )

    def described(self) -> dict:
        return {
            "labels": self.labels,
            "window": str(self.context),
            "min_weight": self.min_weight,
            "all_labels": self.all_labels,
        }


def _labels(raw: str | None) -> list[str] | None:
    if raw is None:
        return None
    labels = [part.strip().upper() for part in raw.split(",") if part.strip()]
    bad = [label for label in labels if not _LABEL.fullmatch(label)]
    if not labels or bad:
        raise ApiProblem(422, "query parameter 'labels': give labels such as DRUG,GANG_ORG (letters, digits, _).")
    return labels


Filters = Annotated[ChartFilters, Depends()]


def _table(
    case_id: int,
    what: str,
    access: Access,
    filters: ChartFilters,
    format: str,
    offset: int,
    limit: int,
    *,
    measures: bool = False,
    entity: str | None = None,
):
    row = access.case_by_id(case_id)
    if format == "csv":
        access.require(row.ref, Role.ANALYST)
    elif what != "edges" and not measures:
        return _stored_page(access, row.ref, what, filters, offset, limit, entity)
    chart = filters.chart(access, row.ref)
    if format == "csv":
        data = export_bytes(chart, what, access.filenames(row.ref))
        access.record_export(row.ref, what, {"format": "csv", **filters.described()})
        return _download(data, "text/csv; charset=utf-8", f"{what}-case-{row.id}.csv")
    if what == "entities":
        rows = entity_rows(chart)
    elif what == "mentions":
        rows = mention_rows(chart, access.filenames(row.ref), [entity] if entity is not None else None)
    else:
        rows = edge_rows(chart)
    return Page(total=len(rows), offset=offset, limit=limit, items=rows[offset : offset + limit])


def _stored_page(
    access: Access, case: str, what: str, filters: ChartFilters, offset: int, limit: int, entity: str | None
) -> Page:
    """A page of entities (most mentions first) or of their mentions (case order), from the store's
    entity table and the mentions' stored keys: the same entities as the chart's, without reading
    the case's mentions or building its links (measures=true gives the chart's measures)."""
    table = access.case_entities(case)
    present = {e.label for e in table.entities.values()}
    labels = filters.labels if filters.labels is not None else present if filters.all_labels else None
    chosen = filtered(table.entities.values(), labels=labels if labels is not None else default_chart_labels(present))
    if entity is not None:
        if entity not in table.entities:
            raise ApiProblem(404, f"No entity {entity!r} in this case (see the entities list).")
        chosen = [table.entities[entity]]
    if what == "entities":
        items = [_entity_item(e) for e in chosen[offset : offset + limit]]
        return Page(total=len(chosen), offset=offset, limit=limit, items=items)
    entity_of = {key: e.id for e in chosen for key in table.members[e.id]}
    every = len(chosen) == len(table.entities)
    found, total = access.mention_page(case, entity_of, every=every, offset=offset, limit=limit)
    filenames = access.filenames(case) if found else {}
    return Page(total=total, offset=offset, limit=limit, items=[_mention_item(m, e, filenames) for m, e in found])


def _entity_item(entity: EntityRow) -> dict:
    return {
        "id": entity.id,
        "name": entity.name,
        "label": entity.label,
        "aliases": ALIAS_SEPARATOR.join(entity.aliases),
        "mentions": entity.mentions,
        "documents": entity.documents,
    }


def _mention_item(mention: Mention, entity: str, filenames: dict[str, str]) -> dict:
    return {
        "entity_id": entity,
        "document_id": mention.doc,
        "filename": filenames.get(mention.doc, mention.doc),
        "page": mention.page,
        "ocr": mention.ocr,
        "start": mention.start,
        "end": mention.end,
        "text": shown_text(mention),
        "sentence": mention.sentence,
        "source": mention.source,
        "confidence": mention.confidence,
    }


def _download(data: bytes, media_type: str, filename: str) -> Response:
    return Response(data, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _table_route(what: str, summary: str) -> None:
    """GET /v1/cases/{case_id}/<what>: one of the three tables, as JSON pages or CSV."""

    def table(
        case_id: Id,
        access: AccessDep,
        filters: Filters,
        format: TableFormat = "json",
        offset: Offset = 0,
        limit: Limit = 100,
        measures: Measures = False,
        entity: EntityFilter = None,
    ) -> Page | Response:
        return _table(case_id, what, access, filters, format, offset, limit, measures=measures, entity=entity)

    router.add_api_route(
        f"/cases/{{case_id}}/{what}",
        table,
        methods=["GET"],
        name=what,
        summary=what.capitalize(),
        description=summary,
        tags=["reading"],
        response_model=None,
    )


for _what, _summary in (
    (
        "entities",
        "The case's entities, most mentions first, from the store's entity table (measures=true: "
        "strongest first, with their link measures, the entity CSV's columns).",
    ),
    ("mentions", "The mentions of those entities (or of `entity`), in case order, with document, page, offsets."),
    ("edges", "The links between those entities, strongest first, with their first evidence."),
):
    _table_route(_what, _summary)


@router.get("/cases/{case_id}/graph.{kind}", tags=["reading"], response_class=Response)
def graph(case_id: Id, kind: Literal["gexf", "graphml", "json"], access: AccessDep, filters: Filters) -> Response:
    """The link chart as a file for other tools (analysts): GEXF (Gephi), GraphML, or node-link JSON."""
    row = access.case_by_id(case_id, Role.ANALYST)
    chart = filters.chart(access, row.ref)
    data = export_bytes(chart, kind, access.filenames(row.ref))
    access.record_export(row.ref, kind, filters.described())
    return _download(data, GRAPH_TYPES[kind], f"case-{row.id}.{'json' if kind == 'json' else kind}")


@router.get("/cases/{case_id}/search", tags=["reading"])
def search(
    case_id: Id,
    access: AccessDep,
    q: Annotated[str, Query(min_length=1, max_length=1000, description='Words, "phrases", AND/OR/NOT, prefix*')],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict:
    """Full-text search over the case's documents: ranked, each hit with a marked snippet and its page."""
    row = access.case_by_id(case_id)
    results = search_case(access, row.ref, q, limit=limit)
    return {
        "query": results.query,
        "total": results.total,
        "hits": [
            {
                "document_id": hit.document_id,
                "sha256": hit.sha256,
                "filename": hit.filename,
                "score": hit.score,
                "start": hit.start,
                "end": hit.end,
                "page": hit.page,
                "snippet": hit.snippet,
                "hits": hit.hits,
            }
            for hit in results.hits
        ],
    }
