"""The dashboard in a real browser: `streamlit run` on a free localhost port, driven by Playwright
in Debian's headless Chromium. Screenshots go to test-artifacts/ for a person to look at."""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import networkx as nx
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from nerpipe import Settings
from nerpipe.store import Store
from tests.browser import chromium_page, start_upload

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "operation_harbor_light"
REAL_WORLD = ROOT.parent / "shared" / "fixtures" / "real-world"
ARTIFACTS = ROOT / "test-artifacts"
ODD_NAME = "<script>alert(1)</script>.txt"
BROKEN_VIEW = "Something went wrong in this view"

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: The server behind each running dashboard fixture's address, for a test to ask for its threads' stacks.
SERVERS: dict[str, subprocess.Popen] = {}


@pytest.fixture
def dashboard(tmp_path):
    port = free_port()
    env = {**os.environ, "NERPIPE_DATA_DIR": str(tmp_path / "data"), "NERPIPE_MODELS_DIR": str(tmp_path / "none")}
    env.pop("NERPIPE_DATABASE_URL", None)
    env.pop("NERPIPE_MODEL", None)
    log_path = tmp_path / "streamlit.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "dashboard" / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        # To a file: a pipe nobody reads fills up with the server's log, and the server then stops.
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
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
    SERVERS[url] = server
    yield url
    SERVERS.pop(url, None)
    server.terminate()
    server.wait(10)
    log.close()
    # Captured, so shown by pytest only when the test failed: what the server said meanwhile.
    print("streamlit log (last 300 lines):", *log_path.read_text(errors="replace").splitlines()[-300:], sep="\n")


def real_world_documents() -> list[Path]:
    """Every document of the real-world fixtures: each X.ext, not the X.txt beside it that holds
    its expected text, nor the folder's README and licence."""
    files = []
    for path in sorted(REAL_WORLD.rglob("*")):
        if not path.is_file() or path.suffix in ("", ".md"):
            continue
        if path.suffix == ".txt" and any(p != path and p.stem == path.stem for p in path.parent.iterdir()):
            continue
        files.append(path)
    return files


def go_to(page, view: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_text(view, exact=True).click()


def selectbox(page, label: str):
    """A selectbox's text field: its value is what the box reads on screen."""
    return page.get_by_role("combobox", name=label, exact=True)


def open_options(page, label: str) -> list[str]:
    """Open a selectbox's list; returns the options it offers."""
    settle(page)
    selectbox(page, label).click()
    selectbox(page, label).press("ArrowDown")
    page.get_by_role("option").first.wait_for()
    return [option.inner_text() for option in page.get_by_role("option").all()]  # the first dozen


def pick(page, label: str, option: str, *, typed: str | None = None) -> None:
    """Choose an option of a selectbox as a user does: type (the option, or the start of it),
    then click the first option that begins with `option`. The choice is checked against `option`,
    not against what was typed: the box shows the typed text whether or not anything was chosen."""
    box = selectbox(page, label)
    for _ in range(3):
        box.click()
        box.fill(typed or option)
        # The list is filtered as one types and drawn again a moment later: a click on the first list
        # drawn can land on an option that is being replaced, and choose nothing.
        page.wait_for_timeout(800)
        # Playwright writes the pattern between slashes: a slash in a name is escaped.
        offered = page.get_by_role("option", name=re.compile("^" + re.escape(option).replace("/", "\\/"))).first
        try:
            offered.wait_for(timeout=5_000)
            offered.click()
        except PlaywrightTimeout:  # the only match: the box took it as the choice already
            box.press("Enter")
        settle(page)
        if box.input_value().startswith(option):
            return
        # The list closed between typing and the click (at automation speed, while the expander
        # above it opens or the list is drawn again): nothing was chosen; choose again.
        box.press("Escape")
    pytest.fail(f"{label!r}: {option!r} could not be chosen; the box reads {box.input_value()!r}")


def settle(page) -> None:
    """Wait until Streamlit has finished the rerun a click started: no status widget, and no
    element of the last run left on the page (Streamlit marks those stale)."""
    page.wait_for_timeout(500)
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
                 && !document.querySelector('[data-stale="true"]')""",
        timeout=120_000,
    )


def create_case(page, name: str) -> None:
    name_box = page.get_by_label("Name", exact=True)
    if not name_box.is_visible():
        page.get_by_text("New case", exact=True).click()
    name_box.fill(name)
    page.get_by_role("button", name="Create case").click()
    page.get_by_text(f"Add documents to {name}").wait_for()
    settle(page)


def closes(field, problem: str) -> None:
    """The field's box closes (its closing is animated)."""
    try:
        field.wait_for(state="hidden", timeout=5_000)
    except Exception:
        pytest.fail(problem)


def download(page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=name).click()
    return Path(info.value.path()).read_bytes()


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def chart_frame(page, at_least: int = 11):
    """The chart's frame once it has drawn `at_least` entities (a focused chart can be small)."""
    frame = page.locator("iframe").first
    frame.wait_for()
    chart = frame.element_handle().content_frame()
    chart.wait_for_function(f"() => typeof network !== 'undefined' && network.body.data.nodes.length >= {at_least}")
    # The layout has settled (physics is switched off then, and the labels placed).
    chart.wait_for_function("() => !network.physics.physicsEnabled", timeout=60_000)
    return chart


def test_new_user_flow_upload_entities_chart_and_csv(dashboard, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium_page(1400, 1000) as page:
        page.set_default_timeout(60_000)
        page.goto(dashboard)
        page.get_by_text("Create or open a case").wait_for()
        create_case(page, "Operation Harbor Light")
        page.locator('input[type="file"]').set_input_files(
            [str(EXAMPLES / "incident_report_26-04417.pdf"), str(EXAMPLES / "affidavit_pier_road.docx")]
        )
        page.get_by_text(re.compile(r"r_road\.docx")).first.wait_for()  # the uploader shortens long names
        start_upload(page)
        page.get_by_text("2 file(s) added").wait_for()
        page.screenshot(path=str(ARTIFACTS / "1-upload.png"), full_page=True)

        go_to(page, "Entities")
        page.get_by_text("Mentions in context").wait_for()
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / "2-entities.png"), full_page=True)
        rows = csv_rows(download(page, "⬇ entities.csv"))
        by_label = {r["label"] for r in rows}
        assert {"DRUG", "GANG_ORG", "PERSON"} <= by_label
        assert {"Sinaloa Cartel", "Latin Kings", "fentanyl"} <= {r["name"] for r in rows}

        go_to(page, "Link chart")
        page.get_by_text("Evidence for a link").wait_for()
        chart = chart_frame(page)
        page.wait_for_timeout(1000)
        painted = chart.evaluate("""() => {
            const c = document.querySelector('#chart canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }""")
        page.screenshot(path=str(ARTIFACTS / "3-link-chart.png"), full_page=True)
        assert painted > 5000, "the link chart canvas stayed blank"

        # The link picker shows the link whose evidence is below it, after a focus changed its options.
        offered = open_options(page, "Link")
        chosen = offered[2]
        page.get_by_role("option", name=chosen, exact=True).click()
        settle(page)
        assert selectbox(page, "Link").input_value() == chosen
        page.get_by_text("Focus and paths").click()
        # Focus on the busiest name: its network still holds many links, in another order.
        focus_on = offered[0].split(" — ")[0]
        pick(page, "Focus on an entity", f"{focus_on} (", typed=focus_on)
        shown = selectbox(page, "Link").input_value()
        title = page.locator('[data-testid="stMarkdownContainer"] strong').filter(has_text=" — ").last.inner_text()
        page.screenshot(path=str(ARTIFACTS / "4-focus.png"), full_page=True)
        assert shown.rsplit(" (", 1)[0] == title, f"the Link box reads {shown!r} above the evidence for {title!r}"

        # A second case: the New case and Delete boxes close, and forget what was typed, once used.
        go_to(page, "Upload")
        create_case(page, "Second case")
        closes(page.get_by_label("Name", exact=True), "the New case box stayed open")
        page.get_by_text("New case", exact=True).click()
        assert page.get_by_label("Name", exact=True).input_value() == "", "the New case box kept the old name"
        page.get_by_text("Delete this case", exact=True).click()
        page.get_by_label("Type the case name to confirm").fill("Second case")
        page.get_by_label("Type the case name to confirm").press("Enter")
        settle(page)
        page.get_by_role("button", name="Delete case").click()
        settle(page)
        page.get_by_text("Add documents to Operation Harbor Light").wait_for()
        page.screenshot(path=str(ARTIFACTS / "5-after-delete.png"), full_page=True)
        closes(page.get_by_label("Type the case name to confirm"), "the Delete box stayed open")


def test_real_world_files_every_document_and_every_download(dashboard, tmp_path):
    if not REAL_WORLD.is_dir():
        pytest.skip(f"{REAL_WORLD} is absent: the real-world fixtures live in ../shared, not in this repository")
    documents = real_world_documents()
    ARTIFACTS.mkdir(exist_ok=True)
    dialogs: list[str] = []
    with chromium_page(1400, 1000) as page:
        page.set_default_timeout(120_000)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(dashboard)
        page.get_by_text("Create or open a case").wait_for()
        create_case(page, "Real world")
        files = [{"name": p.name, "mimeType": "application/octet-stream", "buffer": p.read_bytes()} for p in documents]
        files.append({"name": ODD_NAME, "mimeType": "text/plain", "buffer": b"Maria Lopez sold heroin in Denver."})
        page.locator('input[type="file"]').set_input_files(files)
        page.get_by_text(documents[-1].name).first.wait_for()
        start_upload(page)
        try:
            page.get_by_text(re.compile(r"\d+ file\(s\) added")).wait_for(timeout=300_000)
        except PlaywrightTimeout:  # what the analyst saw instead, and what the server was doing
            page.screenshot(path=str(ARTIFACTS / "real-world-upload-timeout.png"), full_page=True)
            SERVERS[dashboard].send_signal(signal.SIGUSR1)
            time.sleep(2)
            url = Settings.from_env(env={"NERPIPE_DATA_DIR": str(tmp_path / "data")}).store_url
            stored = Store.open(url).list_documents("Real world")
            pytest.fail(f"no upload report after 300 s; {len(stored)} of {len(files)} files stored (stacks: log below)")
        settle(page)
        page.screenshot(path=str(ARTIFACTS / "rw-1-upload.png"), full_page=True)
        report = page.locator('[data-testid="stMain"]').inner_text()
        assert "needs OCR" not in report  # the scan is read by OCR
        assert f"{len(documents) + 1} file(s) added" in report  # every file, and the odd name

        go_to(page, "Documents")
        page.get_by_text("Read a document").wait_for()
        settle(page)
        table = page.locator('[data-testid="stMain"]').inner_text()
        assert "need OCR" not in table
        store = Store.open(Settings.from_env(env={"NERPIPE_DATA_DIR": str(tmp_path / "data")}).store_url)
        listed = [d.filename for d in store.list_documents("Real world")]  # with e-mail attachments
        scanned = {d.filename: store.ocr_pages("Real world").get(d.sha256) for d in store.list_documents("Real world")}
        store.close()
        assert sorted(scanned["ocr_text.pdf"]) == [1, 2, 3]
        assert ODD_NAME in listed and len(listed) >= len(documents)
        for index, name in enumerate(listed):
            pick(page, "Read a document", name)
            page.get_by_role("heading", name=name, exact=True).wait_for()
            settle(page)
            main = page.locator('[data-testid="stMain"]').inner_text()
            assert BROKEN_VIEW not in main, name
            if name == "ocr_text.pdf":
                assert "Text from OCR: pages 1–3 by OCR" in main
            if name in ("ocr_text.pdf", "raw_text.odt", "standardized_text.doc"):
                page.screenshot(path=str(ARTIFACTS / f"rw-2-document-{index}.png"), full_page=True)
        assert not dialogs, f"document text or a file name ran as script: {dialogs}"

        go_to(page, "Entities")
        page.get_by_text("Mentions in context").wait_for()
        page.get_by_role("button", name="⬇ graph.graphml").wait_for()
        page.screenshot(path=str(ARTIFACTS / "rw-3-entities.png"), full_page=True)
        files = {
            name: download(page, f"⬇ {name}")
            for name in ("entities.csv", "mentions.csv", "edges.csv", "graph.gexf", "graph.graphml")
        }
        entities = {r["id"] for r in csv_rows(files["entities.csv"])}
        caption = re.search(r"(\d+) of (\d+) entities", page.locator('[data-testid="stMain"]').inner_text())
        assert caption and int(caption[1]) == int(caption[2]) == len(entities)
        assert {r["entity_id"] for r in csv_rows(files["mentions.csv"])} <= entities
        # The scan's entities are in the table, their mentions flagged as OCR text.
        from_scan = [r for r in csv_rows(files["mentions.csv"]) if r["filename"] == "ocr_text.pdf"]
        assert len(from_scan) >= 20 and all(r["ocr"] == "True" for r in from_scan)
        assert all(r["ocr"] == "False" for r in csv_rows(files["mentions.csv"]) if r["filename"].endswith(".docx"))
        only_in_scan = {r["entity_id"] for r in from_scan} - {
            r["entity_id"] for r in csv_rows(files["mentions.csv"]) if r["filename"] != "ocr_text.pdf"
        }
        scan_rows = [r for r in csv_rows(files["entities.csv"]) if r["id"] in only_in_scan and r["label"] == "PERSON"]
        scan_row = max(scan_rows, key=lambda r: float(r["weighted_degree"]))
        scan_person, scan_id = scan_row["name"], scan_row["id"]
        for name, reader in (("graph.gexf", nx.read_gexf), ("graph.graphml", nx.read_graphml)):
            graph = reader(io.BytesIO(files[name]))
            assert graph.number_of_nodes() == len(entities), name
            assert graph.number_of_edges() == len(csv_rows(files["edges.csv"])), name

        go_to(page, "Link chart")
        page.get_by_text("Evidence for a link").wait_for()
        chart = chart_frame(page)
        page.wait_for_timeout(1000)
        labels = chart.evaluate("""() => {
            const scale = network.getScale();
            const shown = network.body.data.nodes.get().filter(n => n.label.trim());
            return {nodes: network.body.data.nodes.length, labelled: shown.length,
                    smallest: Math.min(...shown.map(n => n.font.size * scale))}; }""")
        page.screenshot(path=str(ARTIFACTS / "rw-4-link-chart.png"), full_page=True)
        page.locator("iframe").first.screenshot(path=str(ARTIFACTS / "rw-5-link-chart-frame.png"))
        assert labels["nodes"] == 150
        assert labels["smallest"] >= 11.5 and labels["labelled"] >= 40, labels
        legend = chart.locator("#legend").inner_text()
        assert "DATE" not in legend and "CARDINAL" not in legend
        # A name read from the scan is on the chart, linked: focus on it.
        page.get_by_text("Focus and paths").click()
        pick(page, "Focus on an entity", f"{scan_person} (PERSON)", typed=scan_person)
        chart = chart_frame(page, at_least=2)
        # By id: a label can be hidden until zoom where two would overlap.
        nodes = chart.evaluate(
            "() => network.body.data.nodes.get().map(n => [String(n.id), String(n.title || ''), n.label])"
        )
        assert len(nodes) < 150, "the focus was chosen but the chart stayed whole"
        page.locator("iframe").first.screenshot(path=str(ARTIFACTS / "rw-6-scan-entity.png"))
        shown = [n for n in nodes if n[0] == scan_id or scan_person in n[1] or n[2].strip() == scan_person]
        assert shown and "PERSON" in chart.locator("#legend").inner_text(), (scan_id, nodes)
