"""Issue 37 in a real browser: an analyst adds a name nerpipe missed in the Documents view, sees it
in the Entities table and the link chart, undoes it; then retrains the case's model from its
corrected documents, sees the before/after table and the verdict, and the sidebar names the model.
The server runs tests/dashboard/tiny_retrain_app.py: the dashboard with a 10-step retrain."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from nerpipe import Settings
from nerpipe.batch import ingest_into_case
from nerpipe.store import Store
from nerpipe.word_spans import word_occurrences
from tests.browser import chromium_page
from tests.dashboard.test_browser import (
    ARTIFACTS,
    ROOT,
    chart_frame,
    csv_rows,
    download,
    free_port,
    go_to,
    pick,
    settle,
)

pytestmark = pytest.mark.slow
CASE = "Op Tiny"
#: Four short statements; the pipeline finds the people and places, not the gang nor the drug's street name.
STATEMENTS = {
    "statement-1.txt": "Carlos Mendez sold blue dolphins to the Ghost Riders in Denver on May 3.",
    "statement-2.txt": "The Ghost Riders paid Maria Lopez for a kilo of blue dolphins near the harbor.",
    "statement-3.txt": "Detective Ana Ruiz saw blue dolphins change hands between the Ghost Riders and Luis Ortega.",
    "statement-4.txt": "Luis Ortega told the Ghost Riders that the blue dolphins came from Tijuana.",
}


def environment(tmp_path: Path) -> dict[str, str]:
    return {"NERPIPE_DATA_DIR": str(tmp_path / "data"), "NERPIPE_MODELS_DIR": str(tmp_path / "models")}


def open_store(tmp_path: Path) -> tuple[Store, Settings]:
    settings = Settings.from_env(env=environment(tmp_path))
    return Store.open(settings.store_url), settings


@pytest.fixture
def tiny_dashboard(tmp_path):
    """A case of four statements, and the dashboard with a tiny retrain serving it."""
    store, settings = open_store(tmp_path)
    store.create_case(CASE)
    outcomes = ingest_into_case(store, CASE, [(name, text.encode()) for name, text in STATEMENTS.items()], settings)
    assert all(o.status == "added" for o in outcomes), outcomes
    store.close()
    port = free_port()
    env = {**os.environ, **environment(tmp_path)}
    env.pop("NERPIPE_DATABASE_URL", None)
    env.pop("NERPIPE_MODEL", None)
    log_path = tmp_path / "streamlit.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "tests" / "dashboard" / "tiny_retrain_app.py"),
             "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            server.kill()
            pytest.fail(f"streamlit did not start: {log_path.read_text()}")
        yield url
        server.terminate()
        server.wait(10)
    print("streamlit log (last 300 lines):", *log_path.read_text(errors="replace").splitlines()[-300:], sep="\n")


def choose_label(page, label: str) -> None:
    """Pick the label of a name to add, until the server has it (the Add button turns on). The box
    accepts new labels, so it shows the typed text whether or not the choice reached the server: under
    load, a pick can leave the button off, and the test waited 60 s on it."""
    add = page.get_by_role("button", name="Add", exact=True)
    for _ in range(3):
        pick(page, "Label", label)
        try:
            page.wait_for_function(
                """() => [...document.querySelectorAll('button')]
                        .some(b => b.innerText.trim() === 'Add' && !b.disabled)""",
                timeout=15_000,
            )
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    pytest.fail(f"the label {label!r} never reached the server: Add stays off ({add.count()} button)")


def gangs(page) -> set[str]:
    return {r["name"] for r in csv_rows(download(page, "⬇ entities.csv")) if r["label"] == "GANG_ORG"}


def sidebar_text(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def test_add_a_missed_name_see_it_undo_it_then_retrain_from_the_case(tiny_dashboard, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium_page(1400, 1000) as page:
        page.set_default_timeout(60_000)
        page.goto(tiny_dashboard)
        page.get_by_text(f"Add documents to {CASE}").wait_for()
        settle(page)

        # Add a missed name: the gang in the first statement.
        go_to(page, "Documents")
        pick(page, "Read a document", "statement-1.txt")
        page.get_by_text("Add a name nerpipe missed").click()
        page.get_by_label("Words to mark").fill("Ghost Riders")
        page.get_by_label("Words to mark").press("Enter")
        settle(page)
        choose_label(page, "GANG_ORG")
        page.get_by_role("button", name="Add", exact=True).click()
        page.get_by_text("Names added by analysts (1)").wait_for()
        settle(page)
        page.screenshot(path=str(ARTIFACTS / "retrain-1-added.png"), full_page=True)

        go_to(page, "Entities")
        page.get_by_text("Mentions in context").wait_for()
        settle(page)
        assert gangs(page) == {"Ghost Riders"}
        page.screenshot(path=str(ARTIFACTS / "retrain-2-entities.png"), full_page=True)

        go_to(page, "Link chart")
        page.get_by_text("Evidence for a link").wait_for()
        chart = chart_frame(page, at_least=3)
        names = chart.evaluate("() => network.body.data.nodes.get().map(n => n.title || n.label)")
        page.locator("iframe").first.screenshot(path=str(ARTIFACTS / "retrain-3-chart.png"))
        assert any("Ghost Riders" in str(name) for name in names), names

        # Undo it: gone from the table.
        go_to(page, "Documents")
        page.get_by_text("Names added by analysts (1)").click()
        page.get_by_role("button", name="Undo").click()
        page.get_by_text("Names added by analysts").wait_for(state="detached")
        settle(page)
        go_to(page, "Entities")
        page.get_by_text("Mentions in context").wait_for()
        settle(page)
        assert gangs(page) == set()

        # Earlier work on the case: the gang and the drug marked in every statement.
        store, _ = open_store(tmp_path)
        for row in store.list_documents(CASE):
            text = store.load_document(CASE, row.id).text
            for words, label in (("Ghost Riders", "GANG_ORG"), ("blue dolphins", "DRUG")):
                store.add_mention(CASE, row.sha256, *word_occurrences(text, words)[0], label)
        store.close()

        go_to(page, "Retrain model")
        page.get_by_text("4 of 4 document(s) corrected").wait_for()
        assert "No model of its own yet" in sidebar_text(page)
        page.get_by_role("button", name="Retrain from this case").click()
        page.locator('[data-testid="stProgress"]').or_(page.get_by_text(re.compile("^Trained on"))).first.wait_for()
        page.screenshot(path=str(ARTIFACTS / "retrain-4-running.png"), full_page=True)
        assert (
            "is being retrained" in sidebar_text(page)
            or "Trained on" in page.locator('[data-testid="stMain"]').inner_text()
        )
        page.get_by_text(re.compile("^Trained on 4 corrected documents")).wait_for(timeout=300_000)
        settle(page)
        page.screenshot(path=str(ARTIFACTS / "retrain-5-verdict.png"), full_page=True)
        main = page.locator('[data-testid="stMain"]').inner_text()
        table = page.locator('[data-testid="stMain"] table').last.evaluate(
            "t => Array.from(t.rows).map(r => Array.from(r.cells).map(c => c.innerText.trim()))"
        )
        sidebar = sidebar_text(page)

    assert "Before and after, on the held-out documents" in main
    assert table[0][1:] == ["base + patterns", "current", "retrained"], table
    assert {"DRUG", "GANG_ORG"} <= {row[0] for row in table[1:]}, table
    assert all(re.fullmatch(r"\d\.\d\d / \d\.\d\d / \d\.\d\d", cell) for row in table[1:] for cell in row[1:]), table
    assert "Retrained model: used for this case" in main or "Retrained model: kept aside" in main
    assert "Something went wrong" not in main
    assert f"case model of {CASE}" in sidebar or "No model of its own yet" in sidebar
    if "Retrained model: used for this case" in main:
        assert f"case model of {CASE}, trained on 4 corrected documents" in sidebar, sidebar
