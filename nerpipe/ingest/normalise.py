"""Control characters out of every document's text, in the one place all readers go through.

Readers pass on what their libraries give: PDFium writes a glyph it cannot map as \\x01 (an
entity "k\\x01h" came out of a real two-column paper), Windows-1252 text can hold any byte, Word
and e-mail leave the odd C1 character. They reach no further: C0 and C1 control characters other
than tab and newline, and the code points XML cannot carry, become a space (line-like ones a
newline), one character for one, so page and section offsets stay exactly as the reader made
them. The text is then safe in a terminal, a CSV, PostgreSQL (no NUL) and every XML export.
"""

from __future__ import annotations

import re
from typing import Any

#: Characters that end a line, whatever the writer meant by them.
_LINE_LIKE = {"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"}
_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]")


def clean_text(text: str) -> str:
    """`text` with control characters replaced one for one (same length, same offsets)."""
    if not _NOT_TEXT.search(text):
        return text
    return _NOT_TEXT.sub(_replacement, text)


def _replacement(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\r" and match.string.startswith("\n", match.end()):
        return " "  # the line already ends at the \n of a \r\n
    return _LINE_LIKE.get(char, " ")


def clean_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """Metadata values (titles, authors) cleaned like text."""
    return {key: clean_text(value) if isinstance(value, str) else value for key, value in metadata.items()}
