"""Search: the case's documents by words, "phrases", AND / OR / NOT and prefix*; a hit opens its
document at the place it was found."""

from __future__ import annotations

import streamlit as st
from case_entities import stored_table
from safe import md
from state import scoped_key, store

from nerpipe.errors import QueryError
from nerpipe.highlight import hits_html, markable
from nerpipe.identifiers import mask_card_numbers
from nerpipe.search.hits import SearchHit, search_case

KEY = "search"
#: Entities offered by "Only documents that mention": the busiest, so a big case's picker stays small.
CHOICES = 2_000
#: Markdown of our own (no document text): shown as it is, not escaped.
SYNTAX = (
    'Words (all must appear), `"exact phrases"`, `OR`, `NOT` (or `-word`), `prefix*` and `(brackets)`: '
    '`"Luis Ortega" AND (heroin OR fent*) NOT Denver`. Case and accents do not matter.'
)


def render(case: str) -> None:
    st.header("Search")
    left, right = st.columns([3, 2])
    query = left.text_input("Search the documents", key=f"{KEY}_query", placeholder='e.g. "Luis Ortega" AND fent*')
    st.caption(SYNTAX)
    table = stored_table(case)
    everything = table.entities.values()
    entities = sorted(everything, key=lambda e: (-e.mentions, e.name.casefold()))[:CHOICES]
    names = {e.id: f"{e.name} ({e.label})" for e in entities}
    entity = right.selectbox(
        "Only documents that mention",
        [None, *names],
        format_func=lambda key: "any entity" if key is None else names[key],
        key=scoped_key(f"{KEY}_entity", case),
        help=f"The case's {CHOICES:,} most mentioned entities." if len(everything) > CHOICES else None,
    )
    if not query.strip():
        return
    only = None
    if entity is not None:
        only = store().entity_documents(case, entity, keys=table.members.get(entity, []))
    try:
        results = search_case(store(), case, query, only_documents=only, limit=50)
    except QueryError as exc:  # the message says what to change in the query
        st.error(md(exc))
        return
    if not results.hits:
        st.info("No document matches. Check the spelling, use fewer words, or end a word with * to match its forms.")
        return
    shown = f" (the best {len(results.hits)} shown)" if results.total > len(results.hits) else ""
    st.caption(f"{results.total} document(s) match{shown}, best first.")
    st.dataframe(
        [
            {
                "document": hit.filename,
                "page": str(hit.page) if hit.page else "",
                "hits": hit.hits,
                "snippet": hit.snippet,
            }
            for hit in results.hits
        ],
        hide_index=True,
        width="stretch",
        column_config={"snippet": st.column_config.TextColumn(width="large")},
        key=f"{KEY}_hits",
    )
    labels = {index: _hit_label(hit) for index, hit in enumerate(results.hits)}
    chosen = st.selectbox(
        "Open a hit",
        list(labels),
        format_func=labels.get,
        key=scoped_key(f"{KEY}_open", case, query, entity),
    )
    if chosen is not None:
        _open_at_hit(case, results.hits[chosen])


def _hit_label(hit: SearchHit) -> str:
    where = hit.filename + (f", page {hit.page}" if hit.page else "")
    return f"{where}: {hit.snippet[:100]}"


def _open_at_hit(case: str, hit: SearchHit) -> None:
    """The document's text, every hit marked and the first scrolled into view (card numbers
    masked: the same length, so the offsets still hold)."""
    document = store().load_document(case, hit.document_id)
    text = mask_card_numbers(document.text)
    where = md(hit.filename) + (f", page {hit.page}" if hit.page else "")
    st.subheader(f"{where}", anchor=False)
    places = markable(hit.places or ((hit.start, hit.end),))
    st.caption(
        f"{len(places)} hit{'s' if len(places) != 1 else ''} marked; the first, at characters "
        f"{places[0][0]:,}–{places[0][1]:,} of {len(text):,}, is scrolled into view."
        if places
        else f"The hit at characters {hit.start:,}–{hit.end:,} of {len(text):,} cannot be marked."
    )
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        "body{font-family:sans-serif;font-size:15px;line-height:1.6;margin:.5em;white-space:pre-wrap}"
        "mark{background:#ffd166;border-radius:.2em}mark#hit{outline:2px solid #ef476f}</style></head><body>"
        f"{hits_html(text, places)}"
        "<script>document.getElementById('hit')?.scrollIntoView({block:'center'});</script></body></html>"
    )
    st.iframe(page, height=420)
