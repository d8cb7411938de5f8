"""Upload: many files at once or pasted text, into the open case, with each file's outcome.

The upload runs on a thread of its own (nerpipe.upload_jobs), not in this script: a click on
another view ends a script run, and would end an ingest inside it. The job is kept per user and
case for the whole server, so its progress, its Cancel button and then its report are there
whenever the analyst comes back; a fragment redraws them every second while it runs.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import streamlit as st
from safe import md
from state import USER_KEY, pipeline, settings, store

from nerpipe.batch import CANCELLED, DUPLICATE, FAILED, FileOutcome
from nerpipe.config import Settings
from nerpipe.document_status import NEEDS_OCR, unread_reason
from nerpipe.ingest.detect import EXTENSIONS
from nerpipe.ingest.names import safe_filename
from nerpipe.ingest.ocr import installed_languages, unavailable_reason
from nerpipe.progress import step_text
from nerpipe.upload_jobs import CANCELLED_JOB, STOPPED, WAITING, UploadJob, UploadJobs, UploadRunningError, UploadState

KEY = "upload"
#: How long "Add to case" waits for an upload to end before showing its progress instead: a
#: few small files get their report at once. The upload goes on whatever is clicked meanwhile.
QUICK_S = 3.0
#: How often a running upload's progress is redrawn (seconds).
REFRESH_S = 1.0


@st.cache_resource(show_spinner=False)
def _jobs(url: str) -> UploadJobs:
    """The server's uploads into this store: they outlive reruns, views and sessions."""
    return UploadJobs()


def jobs() -> UploadJobs:
    return _jobs(settings().store_url)


def owner() -> str:
    """Whose uploads these are: the logged-in user, or the one analyst of a dashboard without logins."""
    user = st.session_state.get(USER_KEY)
    return user.name if user is not None else ""


def render(case: str) -> None:
    st.header(f"Add documents to {md(case)}")
    job = jobs().get(owner(), case)
    running = job is not None and job.state().running
    limit = settings().max_file_bytes // (1024 * 1024)
    files = st.file_uploader(
        f"Case files: PDF, Word, ODT, RTF, HTML, e-mail, text, images and scans (up to {limit} MB each)",
        accept_multiple_files=True,
        type=sorted(ext.lstrip(".") for ext in EXTENSIONS),
        key=f"{KEY}_files",
    )
    pasted = st.text_area("…or paste text (a statement, a message, notes)", key=f"{KEY}_text", height=120)
    chosen = _ocr_settings(settings())
    if st.button(
        "Add to case",
        type="primary",
        key=f"{KEY}_run",
        disabled=running,
        help="An upload into this case is running: wait for it to end, or cancel it." if running else None,
    ):
        job = _start(case, files or [], pasted, chosen) or job
    if job is not None:
        _show(job, case)


def _start(case: str, files: list, pasted: str, chosen: Settings) -> UploadJob | None:
    """Hand the files to a new job; a quick one ends before the page is drawn."""
    items = [(f.name, f.getvalue()) for f in files]
    if pasted.strip():
        items.append((f"pasted text {datetime.now():%Y-%m-%d %H-%M-%S}.txt", pasted.encode("utf-8")))
    if not items:
        st.warning(
            "Choose files or paste some text first. Files still uploading (a bar under their name) are "
            "handed over once every one has finished: click Add to case again then."
        )
        return None
    try:
        job = jobs().start(owner(), case, store(), items, chosen, pipeline())
    except UploadRunningError as exc:
        st.error(md(str(exc)))
        return None
    with st.spinner(f"Adding {job.state().files} file(s)…"):
        job.wait(QUICK_S)
    return job


def _show(job: UploadJob, case: str) -> None:
    state = job.state()
    if state.running:
        _live(case)
        return
    if state.step == CANCELLED_JOB:
        st.warning("The upload was cancelled: the files below that were added stay in the case; the others were not.")
    elif state.step == STOPPED:
        st.error(f"The upload stopped: {md(state.error)}")
    _report(list(state.outcomes))
    if st.button("Clear this report", key=f"{KEY}_clear"):
        jobs().clear(owner(), case)
        st.rerun()


@st.fragment(run_every=REFRESH_S)
def _live(case: str) -> None:
    """The running upload: its progress (within the file in hand), each file's outcome as it
    ends, and Cancel. When it ends, the whole view is drawn again, with the report."""
    job = jobs().get(owner(), case)
    state = job.state() if job is not None else None
    if job is None or state is None or not state.running:
        st.rerun()
        return
    st.progress(state.fraction, text=md(_progress_text(state)))
    if state.outcomes:
        st.dataframe(
            [{"file": shown_name(o), "result": _result_text(o)} for o in state.outcomes],
            hide_index=True,
            width="stretch",
            column_config={"file": st.column_config.TextColumn(width="medium")},
        )
    if state.cancelling:
        st.info("Cancelling: the file in hand is dropped (nothing of it is stored); the files already added stay.")
    elif st.button("Cancel upload", key=f"{KEY}_cancel"):
        job.cancel()
        st.info("Cancelling: the file in hand is dropped (nothing of it is stored); the files already added stay.")


def _progress_text(state: UploadState) -> str:
    if state.step == WAITING:
        return f"{state.files} file(s) waiting for another upload on this server to end…"
    done = f"{len(state.outcomes)} of {state.files} file(s) done"
    return f"{done} · {step_text(state.current)}" if state.current is not None else done


def _result_text(outcome: FileOutcome) -> str:
    if outcome.status in (FAILED, CANCELLED):
        return outcome.reason
    if outcome.status == DUPLICATE:
        return "already in this case: not added again"
    return unread_reason(outcome.words > 0, outcome.warnings) or f"added: {outcome.mentions} entity mentions"


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
    stored = [o for o in outcomes if o.status not in (FAILED, DUPLICATE, CANCELLED)]
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
    cancelled = [o for o in outcomes if o.status == CANCELLED]
    if cancelled:
        st.warning(
            "Not added, as the upload was cancelled before they were stored (add them again to read them):\n"
            + "\n".join(f"- {md(shown_name(o))}" for o in cancelled)
        )
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
