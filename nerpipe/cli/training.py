"""`nerpipe convert` and `nerpipe train`: annotated data between formats, and retraining the NER."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from nerpipe.auth import admin
from nerpipe.cli.common import ModelOption, app, parse_labels, read_inputs, say, user_errors
from nerpipe.config import Settings
from nerpipe.pipeline import build_pipeline, extract_documents
from nerpipe.pipeline.models import trained_models
from nerpipe.store import Store
from nerpipe.training.convert import READERS, WRITERS, clean, convert, read_annotated
from nerpipe.training.evaluate import evaluate_model, precision_by_confidence, scores_table, write_report
from nerpipe.training.from_case import RetrainOutcome, retrain_from_case
from nerpipe.training.tasks import labelling_config, pipeline_labels, prediction_tasks, task_labels
from nerpipe.training.train import DEFAULT_DATA, DEFAULT_MODEL_NAME, train

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
        say(f"nerpipe: warning: {warning}")
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
    out: Annotated[
        Path | None, typer.Option(help=f"Where to save the model (default: models/{DEFAULT_MODEL_NAME}).")
    ] = None,
    ner: Annotated[
        bool,
        typer.Option(
            help="Also retrain the NER on the annotated data (for analysts' own corrections; "
            "the shipped synthetic data makes it worse on real text: docs/model.md)."
        ),
    ] = False,
    check: Annotated[
        Path | None,
        typer.Option(
            help="Annotated real text (any format `convert` reads): the model is not made the default "
            "if it falls below base + patterns there."
        ),
    ] = None,
    if_missing: Annotated[
        bool, typer.Option("--if-missing", help="Do nothing when a usable trained model is already in models/.")
    ] = False,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same model.")] = 0,
    max_steps: Annotated[int | None, typer.Option(help="NER training steps (default: configs/ner.cfg).")] = None,
    silver: Annotated[
        bool,
        typer.Option(
            help="With --ner: add the base model's own predictions for its labels (against "
            "forgetting); turn off for data that annotates every entity."
        ),
    ] = True,
    prose: Annotated[
        bool,
        typer.Option(
            help="With --ner: also rehearse on ordinary prose that ships with Python, so that "
            "common nouns are not taken for drugs or gangs."
        ),
    ] = True,
    from_case: Annotated[
        str | None,
        typer.Option(
            "--from-case",
            help="Retrain the NER from this case's corrected documents; the result becomes the case's "
            "model only if it is not worse than its current one (held-out documents, real dev).",
        ),
    ] = None,
) -> None:
    """Make the case model: the drug spelling model fitted on the patterns and training data, and with
    --ner the NER retrained; --check refuses a model below base + patterns. With --from-case NAME, the
    model of one case, from its analysts' corrections."""
    settings = Settings.from_env()
    if from_case is not None:
        _train_from_case(settings, from_case)
        return
    if if_missing and trained_models(settings.models_dir):
        typer.echo(f"nerpipe: a trained model is in {settings.models_dir}: nothing to do", err=True)
        return
    with user_errors():
        result = train(
            settings,
            data_dir=data,
            out=out,
            base=base,
            seed=seed,
            max_steps=max_steps,
            silver=silver,
            prose=prose,
            ner=ner,
            check=check,
        )
    for warning in result.warnings[:SHOWN_WARNINGS]:
        say(f"nerpipe: warning: {warning}")
    if result.dev_scores:
        scores = ", ".join(f"{k} {v:.3f}" for k, v in sorted(result.dev_scores.items()))
        typer.echo(f"NER dev scores: {scores}", err=True)
    typer.echo(f"model saved to {result.path}", err=True)
    if result.check is not None:
        if result.check.passed:
            typer.echo(f"nerpipe: {result.check.describe()}", err=True)
        else:
            say(
                f"nerpipe: the model is {result.check.describe()}. It is saved, but nerpipe will not use it "
                f"by default; try it with --model {result.path}"
            )
            raise typer.Exit(1)


@app.command("evaluate")
def evaluate_command(
    data: Annotated[
        Path,
        typer.Option(help="Annotated data in any format `convert` reads, e.g. ../shared/real-dev/real_dev.jsonl."),
    ],
    model: Annotated[
        Path | None, typer.Option(help="A trained pipeline folder (default: the one extraction uses).")
    ] = None,
    labels: Annotated[
        str | None, typer.Option(help="Comma-separated labels to score (default: every label the data annotates).")
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder for scores.csv, confusion.csv/.png, errors.csv.")] = Path(
        "evaluation"
    ),
    base: Annotated[str | None, typer.Option(help="Base pipeline to compare with (default: best installed).")] = None,
) -> None:
    """Scores of base, base + patterns, base + patterns + rules and the default pipeline on the same data."""
    with user_errors():
        settings = Settings.from_env()
        items, _ = clean(read_annotated(data))
        wanted = parse_labels(labels)
        comparison = evaluate_model(settings, model, items, base, wanted)
        written = write_report(comparison, out)
        confidence = precision_by_confidence(comparison.retrained_docs, items, labels=wanted)
    typer.echo(scores_table(comparison.evaluations))
    typer.echo("\nAgreement of the default pipeline with the base model on its standard labels:")
    typer.echo("  " + ", ".join(f"{k} {v:.3f}" for k, v in comparison.forgetting.items()))
    typer.echo("\nPrecision of the default pipeline's mentions by minimum confidence:")
    for row in confidence:
        typer.echo(f"  >= {row.threshold:.1f}: {row.precision:.3f} ({row.correct}/{row.kept} mentions)")
    typer.echo("\nWritten: " + ", ".join(str(p) for p in written))


@app.command("preannotate")
def preannotate_command(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files to pre-annotate (any format nerpipe reads).", show_default=False)
    ] = None,
    out: Annotated[Path, typer.Option(help="Label Studio import file to write.")] = Path("tasks.json"),
    config: Annotated[
        bool,
        typer.Option(
            "--config",
            help="Print the Label Studio labelling config for these tasks (Settings → Labeling Interface → Code); "
            "without files, for every label the pipeline gives.",
        ),
    ] = False,
    model: ModelOption = None,
) -> None:
    """Label Studio tasks with the model's predictions, so analysts correct instead of labelling from scratch."""
    if not paths and not config:
        say("nerpipe: give the files to pre-annotate (or --config for the labelling config alone)")
        raise typer.Exit(2)
    failed = 0
    with user_errors():
        settings = Settings.from_env(model=model)
        pipeline = build_pipeline(settings)
        labels = pipeline_labels(pipeline)
        if paths:
            documents, failed = read_inputs(paths, settings)
            # The same text is read once: its mentions would be the same, under the same id.
            distinct = list({document.id: document for document in documents}.values())
            found = list(extract_documents(pipeline.nlp, distinct, batch_size=settings.batch_size))
            made = prediction_tasks(documents, found, pipeline.info)
            out.write_text(json.dumps(made.tasks, ensure_ascii=False, indent=1), encoding="utf-8")
            labels |= task_labels(made.tasks)
    if config:
        typer.echo(labelling_config(labels), nl=False)
    if paths:
        for kept, left_out in made.same_text:
            say(f"nerpipe: {left_out} has the same text as {kept}: one task for both")
        typer.echo(f"{len(made.tasks)} task(s) with {made.predictions} predictions written to {out}", err=True)
    if failed:
        raise typer.Exit(1)


@app.command("promote-model")
def promote_model_command(
    case: Annotated[str | None, typer.Option(help="The case whose own model becomes the team's.")] = None,
    withdraw: Annotated[
        bool, typer.Option(help="Remove the team's model: cases without their own go back to the default pipeline.")
    ] = False,
) -> None:
    """Make a case's retrained model the team's: every case without a model of its own reads its
    documents with it from then on (new uploads, ingest, reprocess). Recorded in the audit log."""
    if (case is None) == (not withdraw):
        say("nerpipe: error: give --case NAME to promote that case's model, or --withdraw")
        raise typer.Exit(2)
    settings = Settings.from_env()
    with user_errors():
        store = Store.open(settings.store_url)
        try:
            if withdraw:
                done = admin.withdraw_team_model(store, settings)
                typer.echo("The team's model is withdrawn." if done else "There was no team model.")
                return
            info = admin.promote_case_model(store, case, settings)
        finally:
            store.close()
    typer.echo(f"{info.name}, trained on {info.trained_on}, is now the team's model.")


def _train_from_case(settings: Settings, case: str) -> None:
    """Progress on stderr, then the before/after table and the verdict; exit 1 when kept aside."""
    last = [""]

    def progress(what: str, fraction: float) -> None:
        if what != last[0]:
            last[0] = what
            typer.echo(f"nerpipe: [{fraction:4.0%}] {what}", err=True)

    with user_errors():
        store = Store.open(settings.store_url)
        try:
            outcome = retrain_from_case(store, case, settings=settings, progress=progress)
        finally:
            store.close()
    typer.echo(f"Trained on {outcome.trained_on}. Held-out documents, P / R / F per label:")
    typer.echo(outcome_table(outcome))
    typer.echo(outcome.reason)
    if not outcome.accepted:
        raise typer.Exit(1)


def outcome_table(outcome: RetrainOutcome) -> str:
    names = list(outcome.scores)
    labels = sorted({label for scores in outcome.scores.values() for label in scores})
    lines = [f"{'label':<10}" + "".join(f"{name:>24}" for name in names)]
    for label in labels:
        cells = []
        for name in names:
            p, r, f = outcome.scores[name].get(label, (0.0, 0.0, 0.0))
            cells.append(f"{p:.2f} {r:.2f} {f:.2f}".rjust(24))
        lines.append(f"{label:<10}" + "".join(cells))
    return "\n".join(lines)
