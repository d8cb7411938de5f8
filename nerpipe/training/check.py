"""Is a trained model good enough to be the default? Not if it falls below base + patterns.

`nerpipe train --check FILE` scores the new model and the base pipeline with the current patterns on
FILE (annotated real text, e.g. ../shared/real-dev/real_dev.jsonl), label by label, on the labels FILE
annotates. A model whose precision or F is lower on any of them is saved but marked refused: nerpipe
then does not choose it by default, and the message says by how much it fell short.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nerpipe.config import Settings
from nerpipe.training.convert import clean, read_annotated
from nerpipe.training.evaluate import DEFAULT, PATTERNS, candidates, compare


@dataclass(frozen=True, slots=True)
class Shortfall:
    label: str
    measure: str  # "precision" or "F"
    model: float
    patterns: float

    def describe(self) -> str:
        return f"{self.label} {self.measure} {self.model:.3f} < {self.patterns:.3f} ({self.model - self.patterns:+.3f})"


@dataclass(frozen=True, slots=True)
class CheckResult:
    file: str
    #: label -> {"precision", "f", "patterns_precision", "patterns_f"}
    scores: dict[str, dict[str, float]]
    shortfalls: list[Shortfall] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.shortfalls

    def describe(self) -> str:
        if self.passed:
            figures = ", ".join(
                f"{label} P {s['precision']:.3f} F {s['f']:.3f} (patterns {s['patterns_f']:.3f})"
                for label, s in sorted(self.scores.items())
            )
            return f"check passed on {self.file}: {figures}"
        return f"below base + patterns on {self.file}: " + "; ".join(s.describe() for s in self.shortfalls)

    def as_meta(self) -> dict:
        return {"file": self.file, "passed": self.passed, "scores": self.scores,
                "shortfalls": [s.describe() for s in self.shortfalls]}  # fmt: skip


def check_model(settings: Settings, model: Path, data: Path) -> CheckResult:
    """Compare the model folder `model` with base + patterns on the annotated file `data`."""
    items, _ = clean(read_annotated(data))
    pipelines = candidates(settings, model, names=(PATTERNS, DEFAULT))
    comparison = compare(pipelines, items)
    mine, theirs = comparison.of(DEFAULT), comparison.of(PATTERNS)
    scores: dict[str, dict[str, float]] = {}
    shortfalls = []
    for label, score in sorted(mine.per_label.items()):
        other = theirs.per_label[label]
        scores[label] = {
            "precision": round(score.precision, 4),
            "f": round(score.f, 4),
            "patterns_precision": round(other.precision, 4),
            "patterns_f": round(other.f, 4),
        }
        if round(score.precision, 4) < round(other.precision, 4):
            shortfalls.append(Shortfall(label, "precision", score.precision, other.precision))
        if round(score.f, 4) < round(other.f, 4):
            shortfalls.append(Shortfall(label, "F", score.f, other.f))
    return CheckResult(str(data), scores, shortfalls)
