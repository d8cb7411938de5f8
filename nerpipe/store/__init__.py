"""The case store: cases, documents and mentions that persist, and analyst decisions."""

from nerpipe.store.repository import AddResult, CaseSummary, Store, StoredDocument

__all__ = ["AddResult", "CaseSummary", "Store", "StoredDocument"]
