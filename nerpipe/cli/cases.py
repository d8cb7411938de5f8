"""Commands on stored cases: `nerpipe case`, `ingest`, `export`, `reprocess`."""

from __future__ import annotations

import csv
import json
import time
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from nerpipe.batch import DUPLICATE, FAILED, FileOutcome, collect_files, ingest_into_case
from nerpipe.case_chart import case_chart, write_stored_edges_csv
from nerpipe.case_timeline import case_timeline, timeline_csv
from nerpipe.cli.common import (
    ModelOption,
    RelationsOption,
    VerboseOption,
    app,
    configure_logging,
    parse_context,
    parse_labels,
    say,
    user_errors,
)
from nerpipe.config import Settings
from nerpipe.dates import parse_day
from nerpipe.graph.export import EXPORTS, export_bytes, safe_cell
from nerpipe.graph.tables import write_stored_entities_csv
from nerpipe.progress import file_progress
from nerpipe.reprocess import reprocess_case
from nerpipe.store import Store
from nerpipe.terminal import printable
from nerpipe.training.tasks import correction_examples

case_app = typer.Typer(help="Create, list and delete cases.", no_args_is_help=True)
app.add_typer(case_app, name="case")

CaseOption = Annotated[
    str,
    typer.Option(
        "--case", "-c", help="The case's name; NAME#ID (as `case list` shows it) where several cases share the name."
    ),
]


def _store(settings: Settings) -> Store:
    return Store.open(settings.store_url)


@case_app.command("create")
def case_create(name: Annotated[str, typer.Argument(help="A name for the new case.")]) -> None:
    """Create an empty case."""
    with user_errors():
        _store(Settings.from_env()).create_case(name)
    typer.echo(f"case '{' '.join(name.split())}' created")


@case_app.command("list")
def case_list() -> None:
    """The cases in the store, with their document counts."""
    with user_errors():
        store = _store(Settings.from_env())
        cases, labels = store.list_cases(), store.case_labels()
    if not cases:
        typer.echo("no cases yet: nerpipe case create NAME", err=True)
    for case in cases:  # NAME#ID where teams gave two cases one name: what --case then takes
        typer.echo(f"{labels[case.id]}\t{case.documents} documents\tcreated {case.created_at:%Y-%m-%d %H:%M}")


@case_app.command("delete")
def case_delete(
    name: Annotated[str, typer.Argument(help="The case to delete, with all its documents.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a case and everything in it."""
    with user_errors():
        store = _store(Settings.from_env())
        store.case_ref(name)  # the clear error for no such case, or for a name several cases share
        if not yes and not typer.confirm(f"Delete case '{name}' and all its documents?", err=True):
            raise typer.Exit(1)
        store.delete_case(name)
    typer.echo(f"case '{name}' deleted")


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to add to the case.")],
    case: CaseOption,
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="Also read sub-folders.")] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Processes reading and extracting in parallel.")] = 1,
    cluster: Annotated[
        str | None,
        typer.Option(
            envvar="NERPIPE_CLUSTER",
            help="Read and extract on a Dask cluster: local:N (N worker processes here) or a scheduler's "
            "address (tcp://host:8786). See docs/scaling.md.",
        ),
    ] = None,
    create: Annotated[bool, typer.Option(help="Create the case if it does not exist.")] = False,
    failed_csv: Annotated[
        Path | None,
        typer.Option(help="Where to list failed files (default: ingest-failures-<case>.csv in the current folder)."),
    ] = None,
    relations: RelationsOption = False,
    model: ModelOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Add files to a case: read, extract, store (resumable: files already in the case are skipped)."""
    configure_logging(verbose)
    with user_errors():
        settings = Settings.from_env(model=model, relations=relations or None)
        store = _store(settings)
        if create:  # another batch may be making the same case at this moment: both go on
            store.create_case(case, exist_ok=True)
        store.list_documents(case)
        files, missing = collect_files(paths, recursive)
        outcomes = list(missing)
        started = time.monotonic()
        words = 0
        with file_progress(len(files)) as (advance, console, on_progress):

            def on_outcome(outcome: FileOutcome) -> None:
                nonlocal words
                words += outcome.words
                advance(f"{words / max(time.monotonic() - started, 1e-6):,.0f} words/s")
                if outcome.status == FAILED:
                    console.print(printable(f"nerpipe: {outcome.name}: {outcome.reason}"), markup=False)

            jobs = ((str(f), f) for f in files)
            if cluster:
                outcomes += _ingest_on_cluster(cluster, workers, store, case, jobs, settings, on_outcome)
            else:
                outcomes += ingest_into_case(
                    store, case, jobs, settings, workers=workers, on_outcome=on_outcome, on_progress=on_progress
                )
    _summarise(outcomes, case, failed_csv, time.monotonic() - started)


def _ingest_on_cluster(address: str, workers: int, store: Store, case: str, jobs, settings: Settings, on_outcome):
    """The same ingest, its reading and extraction on a Dask cluster (imported only when asked for)."""
    from nerpipe.cluster import ingest_on_cluster, open_cluster

    if workers > 1:
        raise typer.BadParameter(
            "the cluster's workers do the work: use --cluster local:N instead", param_hint="--workers"
        )
    with open_cluster(address) as client:
        return ingest_on_cluster(client, store, case, jobs, settings, on_outcome=on_outcome)


def _summarise(outcomes: list[FileOutcome], case: str, failed_csv: Path | None, seconds: float) -> None:
    added = [o for o in outcomes if o.status not in (FAILED, DUPLICATE)]
    duplicates = [o for o in outcomes if o.status == DUPLICATE]
    failed = [o for o in outcomes if o.status == FAILED]
    words = sum(o.words for o in added)
    typer.echo(
        f"{len(added)} file(s) added to '{case}' ({sum(o.documents for o in added)} documents, "
        f"{sum(o.mentions for o in added)} mentions, {words:,} words in {seconds:.1f} s); "
        f"{len(duplicates)} already in the case; {len(failed)} failed",
        err=True,
    )
    if not failed:
        return
    typer.echo("Failed files:", err=True)
    for outcome in failed:
        say(f"  {outcome.name}: {outcome.reason}")
    path = failed_csv or Path(f"ingest-failures-{_slug(case)}.csv")
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["file", "reason", "when"])
        now = datetime.now().isoformat(timespec="seconds")
        writer.writerows([safe_cell(o.name), safe_cell(o.reason), now] for o in failed)
    typer.echo(f"The list is in {path}", err=True)
    raise typer.Exit(1)


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:60] or "case"


@app.command("export")
def export_command(
    case: CaseOption,
    what: Annotated[str, typer.Option(help=f"One of: {', '.join(EXPORTS)}, timeline, training.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    window: Annotated[str, typer.Option(help="Co-occurrence context: sentence, paragraph, document, or N.")] = (
        "sentence"
    ),
    labels: Annotated[str | None, typer.Option(help="Only these labels, comma-separated.")] = None,
    min_weight: Annotated[int, typer.Option(min=1, help="Drop links seen in fewer contexts.")] = 1,
    date_from: Annotated[
        str | None, typer.Option("--from", help="Only evidence dated on or after this day (YYYY-MM-DD).")
    ] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Only evidence dated on or before this day.")] = None,
    measures: Annotated[
        bool,
        typer.Option(
            "--measures/--no-measures",
            help="Entities: with their link measures (degree, betweenness, PageRank, community), which need "
            "every mention of the case (minutes on a big one); --no-measures writes the entity table "
            "the store keeps, in seconds. Edges: --no-measures writes the links the store keeps (weight, "
            "documents; no relation words or first evidence), row by row.",
        ),
    ] = True,
) -> None:
    """Write one export of a stored case (entity/mention/edge CSV, GEXF, GraphML, JSON, timeline CSV,
    or training examples)."""
    dates = (parse_day_option(date_from, "--from"), parse_day_option(date_to, "--to"))
    if what == "timeline":
        with user_errors():
            store = _store(Settings.from_env())
            events, index = case_timeline(store, case, start=dates[0], end=dates[1])
            data = timeline_csv(events, index)
            store.record_export(case, "timeline", {"from": date_from, "to": date_to})
            out.write_bytes(data)
        typer.echo(f"{len(events)} dated item(s) written to {out} (date, entity, document, page, sentence)", err=True)
        return
    if what == "training":
        with user_errors():
            store = _store(Settings.from_env())
            examples = correction_examples(store, case)
            store.record_export(case, "training", {})
        out.write_text(json.dumps(examples, ensure_ascii=False, indent=1), encoding="utf-8")
        typer.echo(f"{len(examples)} corrected sentence(s) written to {out} (Label Studio JSON-MIN)", err=True)
        return
    if what not in EXPORTS:
        raise typer.BadParameter(f"use one of {', '.join(EXPORTS)}, timeline, training", param_hint="--what")
    wanted = parse_labels(labels)
    if not measures:
        if what not in ("entities", "edges") or date_from or date_to:
            raise typer.BadParameter(
                "only for --what entities or edges, without --from/--to", param_hint="--no-measures"
            )
        if what == "edges":
            _export_stored_edges(case, wanted, parse_context(window), min_weight, out)
            return
        _export_entity_table(case, wanted, out)
        return
    context = parse_context(window)
    with user_errors():
        store = _store(Settings.from_env())
        # The entity and mention tables hold every label, as the dashboard's downloads do; a graph
        # export holds what the chart links (dates and numbers are left out unless asked for).
        tables = what in ("entities", "mentions") and wanted is None
        chart = case_chart(
            store, case, context=context, labels=wanted, min_weight=min_weight, dates=dates, every_entity=tables
        )
        data = export_bytes(chart, what, store.filenames(case))
        # Recorded before the file is written: no export leaves without its audit entry.
        filters = {"labels": wanted, "window": str(context), "min_weight": min_weight, "from": date_from, "to": date_to}
        store.record_export(case, what, filters)
        out.write_bytes(data)
    typer.echo(str(out))


def _export_entity_table(case: str, labels: list[str] | None, out: Path) -> None:
    """The entity table from the store (no link measures), written row by row."""
    with user_errors():
        store = _store(Settings.from_env())
        entities = store.entity_page(case, labels=labels, limit=None).rows
        store.record_export(case, "entities", {"labels": labels, "measures": False})
        with out.open("w", encoding="utf-8-sig", newline="") as handle:
            count = write_stored_entities_csv(entities, handle)
    typer.echo(f"{count} entities written to {out} (no link measures)", err=True)
    typer.echo(str(out))


def _export_stored_edges(case: str, labels: list[str] | None, context, min_weight: int, out: Path) -> None:
    """The links the store keeps (weights and documents, no evidence), written as they come."""
    with user_errors():
        store = _store(Settings.from_env())
        filters = {"labels": labels, "window": str(context), "min_weight": min_weight, "measures": False}
        store.record_export(case, "edges", filters)
        with out.open("w", encoding="utf-8-sig", newline="") as handle:
            count = write_stored_edges_csv(store, case, handle, context=context, labels=labels, min_weight=min_weight)
    typer.echo(f"{count} links written to {out} (weights and documents, no evidence)", err=True)
    typer.echo(str(out))


def parse_day_option(value: str | None, option: str):
    if value is None:
        return None
    day = parse_day(value)
    if day is None:
        raise typer.BadParameter(f"{value!r} is not a day: write it as YYYY-MM-DD, e.g. 2026-03-14", param_hint=option)
    return day


@app.command("reprocess")
def reprocess_command(
    case: CaseOption, relations: RelationsOption = False, model: ModelOption = None, verbose: VerboseOption = False
) -> None:
    """Extract a case's stored documents again (after a model or pattern change), keeping analyst decisions."""
    configure_logging(verbose)
    with user_errors():
        settings = Settings.from_env(model=model, relations=relations or None)
        report = reprocess_case(_store(settings), case, settings)
    typer.echo(
        f"{report.documents} document(s) re-extracted: {report.mentions_before} → {report.mentions_after} "
        f"mentions; {report.decisions_kept} analyst decision(s) still apply, "
        f"{report.decisions_orphaned} no longer match a mention",
        err=True,
    )
