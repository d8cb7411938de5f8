"""`nerpipe info` and `nerpipe patterns lint`: what pipeline is used, and are the pattern files sound."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nerpipe.cli.common import ModelOption, app, configure_logging, user_errors
from nerpipe.config import Settings
from nerpipe.pipeline import build_pipeline
from nerpipe.pipeline.patterns import lint_patterns, pattern_files

patterns_app = typer.Typer(help="Check the entity-ruler pattern files.", no_args_is_help=True)
app.add_typer(patterns_app, name="patterns")


@app.command("info")
def info_command(model: ModelOption = None) -> None:
    """Show which pipeline nerpipe would use, its components and the pattern counts."""
    configure_logging(False)
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
    from nerpipe.pipeline.tokenizer_rules import blank_english  # deferred: `nerpipe --help` should not wait for spaCy

    tokenizer = blank_english().tokenizer
    return lambda text: [token.text for token in tokenizer(text)]
