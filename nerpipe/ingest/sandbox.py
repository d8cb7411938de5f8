"""Run a reader in a child process with a time limit and a memory cap.

Parsers of untrusted files can hang (a PDF page that never finishes), balloon (a decompression
bomb) or fail in ways no reader foresaw (a library's own error on a damaged file). A thread cannot
be stopped; a forked child can be killed, and whatever goes wrong in it becomes an `IngestError`
for that one file, so the batch goes on. The child's standard output goes nowhere: some parsers
print what they fail on, which must not end up in `nerpipe extract`'s output.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import resource
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from nerpipe.errors import CorruptFileError, IngestError, ParseTimeoutError, UnsafeFileError

T = TypeVar("T")
log = logging.getLogger(__name__)

#: Address-space cap for a reader process (bytes): generous for a real 100 MB file.
MEMORY_LIMIT_BYTES = 6 * 1024**3
#: The longest library message quoted to the user (tracebacks go to the log).
MAX_REASON_CHARS = 200


def run_isolated(filename: str, timeout_s: float, function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` in a forked child; an IngestError raised there is raised here, and any
    other exception becomes one ("could not be read: damaged or unsupported"). Falls back to a
    direct call where fork is unavailable."""
    if "fork" not in multiprocessing.get_all_start_methods():
        try:
            return function(*args)
        except IngestError:
            raise
        except Exception as exc:
            raise unreadable(filename, exc, traceback.format_exc()) from None
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, function, args), daemon=True)
    child.start()
    sender.close()
    try:
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
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if status == "ok":
        return payload
    if status == "ingest-error":
        raise payload
    summary, details = payload
    raise unreadable(filename, summary, details)


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


def _child(sender: Any, function: Callable[..., Any], args: tuple) -> None:
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit already applies
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    _silence_stdout()
    try:
        result = ("ok", function(*args))
    except IngestError as exc:
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
        sender.send(result)
    finally:
        sender.close()


def _silence_stdout() -> None:
    """Parsers that print (odfpy prints a whole XML part it cannot parse) print into nothing."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the child
