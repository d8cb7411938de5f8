"""Search view: ranked hits with snippets, narrowed by entity, a hit opening its document at the
place found; a malformed query is a message, never a broken view."""

from __future__ import annotations

import pytest

from nerpipe.store import Store
from tests.dashboard.helpers import (
    BROKEN_VIEW,
    app,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    labelled,
    page_text,
    stored_document,
    table_with,
)

MEMO = "Luis Ortega met Maria Lopez at the pier.\nThey moved cocaine for the Latin Kings.\n" + "Filler line.\n" * 200
TIP = "A tip about Maria Lopez and heroin.\nShe paid with 4111 1111 1111 1111 at the pier."
NAMES = [("Luis Ortega", "PERSON"), ("Maria Lopez", "PERSON"), ("cocaine", "DRUG"), ("heroin", "DRUG")]


def search(at, query: str):
    at.text_input(key="search_query").set_value(query)
    return at.run()


def seeded():
    stored_document("Harbor", "memo.txt", MEMO + "Last line: the Rio Bravo shipment.", NAMES)
    stored_document("Harbor", "tip.txt", TIP, NAMES)
    return go(app(), "Search")


def test_hits_are_listed_with_snippets_and_a_hit_opens_its_document_there():
    at = search(seeded(), "pier")
    assert BROKEN_VIEW not in page_text(at)
    hits = table_with(at, "document", "snippet")
    assert sorted(hits["document"]) == ["memo.txt", "tip.txt"]
    assert all("«pier»" in snippet for snippet in hits["snippet"])
    at = search(at, '"Rio Bravo"')
    assert list(table_with(at, "document", "snippet")["document"]) == ["memo.txt"]
    [frame] = [element for element in at.main.get("iframe")] or [None]
    assert frame is not None, "no document shown for the hit"
    page = frame.proto.srcdoc
    assert "<mark id='hit'>Rio Bravo</mark>" in page and "scrollIntoView" in page


def test_every_hit_is_marked_in_the_opened_document():
    """Issue 33: only the first hit was marked; the first is still the one scrolled to."""
    at = search(seeded(), "Lopez OR pier OR heroin")
    picker = labelled(at.selectbox, "Open a hit")
    picker.set_value(next(i for i, o in enumerate(picker.options) if o.startswith("tip.txt"))).run()
    page = at.main.get("iframe")[0].proto.srcdoc
    assert page.count("<mark") == 3 and page.count("id='hit'") == 1
    assert "<mark id='hit'>Lopez</mark>" in page and "<mark>heroin</mark>" in page and "<mark>pier</mark>" in page
    assert "3 hits marked" in page_text(at)


def test_the_syntax_help_is_markdown_not_shown_literally():
    at = seeded()
    [help_text] = [c.value for c in at.main.caption if "exact phrases" in c.value]
    assert "\\`" not in help_text and '`"Luis Ortega" AND (heroin OR fent*) NOT Denver`' in help_text


def test_card_numbers_are_masked_in_snippets_and_the_opened_document():
    at = search(seeded(), "paid")
    assert "4111 1111" not in " ".join(table_with(at, "document", "snippet")["snippet"])
    frame = at.main.get("iframe")[0]
    assert "4111 1111" not in frame.proto.srcdoc and "•••• •••• •••• 1111" in frame.proto.srcdoc


def test_a_search_narrowed_to_an_entitys_documents():
    at = seeded()
    box = labelled(at.selectbox, "Only documents that mention")
    box.set_value("DRUG:cocaine").run()
    at = search(at, "pier")
    assert list(table_with(at, "document", "snippet")["document"]) == ["memo.txt"]


def test_a_malformed_query_is_a_clear_message():
    at = search(seeded(), '"Luis Ortega')
    assert [e.value for e in at.error] and "phrase is not closed" in at.error[0].value.replace("\\", "")
    assert BROKEN_VIEW not in page_text(at)
    at = search(at, "nosuchword")
    assert "No document matches" in page_text(at)


def test_the_view_and_a_narrowed_search_never_read_the_whole_case(monkeypatch):
    """Issue 35: the entity picker and the narrowing came from the case's link chart, built from
    every mention and every document's text; now from the store's entity table and one entity's
    mentions."""
    stored_document("Harbor", "memo.txt", MEMO, NAMES)
    stored_document("Harbor", "tip.txt", TIP, NAMES)
    for method in ("load_mentions", "document_texts"):
        monkeypatch.setattr(Store, method, _forbidden(method))
    at = go(app(), "Search")
    labelled(at.selectbox, "Only documents that mention").set_value("DRUG:heroin").run()
    at = search(at, "pier")
    assert BROKEN_VIEW not in page_text(at)
    assert list(table_with(at, "document", "snippet")["document"]) == ["tip.txt"]


def _forbidden(method: str):
    def refuse(*args, **kwargs):
        pytest.fail(f"the Search view called Store.{method}, which reads the whole case")

    return refuse
