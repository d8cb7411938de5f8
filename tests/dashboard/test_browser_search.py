"""Search, open a hit, filter the chart by date: the example case in a real browser (issue 24).
Screenshots go to test-artifacts/search-*.png for a person to look at."""

from __future__ import annotations

import re

import pytest

from tests.browser import chromium_page, start_upload
from tests.dashboard.test_browser import (  # the same server and page helpers as the main browser test
    ARTIFACTS,
    BROKEN_VIEW,
    EXAMPLES,
    chart_frame,
    create_case,
    dashboard,  # noqa: F401 (fixture)
    go_to,
    pick,
    selectbox,
    settle,
)

pytestmark = pytest.mark.slow


def type_day(page, label: str, day: str) -> None:
    """Type a day into a date box as a user does: year, month and day, each field moving on to the
    next (the box reads YYYY/MM/DD); then leave the box."""
    box = page.get_by_label(label, exact=True)
    box.get_by_role("spinbutton").first.click()
    page.keyboard.type(day.replace("/", ""), delay=50)
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")  # Tab lands on the calendar button: its calendar stays shut
    settle(page)


def hit_in_view(page) -> dict:
    """Where the marked hit is inside the document frame: it must be scrolled into view."""
    frame = page.locator("iframe").last
    frame.wait_for()
    document = frame.element_handle().content_frame()
    document.wait_for_selector("mark#hit")
    return document.evaluate(
        """() => { const r = document.getElementById('hit').getBoundingClientRect();
                   return {top: r.top, bottom: r.bottom, height: window.innerHeight,
                           text: document.getElementById('hit').textContent, scrolled: window.scrollY}; }"""
    )


def marks_in_document(page) -> int:
    frame = page.locator("iframe").last
    return frame.element_handle().content_frame().evaluate("() => document.querySelectorAll('mark').length")


def click_the_last_mention(page) -> None:
    """Click the latest dated mention on the timeline (drawn in its colour, KINDS in views/timeline.py)."""
    points = page.locator('[data-testid="stVegaLiteChart"] g.mark-symbol.role-mark path[fill="#0072B2" i]')
    points.last.wait_for()
    points.last.click(force=True)  # a hover tooltip may lie over it
    settle(page)


def test_search_the_example_case_open_a_hit_and_filter_the_chart_by_date(dashboard):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium_page(1400, 1000) as page:
        page.set_default_timeout(120_000)
        page.goto(dashboard)
        page.get_by_text("Create or open a case").wait_for()
        create_case(page, "Operation Harbor Light")
        page.locator('input[type="file"]').set_input_files(sorted(str(p) for p in EXAMPLES.iterdir()))
        start_upload(page)
        page.get_by_text(re.compile(r"\d file\(s\) added")).wait_for(timeout=300_000)
        settle(page)

        go_to(page, "Search")
        query = page.get_by_label("Search the documents", exact=True)
        query.fill('"Pier Road"')
        query.press("Enter")
        page.get_by_text(re.compile(r"\d+ document\(s\) match")).wait_for()
        settle(page)
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert BROKEN_VIEW not in main
        assert re.search(r"[2-9] document\(s\) match", main), main[:500]
        page.screenshot(path=str(ARTIFACTS / "search-1-hits.png"), full_page=True)

        # Open the witness statement's hit: its document is shown at the place found.
        assert "`" not in page.get_by_text("exact phrases").inner_text()  # the syntax help is Markdown
        pick(page, "Open a hit", "surveillance_tip.eml/guard_statement.txt", typed="surveillance_tip.eml/guard")
        place = hit_in_view(page)
        assert place["text"] == "Pier Road"
        marked = int(re.search(r"(\d+) hits? marked", page.locator('[data-testid="stMain"]').inner_text()).group(1))
        assert marks_in_document(page) == marked
        assert place["top"] >= 0 and place["bottom"] <= place["height"], place
        page.screenshot(path=str(ARTIFACTS / "search-2-opened.png"), full_page=True)
        pick(page, "Open a hit", "affidavit_pier_road.docx", typed="affidavit")
        place = hit_in_view(page)
        assert place["text"] == "Pier Road" and place["bottom"] <= place["height"], place

        # A malformed query is a message, the view keeps working.
        query.fill('"Pier Road')
        query.press("Enter")
        page.get_by_text("A phrase is not closed").wait_for()
        settle(page)

        go_to(page, "Link chart")
        page.get_by_text("Evidence for a link").wait_for()
        chart = chart_frame(page)
        every = chart.evaluate("() => network.body.data.edges.length")
        page.screenshot(path=str(ARTIFACTS / "search-3-chart-every-date.png"), full_page=True)
        type_day(page, "Evidence from", "2026/03/01")
        type_day(page, "Evidence to", "2026/03/31")
        page.get_by_text("Evidence for a link").wait_for()
        chart = chart_frame(page)
        march = chart.evaluate("() => network.body.data.edges.length")
        page.screenshot(path=str(ARTIFACTS / "search-4-chart-march-2026.png"), full_page=True)
        assert 0 < march < every, (march, every)
        assert BROKEN_VIEW not in page.locator('[data-testid="stMain"]').inner_text()

        go_to(page, "Timeline")
        page.get_by_text("Read the evidence of").wait_for()
        settle(page)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / "search-5-timeline.png"), full_page=True)
        assert BROKEN_VIEW not in page.locator('[data-testid="stMain"]').inner_text()

        # Issue 33: a clicked point, then a filter that leaves fewer points, broke the view.
        click_the_last_mention(page)
        assert selectbox(page, "Read the evidence of").input_value().startswith("2026-05-02")
        page.screenshot(path=str(ARTIFACTS / "search-6-timeline-clicked.png"), full_page=True)
        together = page.get_by_role("combobox", name="Entities together", exact=True)
        for name in ("Luis Ortega", "Denise Whitfield"):
            together.click()
            together.fill(name)
            together.press("Enter")
            settle(page)
        page.keyboard.press("Escape")
        settle(page)
        page.screenshot(path=str(ARTIFACTS / "search-7-timeline-together.png"), full_page=True)
        main = page.locator('[data-testid="stMain"]').inner_text()
        # Two: the witness saw Denise Whitfield with "a man called Luis" (the case's one Luis, Luis Ortega).
        assert BROKEN_VIEW not in main and "2 of 21 dated items" in main, main[:800]
