"""Benchmark text: real English prose that ships with Python itself (see nerpipe/training/prose.py)."""

from nerpipe.training.prose import prose_documents, word_count

__all__ = ["prose_documents", "word_count"]
