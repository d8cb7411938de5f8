"""The dashboard in a real browser: `streamlit run` on a free localhost port, driven by Playwright
in Debian's headless Chromium. Screenshots go to test-artifacts/ for a person to look at."""

from __future__ import annotations

import csv
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser import chromium_page

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "operation_harbor_light"
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dashboard(tmp_path):
    port = free_port()
    env = {**os.environ, "NERPIPE_DATA_DIR": str(tmp_path / "data"), "NERPIPE_MODELS_DIR": str(tmp_path / "none")}
    env.pop("NERPIPE_DATABASE_URL", None)
    env.pop("NERPIPE_MODEL", None)
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
        stdout=subprocess.PIPE,
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
        pytest.fail(f"streamlit did not start: {server.stdout.read() if server.stdout else ''}")
    yield url
    server.terminate()
    server.wait(10)


def test_new_user_flow_upload_entities_chart_and_csv(dashboard, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium_page(1400, 1000) as page:
        page.set_default_timeout(60_000)
        page.goto(dashboard)
        page.get_by_text("Create or open a case").wait_for()
        page.get_by_label("Name").fill("Operation Harbor Light")
        page.get_by_role("button", name="Create case").click()
        page.get_by_text("Add documents to Operation Harbor Light").wait_for()
        page.locator('input[type="file"]').set_input_files(
            [str(EXAMPLES / "incident_report_26-04417.pdf"), str(EXAMPLES / "affidavit_pier_road.docx")]
        )
        page.get_by_text(re.compile(r"r_road\.docx")).first.wait_for()  # the uploader shortens long names
        page.get_by_role("button", name="Add to case").click()
        page.get_by_text("2 file(s) added").wait_for()
        page.screenshot(path=str(ARTIFACTS / "1-upload.png"), full_page=True)

        page.get_by_text("Entities", exact=True).click()
        page.get_by_text("Mentions in context").wait_for()
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / "2-entities.png"), full_page=True)
        page.get_by_role("button", name="Prepare CSV, GEXF and GraphML downloads").click()
        with page.expect_download() as download_info:
            page.get_by_role("button", name="entities.csv").click()
        rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text("utf-8-sig"))))
        by_label = {r["label"] for r in rows}
        assert {"DRUG", "GANG_ORG", "PERSON"} <= by_label
        assert {"Sinaloa Cartel", "Latin Kings", "fentanyl"} <= {r["name"] for r in rows}

        page.get_by_text("Link chart", exact=True).click()
        page.get_by_text("Evidence for a link").wait_for()
        frame = page.locator("iframe").first
        frame.wait_for()
        chart = frame.element_handle().content_frame()
        chart.wait_for_function("() => typeof network !== 'undefined' && network.body.data.nodes.length > 10")
        page.wait_for_timeout(3000)
        painted = chart.evaluate("""() => {
            const c = document.querySelector('#chart canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }""")
        page.screenshot(path=str(ARTIFACTS / "3-link-chart.png"), full_page=True)
    assert painted > 5000, "the link chart canvas stayed blank"
