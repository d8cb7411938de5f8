"""Issue 33, item 3, in a real browser: an upload goes on while the analyst opens another view.
Upload 8 files, Add to case, click Documents a moment later, come back to Upload: every file is
in the case and the report says so. (The upload used to stop after the file in hand.)"""

from __future__ import annotations

import re

import pytest

from nerpipe import Settings
from nerpipe.store import Store
from tests.browser import chromium_page, start_upload
from tests.dashboard.test_browser import ARTIFACTS, create_case, dashboard, go_to, settle  # noqa: F401 (fixture)

pytestmark = pytest.mark.slow
FILES = 8


def statement(number: int) -> bytes:
    """About 32,000 characters dense with names: a second or so of extraction each, so the batch is
    still running when Documents is clicked."""
    lines = (
        f"Witness {number}-{i} saw Carlos Mendez sell fentanyl to the Latin Kings in Denver on May {i % 28 + 1}, 2026."
        for i in range(350)
    )
    return " ".join(lines).encode()


def test_an_upload_goes_on_while_the_analyst_reads_another_view(dashboard, tmp_path):  # noqa: F811
    names = [f"statement_{n}.txt" for n in range(1, FILES + 1)]
    with chromium_page(1400, 1000) as page:
        page.set_default_timeout(60_000)
        page.goto(dashboard)
        page.get_by_text("Create or open a case").wait_for()
        create_case(page, "Op Tide")
        page.locator('input[type="file"]').set_input_files(
            [{"name": name, "mimeType": "text/plain", "buffer": statement(n)} for n, name in enumerate(names)]
        )
        page.get_by_text(names[-1]).first.wait_for()
        start_upload(page)
        page.get_by_text(re.compile(rf"{FILES} file\(s\)")).first.wait_for()  # it has started
        page.wait_for_timeout(1_500)
        go_to(page, "Documents")
        page.get_by_role("heading", name="Documents", exact=True).wait_for()
        go_to(page, "Upload")
        page.get_by_text(f"{FILES} file(s) added").wait_for(timeout=180_000)
        settle(page)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "upload-after-another-view.png"), full_page=True)
        report = page.locator('[data-testid="stMain"]').inner_text()
    store = Store.open(Settings.from_env(env={"NERPIPE_DATA_DIR": str(tmp_path / "data")}).store_url)
    stored = sorted(d.filename for d in store.list_documents("Op Tide"))
    store.close()
    assert stored == sorted(names)
    assert "not added" not in report and "cancelled" not in report
