"""Upload: many files at once or pasted text, into the open case, with each file's outcome."""

from __future__ import annotations

from datetime import datetime

import streamlit as st
from safe import md
from state import pipeline, settings, store

from nerpipe.batch import DUPLICATE, FAILED, FileOutcome, ingest_into_case
from nerpipe.ingest.detect import EXTENSIONS

KEY = "upload"


def render(case: str) -> None:
    st.header(f"Add documents to {md(case)}")
    limit = settings().max_file_bytes // (1024 * 1024)
    files = st.file_uploader(
        f"Case files: PDF, Word, ODT, RTF, HTML, e-mail, text (up to {limit} MB each)",
        accept_multiple_files=True,
        type=sorted(ext.lstrip(".") for ext in EXTENSIONS),
        key=f"{KEY}_files",
    )
    pasted = st.text_area("…or paste text (a statement, a message, notes)", key=f"{KEY}_text", height=120)
    if not st.button("Add to case", type="primary", key=f"{KEY}_run"):
        return
    jobs = [(f.name, f.getvalue()) for f in files or []]
    if pasted.strip():
        jobs.append((f"pasted text {datetime.now():%Y-%m-%d %H-%M-%S}.txt", pasted.encode("utf-8")))
    if not jobs:
        st.warning("Choose files or paste some text first.")
        return
    bar = st.progress(0.0, text=f"Reading {len(jobs)} file(s)…")
    done: list[FileOutcome] = []

    def on_outcome(outcome: FileOutcome) -> None:
        done.append(outcome)
        bar.progress(len(done) / len(jobs), text=f"{len(done)} of {len(jobs)}: {outcome.name}")

    outcomes = ingest_into_case(store(), case, jobs, settings(), pipeline=pipeline(), on_outcome=on_outcome)
    bar.empty()
    _report(outcomes)


def _report(outcomes: list[FileOutcome]) -> None:
    added = [o for o in outcomes if o.status not in (FAILED, DUPLICATE)]
    failed = [o for o in outcomes if o.status == FAILED]
    duplicates = [o for o in outcomes if o.status == DUPLICATE]
    if added:
        st.success(f"{len(added)} file(s) added: {sum(o.mentions for o in added)} entity mentions found.")
    for outcome in duplicates:
        st.info(f"{md(outcome.name)}: already in this case (same content); not added again.")
    for outcome in failed:
        st.error(f"{md(outcome.name)}: {md(outcome.reason)}")
    if added:
        st.dataframe(
            [
                {
                    "file": o.name,
                    "documents": o.documents,
                    "pages": o.pages,
                    "entities": o.mentions,
                    "by label": ", ".join(f"{k} {v}" for k, v in sorted(o.labels.items())),
                    "warnings": "; ".join(o.warnings),
                }
                for o in added
            ],
            hide_index=True,
            width="stretch",
            key=f"{KEY}_outcomes",
        )
