"""Downloads with logins on, in a real browser: the file reaches the logged-in member's browser and
no one else's. Nothing is served at an address another client could fetch (Streamlit's download
button left a /media/<hash>.csv that anyone could read, session or not), and each download is an
entry in the case's audit log."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from nerpipe import Settings
from nerpipe.auth.passwords import hash_password
from nerpipe.store import Store
from tests.browser import chromium_page
from tests.dashboard.helpers import seeded_case
from tests.dashboard.test_browser import (  # the same server and page helpers as the main browser test
    ARTIFACTS,
    csv_rows,
    dashboard,  # noqa: F401 (fixture)
    go_to,
    settle,
)

pytestmark = pytest.mark.slow
PASSWORD = "correct horse battery"


@pytest.fixture
def served(monkeypatch, tmp_path, request) -> str:
    """The dashboard with logins on, over a case that the analyst 'ana' is a member of."""
    monkeypatch.setenv("NERPIPE_AUTH", "1")
    monkeypatch.setenv("NERPIPE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NERPIPE_MODELS_DIR", str(tmp_path / "none"))
    monkeypatch.delenv("NERPIPE_DATABASE_URL", raising=False)
    monkeypatch.delenv("NERPIPE_MODEL", raising=False)
    seeded_case("Op Tide")
    store = Store.open(Settings.from_env().store_url)
    store.users.add_user("ada", "admin", hash_password(PASSWORD))  # a server with logins has an admin
    store.users.add_user("ana", "analyst", hash_password(PASSWORD))
    store.users.add_member("ana", "Op Tide")
    store.close()
    return request.getfixturevalue("dashboard")


def test_a_download_reaches_only_the_logged_in_members_browser_and_is_audited(served, tmp_path):
    requested: list[str] = []
    with chromium_page(1400, 1000) as page:
        page.set_default_timeout(60_000)
        page.on("request", lambda r: requested.append(r.url))
        page.goto(served)
        page.get_by_label("User name").fill("ana")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_text("Logged in as").wait_for()
        go_to(page, "Entities")
        page.get_by_text("Mentions in context").wait_for()
        settle(page)
        with page.expect_download() as info:
            page.get_by_role("button", name="⬇ entities.csv").click()
        saved = Path(info.value.path()).read_bytes()
        address = info.value.url
        page.screenshot(path=str(ARTIFACTS / "download-logged-in.png"), full_page=True)
        # The address is one only that page can open: another browser without the session cannot.
        other = page.context.browser.new_context()
        try:
            stranger = other.new_page()
            stranger.goto(served)
            fetched = stranger.evaluate(
                "async (u) => { try { return (await (await fetch(u)).text()).length; } catch (e) { return -1; } }",
                address,
            )
        finally:
            other.close()
    names = {row["name"] for row in csv_rows(saved)}
    assert {"Sinaloa Cartel", "heroin"} <= names
    assert address.startswith(("blob:", "data:")), address
    assert fetched == -1, "the download's address opened in a browser without the session"
    served_files = [url for url in requested if urllib.parse.urlsplit(url).path.startswith("/media/")]
    assert not served_files, f"case data was served at an address of its own: {served_files}"
    store = Store.open(Settings.from_env(env={"NERPIPE_DATA_DIR": str(tmp_path / "data")}).store_url)
    exports = [e for e in store.audit.entries(case="Op Tide") if e.action == "export"]
    store.close()
    assert [(e.actor, e.target) for e in exports] == [("ana", "entities")]
    assert re.fullmatch(r"\d+", str(exports[0].details["entities"]))
