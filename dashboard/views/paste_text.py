"""Paste text, see its entities: highlighted in place and as a table."""

from __future__ import annotations

import streamlit as st

from nerpipe import Pipeline, extract_text
from nerpipe.highlight import highlight_html

KEY = "paste_text"


def render(pipeline: Pipeline) -> None:
    st.header("Extract entities from text")
    text = st.text_area("Paste a report, statement or message", height=200, key=f"{KEY}_input")
    if not st.button("Extract entities", type="primary", key=f"{KEY}_run"):
        return
    if not text.strip():
        st.warning("Paste some text first.")
        return
    with st.spinner("Finding entities…"):
        mentions = extract_text(pipeline.nlp, text, doc_id="pasted text")
    st.caption(f"{len(mentions)} entities found")
    # highlight_html escapes all document text; only its own <mark> tags are live.
    st.html(highlight_html(text, mentions))
    st.dataframe(
        [
            {
                "text": m.text,
                "label": m.label,
                "start": m.start,
                "end": m.end,
                "source": m.source,
                "canonical": m.pattern_id,
            }
            for m in mentions
        ],
        hide_index=True,
        width="stretch",
        key=f"{KEY}_table",
    )
