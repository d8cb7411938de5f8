"""Run a reader in a child process with a time limit and a memory cap.

Parsers of untrusted files can hang (a PDF page that never finishes) or balloon (a decompression
bomb). A thread cannot be stopped; a forked child can be killed, and the batch goes on.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import resource
from collections.abc import Callable
from typing import Any, TypeVar

from nerpipe.errors import IngestError, ParseTimeoutError, UnsafeFileError

T = TypeVar("T")

#: Address-space cap for a reader process (bytes): generous for a real 100 MB file.
MEMORY_LIMIT_BYTES = 6 * 1024**3


def run_isolated(filename: str, timeout_s: float, function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` in a forked child; an IngestError raised there is raised here.
    Falls back to a direct call where fork is unavailable."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return function(*args)
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
    raise RuntimeError(f"reader failed on {filename}: {payload}")


def _child(sender: Any, function: Callable[..., Any], args: tuple) -> None:
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit already applies
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
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
    except BaseException as exc:  # a bug in a reader: report it to the parent as one
        result = ("bug", f"{type(exc).__name__}: {exc}")
    try:
        sender.send(result)
    finally:
        sender.close()
