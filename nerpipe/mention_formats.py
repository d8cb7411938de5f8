"""Write mentions as an aligned table, CSV or JSON lines (the `nerpipe extract` formats)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import replace
from enum import StrEnum
from typing import TextIO

from nerpipe.graph.entities import shown_text
from nerpipe.graph.export import safe_cell
from nerpipe.identifiers import CARD, mask_card
from nerpipe.terminal import printable
from nerpipe.types import Mention

#: Column order of CSV and JSON lines: the Mention fields an analyst reads (`ocr`: the text came
#: from OCR of a scan, so check it against the page).
MENTION_FIELDS = (
    "doc",
    "text",
    "label",
    "start",
    "end",
    "sentence",
    "source",
    "pattern_id",
    "confidence",
    "page",
    "ocr",
)
_TABLE_COLUMNS = ("doc", "page", "ocr", "start", "end", "label", "source", "text")


class MentionFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


def write_mentions(mentions: Iterable[Mention], fmt: MentionFormat, out: TextIO) -> int:
    """Write the mentions to `out`; returns how many were written. CSV and JSON lines stream,
    the table waits for all rows to size its columns."""
    writer = {MentionFormat.table: _write_table, MentionFormat.csv: _write_csv, MentionFormat.jsonl: _write_jsonl}[fmt]
    if fmt is MentionFormat.jsonl:
        # The exact text its offsets slice, for programs; a card number shown as its last four digits, as everywhere.
        shown = (replace(m, text=mask_card(m.text)) if m.label == CARD else m for m in mentions)
    else:
        # For people: the mention as views show it, on one line, without the line breaks a span can hold.
        shown = (replace(m, text=shown_text(m)) for m in mentions)
    return writer(shown, out)


def _write_jsonl(mentions: Iterable[Mention], out: TextIO) -> int:
    count = 0
    for mention in mentions:
        row = mention.to_dict()
        out.write(json.dumps({f: row[f] for f in MENTION_FIELDS}, ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_csv(mentions: Iterable[Mention], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MENTION_FIELDS)
    count = 0
    for mention in mentions:
        row = mention.to_dict()
        writer.writerow([safe_cell(row[f]) for f in MENTION_FIELDS])  # formulas neutralised, as in every CSV
        count += 1
    return count


def _write_table(mentions: Iterable[Mention], out: TextIO) -> int:
    rows = [[_one_line(_cell(getattr(m, column))) for column in _TABLE_COLUMNS] for m in mentions]
    header = [column.upper() for column in _TABLE_COLUMNS]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() + "\n")
    return len(rows)


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    return "" if value is None else str(value)


def _one_line(text: str) -> str:
    """Mention text can span lines in the source, a file name can hold control characters; a
    table row must be one line of printable text."""
    return printable(" ".join(text.split()))
