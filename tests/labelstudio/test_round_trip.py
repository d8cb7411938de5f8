"""The analyst's correction loop against a real Label Studio: `nerpipe preannotate` on the example
case, the tasks imported through the API, every prediction accepted as an annotation, one
corrected (a span relabelled, another deleted), exported as JSON-MIN and as JSON, and each export
converted back with `nerpipe convert` into training data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nerpipe.cli import app
from nerpipe.training.convert import AnnotatedText, Report, Span, clean, convert
from tests.labelstudio.server import LABEL_STUDIO, LabelStudio, start_label_studio

EXAMPLE_CASE = Path(__file__).resolve().parents[2] / "examples" / "operation_harbor_light"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not LABEL_STUDIO.is_file(),
        reason=f"Label Studio is not installed at {LABEL_STUDIO}: `make test-labelstudio` installs it and runs this",
    ),
]


@dataclass
class Correction:
    text: str
    relabelled: Span
    old_label: str
    deleted: Span


@dataclass
class RoundTrip:
    tasks: list[dict]
    config: str
    imported: dict
    stored: list[dict]
    correction: Correction
    exports: dict[str, Path]
    converted: dict[str, tuple[Report, list[dict]]]


@pytest.fixture(scope="module")
def label_studio(tmp_path_factory: pytest.TempPathFactory):
    server = start_label_studio(tmp_path_factory.mktemp("label-studio-data"))
    try:
        yield server
    finally:
        server.stop()


def preannotate(work: Path) -> tuple[list[dict], str]:
    """The tasks and labelling config, as an analyst makes them (base pipeline: no trained model)."""
    out = work / "tasks.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("NERPIPE_MODEL", raising=False)
        patch.setenv("NERPIPE_MODELS_DIR", str(work / "no-models"))
        patch.setenv("NERPIPE_DATA_DIR", str(work / "data"))
        files = sorted(str(p) for p in EXAMPLE_CASE.iterdir())
        result = CliRunner().invoke(app, ["preannotate", *files, "--out", str(out), "--config"])
    assert result.exit_code == 0, result.stderr
    return json.loads(out.read_text(encoding="utf-8")), result.stdout


def spans_of(regions: list[dict]) -> list[Span]:
    return [Span(r["value"]["start"], r["value"]["end"], r["value"]["labels"][0]) for r in regions]


@pytest.fixture(scope="module")
def round_trip(label_studio: LabelStudio, tmp_path_factory: pytest.TempPathFactory) -> RoundTrip:
    work = tmp_path_factory.mktemp("round-trip")
    tasks, config = preannotate(work)
    project = label_studio.call("POST", "/api/projects", {"title": "Operation Harbor Light", "label_config": config})
    imported = label_studio.call("POST", f"/api/projects/{project['id']}/import", tasks)
    stored = label_studio.call("GET", f"/api/tasks?project={project['id']}&page_size=1000")["tasks"]
    annotations = {}
    for task in stored:
        (prediction,) = label_studio.call("GET", f"/api/predictions?task={task['id']}")
        task["prediction"] = prediction
        # "Accept": the prediction's regions become the analyst's annotation.
        annotations[task["id"]] = label_studio.call(
            "POST",
            f"/api/tasks/{task['id']}/annotations",
            {"result": prediction["result"], "parent_prediction": prediction["id"]},
        )
    correction = correct(label_studio, max(stored, key=lambda t: len(t["prediction"]["result"])), annotations)
    exports = {}
    for kind in ("JSON_MIN", "JSON"):
        exports[kind] = work / f"export-{kind.lower()}.json"
        exports[kind].write_bytes(
            label_studio.download("GET", f"/api/projects/{project['id']}/export?exportType={kind}")
        )
    converted = {}
    for kind, export in exports.items():
        target = work / f"train-from-{kind.lower()}.json"
        report = convert(export, target)
        converted[kind] = (report, json.loads(target.read_text(encoding="utf-8")))
    return RoundTrip(tasks, config, imported, stored, correction, exports, converted)


def correct(label_studio: LabelStudio, task: dict, annotations: dict[int, dict]) -> Correction:
    """An analyst's correction through the API: the first span relabelled, the last one deleted."""
    text = task["data"]["text"]
    annotation = annotations[task["id"]]
    results = sorted(annotation["result"], key=lambda r: r["value"]["start"])
    # Spans that `convert` keeps as they are (not trimmed of whitespace, not overlapping), so the test
    # can look for them by their offsets.
    (cleaned,), _ = clean([AnnotatedText(text, spans_of(results))])
    unchanged = [r for r in results if spans_of([r])[0] in set(cleaned.spans)]
    first, last = unchanged[0], unchanged[-1]
    old_label = first["value"]["labels"][0]
    new_label = "GPE" if old_label != "GPE" else "ORG"
    relabelled_region = {**first, "value": {**first["value"], "labels": [new_label]}}
    corrected = [relabelled_region if r is first else r for r in results if r is not last]
    label_studio.call("PATCH", f"/api/annotations/{annotation['id']}", {"result": corrected})
    (relabelled,) = spans_of([relabelled_region])
    (deleted,) = spans_of([last])
    return Correction(text, relabelled, old_label, deleted)


def expected_training(trip: RoundTrip) -> tuple[list[AnnotatedText], Report]:
    """What the training file should hold: the tasks' predictions with the correction, cleaned as
    `convert` cleans any input."""
    wanted = []
    for task in trip.tasks:
        spans = spans_of(task["predictions"][0]["result"])
        if task["data"]["text"] == trip.correction.text:
            fix = trip.correction
            spans = [
                fix.relabelled if (s.start, s.end) == (fix.relabelled.start, fix.relabelled.end) else s
                for s in spans
                if s != fix.deleted
            ]
        wanted.append(AnnotatedText(task["data"]["text"], spans))
    return clean(wanted)


def by_text(items: list[dict]) -> dict[str, list[tuple[int, int, str]]]:
    return {item["text"]: [(r["start"], r["end"], r["labels"][0]) for r in item["label"]] for item in items}


def test_import_holds_one_task_per_text_and_every_prediction(round_trip):
    tasks = round_trip.tasks
    # Six files and an e-mail attachment; the attachment is the witness statement, so six texts.
    assert len(tasks) == 6
    assert round_trip.imported["task_count"] == 6
    assert round_trip.imported["prediction_count"] == 6
    sent = {t["data"]["text"]: spans_of(t["predictions"][0]["result"]) for t in tasks}
    kept = {t["data"]["text"]: spans_of(t["prediction"]["result"]) for t in round_trip.stored}
    assert kept == sent
    for spans in kept.values():
        assert len(spans) == len(set(spans))
    assert sum(len(s) for s in kept.values()) > 100


def test_both_exports_convert_to_the_accepted_spans_with_offsets_and_labels(round_trip):
    wanted, wanted_report = expected_training(round_trip)
    expected = {item.text: [(s.start, s.end, s.label) for s in item.spans] for item in wanted}
    for kind, (report, written) in round_trip.converted.items():
        assert report.texts == 6, kind
        assert report.spans == sum(len(s) for s in expected.values()), kind
        assert report.warnings == wanted_report.warnings, kind
        assert not any("more than once" in w for w in report.warnings), kind
        assert by_text(written) == expected, kind
        for item in written:
            assert all(item["text"][r["start"] : r["end"]] == r["text"] for r in item["label"]), kind
    assert round_trip.converted["JSON_MIN"][1] == round_trip.converted["JSON"][1]


def test_the_correction_made_in_label_studio_arrives_in_the_training_file(round_trip):
    fix = round_trip.correction
    for kind, (_, written) in round_trip.converted.items():
        spans = by_text(written)[fix.text]
        relabelled = fix.relabelled
        assert (relabelled.start, relabelled.end, relabelled.label) in spans, kind
        assert (relabelled.start, relabelled.end, fix.old_label) not in spans, kind
        assert not [s for s in spans if (s[0], s[1]) == (fix.deleted.start, fix.deleted.end)], kind
    (task,) = [t for t in round_trip.tasks if t["data"]["text"] == fix.text]
    (accepted,), _ = clean([AnnotatedText(fix.text, spans_of(task["predictions"][0]["result"]))])
    for kind, (_, written) in round_trip.converted.items():
        assert len(by_text(written)[fix.text]) == len(accepted.spans) - 1, kind


def test_a_task_with_each_prediction_twice_converts_with_a_warning(label_studio, round_trip, tmp_path):
    # What the old `preannotate` wrote for the statement that is also an e-mail's attachment.
    (statement,) = [t for t in round_trip.tasks if "same_text_in" in t["data"]]
    regions = statement["predictions"][0]["result"]
    doubled = {**statement, "predictions": [{**statement["predictions"][0], "result": regions + regions}]}
    project = label_studio.call("POST", "/api/projects", {"title": "Doubled", "label_config": round_trip.config})
    label_studio.call("POST", f"/api/projects/{project['id']}/import", [doubled])
    (task,) = label_studio.call("GET", f"/api/tasks?project={project['id']}")["tasks"]
    (prediction,) = label_studio.call("GET", f"/api/predictions?task={task['id']}")
    label_studio.call("POST", f"/api/tasks/{task['id']}/annotations", {"result": prediction["result"]})
    export = tmp_path / "export.json"
    export.write_bytes(label_studio.download("GET", f"/api/projects/{project['id']}/export?exportType=JSON_MIN"))
    report = convert(export, tmp_path / "train.json")
    (cleaned,), _ = clean([AnnotatedText(statement["data"]["text"], spans_of(regions))])
    assert report.spans == len(cleaned.spans)
    assert [w for w in report.warnings if "annotated more than once" in w]
