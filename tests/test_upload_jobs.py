"""Uploads on a thread of their own: each file's outcome as it ends, progress within a long file,
and a cancel that leaves the store with whole files only."""

from __future__ import annotations

import pytest

from nerpipe.batch import ADDED, CANCELLED, EXTRACTING, FAILED
from nerpipe.store import Store
from nerpipe.upload_jobs import CANCELLED_JOB, FINISHED, STOPPED, WAITING, UploadJobs, UploadRunningError
from tests.upload_helpers import FILES, LONG, TIMEOUT_S, pause_long_text, stored_mentions


@pytest.fixture
def store(tmp_path):
    opened = Store.open(f"sqlite:///{tmp_path / 'nerpipe.db'}")
    opened.create_case("C")
    yield opened
    opened.close()


@pytest.fixture
def paused(monkeypatch):
    return pause_long_text(monkeypatch)


def test_each_outcome_and_the_progress_within_a_file_show_while_the_upload_runs(store, settings, pipeline, paused):
    reached, go = paused
    job = UploadJobs().start("", "C", store, FILES, settings, pipeline)
    assert reached.wait(TIMEOUT_S)
    state = job.state()
    assert state.running
    assert [(o.name, o.status) for o in state.outcomes] == [("first.txt", ADDED)], "first file not reported yet"
    assert state.current.name == "long.txt" and state.current.step == EXTRACTING
    assert 0 < state.current.done < state.current.total == len(LONG)
    assert 1 / 3 < state.fraction < 2 / 3
    go.set()
    assert job.wait(TIMEOUT_S)
    state = job.state()
    assert state.step == FINISHED and state.current is None and state.fraction == 1.0
    assert [(o.name, o.status) for o in state.outcomes] == [(name, ADDED) for name, _ in FILES]
    assert sorted(d.filename for d in store.list_documents("C")) == ["first.txt", "last.txt", "long.txt"]


def test_cancel_mid_file_stores_no_part_of_it_and_keeps_the_files_before(store, settings, pipeline, paused):
    reached, go = paused
    job = UploadJobs().start("", "C", store, FILES, settings, pipeline)
    assert reached.wait(TIMEOUT_S)
    before = stored_mentions(store)
    job.cancel()
    assert job.state().cancelling
    go.set()
    assert job.wait(TIMEOUT_S)
    state = job.state()
    assert state.step == CANCELLED_JOB
    assert [(o.name, o.status) for o in state.outcomes] == [
        ("first.txt", ADDED),
        ("long.txt", CANCELLED),
        ("last.txt", CANCELLED),
    ]
    assert "cancelled" in state.outcomes[1].reason
    assert [d.filename for d in store.list_documents("C")] == ["first.txt"]
    assert stored_mentions(store) == before == state.outcomes[0].mentions > 0


def test_a_second_upload_into_the_case_is_refused_while_the_first_runs(store, settings, pipeline, paused):
    reached, go = paused
    uploads = UploadJobs()
    job = uploads.start("ana", "C", store, [("long.txt", LONG)], settings, pipeline)
    assert reached.wait(TIMEOUT_S)
    with pytest.raises(UploadRunningError, match="An upload into C is still running"):
        uploads.start("ana", "C", store, [("other.txt", b"Bob met Alice.")], settings, pipeline)
    assert uploads.get("ben", "C") is None, "another user's upload is not Ana's"
    uploads.clear("ana", "C")
    assert uploads.get("ana", "C") is job, "a running job cannot be cleared"
    go.set()
    assert job.wait(TIMEOUT_S)
    again = uploads.start("ana", "C", store, [("other.txt", b"Bob met Alice.")], settings, pipeline)
    assert again.wait(TIMEOUT_S) and uploads.get("ana", "C") is again
    uploads.clear("ana", "C")
    assert uploads.get("ana", "C") is None


def test_an_upload_that_cannot_go_on_says_why_for_every_file(store, settings, pipeline):
    job = UploadJobs().start("", "No such case", store, FILES, settings, pipeline)
    assert job.wait(TIMEOUT_S)
    state = job.state()
    assert state.step == STOPPED and "No such case" in state.error
    assert [(o.name, o.status) for o in state.outcomes] == [(name, FAILED) for name, _ in FILES]
    assert all(o.reason == f"not added: {state.error}" for o in state.outcomes)


def test_uploads_take_turns_and_one_waiting_can_be_cancelled(store, settings, pipeline, paused):
    """One upload at a time on the server's pipeline: the second waits, says so, and can be
    cancelled while it waits (none of its files stored)."""
    reached, go = paused
    uploads = UploadJobs()
    first = uploads.start("ana", "C", store, [("long.txt", LONG)], settings, pipeline)
    assert reached.wait(TIMEOUT_S)
    second = uploads.start("ben", "C", store, [("other.txt", b"Bob met Alice in Denver.")], settings, pipeline)
    assert not second.wait(0.5)
    assert second.state().step == WAITING and second.state().running
    second.cancel()
    assert second.wait(TIMEOUT_S)
    assert [(o.name, o.status) for o in second.state().outcomes] == [("other.txt", CANCELLED)]
    assert second.state().step == CANCELLED_JOB
    go.set()
    assert first.wait(TIMEOUT_S) and first.state().step == FINISHED
    assert [d.filename for d in store.list_documents("C")] == ["long.txt"]


def test_one_person_has_at_most_two_uploads_running_over_all_cases(store, settings, pipeline, paused):
    reached, go = paused
    for case in ("D", "E"):
        store.create_case(case)
    uploads = UploadJobs()
    first = uploads.start("ana", "C", store, [("long.txt", LONG)], settings, pipeline)
    assert reached.wait(TIMEOUT_S)
    second = uploads.start("ana", "D", store, [("other.txt", b"Bob met Alice.")], settings, pipeline)
    with pytest.raises(UploadRunningError, match="You have 2 uploads running \\(into C, D\\)"):
        uploads.start("ana", "E", store, [("more.txt", b"Carl met Dana.")], settings, pipeline)
    others = uploads.start("ben", "E", store, [("more.txt", b"Carl met Dana.")], settings, pipeline)
    go.set()
    assert all(job.wait(TIMEOUT_S) for job in (first, second, others))
    assert uploads.start("ana", "E", store, [("late.txt", b"Eve met Fay.")], settings, pipeline).wait(TIMEOUT_S)
