"""The Entities view's "also in" line and the evidence-date filter of the entity table and the link
chart (issue 24)."""

from __future__ import annotations

import datetime

from tests.dashboard.helpers import (
    BROKEN_VIEW,
    app,
    entity_names,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    labelled,
    page_text,
    stored_document,
)

REPORT = (
    "Report of March 14, 2026.\n"
    "On March 3, 2026 Luis Ortega met Maria Lopez at the pier.\n"
    "In January 2025 Pedro Diaz sold cocaine to Luis Ortega.\n"
)
NAMES = [
    ("March 14, 2026", "DATE"),
    ("March 3, 2026", "DATE"),
    ("January 2025", "DATE"),
    ("Luis Ortega", "PERSON"),
    ("Maria Lopez", "PERSON"),
    ("Pedro Diaz", "PERSON"),
    ("cocaine", "DRUG"),
]


def set_dates(at, prefix: str, start, end):
    at.date_input(key=f"{prefix}_dates_from").set_value(start)
    at.date_input(key=f"{prefix}_dates_to").set_value(end)
    return at.run()


def test_the_entity_table_keeps_what_its_evidence_dates_in_the_range():
    stored_document("Harbor", "report.txt", REPORT, NAMES)
    at = go(app(), "Entities")
    assert "Pedro Diaz" in entity_names(at)
    at = set_dates(at, "entities", datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert BROKEN_VIEW not in page_text(at)
    names = entity_names(at)
    assert "Maria Lopez" in names and "Pedro Diaz" not in names and "cocaine" not in names


def test_the_link_chart_keeps_only_links_whose_evidence_falls_in_the_range():
    stored_document("Harbor", "report.txt", REPORT, NAMES)
    at = go(app(), "Link chart")
    links = labelled(at.selectbox, "Link").options
    assert any("Pedro Diaz" in link for link in links) and any("Maria Lopez" in link for link in links)
    at = set_dates(at, "chart", datetime.date(2025, 1, 1), datetime.date(2025, 1, 31))
    links = labelled(at.selectbox, "Link").options
    assert links and all("Maria Lopez" not in link for link in links)
    assert any("Pedro Diaz" in link and "Luis Ortega" in link for link in links)


def test_an_entity_in_other_cases_says_where():
    stored_document("Harbor", "report.txt", REPORT, NAMES)
    stored_document(
        "Tide",
        "old.txt",
        "LUIS ORTEGA was seen.\nLuis Ortega again.",
        [("LUIS ORTEGA", "PERSON"), ("Luis Ortega", "PERSON")],
    )
    stored_document("Reef", "new.txt", "Luis Ortega at sea.", [("Luis Ortega", "PERSON")])
    at = go(app(), "Entities")
    labelled(at.selectbox, "Entity").set_value("PERSON:luis ortega").run()
    assert "Also in:" in page_text(at)
    assert [b.label for b in at.button if b.key.startswith("also_in_")] == ["Reef (1 document)", "Tide (1 document)"]
    labelled(at.selectbox, "Entity").set_value("PERSON:maria lopez").run()
    assert "Also in" not in page_text(at) and not [b for b in at.button if b.key.startswith("also_in_")]
    # Each case is a link: it opens that case with the same entity picked.
    labelled(at.selectbox, "Entity").set_value("PERSON:luis ortega").run()
    next(b for b in at.button if b.label == "Tide (1 document)").click().run()
    assert not at.exception and at.sidebar.selectbox(key="case").value == "Tide"
    assert [name.lower() for name in entity_names(at)] == ["luis ortega"]  # the table searched for it
    assert labelled(at.selectbox, "Entity").value == "PERSON:luis ortega"
    assert [b.label for b in at.button if b.key.startswith("also_in_")] == ["Harbor (1 document)", "Reef (1 document)"]
