"""What a large corpus knows about English words, for a model trained on a small one.

nerpipe's annotated data shows "selling cocaine" but not "moving crank"; the context model
(pipeline/context_ner.py) can only carry what it learned over to new words through classes of words:
Brown clusters (words used alike share a bit-path prefix: "selling", "moving", "carrying"), how common
a word is, and its lemma. These come from the spacy-lookups-data package (English tables), are pruned
and saved inside a trained model, so the model needs nothing else when it runs.
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path

#: How rare a word missing from the tables is (log probability; the tables' rarest words are about -20).
UNSEEN_LOG_PROB = -21
#: Words rarer than this and without a cluster are left out of the saved table (they read as unseen).
MIN_LOG_PROB = -17
FILE_NAME = "word_classes.json.gz"


@dataclass(frozen=True, slots=True)
class WordClasses:
    """Lower-cased word → Brown cluster (bit path as an int, 0 when none), whole-number log
    probability, and lemma (the word itself when the table has none)."""

    clusters: dict[str, int] = field(default_factory=dict)
    log_probs: dict[str, int] = field(default_factory=dict)
    lemmas: dict[str, str] = field(default_factory=dict)

    def cluster(self, word: str) -> int:
        return self.clusters.get(word.lower(), 0)

    def log_prob(self, word: str) -> int:
        return self.log_probs.get(word.lower(), UNSEEN_LOG_PROB)

    def lemma(self, word: str) -> str:
        lower = word.lower()
        return self.lemmas.get(lower, lower)

    def __len__(self) -> int:
        return len(self.clusters.keys() | self.log_probs.keys())

    def to_bytes(self) -> bytes:
        payload = {"clusters": self.clusters, "log_probs": self.log_probs, "lemmas": self.lemmas}
        return gzip.compress(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8"), mtime=0)

    @classmethod
    def from_bytes(cls, data: bytes) -> WordClasses:
        payload = json.loads(gzip.decompress(data).decode("utf-8"))
        return cls(payload["clusters"], payload["log_probs"], payload["lemmas"])

    def to_disk(self, path: Path) -> None:
        (path / FILE_NAME).write_bytes(self.to_bytes())

    @classmethod
    def from_disk(cls, path: Path) -> WordClasses:
        """The classes saved by `to_disk`. A missing file is an error: a context model read without
        its word classes would still run, quietly weaker (training always writes the file, empty
        when spacy-lookups-data was missing)."""
        file = path / FILE_NAME
        if not file.is_file():
            raise FileNotFoundError(f"{file} is missing: the model folder is incomplete, train it again")
        return cls.from_bytes(file.read_bytes())


def english_word_classes() -> WordClasses:
    """The English tables of spacy-lookups-data, lower-cased (the most common casing of a word
    gives its cluster) and pruned to words that are common or have a cluster; empty when the package
    is not installed (the context model then learns from the words around a name alone)."""
    try:
        data = importlib.resources.files("spacy_lookups_data") / "data"
        clusters, log_probs, lemmas = (
            _read_table(data / f"en_{name}.json.gz") for name in ("lexeme_cluster", "lexeme_prob", "lemma_lookup")
        )
    except (ModuleNotFoundError, FileNotFoundError):
        return WordClasses()
    top_prob: dict[str, float] = {}
    clustered: dict[str, tuple[float, int]] = {}
    for word, probability in log_probs.items():
        lower = word.lower()
        top_prob[lower] = max(probability, top_prob.get(lower, probability))
        cluster = int(clusters.get(word, 0))
        if cluster and probability > clustered.get(lower, (-999.0, 0))[0]:
            clustered[lower] = (probability, cluster)
    return WordClasses(
        clusters={word: cluster for word, (_, cluster) in clustered.items()},
        log_probs={w: int(p) for w, p in top_prob.items() if p >= MIN_LOG_PROB or w in clustered},
        lemmas={word.lower(): lemma.lower() for word, lemma in lemmas.items() if word.lower() != lemma.lower()},
    )


def _read_table(path: Traversable) -> dict:
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return json.load(text)
