"""A batch goes on past a document the pipeline fails on: that file is a failed outcome, the rest
are stored. A long file is followed within, and a cancelled batch stores whole files only."""

from __future__ import annotations

import os
import signal
import threading
from dataclasses import replace

import pytest

from nerpipe import batch
from nerpipe.batch import ADDED, CANCELLED, EXTRACTING, FAILED, READING, STORING, ingest_into_case
from nerpipe.ingest.ocr import unavailable_reason
from nerpipe.store import Store
from tests.ingest.test_ocr import encoded, page_image
from tests.upload_helpers import FILES, LONG, stored_mentions


def test_a_document_the_pipeline_fails_on_fails_alone(tmp_path, settings, pipeline, monkeypatch):
    extract_documents = batch.extract_documents

    def failing_on_one(nlp, parts, **options):
        if any("BOOM" in part.text for part in parts):
            raise ValueError("[E088] Text of length 1000001 exceeds maximum")
        return extract_documents(nlp, parts, **options)

    monkeypatch.setattr(batch, "extract_documents", failing_on_one)
    store = Store.open(f"sqlite:///{tmp_path / 'nerpipe.db'}")
    store.create_case("C")
    jobs = [(f"{i}.txt", text.encode()) for i, text in enumerate(["The Crips sold heroin.", "BOOM", "MS-13 met."])]
    outcomes = ingest_into_case(store, "C", jobs, settings, pipeline=pipeline)
    assert [(o.name, o.status) for o in outcomes] == [("0.txt", ADDED), ("1.txt", FAILED), ("2.txt", ADDED)]
    assert (
        outcomes[1].reason
        == "entities could not be extracted (ValueError: [E088] Text of length 1000001 exceeds maximum)"
    )
    assert sorted(d.filename for d in store.list_documents("C")) == ["0.txt", "2.txt"]
    store.close()


def test_a_worker_killed_mid_batch_fails_only_its_file(tmp_path, settings, monkeypatch):
    """A file that kills the process reading it (as the kernel's out-of-memory killer would) fails
    alone; the files in flight with it are read again and stored, and the batch goes on."""
    extract_file = batch.extract_file

    def killing_on_one(job, pipeline, settings):
        if job.name == "poison.txt":
            os.kill(os.getpid(), signal.SIGKILL)
        return extract_file(job, pipeline, settings)

    monkeypatch.setattr(batch, "extract_file", killing_on_one)  # the workers are forked with it
    store = Store.open(f"sqlite:///{tmp_path / 'nerpipe.db'}")
    store.create_case("C")
    texts = [f"Member {i} of the Latin Kings sold heroin." for i in range(6)]
    jobs = [(f"{i}.txt", text.encode()) for i, text in enumerate(texts)]
    jobs.insert(2, ("poison.txt", b"Anything at all."))
    outcomes = ingest_into_case(store, "C", jobs, settings, workers=2)
    status = {o.name: (o.status, o.reason) for o in outcomes}
    assert status.pop("poison.txt") == (FAILED, batch.WORKER_DIED)
    assert status == {f"{i}.txt": (ADDED, "") for i in range(6)}
    assert sorted(d.filename for d in store.list_documents("C")) == [f"{i}.txt" for i in range(6)]
    store.close()


def test_relation_words_on_a_cases_links_only_when_the_settings_ask_for_them(tmp_path):
    """The case pipeline runs without the dependency parser by default (it halves the speed);
    NERPIPE_RELATIONS=1 adds it, and the stored mentions then give links their verbs."""
    from nerpipe import Settings
    from nerpipe.batch import build_case_pipeline
    from nerpipe.case_chart import case_links

    text = b"Mendez sold fentanyl to the Latin Kings in Chicago."
    store = Store.open(f"sqlite:///{tmp_path / 'nerpipe.db'}")
    words = {}
    for flag in ("0", "1"):
        settings = Settings.from_env(env={"NERPIPE_RELATIONS": flag}, models_dir=tmp_path / "no-models")
        pipeline = build_case_pipeline(settings)
        assert ("parser" in pipeline.info.components) is (flag == "1")
        store.create_case(flag)
        ingest_into_case(store, flag, [("a.txt", text)], settings, pipeline=pipeline)
        linked = case_links(store, flag)
        words[flag] = {
            tuple(sorted((linked.index.entities[e.source].name, linked.index.entities[e.target].name))): e.relations
            for e in linked.edges.values()
        }
    assert words["0"][("Latin Kings", "fentanyl")] == {}
    assert words["1"][("Latin Kings", "fentanyl")] == {"sell": 1}
    assert words["0"].keys() == words["1"].keys()
    store.close()


def test_progress_within_a_long_text_moves_batch_by_batch(tmp_path, settings, pipeline):
    """A long file is followed as its text goes through the pipeline, not only when it ends."""
    store = Store.open(f"sqlite:///{tmp_path / 'nerpipe.db'}")
    store.create_case("C")
    heard = []
    small = replace(settings, chunk_chars=1_000, batch_size=1)
    outcomes = ingest_into_case(store, "C", [("long.txt", LONG)], small, pipeline=pipeline, on_progress=heard.append)
    assert outcomes[0].status == ADDED
    assert {p.name for p in heard} == {"long.txt"}
    assert heard[0].step == READING and heard[-1].step == STORING
    extracted = [p.done for p in heard if p.step == EXTRACTING]
    assert len(extracted) >= 8 and extracted == sorted(extracted)
    assert extracted[0] == 0 and extracted[-1] == len(LONG)
    assert {p.total for p in heard if p.step != READING} == {len(LONG)}
    store.close()


def test_cancelled_mid_file_no_part_of_it_is_stored(tmp_path, settings, pipeline):
    """Cancel while a file is extracted: it and the files after it are cancelled outcomes, none
    of their documents or mentions in the store; the file before stays whole."""
    store = Store.open(f"sqlite:///{tmp_path / 'nerpipe.db'}")
    store.create_case("C")
    cancel = threading.Event()

    def cancel_in_the_long_file(progress) -> None:
        if progress.name == "long.txt" and progress.step == EXTRACTING and progress.done > 0:
            cancel.set()

    small = replace(settings, chunk_chars=1_000, batch_size=1)
    outcomes = ingest_into_case(
        store, "C", FILES, small, pipeline=pipeline, on_progress=cancel_in_the_long_file, cancel=cancel
    )
    assert [(o.name, o.status) for o in outcomes] == [
        ("first.txt", ADDED),
        ("long.txt", CANCELLED),
        ("last.txt", CANCELLED),
    ]
    assert [d.filename for d in store.list_documents("C")] == ["first.txt"]
    assert stored_mentions(store) == outcomes[0].mentions > 0
    store.close()


@pytest.mark.skipif(unavailable_reason("eng") is not None, reason="OCR cannot run here")
def test_cancelled_between_scanned_pages_the_scan_is_not_stored(tmp_path, settings, pipeline):
    """A long scan is followed page by page, and a cancel acts after the page in hand: the reader
    is stopped, the scan not stored."""
    pages = [page_image([f"Page {n}: Carlos Mendez met the Latin Kings."]) for n in range(1, 4)]
    scan = encoded(pages[0], "TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate")
    store = Store.open(f"sqlite:///{tmp_path / 'nerpipe.db'}")
    store.create_case("C")
    cancel = threading.Event()
    heard = []

    def cancel_after_the_first_page(progress) -> None:
        heard.append(progress)
        if progress.step == READING and progress.done == 1:
            cancel.set()

    jobs = [("fax.tiff", scan)]
    outcomes = ingest_into_case(
        store, "C", jobs, settings, pipeline=pipeline, on_progress=cancel_after_the_first_page, cancel=cancel
    )
    assert [(o.name, o.status) for o in outcomes] == [("fax.tiff", CANCELLED)]
    assert [(p.step, p.done, p.total) for p in heard] == [(READING, 0, 0), (READING, 1, 3)]
    assert store.list_documents("C") == [] and stored_mentions(store) == 0
    store.close()
