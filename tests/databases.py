"""The PostgreSQL database the tests may use: NERPIPE_TEST_DATABASE_URL (.ci/run starts a server and
sets it), with one database per test process when `make test` runs two (pytest-xdist names them
gw0, gw1: the databases nerpipe_test_gw0 and nerpipe_test_gw1, which .ci/run creates), as tests
reset the database they use."""

from __future__ import annotations

import os


def postgres_test_url() -> str | None:
    url = os.environ.get("NERPIPE_TEST_DATABASE_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    return f"{url}_{worker}"
