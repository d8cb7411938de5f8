"""A few hundred byte-level mutants of each format, each read by the readers themselves in a child
with a time and memory cap: every outcome is a Document or a clean IngestError, never a library's
exception, a hang or a memory blow-up. `make fuzz` runs thousands (counts in the README).

The run happens in a fresh, small Python process: forking a mutant's child from the test process,
which holds the pipelines of the other tests, cost seven times as long."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ingest import fuzzing
from tests.ingest.conftest import REAL_WORLD

MUTANTS = 120
FORMATS = [".doc", ".docx", ".eml", ".html", ".msg", ".odt", ".pdf", ".rtf", ".txt"]
#: Image mutants that still decode are OCR'd (a quarter of a second each): fewer of them here.
IMAGE_MUTANTS = 30
IMAGE_FORMATS = [".bmp", ".jpg", ".png", ".tif", ".webp"]
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fuzz_report(tmp_path_factory) -> dict[str, dict]:
    report: dict[str, dict] = {}
    for count, formats in ((MUTANTS, FORMATS), (IMAGE_MUTANTS, IMAGE_FORMATS)):
        out = tmp_path_factory.mktemp("fuzz") / "report.json"
        command = [sys.executable, "-m", "tests.ingest.fuzzing", "--mutants", str(count), "--seed", "1"]
        command += ["--formats", *formats, "--json", str(out)]
        subprocess.run(command, cwd=ROOT, capture_output=True, timeout=1200, check=False)
        report.update(json.loads(out.read_text()))
    return report


@pytest.mark.parametrize("suffix", FORMATS + IMAGE_FORMATS)
def test_mutants_are_documents_or_clean_errors(fuzz_report, suffix):
    if suffix not in fuzz_report:
        pytest.skip(f"no {suffix} file to mutate: nerpipe cannot write one and {REAL_WORLD} is absent")
    counts, failures = fuzz_report[suffix]["counts"], fuzz_report[suffix]["failures"]
    assert failures == [], counts
    expected = IMAGE_MUTANTS if suffix in IMAGE_FORMATS else MUTANTS
    assert counts.get(fuzzing.DOCUMENT, 0) + counts.get(fuzzing.REFUSED, 0) == expected
