"""Timeline view: dated mentions and documents in time order, filtered by entities together and by
dates; choosing an item shows its evidence."""

from __future__ import annotations

import datetime

from tests.dashboard.helpers import (
    BROKEN_VIEW,
    app,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    labelled,
    page_text,
    stored_document,
)

REPORT = (
    "Report of March 14, 2026.\n"
    "On March 3, 2026 Luis Ortega met Maria Lopez at the pier.\n"
    "Two days later Luis Ortega sold cocaine to Pedro Diaz.\n"
)
NAMES = [
    ("March 14, 2026", "DATE"),
    ("March 3, 2026", "DATE"),
    ("Two days later", "DATE"),
    ("Luis Ortega", "PERSON"),
    ("Maria Lopez", "PERSON"),
    ("Pedro Diaz", "PERSON"),
    ("cocaine", "DRUG"),
]


def test_items_in_time_order_filtered_and_opened():
    stored_document("Harbor", "report.txt", REPORT, NAMES)
    at = go(app(), "Timeline")
    assert BROKEN_VIEW not in page_text(at)
    picker = labelled(at.selectbox, "Read the evidence of")
    shown = list(picker.options)
    assert shown == [
        "2026-03-03 · report.txt · March 3, 2026",
        "2026-03-05 · report.txt · Two days later",
        "2026-03-14 · report.txt · document",
        "2026-03-14 · report.txt · March 14, 2026",
    ]
    labelled(at.multiselect, "Entities together").set_value(["PERSON:luis ortega", "PERSON:pedro diaz"]).run()
    picker = labelled(at.selectbox, "Read the evidence of")
    assert list(picker.options) == ["2026-03-05 · report.txt · Two days later"]
    assert "«Two days later» Luis Ortega sold cocaine to Pedro Diaz." in page_text(at)
    assert "In this sentence: Luis Ortega, cocaine, Pedro Diaz" in page_text(at)


def test_a_date_range_and_an_undated_case():
    stored_document("Harbor", "report.txt", REPORT, NAMES)
    at = go(app(), "Timeline")
    at.date_input(key="timeline_from").set_value(datetime.date(2026, 3, 4)).run()
    at.date_input(key="timeline_to").set_value(datetime.date(2026, 3, 10)).run()
    picker = labelled(at.selectbox, "Read the evidence of")
    assert list(picker.options) == ["2026-03-05 · report.txt · Two days later"]
    stored_document("Undated", "note.txt", "Luis Ortega, some day.", [("Luis Ortega", "PERSON")])
    at.run().sidebar.selectbox(key="case").set_value("Undated").run()
    assert "Nothing is dated yet" in page_text(at)
