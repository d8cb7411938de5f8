"""Document text as HTML with entities marked in their label colours.

Document text is untrusted: every piece of it is escaped before it reaches HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from nerpipe.identifiers import CARD, mask_card
from nerpipe.labels import label_colour
from nerpipe.types import Mention

_LINE_BREAK = re.compile(r"\s*\n\s*")
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
        start, end = _trimmed(text, mention.start, mention.end)
        position = _text_with_pages(parts, text, position, start, pages)
        parts.append(_mark(text[start:end], mention.label))
        position = end
    _text_with_pages(parts, text, position, len(text), pages)
    return '<div style="white-space:pre-wrap;line-height:2">' + "".join(parts) + "</div>"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The mention without white space at its ends (a model's span may end in "\n\n"): that stays
    plain text, its line breaks where they were."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _mark(words: str, label: str) -> str:
    """One mention: a line break inside it is shown as a space (a mark split over two lines put its
    label on the next one), and the label stays on the line of the last word."""
    shown = _LINE_BREAK.sub(" ", mask_card(words) if label == CARD else words)
    head, _, last = shown.rpartition(" ")
    escaped = html.escape(label)
    return (
        f'<mark style="background:{label_colour(label)};padding:0 .2em;border-radius:.2em" title="{escaped}">'
        f'{html.escape(head + " " if head else "")}<span style="white-space:nowrap">{html.escape(last)}'
        f'<span style="font-size:.7em;font-weight:bold;margin-left:.3em">{escaped}</span></span></mark>'
    )


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


def markable(places: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The hits that can be marked: in text order, neither empty nor overlapping one before."""
    kept: list[tuple[int, int]] = []
    for start, end in places:
        if end > start and (not kept or start >= kept[-1][1]):
            kept.append((start, end))
    return kept


def hits_html(text: str, places: Sequence[tuple[int, int]]) -> str:
    """`text` escaped, each markable search hit in a <mark>; the first one marked has id="hit",
    for the page to scroll to it."""
    parts: list[str] = []
    position = 0
    for number, (start, end) in enumerate(markable(places)):
        opening = "<mark id='hit'>" if number == 0 else "<mark>"
        parts += [html.escape(text[position:start]), opening, html.escape(text[start:end]), "</mark>"]
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts)
