"""How common English words are, for the drug spelling model: a word common in English is never a new
drug name, and every English word is a counter-example when it learns how drug names are spelled.

The frequencies come from the spacy-lookups-data package (its English lexeme probabilities), read at
training time; the fitted spelling model keeps the common words it needs, so a trained model needs
nothing else when it runs.
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable

#: How rare a word missing from the tables is (log probability; the tables' rarest words are about -20).
UNSEEN_LOG_PROB = -21
#: Rarer words are left out: the table's long tail holds misspellings and, unlisted, drug names too,
#: which would teach the spelling model that they are English.
MIN_LOG_PROB = -17


@dataclass(frozen=True, slots=True)
class WordClasses:
    """Lower-cased word → whole-number log probability (the most common casing of the word)."""

    log_probs: dict[str, int] = field(default_factory=dict)

    def log_prob(self, word: str) -> int:
        return self.log_probs.get(word.lower(), UNSEEN_LOG_PROB)

    def __len__(self) -> int:
        return len(self.log_probs)


def english_word_classes() -> WordClasses:
    """The English frequency table of spacy-lookups-data, lower-cased; empty when the package is not
    installed (training then makes no drug spelling model, and says so)."""
    try:
        table = importlib.resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
        log_probs = _read_table(table)
    except (ModuleNotFoundError, FileNotFoundError):
        return WordClasses()
    top: dict[str, float] = {}
    for word, probability in log_probs.items():
        lower = word.lower()
        top[lower] = max(probability, top.get(lower, probability))
    return WordClasses({word: int(p) for word, p in top.items() if p >= MIN_LOG_PROB})


def _read_table(path: Traversable) -> dict:
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return json.load(text)
