"""Headless Chromium for tests: Debian's browser driven by Playwright, no browser download."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("chromium is not installed: `make test` installs it (or `apt-get install chromium`)")
    return path


@contextmanager
def chromium_page(width: int = 1280, height: int = 900) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()


def start_upload(page, attempts: int = 10) -> None:
    """Click the Upload view's "Add to case" until the upload has started (its spinner, progress bar
    or report). The file uploader hands its files to the server only once every one has finished
    uploading: a click before that finds no files ("Choose files…"), and a click that lands while
    the page is redrawn is lost; either way, click again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    started = page.locator('[data-testid="stSpinner"], [data-testid="stProgress"]').or_(
        page.get_by_text(re.compile(r"\d+ file\(s\) added|Not added|already in this case"))
    )
    too_early = page.get_by_text("Choose files or paste some text first")
    for _ in range(attempts):
        page.get_by_role("button", name="Add to case").click()
        try:
            started.or_(too_early).first.wait_for(timeout=60_000)
        except PlaywrightTimeout:
            continue
        if too_early.count() and too_early.first.is_visible():
            page.wait_for_timeout(1_000)
            continue
        return
    pytest.fail(f"clicking 'Add to case' {attempts} times started no upload")
