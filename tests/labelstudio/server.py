"""A real Label Studio server for the round-trip test: started on a free localhost port with a
temporary data directory, a user and an API token, and stopped afterwards.

Label Studio lives in its own virtual environment (`make test-labelstudio` makes .venv-labelstudio),
apart from nerpipe's: its dependencies are many and pinned differently."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LABEL_STUDIO = ROOT / ".venv-labelstudio" / "bin" / "label-studio"
#: A fresh database migrates first: about a minute on 2 cores, longer on a busy machine.
START_TIMEOUT_S = 400
USER = "analyst@nerpipe.test"
PASSWORD = "nerpipe-round-trip"
# Set as the user's legacy token at start (longer than Label Studio's minimum of 5 characters).
TOKEN = "nerpipe-round-trip-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LabelStudio:
    """A running server and a small client for its REST API."""

    process: subprocess.Popen
    url: str
    log: Path

    def call(self, method: str, path: str, body: Any = None) -> Any:
        raw = self.download(method, path, body)
        return json.loads(raw) if raw else None

    def download(self, method: str, path: str, body: Any = None) -> bytes:
        """The response body as sent (an export is saved as the analyst's browser would save it)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path,
            method=method,
            data=data,
            headers={"Authorization": f"Token {TOKEN}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{method} {path}: HTTP {exc.code}: {exc.read()[:2000]!r}") from None

    def stop(self) -> None:
        """Stop the server and everything it started (it runs in a process group of its own)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)


def start_label_studio(data_dir: Path) -> LabelStudio:
    """Start Label Studio on a free localhost port and wait until it answers; fail with its log if it does not."""
    port = free_port()
    log = data_dir / "label-studio.log"
    environment = {
        **os.environ,
        "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
        # Nothing leaves the machine: no version check, analytics or error reports.
        "LATEST_VERSION_CHECK": "false",
        "COLLECT_ANALYTICS": "false",
        "SENTRY_DSN": "",
        "FRONTEND_SENTRY_DSN": "",
        "LOG_LEVEL": "WARNING",
    }
    command = [
        str(LABEL_STUDIO),
        "start",
        "--no-browser",
        "--internal-host",
        "127.0.0.1",
        "--port",
        str(port),
        "--username",
        USER,
        "--password",
        PASSWORD,
        "--user-token",
        TOKEN,
        # Label Studio 1.2x accepts only personal access tokens unless told otherwise.
        "--enable-legacy-api-token",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=data_dir, env=environment, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = LabelStudio(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"Label Studio exited with {process.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(f"{server.url}/health", timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            pass
        time.sleep(1)
    server.stop()
    raise AssertionError(f"Label Studio did not answer on {server.url} within {START_TIMEOUT_S} s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
