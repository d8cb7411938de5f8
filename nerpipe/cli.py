"""The `nerpipe` command: thin wrappers over the package's functions.

Exit codes: 0 success; 1 some input could not be processed (the rest still was); 2 bad usage,
no usable model, or broken pattern files.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from nerpipe.config import Settings
from nerpipe.errors import IngestError, NerpipeError
from nerpipe.graph import Context, RenderOptions, build_link_chart, render_html, write_all
from nerpipe.ingest import ingest_bytes, ingest_path
from nerpipe.mention_formats import MentionFormat, write_mentions
from nerpipe.pipeline import build_pipeline, extract_documents
from nerpipe.pipeline.build import RELATION_COMPONENTS
from nerpipe.pipeline.patterns import lint_patterns, pattern_files
from nerpipe.progress import char_progress
from nerpipe.types import Document

log = logging.getLogger("nerpipe")

app = typer.Typer(
    name="nerpipe",
    help="Named entities and link charts from investigative case files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
patterns_app = typer.Typer(help="Check the entity-ruler pattern files.", no_args_is_help=True)
app.add_typer(patterns_app, name="patterns")

VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Say which pipeline is used and why.")]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        help="spaCy pipeline: package name or folder (default: env NERPIPE_MODEL, "
        "then a trained model in models/, then the best installed).",
    ),
]


def main() -> None:
    """Console-script entry point."""
    app()


@contextmanager
def user_errors() -> Iterator[None]:
    """Show a NerpipeError as one line on stderr and exit with its code: never a traceback."""
    try:
        yield
    except NerpipeError as exc:
        typer.echo(f"nerpipe: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("nerpipe: interrupted", err=True)
        raise typer.Exit(130) from None


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="nerpipe: %(message)s", stream=sys.stderr, force=True
    )


def _parse_labels(labels: str | None) -> list[str] | None:
    if labels is None:
        return None
    parsed = [label.strip().upper() for label in labels.split(",") if label.strip()]
    if not parsed:
        raise typer.BadParameter("give at least one label, e.g. --labels DRUG,GANG_ORG", param_hint="--labels")
    return parsed


def _read_inputs(paths: list[str], settings: Settings) -> tuple[list[Document], int]:
    """Read every input; a file that cannot be read is reported and skipped."""
    documents: list[Document] = []
    failed = 0
    for given in paths:
        try:
            if given == "-":
                document = ingest_bytes(sys.stdin.buffer.read(), "-", settings)
            else:
                document = ingest_path(Path(given), settings, display_name=given)
        except IngestError as exc:
            typer.echo(f"nerpipe: {exc}", err=True)
            failed += 1
            continue
        for part in document.with_attachments():
            for warning in part.warnings:
                typer.echo(f"nerpipe: {part.filename}: warning: {warning}", err=True)
            documents.append(part)
    return documents, failed


@app.command("extract")
def extract_command(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files to read (PDF, Word, ODT, RTF, HTML, e-mail, text); - reads standard input."),
    ],
    output_format: Annotated[MentionFormat, typer.Option("--format", "-f", help="Output format.")] = (
        MentionFormat.table
    ),
    labels: Annotated[str | None, typer.Option(help="Only these labels, comma-separated (e.g. DRUG,GANG_ORG).")] = None,
    model: ModelOption = None,
    workers: Annotated[
        int | None, typer.Option(min=1, max=64, help="Processes running the NER (worth it for many files).")
    ] = None,
    verbose: VerboseOption = False,
) -> None:
    """Print the named entities of each file, with character offsets into its text."""
    _configure_logging(verbose)
    wanted = _parse_labels(labels)
    with user_errors():
        settings = Settings.from_env(model=model, workers=workers)
        pipeline = build_pipeline(settings)
        known = set(pipeline.nlp.pipe_labels.get("ner", [])) | set(pipeline.info.pattern_counts)
        unknown = sorted(set(wanted or []) - known)
        if unknown:
            raise typer.BadParameter(
                f"unknown label(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}", param_hint="--labels"
            )
        documents, failed = _read_inputs(paths, settings)
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
    model: ModelOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Link the entities of a set of files; write entities/mentions/edges CSV, GEXF, GraphML, JSON and graph.html."""
    _configure_logging(verbose)
    wanted = _parse_labels(labels)
    try:
        context = Context.parse(window)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--window") from None
    with user_errors():
        settings = Settings.from_env(model=model)
        pipeline = build_pipeline(settings, extra_components=RELATION_COMPONENTS)
        documents, failed = _read_inputs(paths, settings)
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


@app.command("info")
def info_command(model: ModelOption = None) -> None:
    """Show which pipeline nerpipe would use, its components and the pattern counts."""
    _configure_logging(False)
    with user_errors():
        pipeline = build_pipeline(Settings.from_env(model=model))
    info = pipeline.info
    typer.echo(f"pipeline:   {info.name} {info.version}")
    typer.echo(f"chosen as:  {info.reason}")
    typer.echo(f"path:       {info.path}")
    typer.echo(f"components: {', '.join(info.components)}")
    for label, count in sorted(info.pattern_counts.items()):
        typer.echo(f"patterns:   {label} {count}")


@patterns_app.command("lint")
def lint_command(
    paths: Annotated[list[Path] | None, typer.Argument(help="Pattern files or folders (default: patterns/).")] = None,
) -> None:
    """Report, by file and line, every pattern that is invalid or can never match."""
    with user_errors():
        settings = Settings.from_env()
        files = pattern_files(paths, settings.patterns_dir)
        report = lint_patterns(files, _english_tokenizer())
    for issue in report.issues:
        typer.echo(str(issue))
    errors = len(report.errors)
    typer.echo(
        f"{report.files} file(s), {report.patterns} pattern(s): {errors} error(s), "
        f"{len(report.issues) - errors} warning(s)",
        err=True,
    )
    if errors:
        raise typer.Exit(1)


def _english_tokenizer():
    import spacy  # deferred: `nerpipe --help` should not wait for spaCy

    tokenizer = spacy.blank("en").tokenizer
    return lambda text: [token.text for token in tokenizer(text)]
