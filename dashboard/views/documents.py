"""Documents: the case's documents, and one document's text with its entities highlighted; an
analyst marks a name nerpipe missed there (Store.add_mention)."""

from __future__ import annotations

import html
from dataclasses import replace

import streamlit as st
from safe import md
from state import may, scoped_key, store

from nerpipe.auth.roles import Role
from nerpipe.document_status import NEEDS_OCR, format_description, ocr_description, unread_reason
from nerpipe.errors import NerpipeError
from nerpipe.highlight import highlight_html
from nerpipe.ingest.ocr import LOW_CONFIDENCE
from nerpipe.labels import LABEL_COLOURS, label_colour
from nerpipe.word_spans import word_occurrences

KEY = "documents"


def render(case: str) -> None:
    st.header("Documents")
    rows = store().list_documents(case)
    if not rows:
        st.info("No documents yet: add some in Upload.")
        return
    lengths = store().text_lengths(case)
    scanned = store().ocr_pages(case)
    unread = {r.id: unread_reason(lengths.get(r.id, 0) > 0, r.warnings) for r in rows}
    scans = [r.filename for r in rows if unread[r.id] == NEEDS_OCR]
    if scans:
        st.warning(
            f"{len(scans)} document(s) need OCR, no text was read: "
            + ", ".join(md(name) for name in scans)
            + ". They are scans without a text layer that OCR did not read (their warnings say why), so they "
            "add no entities."
        )
    st.dataframe(
        [
            {
                "file": r.filename,
                "format": format_description(r.media_type, r.pages),
                "mentions": r.mention_count,
                "text": unread[r.id] or f"{lengths.get(r.id, 0):,} characters",
                "OCR": ocr_description(scanned.get(r.sha256, {})),
                "added": f"{r.ingested_at:%Y-%m-%d %H:%M}",
                "warnings": "; ".join(r.warnings),
            }
            for r in rows
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "file": st.column_config.TextColumn(width="medium"),
            "format": st.column_config.TextColumn(width="medium"),
            "mentions": st.column_config.NumberColumn(width="small", help="Entity mentions found in it"),
            "OCR": st.column_config.TextColumn(
                width="medium", help="Pages read from a scan by OCR, with Tesseract's mean word confidence"
            ),
            "warnings": st.column_config.TextColumn(width="large", help="Hover a cell to read it all."),
        },
        key=f"{KEY}_table",
    )
    names = {r.id: r.filename for r in rows}
    chosen = st.selectbox("Read a document", list(names), format_func=names.get, key=scoped_key(f"{KEY}_pick", case))
    if chosen is None:
        return
    row = next(r for r in rows if r.id == chosen)
    _document(case, row, unread[chosen], scanned.get(row.sha256, {}))


def _ocr_note(scanned: dict[int, float]) -> None:
    """Which pages are OCR text, and how sure Tesseract was: misread names start here."""
    doubtful = sorted(page for page, confidence in scanned.items() if confidence < LOW_CONFIDENCE)
    message = (
        f"**Text from OCR:** {ocr_description(scanned)}. Scanned pages were read by Tesseract: check names and "
        "figures against the scan before citing them."
    )
    if doubtful:
        st.warning(message + f" Low confidence on {', '.join(f'page {p}' for p in doubtful[:20])}.")
    else:
        st.info(message)


def _document(case: str, row, unread: str | None, scanned: dict[int, float]) -> None:
    document = store().load_document(case, row.id)
    # Each name in the label of its entity, as the entity table shows it ("Salazar" is Marco Salazar).
    labels_of = store().entity_labels(case, document.id)
    found = [
        replace(m, label=labels_of.get((m.start, m.end), m.label))
        for m in store().load_mentions(case, document=document.id)
    ]
    st.subheader(md(row.filename), anchor=False)
    st.caption(f"{format_description(row.media_type, row.pages)} · {len(found)} entity mentions")
    if unread == NEEDS_OCR:
        st.warning(
            "**Needs OCR, no text read.** This document is a scan without a text layer, and OCR did not read it "
            "(the warnings below say why): nerpipe found no text and no entities in it. It is kept in the case."
        )
    elif unread:
        st.info("No text was read from this document, so it has no entities.")
    elif not found:
        st.info("No entities were found in this document. Its text is below.")
    if scanned:
        _ocr_note(scanned)
    if row.warnings:
        st.caption("Read with warnings: " + md("; ".join(row.warnings)))
    labels = sorted({m.label for m in found})
    if labels:
        # Labels can come from an analyst's pattern file: escaped like everything else.
        st.html(
            "".join(
                f'<span style="background:{label_colour(label)};padding:0 .4em;margin-right:.4em;'
                f'border-radius:.2em;font-size:.8em">{html.escape(label)}</span>'
                for label in labels
            )
        )
    if document.text:
        # highlight_html escapes all document text; only its own markup is live.
        st.html(highlight_html(document.text, found, document.page_starts))
    if not may(case, Role.ANALYST):
        return  # a viewer reads documents; deleting one is an analyst's
    if document.text:
        with st.expander("Add a name nerpipe missed", key=scoped_key(f"{KEY}_add", case, row.id)):
            _add_form(case, document.id, document.text, labels)
        _added_here(case, document.id)
    with st.expander("Delete this document"):
        if st.button("Delete document and its entities", key=f"{KEY}_delete_{row.id}"):
            store().delete_document(case, row.id)
            st.rerun()


def _add_form(case: str, sha256: str, text: str, labels: list[str]) -> None:
    """The words to mark (typed), which occurrence, the label: stored as a correction."""
    words = st.text_input("Words to mark", key=scoped_key(f"{KEY}_add_words", case, sha256), max_chars=300)
    found = word_occurrences(text, words) if words.strip() else []
    if words.strip() and not found:
        st.info("These words do not occur as words in this document: type them as the text has them.")
        return
    if not found:
        return
    spans = {f"{start}:{end}": (start, end) for start, end in found}
    pick = st.selectbox(
        "Occurrence",
        list(spans),
        key=scoped_key(f"{KEY}_add_at", case, sha256, words),
        format_func=lambda span: _in_context(text, *spans[span]),
    )
    known = sorted({*LABEL_COLOURS, *labels})
    label = st.selectbox(
        "Label",
        known,
        index=None,
        accept_new_options=True,
        placeholder="Choose or type a label",
        key=scoped_key(f"{KEY}_add_label", case, sha256),
        help="Choose a label, or type a new one (it is stored in capitals).",
    )
    carry = st.checkbox(
        f"Also mark its other occurrences in the case ({len(found)} in this document)",
        key=scoped_key(f"{KEY}_add_carry", case, sha256),
    )
    if st.button("Add", key=f"{KEY}_add_button", disabled=pick is None or not label):
        try:
            made = store().add_mention(case, sha256, *spans[pick], label, carry=carry)
        except NerpipeError as exc:
            st.error(md(str(exc)))
            return
        st.toast(f"{len(made)} mention(s) added")
        st.rerun()


def _in_context(text: str, start: int, end: int) -> str:
    before = " ".join(text[max(start - 40, 0) : start].split())
    after = " ".join(text[end : end + 40].split())
    return f"…{before} [{' '.join(text[start:end].split())}] {after}…"


def _added_here(case: str, sha256: str) -> None:
    """The names analysts added to this document, each with its undo."""
    added = [d for d in store().list_decisions(case) if d["sha256"] == sha256 and d["action"] == "add"]
    if not added:
        return
    with st.expander(f"Names added by analysts ({len(added)})"):
        for d in added:
            left, right = st.columns([5, 1])
            left.markdown(f"**{md(' '.join((d['text'] or '').split()))}** as {md(d['label'])}")
            if right.button("Undo", key=f"{KEY}_undo_add_{d['id']}"):
                store().undo_decision(case, d["sha256"], d["start"], d["end"])
                st.rerun()
