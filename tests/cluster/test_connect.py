"""Cluster addresses and the one-line errors of a cluster that cannot be used (no cluster started)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from nerpipe.cli import app
from nerpipe.cluster import ClusterError, connect, open_cluster
from nerpipe.cluster.connect import local_workers


def test_local_addresses():
    assert local_workers("local:2") == 2
    assert local_workers("tcp://10.0.0.5:8786") is None
    for wrong in ("local:0", "local:two", "local:", "local:65"):
        with pytest.raises(ClusterError, match="write local:N with N from 1 to 64"):
            local_workers(wrong)


def test_an_address_that_is_not_a_scheduler_is_named():
    with pytest.raises(ClusterError, match="nonsense://x is not a scheduler address"), open_cluster("nonsense://x"):
        pass


@pytest.fixture
def case_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("NERPIPE_DATABASE_URL", raising=False)
    monkeypatch.setenv("NERPIPE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "a.txt").write_text("Maria Lopez met the Latin Kings in Denver.")
    return folder


def test_an_unreachable_scheduler_is_one_line_without_a_traceback(case_folder, monkeypatch):
    monkeypatch.setattr(connect, "CONNECT_TIMEOUT_S", 1)
    monkeypatch.setenv("NERPIPE_CLUSTER", "tcp://127.0.0.1:9")
    result = CliRunner().invoke(app, ["ingest", str(case_folder), "--case", "C", "--create"])
    assert result.exit_code == 1
    assert "nerpipe: cannot reach a Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert "dask scheduler" in result.output and "Traceback" not in result.output


def test_workers_and_a_cluster_are_not_given_together(case_folder):
    result = CliRunner().invoke(
        app, ["ingest", str(case_folder), "--case", "C", "--create", "--workers", "2", "--cluster", "local:2"]
    )
    assert result.exit_code == 2
    assert "use --cluster local:N" in " ".join(result.output.replace("│", " ").split())
