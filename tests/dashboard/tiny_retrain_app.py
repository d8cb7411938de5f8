"""The dashboard with a tiny retrain, for the browser test: 10 training steps and no check on the
shared real text, so that a retrain from a small case ends in well under a minute (the real one
trains 300 steps and scores the shared real text). Everything else is dashboard/app.py itself."""

from __future__ import annotations

import runpy
from pathlib import Path

import nerpipe.training.from_case as from_case

from_case.CASE_MAX_STEPS = 10
from_case.REAL_DEV = Path(__file__).with_name("no-real-dev.jsonl")  # absent: not checked
runpy.run_path(str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py"), run_name="__main__")
