"""`nerpipe convert` and `nerpipe train`: annotated data between formats, and retraining the NER."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from nerpipe.cli.common import ModelOption, app, read_inputs, user_errors
from nerpipe.config import Settings
from nerpipe.pipeline import build_pipeline, extract_documents
from nerpipe.training.convert import READERS, WRITERS, clean, convert, read_labelstudio_min
from nerpipe.training.evaluate import evaluate_model, precision_by_confidence, scores_table, write_report
from nerpipe.training.tasks import prediction_tasks
from nerpipe.training.train import DEFAULT_DATA, train

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


@app.command("train")
def train_command(
    data: Annotated[Path, typer.Option(help="Folder with train.json and dev.json (Label Studio JSON-MIN).")] = (
        DEFAULT_DATA
    ),
    base: Annotated[str | None, typer.Option(help="Base pipeline to start from (default: best installed).")] = None,
    out: Annotated[Path | None, typer.Option(help="Where to save the model (default: models/nerpipe_case_ner).")] = (
        None
    ),
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same model.")] = 0,
    max_steps: Annotated[int | None, typer.Option(help="Training steps (default: configs/ner.cfg).")] = None,
    silver: Annotated[
        bool,
        typer.Option(
            help="Add the base model's own predictions for its labels (against "
            "forgetting); turn off for data that annotates every entity."
        ),
    ] = True,
    prose: Annotated[
        bool,
        typer.Option(
            help="Also rehearse on ordinary prose that ships with Python (with --silver), so that "
            "common nouns are not taken for drugs or gangs."
        ),
    ] = True,
) -> None:
    """Retrain the NER on annotated data (custom labels added, base labels kept); prints the dev score as it goes."""
    with user_errors():
        result = train(
            Settings.from_env(),
            data_dir=data,
            out=out,
            base=base,
            seed=seed,
            max_steps=max_steps,
            silver=silver,
            prose=prose,
        )
    for warning in result.warnings[:SHOWN_WARNINGS]:
        typer.echo(f"nerpipe: warning: {warning}", err=True)
    scores = ", ".join(f"{k} {v:.3f}" for k, v in sorted(result.dev_scores.items()))
    typer.echo(f"model saved to {result.path}; dev: {scores}", err=True)


@app.command("evaluate")
def evaluate_command(
    model: Annotated[Path, typer.Option(help="The retrained pipeline (a folder under models/).")],
    data: Annotated[Path, typer.Option(help="Annotated data (Label Studio JSON-MIN), e.g. training_data/dev.json.")],
    out: Annotated[Path, typer.Option(help="Folder for scores.csv, confusion.csv/.png, errors.csv.")] = Path(
        "evaluation"
    ),
    base: Annotated[str | None, typer.Option(help="Base pipeline to compare with (default: best installed).")] = None,
) -> None:
    """Scores of base alone, base + patterns and the retrained pipeline on the same data, and a forgetting check."""
    with user_errors():
        settings = Settings.from_env()
        items, _ = clean(read_labelstudio_min(data))
        comparison, _ = evaluate_model(settings, model, items, base)
        written = write_report(comparison, out)
        confidence = precision_by_confidence(comparison.retrained_docs, items)
    typer.echo(scores_table(comparison.evaluations))
    typer.echo("\nAgreement with the base model on its standard labels (F of retrained vs base predictions):")
    typer.echo("  " + ", ".join(f"{k} {v:.3f}" for k, v in comparison.forgetting.items()))
    typer.echo("\nPrecision of the retrained pipeline's mentions by minimum confidence:")
    for row in confidence:
        typer.echo(f"  >= {row.threshold:.1f}: {row.precision:.3f} ({row.correct}/{row.kept} mentions)")
    typer.echo("\nWritten: " + ", ".join(str(p) for p in written))


@app.command("preannotate")
def preannotate_command(
    paths: Annotated[list[str], typer.Argument(help="Files to pre-annotate (any format nerpipe reads).")],
    out: Annotated[Path, typer.Option(help="Label Studio import file to write.")] = Path("tasks.json"),
    model: ModelOption = None,
) -> None:
    """Label Studio tasks with the model's predictions, so analysts correct instead of labelling from scratch."""
    with user_errors():
        settings = Settings.from_env(model=model)
        pipeline = build_pipeline(settings)
        documents, failed = read_inputs(paths, settings)
        found = list(extract_documents(pipeline.nlp, documents, batch_size=settings.batch_size))
        tasks = prediction_tasks(documents, found, pipeline.info)
        out.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    typer.echo(f"{len(tasks)} task(s) with {len(found)} predictions written to {out}", err=True)
    if failed:
        raise typer.Exit(1)
