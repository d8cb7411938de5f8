"""What every `nerpipe` command shares: the Typer app, options, error handling, input reading."""

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
from nerpipe.graph.cooccur import Context
from nerpipe.ingest import ingest_bytes, ingest_path
from nerpipe.progress import reading_progress
from nerpipe.terminal import printable
from nerpipe.types import Document

log = logging.getLogger("nerpipe")

app = typer.Typer(
    name="nerpipe",
    help="Named entities and link charts from investigative case files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Say which pipeline is used and why.")]
RelationsOption = Annotated[
    bool,
    typer.Option(
        "--relations",
        help="Also find the verbs that link two names (dependency parser: about half the speed). "
        "Same as NERPIPE_RELATIONS=1.",
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        help="spaCy pipeline: package name or folder (default: env NERPIPE_MODEL, "
        "then a trained model in models/, then the best installed).",
    ),
]


def say(message: str) -> None:
    """One line on stderr, whatever file names or document text it quotes."""
    typer.echo(printable(message), err=True)


@contextmanager
def user_errors() -> Iterator[None]:
    """Show a NerpipeError as one line on stderr and exit with its code: never a traceback."""
    try:
        yield
    except NerpipeError as exc:
        say(f"nerpipe: {exc}")
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("nerpipe: interrupted", err=True)
        raise typer.Exit(130) from None


def configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="nerpipe: %(message)s", stream=sys.stderr, force=True
    )
    # An event loop's own callback errors (Dask's client loop, interrupted at the wrong moment, logs a
    # NameError from inside distributed) are no one's to act on: shown with --verbose only.
    logging.getLogger("asyncio").setLevel(logging.INFO if verbose else logging.CRITICAL)


def parse_labels(labels: str | None) -> list[str] | None:
    if labels is None:
        return None
    parsed = [label.strip().upper() for label in labels.split(",") if label.strip()]
    if not parsed:
        raise typer.BadParameter("give at least one label, e.g. --labels DRUG,GANG_ORG", param_hint="--labels")
    return parsed


def parse_context(window: str) -> Context:
    """The --window option: sentence, paragraph, document, or a number of sentences."""
    try:
        return Context.parse(window)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--window") from None


def read_inputs(paths: list[str], settings: Settings) -> tuple[list[Document], int]:
    """Read every input; a file that cannot be read is reported and skipped."""
    with reading_progress():
        return _read_each(paths, settings)


def _read_each(paths: list[str], settings: Settings) -> tuple[list[Document], int]:
    documents: list[Document] = []
    failed = 0
    for given in paths:
        try:
            if given == "-":
                document = ingest_bytes(sys.stdin.buffer.read(), "-", settings)
            else:
                document = ingest_path(Path(given), settings, display_name=given)
        except IngestError as exc:
            say(f"nerpipe: {exc}")
            failed += 1
            continue
        for part in document.with_attachments():
            for warning in part.warnings:
                say(f"nerpipe: {part.filename}: warning: {warning}")
            documents.append(part)
    return documents, failed
