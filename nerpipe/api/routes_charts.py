"""The link chart as a picture (PNG, SVG) and the case report (PDF, HTML): the same as
`nerpipe chart` and `nerpipe report`. Both are exports: analysts only, each recorded in the audit
log with its filters before it is sent. And the evidence of one link, read when it is asked for
(viewers too: it is what the chart shows)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from nerpipe.api.context import AccessDep, ApiContext, ContextDep
from nerpipe.api.problems import PROBLEM_RESPONSES, ApiProblem
from nerpipe.api.routes_reading import Filters
from nerpipe.api.schemas import Id
from nerpipe.auth.roles import Role
from nerpipe.case_image import DEFAULT_NODE_CAP, ChartRequest, draw_chart, request_chart
from nerpipe.graph.analysis import MEASURES
from nerpipe.graph.cooccur import Context
from nerpipe.graph.image import FORMATS, Positions
from nerpipe.graph.render import RenderOptions
from nerpipe.report import REPORT_FORMATS, build_report, report_bytes
from nerpipe.store.layouts import MAX_NAME, LayoutStore

router = APIRouter(prefix="/v1", responses=PROBLEM_RESPONSES)
MaxEntities = Annotated[int, Query(ge=1, le=2000, description="Draw at most this many entities (the top ones)")]
RankBy = Annotated[Literal[MEASURES], Query(description="Which entities come first when there are more")]
ColourBy = Annotated[Literal["label", "community"], Query(description="Colour the entities by label or community")]
Layout = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=MAX_NAME,
        description="Place the entities as in this saved layout of the case (the rest laid out around them)",
    ),
]


def _request(filters, max_entities: int, rank_by: str, colour_by: str, layout: str | None) -> ChartRequest:
    return ChartRequest(
        context=filters.context,
        labels=tuple(filters.labels) if filters.labels is not None else None,
        min_weight=filters.min_weight,
        options=RenderOptions(node_cap=max_entities, measure=rank_by, colour_by=colour_by),
        layout=layout,
    )


def _positions(ctx: ApiContext, case: str, layout: str | None) -> Positions | None:
    """The saved layout's places (the caller has checked the case's role: LayoutStore does not)."""
    return LayoutStore.of(ctx.store).load(case, layout) if layout else None


def _file(data: bytes, media_type: str, filename: str) -> Response:
    return Response(data, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/cases/{case_id}/chart.{fmt}", tags=["reading"], response_class=Response)
def chart_image(
    case_id: Id,
    fmt: Literal["png", "svg"],
    access: AccessDep,
    ctx: ContextDep,
    filters: Filters,
    max_entities: MaxEntities = DEFAULT_NODE_CAP,
    rank_by: RankBy = "weighted_degree",
    colour_by: ColourBy = "label",
    layout: Layout = None,
) -> Response:
    """The link chart as a picture (A4 landscape; PNG at 300 dpi), titled with the case, the date
    and the filters, as `nerpipe chart` draws it; `layout` places the entities as saved."""
    row = access.case_by_id(case_id, Role.ANALYST)
    request = _request(filters, max_entities, rank_by, colour_by, layout)
    positions = _positions(ctx, row.ref, layout)
    # titled as the caller's case list names it: NAME#ID only where they see several of that name
    drawn = draw_chart(request_chart(access, row.ref, request), _label(access, row), request, fmt, positions=positions)
    access.record_export(row.ref, f"chart.{fmt}", request.described())
    return _file(drawn.image.data, FORMATS[fmt], f"chart-case-{row.id}.{fmt}")


@router.get("/cases/{case_id}/report.{fmt}", tags=["reading"], response_class=Response)
def case_report(
    case_id: Id,
    fmt: Literal["pdf", "html"],
    access: AccessDep,
    ctx: ContextDep,
    filters: Filters,
    max_entities: MaxEntities = DEFAULT_NODE_CAP,
    rank_by: RankBy = "weighted_degree",
    colour_by: ColourBy = "label",
    layout: Layout = None,
) -> Response:
    """The case report, as `nerpipe report` writes it: documents with SHA-256, the chart, the top
    entities, each link's strongest evidence quoted with document and page, corrections, merges."""
    row = access.case_by_id(case_id, Role.ANALYST)
    request = _request(filters, max_entities, rank_by, colour_by, layout)
    positions = _positions(ctx, row.ref, layout)
    data = report_bytes(build_report(access, _label(access, row), request, positions=positions), fmt)
    access.record_export(row.ref, f"report.{fmt}", request.described())
    return _file(data, REPORT_FORMATS[fmt], f"report-case-{row.id}.{fmt}")


EntityId = Annotated[str, Query(min_length=1, max_length=400, description="An entity id (LABEL:name)")]


@router.get("/cases/{case_id}/links/evidence", tags=["reading"])
def link_evidence(
    case_id: Id,
    source: EntityId,
    target: EntityId,
    access: AccessDep,
    window: Annotated[
        str, Query(max_length=20, description="Co-occurrence context: sentence, paragraph, document or a number")
    ] = "sentence",
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many contexts")] = 50,
) -> dict:
    """Where two entities occur together (document, page, the sentence with both names marked),
    in the chart's order, and the relation words between them: read from the documents that hold
    both only, when asked (Store.link_evidence), never from the whole case."""
    row = access.case_by_id(case_id, Role.VIEWER)
    try:
        context = Context.parse(window)
    except ValueError as exc:
        raise ApiProblem(422, f"query parameter 'window': {exc}") from None
    found = access.link_evidence(row.ref, (source, target), context=context, max_evidence=limit)
    names = access.filenames(row.ref) if found.evidence else {}
    return {
        "source": found.source,
        "target": found.target,
        "window": str(context),
        "evidence": [
            {"document": names.get(e.doc, e.doc), "sha256": e.doc, "page": e.page, "text": e.text}
            for e in found.evidence
        ],
        "relations": dict(sorted(found.relations.items(), key=lambda item: (-item[1], item[0]))),
    }


def _label(access, row) -> str:
    """The case as the caller's list names it, which names this case among those they can see."""
    return access.case_labels()[row.id]
