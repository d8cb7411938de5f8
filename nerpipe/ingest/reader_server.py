"""A process that runs no threads and forks reader children for the threads of a server.

A fork copies only the thread that called it, with every lock as it stood at that instant: a lock
another thread held (an import half done, a library's own lock) stays held in the child for ever,
and a reader that needs it waits until its time limit. The dashboard's uploads and the API's
requests read files from threads of a busy server, so their readers are forked from here instead:
a plain process started once (fork and exec, which is safe from any thread), holding the readers'
modules already imported, whose only work is to fork a child per request.

`launch` sends the function and its arguments (pickled) and the write end of the child's result
pipe (as a file descriptor over a Unix socket); the server forks, answers with the child's pid, and
the child runs the function. The server reaps its children; it ends when its parent closes the
socket, whichever way the parent ends.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import socket
import struct
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing import reduction
from multiprocessing.connection import Connection
from typing import Any

#: Modules the server imports once at start, so that no child imports them again.
PRELOAD = ("nerpipe.ingest",)
_HEADER = struct.Struct("!Q")
_PID = struct.Struct("!q")


class ReaderServerError(OSError):
    """The server could not be started or stopped answering (it is started anew next time)."""


class ReaderServer:
    """The parent's side: starts the server on first use, and again if it has died."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._socket: socket.socket | None = None

    def launch(self, target: Callable[..., Any], args: tuple, result_fd: int) -> int:
        """Fork `target(Connection(result_fd), *args)` from the server; the child's pid. The
        caller closes its own copy of `result_fd` afterwards."""
        payload = pickle.dumps((target, args), protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            for attempt in range(2):
                connection = self._running()
                try:
                    connection.sendall(_HEADER.pack(len(payload)))
                    connection.sendall(payload)
                    reduction.sendfds(connection, [result_fd])
                    answer = _receive_exactly(connection, _PID.size)
                except OSError:
                    answer = b""
                if len(answer) == _PID.size:
                    return _PID.unpack(answer)[0]
                self._stop()
                if attempt:
                    raise ReaderServerError("the reader process stopped answering")
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            self._stop()

    def forget(self) -> None:
        """In a forked child: the parent's server is the parent's (its lock may have been held by a
        thread that the child does not have); the child starts its own if it ever needs one."""
        self._lock = threading.Lock()
        self._process = None
        if self._socket is not None:
            self._socket.close()  # the child's copy only: the parent's stays open
            self._socket = None

    def _running(self) -> socket.socket:
        if self._socket is not None and self._process is not None and self._process.poll() is None:
            return self._socket
        self._stop()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        environment = dict(os.environ)
        # The server imports what the parent can: the functions it runs are named by module.
        environment["PYTHONPATH"] = os.pathsep.join(path or os.getcwd() for path in sys.path)
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-c", f"from {__name__} import main; main()", str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=environment,
            )
        except OSError as exc:
            ours.close()
            raise ReaderServerError(f"the reader process could not be started ({exc})") from exc
        finally:
            theirs.close()
        self._socket = ours
        return ours

    def _stop(self) -> None:
        if self._socket is not None:
            self._socket.close()  # the server sees the end of its input and exits
            self._socket = None
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(1)
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait()
            self._process = None


def _receive_exactly(connection: socket.socket, size: int) -> bytes:
    """`size` bytes, or fewer when the other end closed first."""
    chunks, received = [], 0
    while received < size:
        chunk = connection.recv(min(size - received, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        received += len(chunk)
    return b"".join(chunks)


def serve(connection: socket.socket) -> None:
    """The server's loop: one child per request, until the parent closes the socket."""
    # Children are reaped by the system; each child puts the default back before it runs, as
    # readers wait for programs they start (antiword) and need their exit status.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    while True:
        header = _receive_exactly(connection, _HEADER.size)
        if len(header) < _HEADER.size:
            return
        payload = _receive_exactly(connection, _HEADER.unpack(header)[0])
        try:
            (result_fd,) = reduction.recvfds(connection, 1)
        except (OSError, RuntimeError, EOFError):
            return
        pid = os.fork()
        if pid == 0:
            _run_child(connection, payload, result_fd)
        os.close(result_fd)
        del payload
        connection.sendall(_PID.pack(pid))


def _run_child(connection: socket.socket, payload: bytes, result_fd: int) -> None:
    """In the forked child: run the request, never return to the server's loop."""
    status = 1
    try:
        connection.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        sender = Connection(result_fd, readable=False)
        try:
            target, args = pickle.loads(payload)
        except Exception as exc:  # a function this process cannot import: the file's failure
            sender.send(("failed", (f"{type(exc).__name__}: {exc}", traceback.format_exc())))
        else:
            del payload
            target(sender, *args)
        status = 0
    finally:
        os._exit(status)


def main() -> None:
    connection = socket.socket(fileno=int(sys.argv[1]))
    for module in PRELOAD:
        __import__(module)
    serve(connection)
