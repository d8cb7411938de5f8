"""Document text as HTML with entities marked in their label colours.

Document text is untrusted: every piece of it is escaped before it reaches HTML.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from nerpipe.identifiers import CARD, mask_card
from nerpipe.labels import label_colour
from nerpipe.types import Mention

PAGE_MARKER = '<div style="color:#888;border-top:1px dashed #bbb;margin:.6em 0;font-size:.8em">page {n}</div>'


def highlight_html(text: str, mentions: Iterable[Mention], page_starts: Sequence[int] = ()) -> str:
    """`text` as escaped HTML, with each mention wrapped in a coloured <mark> naming its label and
    a marker where each page begins. Overlapping mentions are skipped after the first, so markup
    always nests correctly."""
    parts: list[str] = []
    position = 0
    pages = [(start, n) for n, start in enumerate(page_starts, start=1)]
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if mention.start < position:
            continue
        position = _text_with_pages(parts, text, position, mention.start, pages)
        label = html.escape(mention.label)
        words = text[mention.start : mention.end]
        parts.append(
            f'<mark style="background:{label_colour(mention.label)};padding:0 .2em;border-radius:.2em" '
            f'title="{label}">{html.escape(mask_card(words) if mention.label == CARD else words)}'
            f'<span style="font-size:.7em;font-weight:bold;margin-left:.3em">{label}</span></mark>'
        )
        position = mention.end
    _text_with_pages(parts, text, position, len(text), pages)
    return '<div style="white-space:pre-wrap;line-height:2">' + "".join(parts) + "</div>"


def _text_with_pages(parts: list[str], text: str, start: int, end: int, pages: list[tuple[int, int]]) -> int:
    """Escaped text[start:end] with the page markers that fall inside it; consumes `pages`."""
    while pages and pages[0][0] <= end:
        page_start, number = pages.pop(0)
        page_start = max(page_start, start)
        parts.append(html.escape(text[start:page_start]))
        parts.append(PAGE_MARKER.format(n=number))
        start = page_start
    parts.append(html.escape(text[start:end]))
    return end
