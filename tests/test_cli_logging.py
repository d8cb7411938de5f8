"""The command line's log: an event loop's own callback errors (Dask's client loop, interrupted at the
wrong moment, logged a NameError from inside distributed with its traceback after 'nerpipe: interrupted')
are not shown unless --verbose asks for everything."""

from __future__ import annotations

import subprocess
import sys

import pytest

SCRIPT = """
import asyncio, sys
from nerpipe.cli.common import configure_logging
configure_logging(sys.argv[1] == "verbose")

def broken():
    raise NameError("cannot access free variable 'future'")

async def main():
    asyncio.get_running_loop().call_soon(broken)
    await asyncio.sleep(0.05)

asyncio.run(main())
"""


@pytest.mark.parametrize("verbose", [False, True])
def test_an_event_loops_callback_error_is_shown_only_when_verbose(verbose):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "verbose" if verbose else "quiet"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert ("Traceback" in done.stderr) is verbose, done.stderr
