"""The case timeline, its CSV, and the date-range filter of the entity table and link chart."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from nerpipe.case_chart import case_chart
from nerpipe.case_timeline import case_timeline, dated_documents, timeline_csv
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
    assert list(rows[0]) == ["date", "date_end", "entity", "label", "document", "page", "sentence", "date_as_written"]
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
