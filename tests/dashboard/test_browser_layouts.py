"""Saved chart layouts in a real browser (issue 38): drag an entity, save the layout under a
name, reload the page, pick the layout: every entity is back where it was, the save is in the
audit log, and a focus chosen below the layout controls still narrows the chart."""

from __future__ import annotations

import re

import pytest

from nerpipe import Settings
from nerpipe.store import Store
from tests.browser import chromium_page, start_upload
from tests.dashboard.test_browser import (
    ARTIFACTS,
    EXAMPLES,
    chart_frame,
    create_case,
    dashboard,  # noqa: F401 (fixture)
    go_to,
    pick,
    settle,
)

pytestmark = pytest.mark.slow
NAME = "Briefing <b>12 May</b>"


def positions(chart) -> dict[str, list[float]]:
    return chart.evaluate(
        "() => Object.fromEntries(Object.entries(network.getPositions()).map(([k, p]) => [k, [p.x, p.y]]))"
    )


def drag(page, chart, node: str, by: tuple[int, int]) -> None:
    """Drag `node` with the mouse, as an analyst does."""
    at = chart.evaluate(
        """id => { const p = network.canvasToDOM(network.getPositions([id])[id]);
                   const r = document.querySelector('#chart').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""",
        node,
    )
    page.locator("iframe").first.scroll_into_view_if_needed()
    frame = page.locator("iframe").first.bounding_box()
    x, y = frame["x"] + at[0], frame["y"] + at[1]
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + by[0] / 2, y + by[1] / 2, steps=8)
    page.mouse.move(x + by[0], y + by[1], steps=8)
    page.mouse.up()


def test_a_dragged_and_saved_layout_comes_back_after_a_reload(dashboard, tmp_path):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium_page(1400, 1000) as page:
        page.set_default_timeout(120_000)
        page.goto(dashboard)
        page.get_by_text("Create or open a case").wait_for()
        create_case(page, "Harbor")
        page.locator('input[type="file"]').set_input_files(
            [str(EXAMPLES / "incident_report_26-04417.pdf"), str(EXAMPLES / "affidavit_pier_road.docx")]
        )
        page.get_by_text(re.compile(r"r_road\.docx")).first.wait_for()
        start_upload(page)
        page.get_by_text("2 file(s) added").wait_for()

        go_to(page, "Link chart")
        page.get_by_text("Evidence for a link").wait_for()
        chart = chart_frame(page)
        before = positions(chart)
        moved = max(before, key=lambda n: before[n][0])  # the right-most entity: nothing above it
        drag(page, chart, moved, (-120, 90))
        page.wait_for_timeout(500)
        dragged = positions(chart)
        assert abs(dragged[moved][0] - before[moved][0]) > 40, "the drag did not move the entity"

        page.get_by_label("Save this arrangement as").fill(NAME)
        page.get_by_role("button", name="Save layout").click()
        page.get_by_text(re.compile(r"saved: \d+ entities placed")).wait_for()
        settle(page)
        page.screenshot(path=str(ARTIFACTS / "layout-1-saved.png"), full_page=True)

        page.reload()
        go_to(page, "Link chart")
        page.get_by_text("Evidence for a link").wait_for()
        fresh = positions(chart_frame(page))
        assert abs(fresh[moved][0] - dragged[moved][0]) > 20, "without the layout the physics places it afresh"
        pick(page, "Saved layout", NAME)
        chart = chart_frame(page)
        page.wait_for_timeout(500)
        restored = positions(chart)
        page.screenshot(path=str(ARTIFACTS / "layout-2-restored.png"), full_page=True)
        page.locator("iframe").first.screenshot(path=str(ARTIFACTS / "layout-3-restored-frame.png"))
        assert restored.keys() == dragged.keys()
        off = {n: max(abs(restored[n][0] - dragged[n][0]), abs(restored[n][1] - dragged[n][1])) for n in dragged}
        assert max(off.values()) <= 2, sorted(off.items(), key=lambda item: -item[1])[:5]
        # The saved layout's entities can be dragged again.
        drag(page, chart, moved, (60, 0))
        page.wait_for_timeout(500)
        assert abs(positions(chart)[moved][0] - restored[moved][0]) > 20

        # With the layout controls on the page and the layout picked, a focus narrows the chart to
        # the entity's neighbours, each at its saved place.
        name = chart.evaluate("id => names[id]", moved)
        page.get_by_text("Focus and paths").click()
        pick(page, "Focus on an entity", f"{name} (", typed=name)
        focused = positions(chart_frame(page, at_least=1))
        page.screenshot(path=str(ARTIFACTS / "layout-4-focused.png"), full_page=True)
        assert moved in focused and len(focused) < len(dragged), (len(focused), len(dragged))
        off = {n: max(abs(focused[n][0] - dragged[n][0]), abs(focused[n][1] - dragged[n][1])) for n in focused}
        assert max(off.values()) <= 2, sorted(off.items(), key=lambda item: -item[1])[:5]

    store = Store.open(Settings.from_env(env={"NERPIPE_DATA_DIR": str(tmp_path / "data")}).store_url)
    saves = [e for e in store.audit.entries(case="Harbor") if e.action == "layout.save"]
    store.close()
    assert [(e.target, e.details["entities"]) for e in saves] == [(NAME, len(dragged))]
