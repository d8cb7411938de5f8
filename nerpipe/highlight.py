"""Document text as HTML with entities marked in their label colours.

Document text is untrusted: every piece of it is escaped before it reaches HTML.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from nerpipe.labels import label_colour
from nerpipe.types import Mention


def highlight_html(text: str, mentions: Iterable[Mention]) -> str:
    """`text` as escaped HTML, with each mention wrapped in a coloured <mark> naming its label.
    Overlapping mentions are skipped after the first, so markup always nests correctly."""
    parts: list[str] = []
    position = 0
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if mention.start < position:
            continue
        parts.append(html.escape(text[position : mention.start]))
        label = html.escape(mention.label)
        parts.append(
            f'<mark style="background:{label_colour(mention.label)};padding:0 .2em;border-radius:.2em" '
            f'title="{label}">{html.escape(text[mention.start : mention.end])}'
            f'<span style="font-size:.7em;font-weight:bold;margin-left:.3em">{label}</span></mark>'
        )
        position = mention.end
    parts.append(html.escape(text[position:]))
    return '<div style="white-space:pre-wrap;line-height:2">' + "".join(parts) + "</div>"
