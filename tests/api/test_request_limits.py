"""What a request may cost before its body is read: no body from an outsider is read at all, every
route has a size limit (a login a few KB), a body without Content-Length a small one, and one
sender's uploads in flight are bounded. Last, against a real server: four unauthenticated 400 MB
bodies leave its memory and temporary files where they were."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import anyio
import pytest

from nerpipe.api import limits, routes_documents
from tests.api.conftest import REPORT

MB = 1024 * 1024


def test_an_outsiders_upload_is_refused_before_its_body_is_read(api, monkeypatch):
    folders: list[str] = []
    real = routes_documents.tempfile.mkdtemp
    monkeypatch.setattr(routes_documents.tempfile, "mkdtemp", lambda **kw: folders.append(real(**kw)) or folders[-1])
    body = b"x" * (3 * MB)
    headers = {"Content-Type": "multipart/form-data; boundary=b"}
    for who in (None, "Bearer nerpipe_t_forged", "Basic YWRhOnB3"):
        answer = api.client.post(
            f"/v1/cases/{api.case_id}/documents",
            content=body,
            headers={**headers, **({"Authorization": who} if who else {})},
        )
        assert answer.status_code == 401, answer.text
    assert folders == []  # nothing of the body went to disk
    assert api.upload(api.case_id, [("more.txt", b"Carlos Mendez met Ana Ruiz.")]).status_code == 200


def test_each_route_has_a_body_limit_checked_from_its_length(api):
    login = api.client.post("/v1/sessions", content=b'{"name": "ana", "password": "' + b"p" * 20_000 + b'"}')
    assert login.status_code == 413 and "16 KB" in login.json()["detail"]
    big_json = api.post("/v1/cases", json={"name": "x" * (2 * MB)})
    assert big_json.status_code == 413 and "1 MB" in big_json.json()["detail"]
    assert api.post("/v1/cases", json={"name": "Reef"}).status_code == 201  # an ordinary body still goes through


def test_a_body_that_does_not_say_its_length_may_only_be_small(api):
    def chunks(total: int):
        for _ in range(total // (16 * 1024)):
            yield b" " * (16 * 1024)

    long = api.client.post("/v1/sessions", content=chunks(limits.UNDECLARED_LIMIT * 2))
    assert long.status_code == 413, long.text  # over the route's own 16 KB, said or not
    headers = {**api.as_("ana"), "Content-Type": "application/json"}
    streamed = api.client.post("/v1/extract", content=chunks(limits.UNDECLARED_LIMIT * 4), headers=headers)
    assert streamed.status_code == 411 and "Content-Length" in streamed.json()["detail"]


def test_one_senders_uploads_in_flight_are_bounded(api, monkeypatch):
    release = threading.Event()
    real = routes_documents.ingest_into_case

    def held(*args, **kwargs):
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(routes_documents, "ingest_into_case", held)
    try:
        first = api.upload(api.case_id, [("a.txt", b"Ana Ruiz met Carlos Mendez.")], wait=0)
        second = api.upload(api.case_id, [("b.txt", b"Carlos Mendez met Ana Ruiz.")], wait=0)
        assert (first.status_code, second.status_code) == (202, 202)
        third = api.upload(api.case_id, [("c.txt", REPORT.encode())], wait=0)
        assert third.status_code == 429 and "2 uploads" in third.json()["detail"]
        other = api.upload(api.case_id, [("d.txt", b"Maria Lopez in Denver.")], who="ada", wait=0)
        assert other.status_code == 404  # another sender is not held up (the admin is no member)
    finally:
        release.set()
    deadline = time.monotonic() + 60
    while api.get(f"/v1/jobs/{second.json()['id']}").json()["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert api.upload(api.case_id, [("c.txt", REPORT.encode())]).status_code == 200


# -- a real server --------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _send_body(port: int, path: str, size: int, answers: list[bytes], *, declared: bool) -> None:
    """Send `size` bytes as a request body (with or without saying so), reading the answer."""
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    head += f"Content-Length: {size}\r\n" if declared else "Transfer-Encoding: chunked\r\n"
    chunk = b"{" * MB
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        try:
            sock.sendall((head + "\r\n").encode())
            for _ in range(size // MB):
                sock.sendall(chunk if declared else b"%x\r\n" % MB + chunk + b"\r\n")
        except OSError:
            pass  # the server answered and closed: what it said is read below
        try:
            answers.append(sock.recv(200))
        except OSError as exc:
            answers.append(repr(exc).encode())


def _peak_memory_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def _bytes_under(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@pytest.mark.slow
def test_outsiders_400_mb_bodies_cost_a_real_server_neither_memory_nor_disk(tmp_path):
    port, temp = _free_port(), tmp_path / "tmp"
    temp.mkdir()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NERPIPE_")}
    env = {
        **clean,
        "NERPIPE_DATA_DIR": str(tmp_path / "data"),
        "NERPIPE_MODELS_DIR": str(tmp_path / "m"),
        "NERPIPE_AUTH": "1",
        "NERPIPE_ADMIN_USER": "ada",
        "NERPIPE_ADMIN_PASSWORD": "correct horse battery",
        "TMPDIR": str(temp),
    }
    subprocess.run([sys.executable, "-m", "nerpipe", "user", "ensure-admin"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "nerpipe", "serve", "--port", str(port)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "nerpipe serve did not start"
                time.sleep(0.3)
        time.sleep(1)
        before = _peak_memory_kb(server.pid)
        answers: list[bytes] = []
        senders = [
            threading.Thread(target=_send_body, args=(port, path, 400 * MB, answers), kwargs={"declared": declared})
            for path, declared in (
                ("/v1/cases/1/documents", True),
                ("/v1/cases/1/documents", False),
                ("/v1/sessions", True),
                ("/v1/sessions", False),
            )
        ]
        for sender in senders:
            sender.start()
        most_on_disk = 0
        while any(s.is_alive() for s in senders):
            most_on_disk = max(most_on_disk, _bytes_under(temp))
            time.sleep(0.05)
        grown = (_peak_memory_kb(server.pid) - before) / 1024
        assert server.poll() is None, "the server stopped"
    finally:
        server.terminate()
        server.wait(10)
    statuses = sorted(answer.split(b" ", 2)[1] for answer in answers if answer.startswith(b"HTTP/1.1"))
    assert statuses == [b"401", b"401", b"413", b"413"], answers  # a login is at most 16 KB, said or not
    assert grown < 50, f"the server's peak memory grew by {grown:.0f} MB"
    assert most_on_disk < MB, f"{most_on_disk} bytes of temporary files"


def test_a_body_that_stops_arriving_is_given_up(tmp_path):
    """Straight through the middleware: a client that sends part of a body, then nothing."""
    from tests.api.conftest import api_settings

    reached: list[str] = []

    async def route(scope, receive, send):
        reached.append("route")
        while (await receive()).get("more_body"):
            pass

    gate = limits.RequestGate(route, api_settings(tmp_path), idle_seconds=0.2)
    sent: list[dict] = []
    parts = iter([{"type": "http.request", "body": b"{", "more_body": True}])

    async def receive():
        try:
            return next(parts)
        except StopIteration:
            await anyio.sleep(60)  # the client went quiet

    async def send(message):
        sent.append(message)

    state = SimpleNamespace(nerpipe=SimpleNamespace(auth=False, store=SimpleNamespace(actor="me")))
    scope = {"type": "http", "method": "POST", "path": "/v1/cases", "headers": [(b"content-length", b"100")]}
    started = time.monotonic()
    anyio.run(gate, {**scope, "app": SimpleNamespace(state=state)}, receive, send)
    assert time.monotonic() - started < 5
    assert reached == ["route"] and sent[0]["status"] == 408
