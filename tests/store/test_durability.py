"""Kill -9 in the middle of a batch, resume, and two writers at once (SQLite, the default store)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nerpipe.store import Store

STORY = (
    "On {day} March 2026 officers watched {name} hand fentanyl to a member of the Latin Kings in {city}. "
    "{name} was later seen with the Sinaloa Cartel courier Luis Ortega.\n\n"
    "The DEA field office in {city} opened file {n}. Witness statements mention heroin and a Glock 19.\n"
)
NAMES = ["Maria Lopez", "Carlos Mendez", "Juan Perez", "Ana Ruiz", "Pedro Alvarez", "Rosa Diaz"]
CITIES = ["Tijuana", "San Diego", "El Paso", "Phoenix", "Denver"]

pytestmark = pytest.mark.slow


def write_case_files(folder: Path, count: int, offset: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(offset, offset + count):
        body = "".join(
            STORY.format(
                day=1 + (i + k) % 28,
                name=NAMES[(i + k) % len(NAMES)],
                city=CITIES[(i + 2 * k) % len(CITIES)],
                n=f"{i}-{k}",
            )
            for k in range(6)
        )
        (folder / f"report_{i:03d}.txt").write_text(body)


def nerpipe(*args: str, data_dir: Path, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "NERPIPE_DATA_DIR": str(data_dir), "NERPIPE_MODELS_DIR": str(data_dir / "no-models")}
    env.pop("NERPIPE_DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "nerpipe", *args],
        env=env,
        cwd=data_dir.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def documents(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def mention_set(db: Path) -> set[tuple]:
    with sqlite3.connect(db) as connection:
        return set(
            connection.execute(
                'SELECT d.sha256, m.start, m."end", m.label FROM mentions m JOIN documents d ON d.id = m.document_id'
            )
        )


def run_to_end(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    process = nerpipe(*args, data_dir=data_dir)
    out, err = process.communicate(timeout=600)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_kill_mid_batch_leaves_whole_documents_and_the_rerun_resumes(tmp_path):
    FILES = 24
    files = tmp_path / "files"
    write_case_files(files, FILES)
    killed_dir, clean_dir = tmp_path / "killed" / "data", tmp_path / "clean" / "data"
    for data_dir in (killed_dir, clean_dir):
        data_dir.mkdir(parents=True)
        assert run_to_end("case", "create", "K", data_dir=data_dir).returncode == 0
    db = killed_dir / "nerpipe.db"

    batch = nerpipe("ingest", str(files), "--case", "K", data_dir=killed_dir)
    deadline = time.monotonic() + 300
    while documents(db) < 5 and time.monotonic() < deadline and batch.poll() is None:
        time.sleep(0.05)
    assert batch.poll() is None, "the batch finished before it could be interrupted"
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait()
    stored = documents(db)
    assert 5 <= stored < FILES

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        lacking = connection.execute(
            "SELECT d.filename FROM documents d LEFT JOIN mentions m ON m.document_id = d.id "
            "GROUP BY d.id HAVING count(m.id) != d.mention_count OR d.mention_count = 0"
        ).fetchall()
    assert lacking == []

    resumed = run_to_end("ingest", str(files), "--case", "K", data_dir=killed_dir)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{FILES - stored} file(s) added" in resumed.stderr and f"{stored} already in the case" in resumed.stderr
    clean = run_to_end("ingest", str(files), "--case", "K", data_dir=clean_dir)
    assert clean.returncode == 0, clean.stderr
    assert documents(db) == documents(clean_dir / "nerpipe.db") == FILES
    assert mention_set(db) == mention_set(clean_dir / "nerpipe.db")


def test_two_writers_on_one_case_at_the_same_time(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    write_case_files(tmp_path / "first", 12)
    write_case_files(tmp_path / "second", 12, offset=100)
    assert run_to_end("case", "create", "Shared", data_dir=data_dir).returncode == 0
    writers = [
        nerpipe("ingest", str(tmp_path / folder), "--case", "Shared", data_dir=data_dir)
        for folder in ("first", "second")
    ]
    # Meanwhile the dashboard (this process, through the same Store API) records analyst decisions.
    store = Store.open(f"sqlite:///{data_dir / 'nerpipe.db'}")
    for i in range(20):
        store.merge_entities("Shared", f"PERSON:person {i}", [f"PERSON:alias {i}"])
        time.sleep(0.05)
    results = [w.communicate(timeout=600) for w in writers]
    assert len(store.list_merges("Shared")) == 20
    store.close()
    assert [w.returncode for w in writers] == [0, 0], results
    assert documents(data_dir / "nerpipe.db") == 24


def test_two_ingests_of_the_same_files_into_one_case_both_finish(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    write_case_files(tmp_path / "files", 40)
    assert run_to_end("case", "create", "C", data_dir=data_dir).returncode == 0
    # Both find every file missing, then store the same files in the same order at about the same
    # moment: whichever stores a file second hears that it is already in the case.
    writers = [nerpipe("ingest", str(tmp_path / "files"), "--case", "C", data_dir=data_dir) for _ in range(2)]
    results = [w.communicate(timeout=600) for w in writers]
    assert [w.returncode for w in writers] == [0, 0], results
    assert documents(data_dir / "nerpipe.db") == 40
    added = []
    for _, stderr in results:
        assert "Traceback" not in stderr and "Error" not in stderr, stderr
        summary = next(line for line in stderr.splitlines() if "file(s) added" in line)
        added.append(int(summary.split(" file(s) added")[0]))
        assert f"; {40 - added[-1]} already in the case; 0 failed" in summary, summary
    assert sum(added) == 40
