"""Progress bars on stderr for long work; silent when stderr is not a terminal (pipes, CI)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)


@contextmanager
def char_progress(total: int, description: str) -> Iterator[Callable[[int], None]]:
    """Yield a callback that advances a bar by a number of characters processed."""
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not sys.stderr.isatty(),
    ) as progress:
        task = progress.add_task(description, total=max(total, 1))
        yield lambda n: progress.advance(task, n)


@contextmanager
def file_progress(total: int, description: str = "ingesting") -> Iterator[tuple[Callable[[str], None], Console]]:
    """A bar counting files, with a free-text rate column; yields (advance(rate_text), console)."""
    console = Console(stderr=True)
    with Progress(
        TextColumn(description),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not sys.stderr.isatty(),
    ) as progress:
        task = progress.add_task(description, total=max(total, 1), rate="")
        yield (lambda rate: progress.update(task, advance=1, rate=rate)), progress.console
