"""Run a reader in a child process with a time limit and a memory cap.

Parsers of untrusted files can hang (a PDF page that never finishes), balloon (a decompression
bomb) or fail in ways no reader foresaw (a library's own error on a damaged file). A thread cannot
be stopped; a forked child can be killed, and whatever goes wrong in it becomes an `IngestError`
for that one file, so the batch goes on. The child's standard output goes nowhere: some parsers
print what they fail on, which must not end up in `nerpipe extract`'s output.

Long work reports each page it finishes (OCR): the caller's progress listener sees it, and the
time limit counts from the last report, so a 500-page scan is not cut off at the limit meant
for one stuck file, while a page that never ends still is.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import resource
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from nerpipe.errors import CorruptFileError, IngestError, ParseTimeoutError, UnsafeFileError
from nerpipe.ingest.reader_server import ReaderServer, ReaderServerError

T = TypeVar("T")
log = logging.getLogger(__name__)

#: How much a reader process may grow its address space (bytes) beyond what it inherits from the
#: process it was forked from (a dashboard or test process holding pipelines maps several GB before
#: it reads anything): generous for a real 100 MB file.
MEMORY_LIMIT_BYTES = 6 * 1024**3
#: The reader thread's stack: ample for Python's recursion limit in any reader.
READER_STACK_BYTES = 256 * 1024**2
#: Python's default: what the readers' refusals of deep nesting are written for.
READER_RECURSION_LIMIT = 1000
#: The longest library message quoted to the user (tracebacks go to the log).
MAX_REASON_CHARS = 200

#: (file name, page finished, pages in the file): called as each scanned page is read.
PageListener = Callable[[str, int, int], None]
_listener: ContextVar[PageListener | None] = ContextVar("page_listener", default=None)
#: Forks the readers of threads other than the main one (started on first use).
_reader_server = ReaderServer()
os.register_at_fork(after_in_child=_reader_server.forget)
#: In a reader's child: where its page reports go (to the parent's run_isolated).
_to_parent: Any = None


@contextlib.contextmanager
def page_progress(listener: PageListener) -> Iterator[None]:
    """Within this block, `listener` hears of every page a reader finishes (in this thread)."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def report_page(filename: str, page: int, pages: int) -> None:
    """Called by a reader when it finishes a page of slow work (OCR)."""
    if _to_parent is not None:
        _to_parent.send(("page", (filename, page, pages)))
    elif (listener := _listener.get()) is not None:
        listener(filename, page, pages)


def run_isolated(filename: str, timeout_s: float, function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` in a forked child; an IngestError raised there is raised here, and any
    other exception becomes one ("could not be read: damaged or unsupported"). Falls back to a
    direct call where fork is unavailable."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return run_in_process(filename, function, *args)
    if threading.current_thread() is threading.main_thread():
        status, payload = _in_a_fork(filename, timeout_s, function, args)
    else:
        status, payload = _from_the_reader_server(filename, timeout_s, function, args)
    if status == "ok":
        return payload
    if status == "ingest-error":
        raise payload
    summary, details = payload
    raise unreadable(filename, summary, details)


def _in_a_fork(filename: str, timeout_s: float, function: Callable[..., Any], args: tuple) -> tuple[str, Any]:
    """From the main thread (the CLI, a batch): a fork of this process, which starts at once with
    everything loaded."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, function, args), daemon=True)
    child.start()
    sender.close()
    try:
        return _await_result(receiver, filename, timeout_s)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)


def _from_the_reader_server(
    filename: str, timeout_s: float, function: Callable[..., Any], args: tuple
) -> tuple[str, Any]:
    """From any other thread (the dashboard's uploads, the API's requests): a fork of the reader
    server, as a fork of this process could inherit a lock another thread holds (see
    `reader_server`)."""
    receiver, sender = multiprocessing.Pipe(duplex=False)
    try:
        pid = _reader_server.launch(_child, (function, args), sender.fileno())
        # Opened at once, while the child cannot have ended: the signal below reaches this child
        # and no process that might have its number later.
        child = os.pidfd_open(pid)
    except ReaderServerError as exc:
        receiver.close()
        raise UnsafeFileError(filename, f"could not be read: {exc}") from None
    except (pickle.PicklingError, TypeError, AttributeError) as exc:  # what cannot be sent to a child
        receiver.close()
        return "failed", (f"{type(exc).__name__}: {exc}", traceback.format_exc())
    except OSError:  # pidfd_open: the child already ended (it could not start)
        child = None
    finally:
        sender.close()
    try:
        return _await_result(receiver, filename, timeout_s)
    finally:
        receiver.close()
        if child is not None:
            with contextlib.suppress(OSError):  # it had ended
                signal.pidfd_send_signal(child, signal.SIGKILL)
            os.close(child)


def run_in_process(filename: str, function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` here, for a reader that needs no child: an IngestError is raised as it is,
    any other exception becomes one, as in the child."""
    try:
        return function(*args)
    except IngestError:
        raise
    except Exception as exc:
        raise unreadable(filename, exc, traceback.format_exc()) from None


def _await_result(receiver: Any, filename: str, timeout_s: float) -> tuple[str, Any]:
    """The child's result; page reports on the way go to the listener and restart the clock."""
    listener = _listener.get()
    while True:
        if not receiver.poll(timeout_s):
            raise ParseTimeoutError(
                filename,
                f"reading took longer than {timeout_s:g} s and was stopped: the file "
                "may be damaged; raise NERPIPE_PARSE_TIMEOUT_S to allow more time",
            )
        try:
            status, payload = receiver.recv()
        except EOFError:
            raise UnsafeFileError(
                filename,
                "the reader ran out of memory or crashed on this file: it may be damaged or built to exhaust memory",
            ) from None
        if status != "page":
            return status, payload
        if listener is not None:
            listener(*payload)


def unreadable(filename: str, reason: BaseException | str, details: str) -> CorruptFileError:
    """The per-file error for a reader that failed in a way it did not foresee. The traceback is
    logged for developers (shown with --verbose), the user sees one line."""
    if isinstance(reason, BaseException):
        reason = f"{type(reason).__name__}: {reason}"
    reason = " ".join(str(reason).split())
    if len(reason) > MAX_REASON_CHARS:
        reason = reason[: MAX_REASON_CHARS - 1] + "…"
    log.info("reader failed on %s:\n%s", filename, details)
    return CorruptFileError(filename, f"could not be read: damaged or unsupported ({reason})")


def _address_space_bytes() -> int:
    """This process's virtual size now (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm") as stats:
            return int(stats.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _child(sender: Any, function: Callable[..., Any], args: tuple) -> None:
    global _to_parent
    _to_parent = sender
    # Readers count on RecursionError to refuse what nests too deep (MIME parts); a parent that
    # raised the limit (test tools do) would let them run into the C stack and crash instead.
    sys.setrecursionlimit(READER_RECURSION_LIMIT)
    cap = _address_space_bytes() + MEMORY_LIMIT_BYTES
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit already applies
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    _silence_stdout()
    try:
        result = ("ok", _on_a_large_stack(function, args))
    except IngestError as exc:
        # Sent without its traceback and chained errors: only its message is needed, and a
        # library that makes tracebacks picklable (tblib, which Dask installs) would otherwise
        # pickle a 1,000-frame chain here and fail.
        exc.__traceback__, exc.__context__, exc.__cause__ = None, None, None
        result = ("ingest-error", exc)
    except MemoryError:
        result = (
            "ingest-error",
            UnsafeFileError(
                str(args[1]) if len(args) > 1 else "file",
                "reading it needs more memory than allowed: the file may be built to exhaust memory",
            ),
        )
    except BaseException as exc:  # anything else a reader let through: one failed file, not a stopped batch
        result = ("failed", (f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    try:
        try:
            sender.send(result)
        except Exception as exc:  # a result that cannot be sent: the file's failure, not a lost child
            sender.send(("failed", (f"{type(exc).__name__}: {exc}", traceback.format_exc())))
    finally:
        sender.close()


def _on_a_large_stack(function: Callable[..., T], args: tuple) -> T:
    """`function(*args)` on a thread of its own with READER_STACK_BYTES of stack: the child is a
    copy of whichever thread forked it (a server's or a test runner's thread can have a small
    stack), and a deep but legal file must meet Python's recursion limit, not the end of the C
    stack."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # raised again below, on the child's own thread
            outcome["error"] = exc

    previous = threading.stack_size(READER_STACK_BYTES)
    try:
        reader = threading.Thread(target=run, name="reader")
        reader.start()
        reader.join()
    finally:
        threading.stack_size(previous)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _silence_stdout() -> None:
    """Parsers that print (odfpy prints a whole XML part it cannot parse) print into nothing."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the child
