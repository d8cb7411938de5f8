"""A Label Studio export back into training data: what `convert` says about spans given twice."""

from __future__ import annotations

import json

from nerpipe.training.convert import convert

TEXT = "Ana Reyes saw Marco Diaz sell heroin for the Harbor Kings."
SPANS = [(0, 9, "PERSON"), (14, 24, "PERSON"), (30, 36, "DRUG"), (45, 57, "GANG_ORG")]


def region(start: int, end: int, label: str) -> dict:
    return {"start": start, "end": end, "text": TEXT[start:end], "labels": [label]}


def test_exact_duplicate_spans_are_a_warning_and_kept_once(tmp_path):
    # What a task whose predictions were doubled gives once the analyst accepts them.
    export = tmp_path / "export.json"
    doubled = [region(*s) for s in SPANS] * 2
    export.write_text(json.dumps([{"id": 1, "text": TEXT, "label": doubled}]))
    target = tmp_path / "train.json"
    report = convert(export, target)
    assert report.spans == 4
    (warning,) = report.warnings
    assert warning.startswith("text 1: 4 span(s) annotated more than once with the same label and offsets")
    assert "'Ana Reyes' (PERSON) at 0-9" in warning and "and 1 more" in warning
    assert warning.endswith("each kept once")
    (written,) = json.loads(target.read_text())
    assert [(r["start"], r["end"], r["labels"][0]) for r in written["label"]] == SPANS


def test_the_same_span_with_two_labels_is_still_an_overlap_not_a_duplicate(tmp_path):
    export = tmp_path / "export.json"
    export.write_text(json.dumps([{"text": TEXT, "label": [region(45, 57, "GANG_ORG"), region(45, 57, "ORG")]}]))
    report = convert(export, tmp_path / "train.json")
    assert report.spans == 1
    (warning,) = report.warnings
    assert "overlaps" in warning and "more than once" not in warning
