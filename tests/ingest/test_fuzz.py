"""A few hundred byte-level mutants of each format, each read by the readers themselves in a child
with a time and memory cap: every outcome is a Document or a clean IngestError, never a library's
exception, a hang or a memory blow-up. `make fuzz` runs thousands (counts in the README)."""

from __future__ import annotations

import pytest

from tests.ingest import fuzzing
from tests.ingest.conftest import REAL_WORLD

MUTANTS = 200
SEEDS = fuzzing.all_seeds()
FORMATS = [".doc", ".docx", ".eml", ".html", ".msg", ".odt", ".pdf", ".rtf", ".txt"]

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("suffix", FORMATS)
def test_mutants_are_documents_or_clean_errors(settings, suffix):
    if suffix not in SEEDS:
        pytest.skip(f"no {suffix} file to mutate: nerpipe cannot write one and {REAL_WORLD} is absent")
    counts, failures = fuzzing.fuzz_format(suffix, SEEDS[suffix], MUTANTS, settings, seed=1)
    assert failures == [], counts
    assert counts[fuzzing.DOCUMENT] + counts[fuzzing.REFUSED] == MUTANTS
