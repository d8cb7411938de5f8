"""Progress bars on stderr for long work; silent when stderr is not a terminal (pipes, CI)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn


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
