"""Reads a GEXF or GraphML export with graphology (the parsers Gephi Lite uses) through node: networkx reads a
GEXF label into an attribute like any other, so only a Gephi-compatible reader shows what a Gephi user sees."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

JS = Path(__file__).resolve().parents[1] / "js"
READER = JS / "read_graph.mjs"


def read_like_gephi(path: Path, kind: str) -> dict[str, Any]:
    """{"nodes": [{"id", "attributes"}], "edges": [{"source", "target", "attributes"}]} as graphology parsed them."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the Gephi-compatible reader (graphology) runs on node (make install)")
    if not (JS / "node_modules" / "graphology-gexf").is_dir():
        pytest.fail(f"graphology is not installed in {JS}/node_modules: run make install (npm ci --prefix tests/js)")
    done = subprocess.run([node, str(READER), kind, str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
