"""Documents view: every document opens, scans are named as such, formats read as words."""

from __future__ import annotations

from nerpipe.ingest.pdf import NO_TEXT_LAYER
from nerpipe.store import Store
from tests.dashboard.helpers import (
    BROKEN_VIEW,
    app,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    labelled,
    open_store,
    page_text,
    seeded_case,
    stored_document,
    table_with,
)


def open_document(at, filename: str):
    rows = {r.filename: r.id for r in open_store().list_documents("Op Tide")}
    return labelled(at.selectbox, "Read a document").set_value(rows[filename]).run()


def test_a_document_without_entities_opens_with_its_text():
    seeded_case()
    stored_document("Op Tide", "raw_text.odt", "This is a plain paragraph about the weather.", [])
    at = open_document(go(app(), "Documents"), "raw_text.odt")
    assert not at.exception and BROKEN_VIEW not in page_text(at)
    assert "No entities were found in this document" in page_text(at)
    assert any("plain paragraph about the weather" in element.proto.body for element in at.get("html"))


def test_a_scan_without_text_says_it_needs_ocr():
    seeded_case()
    warning = f"pages 1–3: {NO_TEXT_LAYER}"
    stored_document("Op Tide", "ocr_text.pdf", "", [], media_type="application/pdf", warnings=(warning,))
    at = go(app(), "Documents")
    table = table_with(at, "file", "text").set_index("file")
    assert table.loc["ocr_text.pdf", "text"] == "needs OCR: no text read"
    assert table.loc["report.pdf", "text"].endswith("characters")
    assert "1 document(s) need OCR, no text was read: ocr_text.pdf" in page_text(at)
    at = open_document(at, "ocr_text.pdf")
    assert not at.exception and BROKEN_VIEW not in page_text(at)
    assert "Needs OCR, no text read" in page_text(at)


def test_formats_and_pages_read_as_words():
    seeded_case()
    table = table_with(go(app(), "Documents"), "file", "format").set_index("file")
    assert table.loc["report.pdf", "format"] == "PDF, 1 page"
    assert table.loc["affidavit.docx", "format"] == "Word (.docx)"
    assert "None" not in table.to_string()


def test_opening_a_document_reads_its_own_mentions_not_the_cases(monkeypatch):
    seeded_case()
    stored_document("Op Tide", "memo.txt", "Maria Lopez met Carlos Mendez.", [("Maria Lopez", "PERSON")])
    reads: list[str | None] = []
    real = Store.load_mentions

    def counted(self, case, *, apply_decisions=True, document=None):
        reads.append(document)
        return real(self, case, apply_decisions=apply_decisions, document=document)

    at = go(app(), "Documents")
    monkeypatch.setattr(Store, "load_mentions", counted)
    at = open_document(at, "memo.txt")
    assert not at.exception and "1 entity mentions" in page_text(at)
    memo = next(d for d in open_store().list_documents("Op Tide") if d.filename == "memo.txt")
    assert reads and all(read == memo.sha256 for read in reads), reads  # never the whole case (None)


def test_a_name_is_highlighted_in_its_entitys_label():
    """The small NER calls a lone surname an organisation; the document's resolution makes it the
    person it names, and the highlight says so, as the entity table does."""
    seeded_case()
    text = "Marco Salazar drove north. Later SALAZAR paid the courier."
    stored_document("Op Tide", "memo.txt", text, [("Marco Salazar", "PERSON"), ("SALAZAR", "ORG")])
    page = "".join(e.proto.body for e in open_document(go(app(), "Documents"), "memo.txt").get("html"))
    surname = page[page.index("Later") :]
    assert "PERSON" in surname[:400] and "ORG" not in surname[:400], surname[:400]
