"""Timeline view: dated mentions and documents in time order, filtered by entities together and by
dates; choosing an item shows its evidence."""

from __future__ import annotations

import datetime
import json

from streamlit.proto.WidgetStates_pb2 import WidgetState

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


def clicked_point(at, chart_id: str, item: int):
    """Run as the browser does after a click on the chart's point `item`: the chart's selection is
    sent with every later run while that chart is on the page (AppTest cannot click a chart)."""
    states = at._tree.get_widget_states()
    selection = json.dumps({"selection": {"picked": [{"item": item}]}})
    states.widgets.append(WidgetState(id=chart_id, string_value=selection))
    return at._run(states)


def test_a_clicked_point_never_outlives_the_filters_it_was_chosen_under():
    """Issue 33, item 4: a point clicked, then a filter that leaves fewer points broke the view."""
    stored_document("Harbor", "report.txt", REPORT, NAMES)
    at = go(app(), "Timeline")
    [chart] = at.main.get("vega_lite_chart")
    at = clicked_point(at, chart.proto.id, 3)
    assert labelled(at.selectbox, "Read the evidence of").value == 3
    labelled(at.multiselect, "Entities together").set_value(["PERSON:luis ortega", "PERSON:pedro diaz"])
    at = clicked_point(at, chart.proto.id, 3)
    assert BROKEN_VIEW not in page_text(at) and not at.exception
    assert list(labelled(at.selectbox, "Read the evidence of").options) == ["2026-03-05 · report.txt · Two days later"]
    [chart] = at.main.get("vega_lite_chart")
    at = clicked_point(at, chart.proto.id, 0)
    at.date_input(key="timeline_from").set_value(datetime.date(2026, 3, 6))
    at = clicked_point(at, chart.proto.id, 0)
    assert BROKEN_VIEW not in page_text(at) and not at.exception
    assert "Nothing dated matches these filters." in page_text(at)


def test_dates_far_from_the_rest_are_left_out_until_asked_for_and_a_guessed_date_says_so():
    births = "Luis Ortega, born June 2, 1975.\nPedro Diaz, born January 30, 1981.\n"
    stored_document(
        "Harbor", "report.txt", REPORT + births, [*NAMES, ("June 2, 1975", "DATE"), ("January 30, 1981", "DATE")]
    )
    stored_document(
        "Harbor", "scan.pdf", "Luis Ortega was seen.", [("Luis Ortega", "PERSON")], metadata={"created": "2026-03-20"}
    )
    at = go(app(), "Timeline")
    options = list(labelled(at.selectbox, "Read the evidence of").options)
    assert not any("1975" in o or "1981" in o for o in options)
    assert "2 item(s) dated far from the rest (1975-06-02 to 1981-01-30" in page_text(at)
    assert "2026-03-20 · scan.pdf · document (date from the file's creation date (metadata))" in options
    at.toggle(key="timeline_every_date").set_value(True).run()
    options = list(labelled(at.selectbox, "Read the evidence of").options)
    assert options[:2] == ["1975-06-02 · report.txt · June 2, 1975", "1981-01-30 · report.txt · January 30, 1981"]
    labelled(at.selectbox, "Read the evidence of").set_value(
        options.index(next(o for o in options if "scan.pdf" in o))
    ).run()
    assert "Dated by the file's creation date (metadata)" in page_text(at)
