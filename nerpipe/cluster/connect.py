"""Reaching a Dask cluster: `local:N` starts N worker processes on this computer, anything else is
the address of a running scheduler (`tcp://host:8786`, or `host:8786`).

Every problem here (an address that does not parse, a scheduler that does not answer, no workers,
workers that cannot start the reader's child process) is a `ClusterError` of one line."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from nerpipe.errors import NerpipeError

LOCAL_PREFIX = "local:"
#: Seconds to wait for a scheduler to answer, and then for its first worker.
CONNECT_TIMEOUT_S = 20
WORKERS_TIMEOUT_S = 60
#: Local worker processes at most (one per core is what helps; more only to test).
MAX_LOCAL_WORKERS = 64
#: The Dask setting that lets a worker process start children (the sandboxed reader).
DAEMON_SETTING = "distributed.worker.daemon"
DAEMON_VARIABLE = "DASK_DISTRIBUTED__WORKER__DAEMON=False"


class ClusterError(NerpipeError):
    """The cluster cannot be used: the message says why and what to do."""


def local_workers(address: str) -> int | None:
    """N for `local:N`, None for a scheduler address."""
    if not address.startswith(LOCAL_PREFIX):
        return None
    count = address.removeprefix(LOCAL_PREFIX).strip()
    if not count.isdigit() or not 1 <= int(count) <= MAX_LOCAL_WORKERS:
        raise ClusterError(
            f"--cluster {address}: write local:N with N from 1 to {MAX_LOCAL_WORKERS} worker processes, "
            "or a scheduler's address such as tcp://10.0.0.5:8786"
        )
    return int(count)


@contextmanager
def open_cluster(address: str, *, connect_timeout_s: float | None = None) -> Iterator[object]:
    """A connected `distributed.Client`, with at least one worker that can run the readers."""
    import dask
    from distributed import Client, LocalCluster

    count = local_workers(address)
    address = address.strip()
    if count is None and not address:
        raise ClusterError("--cluster needs an address: local:N, or a scheduler's such as tcp://10.0.0.5:8786")
    _quiet_dask()
    # Worker processes must not be daemonic: the sandboxed reader forks a child per file.
    with dask.config.set({DAEMON_SETTING: False}):
        if count is not None:
            with (
                _no_port_warning(),
                LocalCluster(
                    n_workers=count,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                ) as cluster,
                Client(cluster) as client,
            ):
                yield client
            return
        client = _connect(Client, address, connect_timeout_s or CONNECT_TIMEOUT_S)
        try:
            _wait_for_workers(client, address)
            _check_workers_can_fork(client)
            yield client
        finally:
            client.close()


@contextmanager
def _no_port_warning() -> Iterator[None]:
    """The scheduler's status page moves to another port when 8787 is taken (another run, another
    cluster): nothing the user needs to hear."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Port .* is already in use", category=UserWarning)
        yield


def _quiet_dask() -> None:
    """Dask's own log lines (workers starting, a worker lost and its tasks moved) only with
    --verbose: the outcome of each file is what the user reads."""
    if logging.getLogger().isEnabledFor(logging.INFO):
        return
    names = [name for name in logging.root.manager.loggerDict if name.startswith("distributed.")]
    for name in ["distributed", *names]:  # Dask's own configuration gives some of them levels
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _connect(client_class, address: str, timeout_s: float):
    try:
        return client_class(address, timeout=timeout_s)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(
            f"cannot reach a Dask scheduler at {address} ({first_line(exc)}): start one with "
            "`dask scheduler` there, or check the address and port (8786 by default)"
        ) from None
    except ValueError as exc:
        raise ClusterError(f"--cluster {address} is not a scheduler address ({first_line(exc)})") from None


def _wait_for_workers(client, address: str) -> None:
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
    except (TimeoutError, OSError):
        raise ClusterError(
            f"the scheduler at {address} has no workers after {WORKERS_TIMEOUT_S} s: start some with "
            f"`{DAEMON_VARIABLE} dask worker {address} --nthreads 1`"
        ) from None


def _check_workers_can_fork(client) -> None:
    from nerpipe.cluster.tasks import is_daemonic

    daemonic = [worker for worker, flag in client.run(is_daemonic).items() if flag]
    if daemonic:
        raise ClusterError(
            f"{len(daemonic)} worker(s) cannot start the file reader's child process: start the workers "
            f"with {DAEMON_VARIABLE} (e.g. `{DAEMON_VARIABLE} dask worker ADDRESS --nthreads 1`)"
        )


def first_line(exc: BaseException) -> str:
    """An exception's message, its first line only (Dask's messages run to several)."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
