"""The audit log as CSV (`nerpipe audit`, the dashboard, the API): one row per entry, oldest first,
every cell neutralised against spreadsheet formulas like every other CSV nerpipe writes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from nerpipe.graph.export import safe_cell
from nerpipe.store.audit import AuditEntry

AUDIT_COLUMNS = ("id", "at", "actor", "action", "description", "case_id", "case", "target", "details")


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


def audit_csv(entries: Iterable[AuditEntry], *, bom: bool = True) -> bytes:
    """UTF-8 with a byte-order mark by default (Excel needs it to read UTF-8)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(AUDIT_COLUMNS)
    for entry in entries:
        row = audit_row(entry)
        writer.writerow([safe_cell(row[column]) for column in AUDIT_COLUMNS])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")
