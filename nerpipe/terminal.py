"""Text bound for a terminal: file names and document text are untrusted there too."""

from __future__ import annotations

import re

#: Control characters and bidirectional overrides: in a file name they fake log lines (a newline),
#: clear or recolour the terminal (ANSI escapes) or show a name backwards.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` as one terminal line: control characters shown as escapes (\\n, \\x1b, \\u202e)."""
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)
