"""Documents: the case's documents, and one document's text with its entities highlighted."""

from __future__ import annotations

import html

import streamlit as st
from state import store

from nerpipe.highlight import highlight_html
from nerpipe.labels import label_colour

KEY = "documents"


def render(case: str) -> None:
    st.header("Documents")
    rows = store().list_documents(case)
    if not rows:
        st.info("No documents yet: add some in Upload.")
        return
    st.dataframe(
        [
            {
                "file": r.filename,
                "type": r.media_type.split("/")[-1],
                "pages": r.pages,
                "entities": r.mention_count,
                "ingested": f"{r.ingested_at:%Y-%m-%d %H:%M}",
                "warnings": "; ".join(r.warnings),
            }
            for r in rows
        ],
        hide_index=True,
        width="stretch",
        key=f"{KEY}_table",
    )
    names = {r.id: r.filename for r in rows}
    chosen = st.selectbox("Read a document", list(names), format_func=names.get, key=f"{KEY}_pick")
    if chosen is None:
        return
    document = store().load_document(case, chosen)
    found = [m for m in store().load_mentions(case) if m.doc == document.id]
    labels = sorted({m.label for m in found})
    if not labels:
        st.caption("No entities found in this document.")
    # Labels can come from an analyst's pattern file: escaped like everything else.
    st.html(
        "".join(
            f'<span style="background:{label_colour(label)};padding:0 .4em;margin-right:.4em;'
            f'border-radius:.2em;font-size:.8em">{html.escape(label)}</span>'
            for label in labels
        )
    )
    # highlight_html escapes all document text; only its own markup is live.
    st.html(highlight_html(document.text, found, document.page_starts))
    with st.expander("Delete this document"):
        if st.button("Delete document and its entities", key=f"{KEY}_delete_{chosen}"):
            store().delete_document(case, chosen)
            st.rerun()
