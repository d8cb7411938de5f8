"""The audit log as CSV (`nerpipe audit`, the dashboard, the API): one row per entry, oldest first,
every cell neutralised against spreadsheet formulas like every other CSV nerpipe writes. A
correction's entry keeps the document's SHA-256 and offsets (they stay true when the file is
renamed); `correction_words` gives the words at them, for those who may read the case."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping

from nerpipe.graph.export import safe_cell
from nerpipe.graph.tables import correction_rows
from nerpipe.store.audit import AuditEntry

AUDIT_COLUMNS = ("id", "at", "actor", "action", "description", "case_id", "case", "target", "details")
CORRECTIONS = ("correction.reject", "correction.relabel", "correction.add", "correction.undo")
#: Details a correction's words stand for, left out where the words are shown.
SPAN_DETAILS = frozenset({"sha256", "start", "end"})


def audit_row(entry: AuditEntry) -> dict[str, object]:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(timespec="seconds"),
        "actor": entry.actor,
        "action": entry.action,
        "description": entry.description,
        "case_id": entry.case_id,
        "case": entry.case,
        "target": entry.target,
        "details": json.dumps(entry.details, ensure_ascii=False, sort_keys=True),
    }


def correction_words(
    entries: Iterable[AuditEntry], texts: Mapping[str, str], filenames: Mapping[str, str]
) -> dict[int, str]:
    """Entry id → the words each correction was about, read from the case's texts (sha256 → text)
    at the entry's offsets, as the Entities view reads its corrections."""
    decisions = []
    for entry in entries:
        sha256, start, end = (entry.details.get(key) for key in ("sha256", "start", "end"))
        if entry.action not in CORRECTIONS or not (
            isinstance(sha256, str) and isinstance(start, int) and isinstance(end, int)
        ):
            continue
        action = "relabel" if entry.action == "correction.relabel" else "reject"
        decisions.append(
            {"id": entry.id, "sha256": sha256, "start": start, "end": end, "action": action, "label": None}
        )
    return {row["id"]: row["words"] for row in correction_rows(decisions, texts, filenames)}


def audit_csv(entries: Iterable[AuditEntry], *, bom: bool = True, words: Mapping[int, str] | None = None) -> bytes:
    """UTF-8 with a byte-order mark by default (Excel needs it to read UTF-8). With `words`
    (correction_words), a `words` column after `target` gives each correction's words."""
    columns = AUDIT_COLUMNS if words is None else (*AUDIT_COLUMNS[:8], "words", *AUDIT_COLUMNS[8:])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for entry in entries:
        row = audit_row(entry)
        if words is not None:
            row["words"] = words.get(entry.id, "")
        writer.writerow([safe_cell(row[column]) for column in columns])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")
