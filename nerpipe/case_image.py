"""A stored case's link chart as a picture: the same filters as `nerpipe export`, the same capped
top-N chart and view choices (focus, path) as the dashboard, titled with the case, the date and
the filters. The CLI, the API, the dashboard and the report all draw it through here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from nerpipe.case_chart import case_chart
from nerpipe.graph.analysis import MEASURE_NAMES
from nerpipe.graph.chart import LinkChart
from nerpipe.graph.cooccur import DEFAULT_CONTEXT, Context
from nerpipe.graph.image import DPI, ChartImage, Positions, chart_image
from nerpipe.graph.render import RenderOptions
from nerpipe.graph.view import ChartView, ViewChoices, chart_view

#: Entities drawn at most, as the dashboard's "Most entities shown" default.
DEFAULT_NODE_CAP = 150


@dataclass(frozen=True, slots=True)
class ChartRequest:
    """Which chart to draw: the export filters, the drawing choices and the view."""

    context: Context = DEFAULT_CONTEXT
    labels: tuple[str, ...] | None = None
    min_weight: int = 1
    dates: tuple[date | None, date | None] = (None, None)
    options: RenderOptions = field(default_factory=lambda: RenderOptions(node_cap=DEFAULT_NODE_CAP))
    view: ViewChoices = field(default_factory=ViewChoices)
    #: The saved layout's name, when one places the entities (said in the title and the audit log).
    layout: str | None = None

    def described(self) -> dict:
        """The request as the audit log records it."""
        return {
            "labels": list(self.labels) if self.labels is not None else None,
            "window": str(self.context),
            "min_weight": self.min_weight,
            "from": self.dates[0].isoformat() if self.dates[0] else None,
            "to": self.dates[1].isoformat() if self.dates[1] else None,
            "node_cap": self.options.node_cap,
            "measure": self.options.measure,
            "colour_by": self.options.colour_by,
            "focus": self.view.focus,
            "radius": self.view.radius if self.view.focus else None,
            "path": [self.view.source, self.view.target] if self.view.source and self.view.target else None,
            "unlinked": self.view.unlinked,
            "layout": self.layout,
        }


def request_chart(store, case: str, request: ChartRequest) -> LinkChart:
    """The case's chart for the request's filters."""
    return case_chart(
        store,
        case,
        context=request.context,
        labels=request.labels,
        min_weight=request.min_weight,
        dates=request.dates,
    )


def filters_text(request: ChartRequest, names: Mapping[str, str] | None = None) -> str:
    """The filters in words, for a title: what a reader of the picture needs to know it by."""
    names = names or {}
    parts = [
        "labels: " + (", ".join(request.labels) if request.labels is not None else "the linked types (default)"),
        f"linked in the same {request.context}" if request.context.size == 1 else f"linked within {request.context}",
        f"min. link weight {request.min_weight}",
    ]
    first, last = request.dates
    if first or last:
        parts.append(f"evidence dated {first or '…'} to {last or '…'}")
    view = request.view
    if view.focus:
        parts.append(f"focus: {names.get(view.focus, view.focus)} (radius {view.radius})")
    if view.source and view.target:
        parts.append(f"path: {names.get(view.source, view.source)} → {names.get(view.target, view.target)}")
    parts.append(
        f"top {request.options.node_cap} by {MEASURE_NAMES.get(request.options.measure, request.options.measure)}"
    )
    if request.layout:
        parts.append(f"layout: {request.layout}")
    return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class DrawnChart:
    image: ChartImage
    view: ChartView


def draw_chart(
    chart: LinkChart,
    case: str,
    request: ChartRequest,
    fmt: str,
    *,
    when: datetime | None = None,
    positions: Positions | None = None,
    dpi: int = DPI,
) -> DrawnChart:
    """`chart` as the request's view shows it, drawn as `fmt` ("png" or "svg")."""
    view = chart_view(chart.graph, request.view)
    options = replace(request.options, highlight_path=view.path_nodes)
    community = chart.community if options.colour_by == "community" else {}
    names = {n: data["name"] for n, data in chart.graph.nodes(data=True)}
    made = (when or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M %Z").strip()
    image = chart_image(
        view.graph,
        chart.scores,
        community,
        options,
        fmt=fmt,
        title=f"{case} — link chart",
        subtitle=f"{made} · {filters_text(request, names)}",
        positions=positions,
        dpi=dpi,
    )
    return DrawnChart(image, view)


def case_chart_image(
    store, case: str, request: ChartRequest, fmt: str, *, positions: Positions | None = None
) -> ChartImage:
    """The case's chart picture (not recorded: callers record the export before handing it over)."""
    return draw_chart(request_chart(store, case, request), case, request, fmt, positions=positions).image
