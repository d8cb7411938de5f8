"""The Timeline of a big case: mentions per day from the dates stored with each mention, one
colour per entity chosen; a day's evidence read for the bar chosen; never every mention (issue 35)."""

from __future__ import annotations

import datetime
import sys

import pytest

from nerpipe.store import Store
from tests.dashboard.helpers import (
    BROKEN_VIEW,
    app,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    labelled,
    page_text,
    stored_document,
)
from tests.dashboard.test_timeline_view import NAMES, REPORT


def test_a_big_case_shows_mentions_per_day_and_reads_one_days_evidence(monkeypatch):
    stored_document("Harbor", "report.txt", REPORT, NAMES)
    at = app()
    monkeypatch.setattr(sys.modules["views.timeline"], "DETAILED_MENTIONS", 0)  # the case counts as big
    for method in ("load_mentions", "document_texts", "document_heads"):
        monkeypatch.setattr(Store, method, lambda *a, method=method, **k: pytest.fail(f"the Timeline called {method}"))
    table = Store.case_entities
    monkeypatch.setattr(Store, "case_entities", lambda *a, **k: pytest.fail("the entity table was read"))
    at = go(at, "Timeline")
    assert not at.exception and BROKEN_VIEW not in page_text(at)
    assert list(labelled(at.selectbox, "Read the mentions of").options) == [
        "2026-03-03 · all mentions · 3 mentions",
        "2026-03-05 · all mentions · 4 mentions",
        "2026-03-14 · all mentions · 1 mention",
    ]
    # The first day's mentions, each with its own words and label (no entity table read yet).
    assert "«Luis Ortega» met Maria Lopez" in page_text(at) and "Luis Ortega (PERSON)" in page_text(at)
    monkeypatch.setattr(Store, "case_entities", table)
    at.toggle(key="timeline_days_compare").set_value(True).run()
    labelled(at.multiselect, "Entities").set_value(["PERSON:luis ortega", "PERSON:pedro diaz"]).run()
    picker = labelled(at.selectbox, "Read the mentions of")
    assert list(picker.options) == [
        "2026-03-03 · Luis Ortega (PERSON) · 1 mention",
        "2026-03-05 · Luis Ortega (PERSON) · 1 mention",
        "2026-03-05 · Pedro Diaz (PERSON) · 1 mention",
    ]
    picker.set_value("2026-03-05 · Pedro Diaz (PERSON) · 1 mention").run()
    assert not at.exception, at.exception
    said = page_text(at)
    assert "Two days later Luis Ortega sold cocaine to «Pedro Diaz»." in said and "report.txt" in said
    at.date_input(key="timeline_days_from").set_value(datetime.date(2026, 3, 4)).run()
    assert [o.split(" · ")[0] for o in labelled(at.selectbox, "Read the mentions of").options] == [
        "2026-03-05",
        "2026-03-05",
    ]
    labelled(at.multiselect, "Entities").set_value([]).run()
    labelled(at.multiselect, "Labels").set_value(["DRUG"]).run()
    assert list(labelled(at.selectbox, "Read the mentions of").options) == ["2026-03-05 · DRUG · 1 mention"]
