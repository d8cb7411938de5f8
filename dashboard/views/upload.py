"""Upload: many files at once or pasted text, into the open case, with each file's outcome."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import streamlit as st
from safe import md
from state import pipeline, settings, store

from nerpipe.batch import DUPLICATE, FAILED, FileOutcome, ingest_into_case
from nerpipe.config import Settings
from nerpipe.document_status import NEEDS_OCR, unread_reason
from nerpipe.ingest.detect import EXTENSIONS
from nerpipe.ingest.names import safe_filename
from nerpipe.ingest.ocr import installed_languages, unavailable_reason
from nerpipe.ingest.sandbox import page_progress
from nerpipe.progress import page_text

KEY = "upload"


def render(case: str) -> None:
    st.header(f"Add documents to {md(case)}")
    limit = settings().max_file_bytes // (1024 * 1024)
    files = st.file_uploader(
        f"Case files: PDF, Word, ODT, RTF, HTML, e-mail, text, images and scans (up to {limit} MB each)",
        accept_multiple_files=True,
        type=sorted(ext.lstrip(".") for ext in EXTENSIONS),
        key=f"{KEY}_files",
    )
    pasted = st.text_area("…or paste text (a statement, a message, notes)", key=f"{KEY}_text", height=120)
    chosen = _ocr_settings(settings())
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

    def on_page(filename: str, page: int, pages: int) -> None:
        bar.progress(len(done) / len(jobs), text=f"{len(done)} of {len(jobs)} · {page_text(filename, page, pages)}")

    with page_progress(on_page):
        outcomes = ingest_into_case(store(), case, jobs, chosen, pipeline=pipeline(), on_outcome=on_outcome)
    bar.empty()
    _report(outcomes)


def _ocr_settings(current: Settings) -> Settings:
    """Whether scans and images are read by OCR, and in which language (NERPIPE_OCR and
    NERPIPE_OCR_LANG give the defaults)."""
    with st.expander("Scans and images (OCR)"):
        problem = unavailable_reason(current.ocr_lang)
        if problem:
            st.warning(f"OCR cannot run on this computer: {md(problem)}. Scans are stored unread and flagged.")
            return replace(current, ocr=False)
        use = st.toggle(
            "Read scanned pages and images with OCR",
            value=current.ocr,
            key=f"{KEY}_ocr",
            help="A page without a text layer is read by Tesseract (a second or two a page); off, it is stored "
            "unread and flagged as needing OCR.",
        )
        languages = sorted((installed_languages() - {"osd"}) | {current.ocr_lang})
        lang = st.selectbox(
            "Language of the scans",
            languages,
            index=languages.index(current.ocr_lang),
            key=f"{KEY}_ocr_lang",
            disabled=not use,
            help="Other languages appear here once their Debian package tesseract-ocr-LANG is installed.",
        )
    return replace(current, ocr=use, ocr_lang=lang)


def _report(outcomes: list[FileOutcome]) -> None:
    """Every file's outcome; a file stored without any text (a scan) is named as such, not
    counted among the files that were read."""
    stored = [o for o in outcomes if o.status not in (FAILED, DUPLICATE)]
    unread = {id(o): unread_reason(o.words > 0, o.warnings) for o in stored}
    read = [o for o in stored if unread[id(o)] is None]
    failed = [o for o in outcomes if o.status == FAILED]
    duplicates = [o for o in outcomes if o.status == DUPLICATE]
    if read:
        st.success(f"{len(read)} file(s) added: {sum(o.mentions for o in read)} entity mentions found.")
    for outcome in stored:
        if unread[id(outcome)] == NEEDS_OCR:
            st.warning(
                f"**{md(shown_name(outcome))}: needs OCR, no text read.** It is a scan without a text layer that "
                "OCR did not read (its warnings say why): it is stored in the case but adds no entities."
            )
        elif unread[id(outcome)]:
            st.warning(f"**{md(shown_name(outcome))}: no text read.** It is stored but adds no entities.")
    for outcome in duplicates:
        st.info(f"{md(shown_name(outcome))}: already in this case (same content); not added again.")
    for outcome in failed:
        st.error(f"{md(shown_name(outcome))}: {md(outcome.reason)}")
    if not stored:
        return
    # One column per label, most frequent first: counts are never cut off inside a long cell.
    totals: dict[str, int] = {}
    for outcome in stored:
        for label, count in outcome.labels.items():
            totals[label] = totals.get(label, 0) + count
    labels = sorted(totals, key=lambda label: (-totals[label], label))
    st.dataframe(
        [
            {
                "file": shown_name(o),
                "result": unread[id(o)] or "added",
                "pages": str(o.pages) if o.pages else "",  # one type a column
                "mentions": o.mentions,
                **{label: o.labels.get(label, 0) for label in labels},
            }
            for o in stored
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "file": st.column_config.TextColumn(width="medium"),
            "result": st.column_config.TextColumn(
                width="small" if all(u is None for u in unread.values()) else "medium"
            ),
            "pages": st.column_config.TextColumn(width="small"),
            "mentions": st.column_config.NumberColumn(width="small", help="Entity mentions found in it"),
            **{label: st.column_config.NumberColumn(width="small") for label in labels},
        },
        key=f"{KEY}_outcomes",
    )
    warned = [o for o in stored if o.warnings and unread[id(o)] != NEEDS_OCR]
    if warned:
        st.warning(
            "Read with warnings:\n"
            + "\n".join(f"- **{md(shown_name(o))}**: {md('; '.join(o.warnings))}" for o in warned)
        )


def shown_name(outcome: FileOutcome) -> str:
    """The name as the Documents view lists it (the name given, without control characters)."""
    return safe_filename(outcome.name)
