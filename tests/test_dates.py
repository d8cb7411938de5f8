"""Dates as case files write them, to a day or a range; relative ones against the document's date."""

from __future__ import annotations

from datetime import date

import pytest

from nerpipe.dates import (
    FROM_HEADER,
    FROM_TEXT,
    DateRange,
    DocumentDate,
    dated_document,
    document_date,
    parse_date,
    parse_day,
    resolve_dates,
)

SATURDAY = date(2026, 3, 14)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("March 14, 2026", "2026-03-14"),
        ("Tuesday, March 3, 2026", "2026-03-03"),
        ("Mar. 5, '26", "2026-03-05"),
        ("14th of March 2026", "2026-03-14"),
        ("14 March 2026", "2026-03-14"),
        ("3/14/2026", "2026-03-14"),
        ("14/3/2026", "2026-03-14"),
        ("03-14-26", "2026-03-14"),
        ("2019-03-14", "2019-03-14"),
        ("March 2026", "2026-03"),
        ("early March 2026", "2026-03"),
        ("2019", "2019"),
        ("the 1990s", "1990–1999"),
        ("between 1999 and 2004", "1999–2004"),
        ("on March 14, 2026", "2026-03-14"),
    ],
)
def test_absolute_dates(text, shown):
    assert str(parse_date(text)) == shown
    assert str(parse_date(text, SATURDAY)) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("yesterday", "2026-03-13"),
        ("last night", "2026-03-13"),
        ("today", "2026-03-14"),
        ("last Tuesday", "2026-03-10"),
        ("Tuesday", "2026-03-10"),
        ("next Friday", "2026-03-20"),
        ("two days later", "2026-03-16"),
        ("3 weeks ago", "2026-02-21"),
        ("two months later", "2026-05-14"),
        ("the following day", "2026-03-15"),
        ("the day before", "2026-03-13"),
        ("last week", "2026-03-02 – 2026-03-08"),
        ("last weekend", "2026-03-07 – 2026-03-08"),
        ("last month", "2026-02"),
        ("last year", "2025"),
        ("March 3", "2026-03-03"),
        ("March", "2026-03"),
    ],
)
def test_relative_dates_resolve_against_the_documents_date(text, shown):
    assert str(parse_date(text, SATURDAY)) == shown
    assert parse_date(text) is None  # without the document's date they stay as text


@pytest.mark.parametrize(
    "text",
    [
        "26-04417",
        "$1,250,000",
        "several days later",
        "the weekend",
        "13/13/2026",
        "February 30, 2026",
        "3000",
        "weekly",
    ],
)
def test_what_cannot_be_read_with_confidence_stays_text(text):
    assert parse_date(text, SATURDAY) is None


def test_a_range_overlaps_bounds():
    march = parse_date("March 2026")
    assert march.overlaps(date(2026, 3, 31), None) and not march.overlaps(date(2026, 4, 1), None)
    assert march.overlaps(None, date(2026, 3, 1)) and not march.overlaps(None, date(2026, 2, 28))
    assert DateRange.day(SATURDAY).overlaps(None, None)


def test_a_documents_own_date_email_header_first_line_then_metadata():
    assert document_date({"date": "Tue, 10 Mar 2026 09:15:00 -0500"}, "Sent March 1, 2026") == date(2026, 3, 10)
    assert document_date({"created": "2020-01-02T00:00:00"}, "REPORT\nDate: March 9, 2026\n") == date(2026, 3, 9)
    assert document_date({"created": "D:20190314120000+01'00'"}, "no date here") == date(2019, 3, 14)
    assert document_date({"date": "not a date"}, "nothing") is None
    assert document_date({}, "x" * 700 + "March 9, 2026") is None  # not in the first lines


def test_a_documents_date_says_where_it_was_read():
    """A date from the file's metadata is when the file was made, not written: the timeline says so."""
    header = dated_document({"date": "Tue, 10 Mar 2026 09:15:00 -0500"}, "")
    assert header == DocumentDate(date(2026, 3, 10), FROM_HEADER) and not header.from_metadata
    assert dated_document({"created": "2020-01-02"}, "Date: March 9, 2026") == DocumentDate(date(2026, 3, 9), FROM_TEXT)
    created = dated_document({"created": "D:20190314120000+01'00'", "modified": "2021-05-05"}, "no date here")
    assert created.day == date(2019, 3, 14) and created.from_metadata and "creation date" in created.source
    saved = dated_document({"modified": "2021-05-05T10:00:00"}, "no date here")
    assert saved.day == date(2021, 5, 5) and saved.from_metadata and "saved" in saved.source


def test_a_day_typed_by_a_user():
    assert parse_day("2026-03-14") == SATURDAY and parse_day("March 2026") is None and parse_day("soon") is None


def test_later_counts_from_the_date_the_text_last_named_ago_from_the_documents():
    texts = ["two days later", "March 3, 2026", "two days later", "the next day", "a week ago", "yesterday"]
    assert [str(r) for r in resolve_dates(texts, SATURDAY)] == [
        "2026-03-16",
        "2026-03-03",
        "2026-03-05",
        "2026-03-06",
        "2026-03-07",
        "2026-03-13",
    ]
