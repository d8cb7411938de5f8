"""Text from documents (names, filenames, sentences) is untrusted. Streamlit renders Markdown in
messages, captions and headers: escape it there, so a file name cannot become a link or an image
that calls out of an air-gapped network."""

from __future__ import annotations

_MARKDOWN = set("\\`*_{}[]()#+-.!<>|~$:")


def md(text: object) -> str:
    return "".join("\\" + ch if ch in _MARKDOWN else ch for ch in str(text))
