"""OpenDocument text (.odt) through odfpy: headings and paragraphs in order, metadata."""

from __future__ import annotations

import contextlib
import io

from nerpipe.config import Settings
from nerpipe.errors import CorruptFileError
from nerpipe.ingest.extracted import Extracted, TextBuilder
from nerpipe.ingest.zipcheck import check_zip

#: odfpy does not raise on an XML part it cannot parse: it prints this (and the whole part) to
#: standard output and goes on without the part.
_ODFPY_PARSE_FAILURE = "SAX FAILED TO PARSE"
DAMAGED_PART = "part of the document's XML is damaged: some text may be missing"


def read(data: bytes, name: str, settings: Settings) -> Extracted:
    check_zip(data, name, settings)
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            document = load(io.BytesIO(data))
        if document.text is None:  # content.xml did not parse
            raise CorruptFileError(name, "not a readable OpenDocument file: its text part is damaged; save it again")
        builder = TextBuilder()
        blocks = {(TEXTNS, "p"), (TEXTNS, "h")}
        for element in _walk(document.text):
            if element.qname in blocks:
                builder.add(teletype.extractText(element))
        metadata = {}
        for key, tag in (
            ("title", "title"),
            ("author", "initial-creator"),
            ("created", "creation-date"),
            ("modified", "date"),
        ):
            for node in document.meta.childNodes:
                if node.tagName.endswith(tag):
                    metadata[key] = teletype.extractText(node)
    except CorruptFileError:
        raise
    except Exception as exc:  # odfpy raises many types on damaged parts
        raise CorruptFileError(name, f"not a readable OpenDocument file ({type(exc).__name__}: {exc})") from None
    extracted = builder.extracted(metadata=metadata)
    if _ODFPY_PARSE_FAILURE in printed.getvalue():
        extracted.warnings.append(DAMAGED_PART)
    return extracted


def _walk(root):  # odfpy elements are untyped
    """Elements in document order, without descending into paragraphs (their text is taken whole)."""
    stack = [root]
    while stack:
        element = stack.pop()
        yield element
        if getattr(element, "qname", None) and element.qname[1] in ("p", "h"):
            continue
        stack.extend(reversed([c for c in element.childNodes if c.nodeType == c.ELEMENT_NODE]))
