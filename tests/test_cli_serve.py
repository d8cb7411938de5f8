"""`nerpipe serve`: on this computer only and without logins by default; beyond it, never without
logins, and not at all until there is an admin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.dashboard.test_listen import free_port, listening_addresses

pytestmark = pytest.mark.slow
PASSWORD = "correct horse battery"


def serve(tmp_path, *args: str, **env: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NERPIPE_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "nerpipe", "serve", "--port", str(port), *args],
        env={**clean, "NERPIPE_DATA_DIR": str(tmp_path / "data"), "NERPIPE_MODELS_DIR": str(tmp_path / "m"), **env},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return process, port


def answer(
    process: subprocess.Popen, port: int, path: str, token: str | None = None, body: dict | None = None
) -> tuple[int, dict]:
    """The server's answer, once it listens; a server that exited says why instead of a refused connection."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None:
                pytest.fail(f"nerpipe serve exited with {process.returncode}: {process.stderr.read()}")
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)


def test_by_default_it_listens_on_loopback_only_and_asks_for_no_login(tmp_path):
    process, port = serve(tmp_path)
    try:
        assert answer(process, port, "/v1/cases") == (200, {"total": 0, "offset": 0, "limit": 100, "items": []})
        if os.path.exists("/proc/net/tcp"):
            assert listening_addresses(port) == {"127.0.0.1"}
        assert answer(process, port, "/v1/me")[1]["logins"] is False
    finally:
        stop(process)


def test_beyond_this_computer_it_will_not_start_without_an_admin(tmp_path):
    process, _ = serve(tmp_path, "--host", "0.0.0.0")
    assert process.wait(timeout=60) == 2
    assert "Logins are on and there is no admin yet" in process.stderr.read()


def test_beyond_this_computer_every_request_needs_a_login(tmp_path):
    process, port = serve(tmp_path, "--host", "0.0.0.0", NERPIPE_ADMIN_USER="chief", NERPIPE_ADMIN_PASSWORD=PASSWORD)
    try:
        status, problem = answer(process, port, "/v1/cases")
        assert status == 401 and problem["title"] == "Unauthorized"
        status, login = answer(process, port, "/v1/sessions", body={"name": "chief", "password": PASSWORD})
        assert status == 201
        me = {"name": "chief", "role": "admin", "logins": True}
        assert answer(process, port, "/v1/me", login["token"]) == (200, me)
    finally:
        stop(process)
    assert "admin 'chief' created" in process.stderr.read()


def test_one_setting_turns_logins_on_at_localhost_too(tmp_path):
    process, port = serve(tmp_path, NERPIPE_AUTH="1", NERPIPE_ADMIN_USER="chief", NERPIPE_ADMIN_PASSWORD=PASSWORD)
    try:
        assert answer(process, port, "/v1/cases")[0] == 401
    finally:
        stop(process)


def test_make_run_to_the_network_will_not_start_the_dashboard_without_an_admin(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NERPIPE_")}
    done = subprocess.run(
        ["make", "--no-print-directory", "dashboard", "NERPIPE_HOST=0.0.0.0", f"NERPIPE_PORT={free_port()}"],
        cwd=Path(__file__).resolve().parents[1],
        env={**clean, "NERPIPE_DATA_DIR": str(tmp_path / "data")},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "Logins are on and there is no admin yet" in done.stderr
