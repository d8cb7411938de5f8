"""The Entities view's "also in" line reads the other cases' stored keys, never every mention of
every case (issue 35: it was 6 s of the view's 9.8 s at 2,000 documents)."""

from __future__ import annotations

import pytest

from nerpipe.store import Store
from tests.dashboard.helpers import (
    app,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    labelled,
    page_text,
    stored_document,
)


def test_also_in_is_answered_without_reading_any_cases_mentions(monkeypatch):
    stored_document("Harbor", "report.txt", "Luis Ortega met Maria Lopez.", [("Luis Ortega", "PERSON")])
    stored_document("Tide", "old.txt", "LUIS ORTEGA was seen.", [("LUIS ORTEGA", "ORG")])
    stored_document("Reef", "new.txt", "Luis  Ortega at sea. Luis Ortega.", [("Luis  Ortega", "PERSON")])
    at = app()
    for method in ("load_mentions", "mention_names", "document_texts"):
        monkeypatch.setattr(Store, method, lambda *a, method=method, **k: pytest.fail(f"Also in called {method}"))
    at = go(at, "Entities")
    labelled(at.selectbox, "Entity").set_value("PERSON:luis ortega").run()
    assert not at.exception, at.exception
    assert "Also in:" in page_text(at)
    buttons = {b.label: b.help for b in at.button if b.key.startswith("also_in_")}
    # Another label there (ORG) is the same name; a form with two spaces shows on one line.
    assert list(buttons) == ["Reef (1 document)", "Tide (1 document)"]
    assert buttons["Reef (1 document)"].endswith("as written there: Luis Ortega")
    assert buttons["Tide (1 document)"].endswith("as written there: LUIS ORTEGA")
