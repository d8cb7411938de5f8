"""`nerpipe extract` and `nerpipe graph`: files in, mentions or a link chart out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from nerpipe.cli.common import (
    ModelOption,
    RelationsOption,
    VerboseOption,
    app,
    configure_logging,
    log,
    parse_context,
    parse_labels,
    read_inputs,
    user_errors,
)
from nerpipe.config import Settings
from nerpipe.graph import RenderOptions, build_link_chart, render_html, write_all
from nerpipe.mention_formats import MentionFormat, write_mentions
from nerpipe.pipeline import build_pipeline, extract_documents
from nerpipe.pipeline.build import relation_components
from nerpipe.progress import char_progress


@app.command("extract")
def extract_command(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files to read (PDF, Word, ODT, RTF, HTML, e-mail, text, images); - reads standard input."),
    ],
    output_format: Annotated[MentionFormat, typer.Option("--format", "-f", help="Output format.")] = (
        MentionFormat.table
    ),
    labels: Annotated[str | None, typer.Option(help="Only these labels, comma-separated (e.g. DRUG,GANG_ORG).")] = None,
    model: ModelOption = None,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            min=0.0, max=1.0, help="Only mentions scored at least this (scores the NER's mentions; patterns are 1.0)."
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, max=64, help="Processes running the NER (worth it for many files).")
    ] = None,
    verbose: VerboseOption = False,
) -> None:
    """Print the named entities of each file, with character offsets into its text."""
    configure_logging(verbose)
    wanted = parse_labels(labels)
    with user_errors():
        settings = Settings.from_env(model=model, workers=workers, confidence=True if min_confidence else None)
        pipeline = build_pipeline(settings)
        known = {*pipeline.nlp.pipe_labels.get("ner", []), *pipeline.info.pattern_counts}
        unknown = sorted(set(wanted or []) - known)
        if unknown:
            raise typer.BadParameter(
                f"unknown label(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}", param_hint="--labels"
            )
        documents, failed = read_inputs(paths, settings)
        total_chars = sum(len(d.text) for d in documents)
        with char_progress(total_chars, "extracting") as advance:
            mentions = extract_documents(
                pipeline.nlp,
                documents,
                # A mention's `doc` is the path as given ("-" for standard input).
                key=lambda document: document.filename,
                labels=wanted,
                batch_size=settings.batch_size,
                chunk_chars=settings.chunk_chars,
                n_process=settings.workers,
                on_progress=advance,
            )
            if min_confidence:
                mentions = (m for m in mentions if m.confidence is not None and m.confidence >= min_confidence)
            count = write_mentions(mentions, output_format, sys.stdout)
        log.info("%d mentions in %d documents", count, len(documents))
    if failed:
        typer.echo(f"nerpipe: {failed} of {len(paths)} input(s) could not be read", err=True)
        raise typer.Exit(1)


@app.command("graph")
def graph_command(
    paths: Annotated[list[str], typer.Argument(help="Case files to link (any format nerpipe reads).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the exports and graph.html.")],
    window: Annotated[
        str, typer.Option(help="Co-occurrence context: sentence, paragraph, document, or a number of sentences.")
    ] = "sentence",
    labels: Annotated[str | None, typer.Option(help="Only these labels, comma-separated.")] = None,
    min_weight: Annotated[int, typer.Option(min=1, help="Drop links seen in fewer contexts.")] = 1,
    node_cap: Annotated[int, typer.Option(min=1, help="Most entities drawn in graph.html.")] = 300,
    relations: RelationsOption = False,
    model: ModelOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Link the entities of a set of files; write entities/mentions/edges CSV, GEXF, GraphML, JSON and graph.html."""
    configure_logging(verbose)
    wanted = parse_labels(labels)
    context = parse_context(window)
    with user_errors():
        settings = Settings.from_env(model=model, relations=relations or None)
        pipeline = build_pipeline(settings, extra_components=relation_components(settings))
        documents, failed = read_inputs(paths, settings)
        with char_progress(sum(len(d.text) for d in documents), "extracting") as advance:
            mentions = list(
                extract_documents(
                    pipeline.nlp,
                    documents,
                    batch_size=settings.batch_size,
                    chunk_chars=settings.chunk_chars,
                    n_process=settings.workers,
                    on_progress=advance,
                )
            )
        chart = build_link_chart(
            mentions, {d.id: d.text for d in documents}, context=context, labels=wanted, min_weight=min_weight
        )
        filenames = {d.id: d.filename for d in documents}
        written = write_all(chart, out, filenames)
        rendered = render_html(chart.graph, chart.scores, chart.community, RenderOptions(node_cap=node_cap), filenames)
        page = out / "graph.html"
        page.write_text(rendered.html, encoding="utf-8")
    for path in [*written, page]:
        typer.echo(str(path))
    typer.echo(
        f"nerpipe: {chart.graph.number_of_nodes()} entities, {chart.graph.number_of_edges()} links from "
        f"{len(documents)} document(s), context: {context}",
        err=True,
    )
    if failed:
        typer.echo(f"nerpipe: {failed} of {len(paths)} input(s) could not be read", err=True)
        raise typer.Exit(1)
