"""The Entities view reads the store's entity table: opening it, reading one entity's mentions,
correcting one and merging never read every mention of the case (issue 35)."""

from __future__ import annotations

import sys

import pytest

from nerpipe.store import Store
from tests.dashboard.helpers import (
    app,
    entity_names,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    labelled,
    page_text,
    seeded_case,
    table_with,
)


def test_the_entities_view_never_reads_every_mention(monkeypatch):
    seeded_case()
    at = app()  # the first view (whatever it reads) before the spy
    # The "also in" line (other cases' names, nerpipe.xref) is not the entity table: it reads the
    # cases' mentions still (issue 35's remaining part).
    monkeypatch.setattr(sys.modules["views.also_in"], "cross_references", lambda *a, **k: [])
    monkeypatch.setattr(Store, "load_mentions", lambda *a, **k: pytest.fail("the Entities view read every mention"))
    monkeypatch.setattr(Store, "document_texts", lambda *a, **k: pytest.fail("the Entities view read every text"))
    at = go(at, "Entities")
    assert not at.exception, at.exception
    assert {"Latin Kings", "Sinaloa Cartel", "fentanyl", "heroin"} <= set(entity_names(at))
    labelled(at.selectbox, "Entity").set_value("GANG_ORG:latin kings").run()
    mentions = table_with(at, "document", "sentence")
    assert len(mentions) and all("«Latin Kings»" in sentence for sentence in mentions["sentence"])
    labelled(at.selectbox, "Entity").set_value("DRUG:fentanyl").run()
    at.button(key="entities_reject").click().run()
    labelled(at.selectbox, "Keep").set_value("GANG_ORG:latin kings").run()
    labelled(at.multiselect, "Merge into it").set_value(["GANG_ORG:sinaloa cartel"]).run()
    at.button(key="entities_merge").click().run()
    assert not at.exception, at.exception
    said = page_text(at).replace("*", "")
    assert "fentanyl in report.pdf: rejected: not an entity" in said
    assert "Sinaloa Cartel (GANG_ORG) merged into Latin Kings (GANG_ORG)" in said
    names = entity_names(at)
    assert "fentanyl" not in names and "Sinaloa Cartel" not in names
