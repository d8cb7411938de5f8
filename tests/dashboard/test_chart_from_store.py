"""The Link chart view draws the links the store keeps and reads a link's evidence when it is
chosen: opening it and reading one link never reads every mention or every text of the case."""

from __future__ import annotations

import pytest

from nerpipe.store import Store
from tests.dashboard.helpers import (
    app,
    choose,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    labelled,
    page_text,
    stored_document,
)

TEXT = "Ana Ruiz met Tom Berg in Austin.\nTom Berg sold cocaine to the Bloods.\nThe Bloods met Ana Ruiz."
NAMES = [("Ana Ruiz", "PERSON"), ("Tom Berg", "PERSON"), ("Austin", "GPE"), ("cocaine", "DRUG"), ("Bloods", "GANG_ORG")]


def test_the_chart_and_a_links_evidence_without_reading_the_case(monkeypatch):
    stored_document("Op Tide", "notes.txt", TEXT, NAMES)
    stored_document(
        "Op Tide", "other.txt", "Ana Ruiz called Luis Ortega.", [("Ana Ruiz", "PERSON"), ("Luis Ortega", "PERSON")]
    )
    for method in ("load_mentions", "document_texts"):
        monkeypatch.setattr(Store, method, lambda *a, method=method, **k: pytest.fail(f"the chart called {method}"))
    at = go(app(), "Link chart")
    assert not at.exception, at.exception
    assert "PERSON:tom berg" in at.get("iframe")[0].proto.srcdoc
    choose(labelled(at.selectbox, "Link"), ("DRUG:cocaine", "PERSON:tom berg")).run()
    assert not at.exception, at.exception
    assert any("«Tom Berg» sold «cocaine» to the Bloods." in t.value for t in at.text)
    assert "Choose a link below to read its evidence" in page_text(at)
