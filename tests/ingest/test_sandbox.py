import logging
import mmap
import os
import signal
import sys
import threading
import time
import types
from pathlib import Path

import pytest

from nerpipe import Settings, ingest_bytes
from nerpipe.errors import (
    CorruptFileError,
    EmptyFileError,
    ParseTimeoutError,
    UnsafeFileError,
    UnsupportedFormatError,
)
from nerpipe.ingest import READERS
from nerpipe.ingest import detect as formats
from nerpipe.ingest.sandbox import run_isolated


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "done"


def _raise_empty(name: str) -> None:
    raise EmptyFileError(name, "the file is empty: nothing to read")


def _exhaust_memory() -> bytes:
    return bytes(bytearray(16 * 1024**3))  # far above the child's address-space cap


def test_results_and_errors_cross_back_from_the_child():
    assert run_isolated("f", 10, _sleep, 0) == "done"
    with pytest.raises(EmptyFileError, match=r"^x\.txt: the file is empty"):
        run_isolated("x.txt", 10, _raise_empty, "x.txt")


def test_a_reader_that_never_finishes_is_stopped():
    start = time.monotonic()
    with pytest.raises(ParseTimeoutError, match=r"^slow\.pdf: reading took longer than 0\.5 s"):
        run_isolated("slow.pdf", 0.5, _sleep, 60)
    assert time.monotonic() - start < 10


def test_a_reader_that_exhausts_memory_is_stopped():
    with pytest.raises(UnsafeFileError, match=r"more memory than allowed|ran out of memory"):
        run_isolated("bomb.bin", 60, _exhaust_memory)


def test_the_timeout_applies_to_ingestion(monkeypatch):
    monkeypatch.setitem(READERS, formats.HTML, lambda data, name, settings: _sleep(60))
    settings = Settings.from_env(env={}, parse_timeout_s=0.5)
    with pytest.raises(ParseTimeoutError):
        ingest_bytes(b"<html><body>plain text</body></html>", "notes.html", settings)


def test_plain_text_is_read_in_place_and_every_other_format_in_a_child(monkeypatch, settings):
    """Plain text is decoded by nerpipe's own code: it is read without a child process, to the
    same document; HTML, e-mail and the office formats still go through the sandbox."""
    from nerpipe.ingest import sandbox

    forks = []
    get_context = sandbox.multiprocessing.get_context
    monkeypatch.setattr(
        sandbox.multiprocessing, "get_context", lambda method: forks.append(method) or get_context(method)
    )
    text = b"Mendez sold fentanyl at the caf\xe9.\r\nThe Latin Kings paid cash."
    assert ingest_bytes(text, "notes.txt", settings) == ingest_bytes(text, "notes.txt", settings, isolate=False)
    assert ingest_bytes(b"From: a@b.org\nSubject: x\n\nHello", "notes.txt", settings).media_type == formats.EMAIL
    assert ingest_bytes(b"<html><body>Hello</body></html>", "page.txt", settings).media_type == formats.HTML
    assert ingest_bytes(b"{\\rtf1 Hello}", "a.rtf", settings).media_type == formats.RTF
    assert forks == ["fork"] * 3
    with pytest.raises(UnsupportedFormatError, match=r"^blob\.txt: binary content, not text"):
        ingest_bytes(bytes(range(256)) * 8, "blob.txt", settings)


def _raise_library_error() -> None:
    raise ValueError("negative seek value -126")


def _print_and_return() -> str:
    print("====== SAX FAILED TO PARSE ========== <office:document-content>")
    return "read"


def test_any_other_exception_in_the_reader_is_a_per_file_failure_logged_with_its_traceback(caplog):
    caplog.set_level(logging.INFO, logger="nerpipe.ingest.sandbox")
    with pytest.raises(
        CorruptFileError,
        match=r"^odd\.odt: could not be read: damaged or unsupported \(ValueError: negative seek value -126\)$",
    ):
        run_isolated("odd.odt", 10, _raise_library_error)
    assert "Traceback" in caplog.text and "_raise_library_error" in caplog.text


def test_a_reader_exception_in_a_batch_becomes_that_files_failure(monkeypatch, settings):
    monkeypatch.setitem(READERS, formats.TEXT, lambda data, name, settings: _raise_library_error())
    with pytest.raises(CorruptFileError, match=r"^notes\.txt: could not be read: damaged or unsupported"):
        ingest_bytes(b"plain text", "notes.txt", settings)


def test_what_a_reader_prints_goes_nowhere(capfd):
    assert run_isolated("x.odt", 10, _print_and_return) == "read"
    assert "SAX FAILED" not in capfd.readouterr().out


def _grow(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024**2))


def test_the_memory_cap_counts_from_what_the_parent_already_maps():
    """A dashboard or a test process maps gigabytes (pipelines, threads) before it forks a reader:
    the reader may still grow by the cap, not by what is left under it."""
    reserved = mmap.mmap(-1, 6 * 1024**3)  # 6 GB of address space in the parent, never touched
    try:
        assert run_isolated("f", 60, _grow, 512) == 512 * 1024**2
    finally:
        reserved.close()


def test_deep_nesting_is_refused_even_when_the_parent_raised_the_recursion_limit(settings):
    from tests.ingest.test_mail import nested_email

    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(200_000)  # as some test and profiling tools leave it
    try:
        with pytest.raises(UnsafeFileError, match=r"^deep\.eml: its MIME parts are nested too deep"):
            ingest_bytes(nested_email(1000), "deep.eml", settings)
    finally:
        sys.setrecursionlimit(previous)


def test_a_refusal_crosses_back_even_where_tracebacks_are_made_picklable(settings):
    """Dask installs tblib's pickling of tracebacks: an error raised out of a 1,000-frame recursion
    must still come back as the file's message, not as a reader that died."""
    tblib = pytest.importorskip("tblib.pickling_support")
    from tests.ingest.test_mail import nested_email

    tblib.install()
    with pytest.raises(UnsafeFileError, match=r"^deep\.eml: its MIME parts are nested too deep"):
        ingest_bytes(nested_email(1000), "deep.eml", settings)


def _on_another_thread(function, *args):
    """`function(*args)` called from a thread other than the main one, as the dashboard's uploads
    and the API's requests call the readers; its exception is raised here."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(120)
    assert not thread.is_alive(), "the call did not return"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


#: Held by a thread of the test process while a reader that needs it runs.
SHARED_LOCK = threading.Lock()


def _needs_the_shared_lock() -> str:
    if not SHARED_LOCK.acquire(timeout=5):
        return "waited on a lock another thread held when the child was made"
    SHARED_LOCK.release()
    return "free"


def test_a_reader_started_from_another_thread_does_not_inherit_a_lock_held_elsewhere():
    """A fork copies every lock as it stands: one held by another thread stays held in the child
    for ever. Readers started from threads come from the reader server, which runs no threads."""
    taken, release = threading.Event(), threading.Event()

    def hold():
        with SHARED_LOCK:
            taken.set()
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    taken.wait(10)
    try:
        assert _on_another_thread(run_isolated, "f", 30, _needs_the_shared_lock) == "free"
    finally:
        release.set()
        holder.join()


def _parent_pid() -> int:
    return os.getppid()


def test_readers_of_other_threads_come_from_one_server_and_work_as_forked_ones():
    first = _on_another_thread(run_isolated, "f", 30, _parent_pid)
    assert first != os.getpid()
    assert _on_another_thread(run_isolated, "f", 30, _parent_pid) == first
    assert run_isolated("f", 30, _parent_pid) == os.getpid()  # the main thread still forks itself
    assert _on_another_thread(run_isolated, "f", 10, _sleep, 0) == "done"
    with pytest.raises(EmptyFileError, match=r"^x\.txt: the file is empty"):
        _on_another_thread(run_isolated, "x.txt", 10, _raise_empty, "x.txt")
    with pytest.raises(UnsafeFileError, match=r"more memory than allowed|ran out of memory"):
        _on_another_thread(run_isolated, "bomb.bin", 60, _exhaust_memory)
    with pytest.raises(CorruptFileError, match=r"^odd\.odt: could not be read: damaged or unsupported \(ValueError"):
        _on_another_thread(run_isolated, "odd.odt", 10, _raise_library_error)


def _write_pid_and_sleep(path: str) -> None:
    Path(path).write_text(str(os.getpid()))
    time.sleep(60)


def test_a_reader_of_another_thread_that_never_finishes_is_stopped_and_killed(tmp_path):
    pid_file = tmp_path / "pid"
    start = time.monotonic()
    with pytest.raises(ParseTimeoutError, match=r"^slow\.pdf: reading took longer than 1 s"):
        _on_another_thread(run_isolated, "slow.pdf", 1, _write_pid_and_sleep, str(pid_file))
    assert time.monotonic() - start < 10
    pid = int(pid_file.read_text())
    for _ in range(50):  # the server reaps it once it is killed
        if not Path(f"/proc/{pid}").exists():
            break
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists()


def test_a_reader_server_that_died_is_started_again():
    from nerpipe.ingest import sandbox

    server = _on_another_thread(run_isolated, "f", 30, _parent_pid)
    assert server != os.getpid()
    os.kill(server, signal.SIGKILL)
    sandbox._reader_server._process.wait(10)
    again = _on_another_thread(run_isolated, "f", 30, _parent_pid)
    assert again not in (server, os.getpid())


def test_a_function_the_server_cannot_import_or_that_cannot_be_sent_is_that_files_failure(monkeypatch):
    module = types.ModuleType("only_in_this_process")
    exec("def read():\n    return 'read'\n", module.__dict__)
    monkeypatch.setitem(sys.modules, module.__name__, module)
    with pytest.raises(CorruptFileError, match=r"^x\.odt: could not be read: .* \(ModuleNotFoundError"):
        _on_another_thread(run_isolated, "x.odt", 10, module.read)
    with pytest.raises(CorruptFileError, match=r"^y\.odt: could not be read: .* \(\w+: Can.t pickle"):
        _on_another_thread(run_isolated, "y.odt", 10, lambda: "read")


def _reader_server_pid_from_a_thread() -> int:
    return _on_another_thread(run_isolated, "f", 30, _parent_pid)


def test_a_forked_child_starts_its_own_reader_server_not_its_parents():
    from nerpipe.ingest import sandbox

    ours = _reader_server_pid_from_a_thread()
    assert sandbox._reader_server._socket is not None
    theirs = run_isolated("f", 60, _reader_server_pid_from_a_thread)  # a fork of this process asks from a thread
    assert theirs not in (ours, os.getpid())
    assert _reader_server_pid_from_a_thread() == ours  # ours still answers
