"""Word .docx: headers, body paragraphs and tables (row by row), footers, in document order."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

import docx
from docx.document import Document as WordDocument
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from nerpipe.config import Settings
from nerpipe.errors import CorruptFileError
from nerpipe.ingest.extracted import Extracted, TextBuilder
from nerpipe.ingest.zipcheck import check_zip


def read(data: bytes, name: str, settings: Settings) -> Extracted:
    check_zip(data, name, settings)
    try:
        document = docx.Document(io.BytesIO(data))
        _drop_entity_references(document)
        builder = TextBuilder()
        _add_parts(builder, "header", _header_footer_blocks(document, "header"))
        _add_parts(builder, "body", _blocks(document.iter_inner_content()))
        _add_parts(builder, "footer", _header_footer_blocks(document, "footer"))
        metadata = _core_properties(document)
    except Exception as exc:  # python-docx/lxml raise many types on damaged parts
        raise CorruptFileError(
            name, f"not a readable Word document ({type(exc).__name__}: {exc}); open and save it again in Word"
        ) from None
    return builder.extracted(metadata=metadata)


def _drop_entity_references(document: WordDocument) -> None:
    """An entity that a DOCTYPE names but nothing defines stays an unexpanded node in lxml's tree,
    and python-docx's text stops there ("John Smith &xxe; end" read as "John Smith"). Drop the
    references, keeping the text around them."""
    for part in document.part.package.iter_parts():
        root = getattr(part, "_element", None)
        if root is None:
            continue
        for entity in list(root.iter(etree.Entity)):
            parent, previous, tail = entity.getparent(), entity.getprevious(), entity.tail or ""
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
            parent.remove(entity)


def _add_parts(builder: TextBuilder, section: str, blocks: Iterable[str]) -> None:
    started = False
    for block in blocks:
        if not block.strip():
            continue
        if not started:
            builder.start_section(section)
            started = True
        builder.add(block)


def _blocks(content: Iterable[Paragraph | Table]) -> Iterator[str]:
    for item in content:
        if isinstance(item, Paragraph):
            yield item.text
        else:
            yield table_text(item)


def table_text(table: Table) -> str:
    """One line per row, cells separated by tabs; a merged cell is written once; a table nested
    in a cell follows its row."""
    lines = []
    for row in table.rows:
        cells, nested, seen = [], [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            words = []
            for item in cell.iter_inner_content():
                if isinstance(item, Paragraph):
                    words.append(item.text)
                else:
                    nested.append(table_text(item))
            cells.append(" ".join(" ".join(words).split()))
        if any(cells):
            lines.append("\t".join(cells))
        lines.extend(n for n in nested if n)
    return "\n".join(lines)


def _header_footer_blocks(document: WordDocument, kind: str) -> Iterator[str]:
    """Each distinct header (or footer) once: sections usually share them."""
    seen: set[str] = set()
    for section in document.sections:
        for part in (
            getattr(section, f"first_page_{kind}"),
            getattr(section, kind),
            getattr(section, f"even_page_{kind}"),
        ):
            if part.is_linked_to_previous and section is not document.sections[0]:
                continue
            for block in _blocks(part.iter_inner_content()):
                if block.strip() and block not in seen:
                    seen.add(block)
                    yield block


def _core_properties(document: WordDocument) -> dict[str, str]:
    props = document.core_properties
    values = {
        "title": props.title,
        "author": props.author,
        "subject": props.subject,
        "created": props.created.isoformat() if props.created else None,
        "modified": props.modified.isoformat() if props.modified else None,
        "last_modified_by": props.last_modified_by,
    }
    return {k: v for k, v in values.items() if v}
