"""Progress bars on stderr for long work; silent when stderr is not a terminal (pipes, CI).

OCR is the slow part of reading a scan (a second or more a page), so both bars also say which
page of which file is being read: the sandboxed readers report each page (ingest.sandbox).
"""

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

from nerpipe.batch import EXTRACTING, READING, STORING, FileProgress
from nerpipe.ingest.sandbox import page_progress
from nerpipe.terminal import printable


def page_text(filename: str, page: int, pages: int) -> str:
    """What a bar says while a scan is read: "scan.pdf: OCR page 3 of 50"."""
    return printable(f"{_short(filename)}: OCR page {page:,} of {pages:,}")


def step_text(progress: FileProgress) -> str:
    """What a bar says about the file in hand, so a long one is seen to move:
    "big.txt: 1,200,000 of 30,000,000 characters extracted (4%)"."""
    name = _short(progress.name)
    if progress.step == READING:
        return page_text(name, progress.done, progress.total) if progress.total else printable(f"{name}: reading")
    if progress.step == EXTRACTING and progress.total:
        share = progress.done / progress.total
        return printable(f"{name}: {progress.done:,} of {progress.total:,} characters extracted ({share:.0%})")
    if progress.step == STORING:
        return printable(f"{name}: storing its entities")
    return printable(f"{name}: {progress.step}")


def _short(filename: str) -> str:
    short = filename.rsplit("/", 1)[-1]
    return short if len(short) <= 40 else short[:39] + "…"


@contextmanager
def reading_progress(description: str = "reading") -> Iterator[None]:
    """While files are read one by one (nerpipe extract, graph): the page OCR is on, if any."""
    with Progress(
        TextColumn(description),
        TextColumn("{task.fields[page]}"),
        console=Console(stderr=True),
        transient=True,
        disable=not sys.stderr.isatty(),
    ) as progress:
        task = progress.add_task(description, total=None, page="")
        with page_progress(lambda *report: progress.update(task, page=page_text(*report))):
            yield


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
def file_progress(
    total: int, description: str = "ingesting"
) -> Iterator[tuple[Callable[[str], None], Console, Callable[[FileProgress], None]]]:
    """A bar counting files, with a free-text rate column and where the file in hand stands (OCR
    page, characters extracted); yields (advance(rate_text), console, on_progress)."""
    console = Console(stderr=True)
    with Progress(
        TextColumn(description),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[page]}"),
        console=console,
        transient=True,
        disable=not sys.stderr.isatty(),
    ) as progress:
        task = progress.add_task(description, total=max(total, 1), rate="", page="")
        with page_progress(lambda *report: progress.update(task, page=page_text(*report))):
            yield (
                (lambda rate: progress.update(task, advance=1, rate=rate, page="")),
                progress.console,
                lambda step: progress.update(task, page=step_text(step)),
            )
