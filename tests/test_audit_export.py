"""The audit log as CSV, and a correction's words read at its offsets (the audit view's "words")."""

from __future__ import annotations

from datetime import UTC, datetime

from nerpipe.audit_export import audit_csv, correction_words
from nerpipe.store.audit import AuditEntry

TEXT = 'Carlos Mendez sold fentanyl.\n=HYPERLINK("x") met Ana.'
SHA = "a" * 64
AT = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def entry(entry_id: int, action: str, **details) -> AuditEntry:
    return AuditEntry(entry_id, AT, "ana", action, 1, "Tide", "report.txt", details)


ENTRIES = [
    entry(1, "document.add", sha256=SHA),
    entry(2, "correction.reject", sha256=SHA, start=0, end=13),
    entry(3, "correction.relabel", sha256=SHA, start=19, end=27, label="DRUG"),
    entry(4, "correction.undo", sha256=SHA, start=0, end=13, undone="reject"),
    entry(5, "correction.reject", sha256="b" * 64, start=0, end=4),
    entry(6, "correction.reject", sha256=SHA, start=29, end=44),
]


def test_each_correction_gets_the_words_at_its_offsets():
    words = correction_words(ENTRIES, {SHA: TEXT}, {SHA: "report.txt"})
    assert words[2] == "Carlos Mendez" and words[3] == "fentanyl" and words[4] == "Carlos Mendez"
    assert words[5] == "characters 0–4 (no longer in the text)"  # a deleted document
    assert 1 not in words


def test_the_csv_has_a_words_column_only_when_given_and_neutralises_it():
    plain = audit_csv(ENTRIES, bom=False).decode()
    assert plain.splitlines()[0] == "id,at,actor,action,description,case_id,case,target,details"
    with_words = audit_csv(ENTRIES, bom=False, words=correction_words(ENTRIES, {SHA: TEXT}, {})).decode()
    lines = with_words.splitlines()
    assert lines[0] == "id,at,actor,action,description,case_id,case,target,words,details"
    assert ",report.txt,Carlos Mendez," in lines[2]
    assert ',report.txt,,"{' in lines[1]  # not a correction: no words
    assert ',"\'=HYPERLINK(""x"")",' in lines[6]  # a formula in the text is made plain text
