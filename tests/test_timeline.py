"""The case timeline, its CSV, and the date-range filter of the entity table and link chart."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from nerpipe.case_chart import case_chart
from nerpipe.case_timeline import case_timeline, dated_documents, timeline_csv
from nerpipe.dates import FROM_HEADER, FROM_METADATA, FROM_TEXT, DateRange
from nerpipe.graph.timeline import DOCUMENT, MENTION, TimelineEvent, main_period
from nerpipe.store import Store
from tests.case_helpers import add_text

PEOPLE = [("Luis Ortega", "PERSON"), ("Maria Lopez", "PERSON"), ("Pedro Diaz", "PERSON"), ("cocaine", "DRUG")]


@pytest.fixture
def store(tmp_path):
    opened = Store.open(f"sqlite:///{tmp_path / 'nerpipe.db'}")
    opened.create_case("Harbor")
    add_text(
        opened,
        "Harbor",
        "report.txt",
        "Report of March 14, 2026.\n\nOn March 3, 2026 Luis Ortega met Maria Lopez. "
        "Two days later Luis Ortega sold cocaine to Pedro Diaz. Maria Lopez and Pedro Diaz talked.",
        [("March 14, 2026", "DATE"), ("March 3, 2026", "DATE"), ("Two days later", "DATE"), *PEOPLE],
    )
    add_text(
        opened,
        "Harbor",
        "mail.eml",
        "=cmd|' /C calc'!A0 Luis Ortega wrote that Pedro Diaz would pay yesterday.",
        [("yesterday", "DATE"), ("Luis Ortega", "PERSON"), ("Pedro Diaz", "PERSON")],
        metadata={"date": "Tue, 10 Feb 2026 09:15:00 -0500"},
    )
    add_text(opened, "Harbor", "undated.txt", "Luis Ortega and Pedro Diaz, some day.", PEOPLE[:1] + PEOPLE[2:3])
    yield opened
    opened.close()


def test_documents_are_dated_by_header_or_first_line(store):
    dates = {d.filename: d.date for d in dated_documents(store, "Harbor").values()}
    assert dates == {"report.txt": date(2026, 3, 14), "mail.eml": date(2026, 2, 10), "undated.txt": None}


def test_the_timeline_orders_dated_mentions_and_documents_with_their_entities(store):
    events, index = case_timeline(store, "Harbor")
    shown = [(str(e.when), e.kind, e.filename, e.written) for e in events]
    assert shown == [
        ("2026-02-09", "mention", "mail.eml", "yesterday"),
        ("2026-02-10", "document", "mail.eml", "document date"),
        ("2026-03-03", "mention", "report.txt", "March 3, 2026"),
        ("2026-03-05", "mention", "report.txt", "Two days later"),
        ("2026-03-14", "document", "report.txt", "document date"),
        ("2026-03-14", "mention", "report.txt", "March 14, 2026"),
    ]
    names = [[index.entities[e].name for e in event.entities] for event in events]
    assert names[2] == ["Luis Ortega", "Maria Lopez"] and "«Two days later»" in events[3].sentence


def test_when_did_a_and_b_appear_together(store):
    events, _ = case_timeline(store, "Harbor", entities=["PERSON:luis ortega", "PERSON:pedro diaz"])
    assert [(str(e.when), e.filename) for e in events] == [("2026-02-09", "mail.eml"), ("2026-03-05", "report.txt")]
    events, _ = case_timeline(store, "Harbor", labels=["DRUG"])
    assert [str(e.when) for e in events] == ["2026-03-05"]
    events, _ = case_timeline(store, "Harbor", start=date(2026, 3, 1), end=date(2026, 3, 4))
    assert [e.written for e in events] == ["March 3, 2026"]


def test_the_timeline_csv_has_date_entity_document_page_and_sentence_neutralised(store):
    events, index = case_timeline(store, "Harbor")
    rows = list(csv.DictReader(io.StringIO(timeline_csv(events, index).decode("utf-8-sig"))))
    assert list(rows[0]) == [
        "date",
        "date_end",
        "entity",
        "label",
        "document",
        "page",
        "sentence",
        "date_as_written",
        "date_from",
    ]
    together = [r for r in rows if r["date"] == "2026-03-05"]
    assert {r["entity"] for r in together} == {"Luis Ortega", "Pedro Diaz", "cocaine"}
    mail = [r for r in rows if r["document"] == "mail.eml"]
    assert mail and all(r["sentence"].startswith("'=cmd") for r in mail)


def test_the_date_range_keeps_only_links_whose_evidence_falls_in_it(store):
    everything = case_chart(store, "Harbor")
    ortega_diaz = ("PERSON:luis ortega", "PERSON:pedro diaz")
    assert everything.graph.has_edge(*ortega_diaz) and everything.graph.edges[ortega_diaz]["weight"] == 3
    march = case_chart(store, "Harbor", dates=(date(2026, 3, 1), date(2026, 3, 31)))
    assert march.graph.edges[ortega_diaz]["weight"] == 1  # only the sentence dated "two days later"
    assert {e.doc for e in march.graph.edges[ortega_diaz]["evidence"]} == {
        next(s for s, d in dated_documents(store, "Harbor").items() if d.filename == "report.txt")
    }
    early = case_chart(store, "Harbor", dates=(date(2026, 3, 1), date(2026, 3, 4)))
    assert set(early.graph.edges) == {("PERSON:luis ortega", "PERSON:maria lopez")}
    february = case_chart(store, "Harbor", dates=(None, date(2026, 2, 28)), every_entity=True)
    assert sorted(february.graph) == ["DATE:yesterday", "PERSON:luis ortega", "PERSON:pedro diaz"]


def test_a_coarse_date_that_holds_the_documents_own_day_dates_by_that_day(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'coarse.db'}")
    store.create_case("Mail")
    add_text(
        store,
        "Mail",
        "tip.eml",
        "Sent in 2026 by Ray Moreno to Karen Liu.",
        [("2026", "DATE"), ("Ray Moreno", "PERSON"), ("Karen Liu", "PERSON")],
        metadata={"date": "Thu, 23 Apr 2026 08:00:00 -0500"},
    )
    assert case_chart(store, "Mail", dates=(date(2026, 3, 1), date(2026, 3, 31))).graph.number_of_edges() == 0
    assert case_chart(store, "Mail", dates=(date(2026, 4, 23), date(2026, 4, 23))).graph.number_of_edges() == 1
    store.close()


def test_a_document_dated_by_its_files_metadata_says_so(store):
    """No date in the text or a header: the file's creation date is a guess, and the data says so."""
    add_text(store, "Harbor", "scan.pdf", "Luis Ortega was seen.", PEOPLE[:1], metadata={"created": "2025-11-02"})
    sources = {d.filename: d.source for d in dated_documents(store, "Harbor").values()}
    assert sources == {
        "report.txt": FROM_TEXT,
        "mail.eml": FROM_HEADER,
        "undated.txt": "",
        "scan.pdf": FROM_METADATA["created"],
    }
    events, index = case_timeline(store, "Harbor")
    rows = list(csv.DictReader(io.StringIO(timeline_csv(events, index).decode("utf-8-sig"))))
    scan = [r for r in rows if r["document"] == "scan.pdf"]
    assert [(r["date"], r["date_from"]) for r in scan] == [("2025-11-02", "the file's creation date (metadata)")]
    mentions = [r for r in rows if r["date_as_written"] == "yesterday"]
    assert mentions and all(r["date_from"] == "the text" for r in mentions)


def _event(day: date) -> TimelineEvent:
    return TimelineEvent(DateRange.day(day), MENTION, "d", "d.txt", None, "x", "x", 0, 1, ())


def test_the_main_period_leaves_out_dates_far_from_the_rest():
    """Dates of birth decades before a case's weeks would squeeze its events into one column."""
    case = [_event(date(2026, 3, day)) for day in (1, 3, 5, 9, 14, 20, 28)]
    births = [_event(date(1975, 6, 2)), _event(date(1981, 1, 30))]
    assert main_period(births + case) == (date(2026, 3, 1), date(2026, 3, 28))
    assert main_period(case) is None  # nothing far away: show everything
    spread = [_event(date(2019 + year, 1, 1)) for year in range(6)]
    assert main_period(spread) is None  # years of events, evenly spread, are all the case
    assert main_period(births) is None  # too few to tell what is far
    few = [_event(date(2026, 3, 3)), _event(date(2026, 3, 5)), _event(date(2026, 3, 14))]
    assert main_period([*births, *few]) == (date(2026, 3, 3), date(2026, 3, 14))  # two far dates of five
    assert main_period([_event(date(2023, 5, 1)), *case]) is None  # three years before is still the case
    document = TimelineEvent(
        DateRange.day(date(2026, 3, 2)), DOCUMENT, "d", "d.txt", None, "document date", "", 0, 0, ()
    )
    assert main_period([*births, *case, document]) == (date(2026, 3, 1), date(2026, 3, 28))
