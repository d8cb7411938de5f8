"""HTML pages: visible text with block structure kept as line breaks; `<title>` as metadata."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag

from nerpipe.config import Settings
from nerpipe.ingest.extracted import Extracted, tidy
from nerpipe.ingest.text import decode_text

INVISIBLE = ("script", "style", "noscript", "template", "head", "svg", "object", "iframe")
#: Elements that end a line.
BLOCKS = frozenset({"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset", "figcaption",
                    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
                    "nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr", "ul", "br",
                    "caption", "summary", "details", "center"})
#: Elements that end a paragraph (a blank line: also a sentence boundary for the NER).
PARAGRAPHS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "pre",
                        "section", "article", "header", "footer", "hr", "dl", "figure", "address"})
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
    body, title = html_to_text(text)
    metadata = {"title": title} if title else {}
    return Extracted(text=body, metadata=metadata, warnings=warnings)


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Visible text and the title of an HTML document (also used for HTML e-mail bodies)."""
    soup = BeautifulSoup(markup, "html.parser")
    title_tag = soup.find("title")
    title = " ".join(title_tag.get_text().split()) if title_tag else None
    for tag in soup.find_all(INVISIBLE):
        tag.decompose()
    pieces: list[str] = []
    for node in soup.descendants:
        if isinstance(node, Tag):
            if node.name in CELLS:
                pieces.append(_CELL_BREAK)
            elif node.name in BLOCKS:
                pieces.append(_PARAGRAPH_BREAK if node.name in PARAGRAPHS else _LINE_BREAK)
            continue
        if isinstance(node, (Comment, Doctype, ProcessingInstruction)) or not isinstance(node, NavigableString):
            continue
        if node.find_parent("pre") is not None:
            pieces.append(str(node).replace("\n", _LINE_BREAK))
        else:
            pieces.append(re.sub(r"\s+", " ", str(node)))
        if _ends_block(node):
            pieces.append(_LINE_BREAK)
    return tidy(_BREAKS.sub(_break_for, "".join(pieces))), title


def _ends_block(node: NavigableString) -> bool:
    """A text that is the last child of a block ends a line (the next sibling may be inline)."""
    parent = node.parent
    return parent is not None and parent.name in PARAGRAPHS and node.next_sibling is None


def _break_for(match: re.Match[str]) -> str:
    run = match.group(1)
    if _PARAGRAPH_BREAK in run:
        return "\n\n"
    if _LINE_BREAK in run:
        return "\n"
    return "\t"
