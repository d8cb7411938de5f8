"""`nerpipe convert`: annotated data between Label Studio, spaCy, CoNLL, CSV and DataTurks formats."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nerpipe.cli.common import app, user_errors
from nerpipe.training.convert import READERS, WRITERS, convert

SHOWN_WARNINGS = 20


@app.command("convert")
def convert_command(
    source: Annotated[Path, typer.Argument(help="Annotated data to read.")],
    target: Annotated[Path, typer.Argument(help="File to write.")],
    source_format: Annotated[str | None, typer.Option("--from", help=f"One of: {', '.join(sorted(READERS))}.")] = None,
    target_format: Annotated[str | None, typer.Option("--to", help=f"One of: {', '.join(sorted(WRITERS))}.")] = None,
    snap: Annotated[bool, typer.Option(help="Widen spans that cut through a token to whole tokens.")] = False,
) -> None:
    """Convert annotated NER data; spans that need fixing are reported, never dropped silently."""
    with user_errors():
        report = convert(source, target, source_format=source_format, target_format=target_format, snap=snap)
    for warning in report.warnings[:SHOWN_WARNINGS]:
        typer.echo(f"nerpipe: warning: {warning}", err=True)
    if len(report.warnings) > SHOWN_WARNINGS:
        typer.echo(f"nerpipe: … and {len(report.warnings) - SHOWN_WARNINGS} more warnings", err=True)
    typer.echo(
        f"{report.texts} texts, {report.spans} spans written to {target}; {len(report.warnings)} warning(s)", err=True
    )
