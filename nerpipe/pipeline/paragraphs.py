"""A blank line always ends a sentence.

spaCy's statistical sentence splitter happily runs a sentence across a paragraph break
("Nothing else happened.\\n\\nCarlos Mendez sold..."), which would link names from different
paragraphs in the co-occurrence graph. Case files are full of headings, list items and form
fields separated by blank lines, so we force a boundary there.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "paragraph_breaks"
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")


@Language.component(COMPONENT)
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the first token after each blank line as a sentence start."""
    for match in _BLANK_LINE.finditer(doc.text):
        if match.end() >= len(doc.text):
            break
        span = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
    return doc
