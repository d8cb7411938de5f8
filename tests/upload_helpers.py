"""What the upload tests share: a long text, and extraction of it paused after its first batch so a
test can look at an upload in the middle of a file (and cancel it there)."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from nerpipe import batch
from nerpipe.store import Store
from nerpipe.store.schema import mentions

SENTENCE = "Carlos Mendez sold fentanyl to the Latin Kings in Denver. "
#: 6,960 characters, extracted in batches of 1,000 by `pause_long_text`.
LONG = (SENTENCE * 120).encode()
FILES = [
    ("first.txt", b"The Crips sold heroin in Compton."),
    ("long.txt", LONG),
    ("last.txt", b"MS-13 met the Sinaloa Cartel."),
]
TIMEOUT_S = 120


def pause_long_text(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """(reached, go): the text holding "Denver" is extracted 1,000 characters a batch, and stops
    after its first batch until `go` is set; `reached` says it got there. Other texts go through
    as usual."""
    reached, go = threading.Event(), threading.Event()
    real = batch.extract_documents

    def pausing(nlp, parts, *, on_progress=None, **options):
        if on_progress is None or not any("Denver" in part.text for part in parts):
            return real(nlp, parts, on_progress=on_progress, **options)

        def after_each_batch(characters: int) -> None:
            on_progress(characters)
            if not reached.is_set():
                reached.set()
                assert go.wait(TIMEOUT_S)

        return real(nlp, parts, on_progress=after_each_batch, **{**options, "chunk_chars": 1_000, "batch_size": 1})

    monkeypatch.setattr(batch, "extract_documents", pausing)
    return reached, go


def stored_mentions(store: Store) -> int:
    """Every mention row in the store, whichever document it belongs to (or none)."""
    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(mentions)).scalar()
