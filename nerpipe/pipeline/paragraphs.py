"""A blank line always ends a sentence.

spaCy's statistical sentence splitter happily runs a sentence across a paragraph break
("Nothing else happened.\\n\\nCarlos Mendez sold..."), which would link names from different
paragraphs in the co-occurrence graph. Case files are full of headings, list items and form
fields separated by blank lines, so we force a boundary there.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "paragraph_breaks"
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")


@Language.component(COMPONENT)
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the first token after each blank line as a sentence start."""
    text = doc.text  # built from the tokens on each access: read it once
    ends = [m.end() for m in _BLANK_LINE.finditer(text) if m.end() < len(text)]
    if not ends:
        return doc
    token_starts = doc.to_array(IDX)
    # The token that contains or follows each blank line's end (binary search, not a scan per match).
    for i in numpy.searchsorted(token_starts, ends, side="right") - 1:
        if 0 < i < len(doc) and not doc[i].is_space:
            doc[int(i)].is_sent_start = True
        elif 0 <= i + 1 < len(doc):
            doc[int(i) + 1].is_sent_start = True
    return doc
