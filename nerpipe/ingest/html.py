"""HTML pages: visible text with block structure kept as line breaks; `<title>` as metadata."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag
from bs4.exceptions import ParserRejectedMarkup

from nerpipe.config import Settings
from nerpipe.errors import CorruptFileError
from nerpipe.ingest.extracted import Extracted, tidy
from nerpipe.ingest.text import decode_text

INVISIBLE = ("script", "style", "noscript", "template", "head", "svg", "object", "iframe")
#: Elements that end a paragraph (a blank line: also a sentence boundary for the NER).
PARAGRAPHS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "hr",
        "dl",
        "figure",
        "address",
    }
)
#: Elements that end a line (paragraph elements included).
BLOCKS = PARAGRAPHS | frozenset(
    {
        "aside",
        "dd",
        "div",
        "dt",
        "fieldset",
        "figcaption",
        "form",
        "li",
        "main",
        "nav",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "br",
        "caption",
        "summary",
        "details",
        "center",
    }
)
CELLS = frozenset({"td", "th"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_LINE_BREAK = "\ue000"
_PARAGRAPH_BREAK = "\ue001"
_CELL_BREAK = "\ue002"
_BREAKS = re.compile(r"[ \t]*([\ue000\ue001\ue002][ \t\ue000\ue001\ue002]*)")


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def read(data: bytes, name: str, settings: Settings) -> Extracted:
    text, warnings = decode_text(data, name, declared_charset(data))
    try:
        body, title = html_to_text(text)
    except ParserRejectedMarkup as exc:
        raise CorruptFileError(name, f"not a readable HTML page ({' '.join(str(exc).split())[:200]})") from None
    metadata = {"title": title} if title else {}
    return Extracted(text=body, metadata=metadata, warnings=warnings)


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Visible text and the title of an HTML document (also used for HTML e-mail bodies)."""
    try:
        soup = BeautifulSoup(markup, "html.parser")
    except ParserRejectedMarkup:
        # html.parser gives up on a "<![" that opens no CDATA section: read that as text instead.
        soup = BeautifulSoup(markup.replace("<![", "&lt;!["), "html.parser")
    title_tag = soup.find("title")
    title = " ".join(title_tag.get_text().split()) if title_tag else None
    return tidy(_BREAKS.sub(_break_for, "".join(_text_pieces(soup)))), title


def _text_pieces(root: Tag) -> list[str]:
    """Text nodes in order, with a marker where each block starts and ends. An explicit stack
    instead of recursion or tree edits: both are slow or fail on deeply nested pages."""
    pieces: list[str] = []
    stack: list[tuple[object, bool]] = [(root, False)]
    in_pre = 0
    while stack:
        node, leaving = stack.pop()
        if isinstance(node, Tag):
            if node.name in INVISIBLE:
                continue
            marker = _marker(node.name)
            if leaving:
                in_pre -= node.name == "pre"
                if marker and node.name not in CELLS:
                    pieces.append(marker)
                continue
            in_pre += node.name == "pre"
            if marker:
                pieces.append(marker)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, (Comment, Doctype, ProcessingInstruction)):
            pieces.append(str(node).replace("\n", _LINE_BREAK) if in_pre else re.sub(r"\s+", " ", str(node)))
    return pieces


def _marker(name: str) -> str | None:
    if name in CELLS:
        return _CELL_BREAK
    if name in PARAGRAPHS:
        return _PARAGRAPH_BREAK
    return _LINE_BREAK if name in BLOCKS else None


def _break_for(match: re.Match[str]) -> str:
    run = match.group(1)
    if _PARAGRAPH_BREAK in run:
        return "\n\n"
    if _LINE_BREAK in run:
        return "\n"
    return "\t"
