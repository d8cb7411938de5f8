"""`nerpipe chart`: a stored case's link chart as a PNG or SVG picture for a report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from nerpipe.case_image import DEFAULT_NODE_CAP, ChartRequest, draw_chart, request_chart
from nerpipe.cli.cases import parse_day_option
from nerpipe.cli.common import app, parse_context, parse_labels, say, user_errors
from nerpipe.config import Settings
from nerpipe.errors import CaseError
from nerpipe.graph.analysis import MEASURES
from nerpipe.graph.chart import LinkChart
from nerpipe.graph.image import FORMATS
from nerpipe.graph.render import RenderOptions
from nerpipe.graph.view import ViewChoices
from nerpipe.report import REPORT_FORMATS, build_report, report_bytes
from nerpipe.store import Store
from nerpipe.store.layouts import LayoutStore
from nerpipe.terminal import printable
from nerpipe.xref import resolve_entities

CaseOption = Annotated[str, typer.Option("--case", "-c", help="The case's name.")]
WindowOption = Annotated[str, typer.Option(help="Co-occurrence context: sentence, paragraph, document, or N.")]
LabelsOption = Annotated[str | None, typer.Option(help="Only these labels, comma-separated.")]
MinWeightOption = Annotated[int, typer.Option(min=1, help="Drop links seen in fewer contexts.")]
FromOption = Annotated[
    str | None, typer.Option("--from", help="Only evidence dated on or after this day (YYYY-MM-DD).")
]
ToOption = Annotated[str | None, typer.Option("--to", help="Only evidence dated on or before this day.")]
MaxEntitiesOption = Annotated[
    int, typer.Option("--max-entities", min=1, max=2000, help="Draw at most this many entities (the top ones).")
]
RankOption = Annotated[str, typer.Option("--rank-by", help=f"Which entities come first: {', '.join(MEASURES)}.")]
ColourOption = Annotated[str, typer.Option("--colour-by", help="label or community.")]
LayoutOption = Annotated[
    str | None, typer.Option(help="Place the entities as in this saved layout (see `nerpipe layout list`).")
]


def chart_request(
    *,
    window: str,
    labels: str | None,
    min_weight: int,
    date_from: str | None,
    date_to: str | None,
    max_entities: int,
    rank_by: str,
    colour_by: str,
) -> ChartRequest:
    """The options every chart-drawing command shares, checked (a bad one is a usage error)."""
    if rank_by not in MEASURES:
        raise typer.BadParameter(f"use one of {', '.join(MEASURES)}", param_hint="--rank-by")
    if colour_by not in ("label", "community"):
        raise typer.BadParameter("use label or community", param_hint="--colour-by")
    wanted = parse_labels(labels)
    return ChartRequest(
        context=parse_context(window),
        labels=tuple(wanted) if wanted is not None else None,
        min_weight=min_weight,
        dates=(parse_day_option(date_from, "--from"), parse_day_option(date_to, "--to")),
        options=RenderOptions(node_cap=max_entities, measure=rank_by, colour_by=colour_by),
    )


def one_entity(chart: LinkChart, case: str, given: str | None) -> str | None:
    """The entity a user named (its name or id), among those the filters keep."""
    if given is None:
        return None
    found = [key for key in resolve_entities(chart.index, given) if key in chart.graph]
    if not found:
        raise CaseError(f"No entity '{given}' in the chart of '{case}' with these filters: see `nerpipe export`.")
    return found[0]


@app.command("chart")
def chart_command(
    case: CaseOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="The picture to write: a .png or .svg file.")],
    window: WindowOption = "sentence",
    labels: LabelsOption = None,
    min_weight: MinWeightOption = 1,
    date_from: FromOption = None,
    date_to: ToOption = None,
    max_entities: MaxEntitiesOption = DEFAULT_NODE_CAP,
    rank_by: RankOption = "weighted_degree",
    colour_by: ColourOption = "label",
    focus: Annotated[str | None, typer.Option(help="Only this entity (name or id) and its neighbours.")] = None,
    radius: Annotated[int, typer.Option(min=1, max=3, help="Hops around --focus.")] = 1,
    path_from: Annotated[str | None, typer.Option(help="Highlight the path from this entity…")] = None,
    path_to: Annotated[str | None, typer.Option(help="…to this one.")] = None,
    unlinked: Annotated[bool, typer.Option(help="Also draw the entities without links.")] = False,
    layout: LayoutOption = None,
) -> None:
    """Draw a case's link chart as a picture (A4 landscape; PNG at 300 dpi, or SVG), titled with
    the case, the date and the filters. Recorded in the case's audit log as an export."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise typer.BadParameter(f"{out}: write a .png or .svg file", param_hint="--out")
    request = chart_request(
        window=window,
        labels=labels,
        min_weight=min_weight,
        date_from=date_from,
        date_to=date_to,
        max_entities=max_entities,
        rank_by=rank_by,
        colour_by=colour_by,
    )
    with user_errors():
        store = Store.open(Settings.from_env().store_url)
        chart = request_chart(store, case, request)
        view = ViewChoices(
            focus=one_entity(chart, case, focus),
            radius=radius,
            source=one_entity(chart, case, path_from),
            target=one_entity(chart, case, path_to),
            unlinked=unlinked,
        )
        request = ChartRequest(**{**_fields(request), "view": view, "layout": layout})
        positions = LayoutStore.of(store).load(case, layout) if layout else None
        drawn = draw_chart(chart, case, request, fmt, positions=positions)
        # Recorded before the file is written: no export leaves without its audit entry.
        store.record_export(case, f"chart.{fmt}", request.described())
        try:
            out.write_bytes(drawn.image.data)
        except OSError as exc:
            raise CaseError(f"{out}: cannot write the picture ({exc.strerror or exc}).") from None
    hidden = f", {drawn.image.hidden} more hidden (raise --max-entities)" if drawn.image.hidden else ""
    say(f"{drawn.image.shown} entities drawn{hidden}: {out}")


def _fields(request: ChartRequest) -> dict:
    return {name: getattr(request, name) for name in request.__slots__}


@app.command("report")
def report_command(
    case: CaseOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="The report to write: a .pdf or .html file.")],
    window: WindowOption = "sentence",
    labels: LabelsOption = None,
    min_weight: MinWeightOption = 1,
    date_from: FromOption = None,
    date_to: ToOption = None,
    max_entities: MaxEntitiesOption = DEFAULT_NODE_CAP,
    rank_by: RankOption = "weighted_degree",
    colour_by: ColourOption = "label",
    layout: LayoutOption = None,
) -> None:
    """Write a case report (PDF, or HTML to edit): the documents with their SHA-256, the chart,
    the top entities per label, each link's strongest evidence quoted with document and page, and
    the analyst's corrections and merges. Recorded in the case's audit log as an export."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in REPORT_FORMATS:
        raise typer.BadParameter(f"{out}: write a .pdf or .html file", param_hint="--out")
    request = chart_request(
        window=window,
        labels=labels,
        min_weight=min_weight,
        date_from=date_from,
        date_to=date_to,
        max_entities=max_entities,
        rank_by=rank_by,
        colour_by=colour_by,
    )
    with user_errors():
        store = Store.open(Settings.from_env().store_url)
        request = ChartRequest(**{**_fields(request), "layout": layout})
        positions = LayoutStore.of(store).load(case, layout) if layout else None
        report = build_report(store, case, request, positions=positions)
        data = report_bytes(report, fmt)
        store.record_export(case, f"report.{fmt}", request.described())
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CaseError(f"{out}: cannot write the report ({exc.strerror or exc}).") from None
    say(f"report of '{case}' ({len(report.documents)} documents, {len(report.links)} links quoted): {out}")


layout_app = typer.Typer(help="A case's saved chart layouts: list, rename, delete.", no_args_is_help=True)
app.add_typer(layout_app, name="layout")


@layout_app.command("list")
def layout_list(case: CaseOption) -> None:
    """The case's saved layouts, with how many entities each places."""
    with user_errors():
        saved = LayoutStore.of(Store.open(Settings.from_env().store_url)).list(case)
    if not saved:
        say(f"no saved layouts in '{case}': save one with `nerpipe layout save`")
    for layout in saved:
        typer.echo(f"{printable(layout.name)}\t{layout.entities} entities\tsaved {layout.saved_at:%Y-%m-%d %H:%M}")


@layout_app.command("save")
def layout_save(
    case: CaseOption,
    name: Annotated[str, typer.Argument(help="The layout's name (an existing one is replaced).")],
    source: Annotated[
        Path, typer.Option("--from", help='A JSON file: {"ENTITY ID": [x, y], ...}, ids as in entities.csv.')
    ],
) -> None:
    """Save where entities go on the chart, under a name, for `chart` and `report --layout NAME`."""
    with user_errors():
        try:
            given = json.loads(source.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CaseError(f"{source}: cannot read it ({exc.strerror or exc}).") from None
        except ValueError as exc:
            raise CaseError(f"{source}: not JSON ({exc}).") from None
        if not isinstance(given, dict) or not all(
            isinstance(place, list) and len(place) == 2 for place in given.values()
        ):
            raise CaseError(f'{source}: expected {{"ENTITY ID": [x, y], ...}}.')
        try:
            positions = {str(entity): (float(x), float(y)) for entity, (x, y) in given.items()}
        except (TypeError, ValueError):
            raise CaseError(f"{source}: every place must be two numbers [x, y].") from None
        LayoutStore.of(Store.open(Settings.from_env().store_url)).save(case, name, positions)
    say(f"layout '{name}' saved: {len(positions)} entities placed")


@layout_app.command("rename")
def layout_rename(
    case: CaseOption,
    name: Annotated[str, typer.Argument(help="The layout's name.")],
    new_name: Annotated[str, typer.Argument(help="Its new name.")],
) -> None:
    """Rename a saved layout."""
    with user_errors():
        LayoutStore.of(Store.open(Settings.from_env().store_url)).rename(case, name, new_name)
    say(f"layout '{name}' renamed '{new_name}'")


@layout_app.command("delete")
def layout_delete(case: CaseOption, name: Annotated[str, typer.Argument(help="The layout to delete.")]) -> None:
    """Delete a saved layout."""
    with user_errors():
        LayoutStore.of(Store.open(Settings.from_env().store_url)).delete(case, name)
    say(f"layout '{name}' deleted")
