"""Ordinary English prose that ships with Python itself (the pydoc topic pages and the standard
library's docstrings): rehearsal text for training and text for the speed benchmarks, offline, with
nothing downloaded and nothing copied into the repository.

Why training needs it: the annotated examples are case-file templates, where a lowercase noun in a
drug-like slot is nearly always a drug. Trained on them alone, a retrained NER called "oil", "food" or
"capital" in news text DRUG (12 to 21 custom mentions per 1,000 words of news, nearly all false). Sentences
of ordinary prose, labelled only with the base model's own entities, teach it that most nouns are not.
"""

from __future__ import annotations

import importlib
import inspect
import random
import re
from collections.abc import Iterator

try:
    from pydoc_data.topics import topics
except ImportError:  # some distributions package pydoc's data apart: the docstrings still give prose
    topics = {}

_CODE_LINE = re.compile(r"^\s{3,}|^\s*>>>|[{}();=]\s*$")
_DOCSTRING_MODULES = (
    "argparse",
    "asyncio",
    "collections",
    "concurrent.futures",
    "csv",
    "datetime",
    "decimal",
    "email",
    "functools",
    "http.client",
    "http.server",
    "inspect",
    "io",
    "itertools",
    "json",
    "logging",
    "multiprocessing",
    "os",
    "pathlib",
    "pickle",
    "random",
    "re",
    "shutil",
    "socket",
    "sqlite3",
    "ssl",
    "statistics",
    "string",
    "subprocess",
    "tarfile",
    "tempfile",
    "threading",
    "typing",
    "unittest",
    "urllib.request",
    "uuid",
    "zipfile",
)


def _prose(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not _CODE_LINE.search(line)).strip()


def _sources() -> Iterator[str]:
    for name in sorted(topics):
        yield _prose(topics[name])
    for module_name in _DOCSTRING_MODULES:
        module = importlib.import_module(module_name)
        docs = [inspect.getdoc(module) or ""]
        docs += [
            inspect.getdoc(obj) or ""
            for _, obj in sorted(vars(module).items())
            if (inspect.isclass(obj) or inspect.isfunction(obj)) and getattr(obj, "__module__", "") == module_name
        ]
        yield _prose("\n\n".join(d for d in docs if d))


def prose_documents(min_words: int = 50_000) -> list[str]:
    """Documents of at least 50 words each, in a fixed order, until `min_words` words in all."""
    documents: list[str] = []
    words = 0
    for text in _sources():
        count = len(text.split())
        if count < 50:
            continue
        documents.append(text)
        words += count
        if words >= min_words:
            return documents
    raise RuntimeError(f"only {words} words of prose available, wanted {min_words}")


def word_count(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_MARKUP = re.compile(r"[{}\[\]=<>*`_]|::")


def prose_sentences(limit: int | None = None, seed: int = 7) -> list[str]:
    """Whole sentences of 8 to 40 words, mostly words (no code, no markup), deduplicated, in a
    fixed shuffled order; at most `limit`."""
    sentences: set[str] = set()
    for text in _sources():
        for paragraph in re.split(r"\n\s*\n", text):
            for sentence in _SENTENCE_END.split(" ".join(paragraph.split())):
                words = sentence.split()
                if 8 <= len(words) <= 40 and not _MARKUP.search(sentence) and _mostly_words(words):
                    sentences.add(sentence)
    ordered = sorted(sentences)
    random.Random(seed).shuffle(ordered)
    return ordered[:limit] if limit is not None else ordered


def _mostly_words(words: list[str]) -> bool:
    return sum(word.isalpha() for word in words) / len(words) > 0.8
