"""Documents view: an analyst marks a name nerpipe missed (typed words, an occurrence, a label),
sees it in the Entities table, and undoes it; a viewer has no such form."""

from __future__ import annotations

from tests.dashboard.helpers import (
    BROKEN_VIEW,
    app,
    entity_names,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    labelled,
    open_store,
    page_text,
    seeded_case,
)


def _report(at):
    rows = {r.filename: r.id for r in open_store().list_documents("Op Tide")}
    return labelled(at.selectbox, "Read a document").set_value(rows["report.pdf"]).run()


def test_add_a_missed_name_see_it_in_the_entities_and_undo_it():
    seeded_case()
    at = _report(go(app(), "Documents"))
    assert "Ana Ruiz" not in entity_names(go(at, "Entities"))
    at = _report(go(at, "Documents"))
    labelled(at.text_input, "Words to mark").set_value("Ana Ruiz").run()
    occurrence = labelled(at.selectbox, "Occurrence")
    assert len(occurrence.options) == 1 and occurrence.options[0].startswith("…Detective [Ana Ruiz] met Carlos")
    labelled(at.selectbox, "Label").set_value("PERSON").run()
    at.button(key="documents_add_button").click().run()
    assert not at.exception and BROKEN_VIEW not in page_text(at)
    decisions = open_store().list_decisions("Op Tide")
    assert [(d["action"], d["label"], d["text"]) for d in decisions] == [("add", "PERSON", "Ana Ruiz")]
    assert "Names added by analysts (1)" in [e.label for e in at.expander]
    at = go(at, "Entities")
    assert "Ana Ruiz" in entity_names(at)
    assert "Ana Ruiz in report.pdf: added as PERSON" in page_text(at).replace("*", "")
    at = _report(go(at, "Documents"))
    at.button(key=f"documents_undo_add_{decisions[0]['id']}").click().run()
    assert open_store().list_decisions("Op Tide") == []
    assert "Ana Ruiz" not in entity_names(go(at, "Entities"))


def test_words_not_in_the_document_are_named_and_nothing_is_added():
    seeded_case()
    at = _report(go(app(), "Documents"))
    labelled(at.text_input, "Words to mark").set_value("Pablo Escobar").run()
    assert "do not occur as words in this document" in page_text(at)
    assert not [b for b in at.button if b.key == "documents_add_button"]
    assert open_store().list_decisions("Op Tide") == []
