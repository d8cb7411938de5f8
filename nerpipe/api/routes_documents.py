"""Documents: upload (a job, with per-file outcomes), list, and read with text and pages."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Query, Response, UploadFile

from nerpipe.api.context import AccessDep, ContextDep
from nerpipe.api.jobs import DONE, FAILED, Job
from nerpipe.api.problems import PROBLEM_RESPONSES, ApiProblem
from nerpipe.api.routes_cases import Limit, Offset
from nerpipe.api.schemas import Id, Page
from nerpipe.auth.roles import Role
from nerpipe.batch import FileOutcome, ingest_into_case
from nerpipe.errors import CaseError
from nerpipe.ingest.names import safe_filename

router = APIRouter(prefix="/v1", responses=PROBLEM_RESPONSES)
#: An upload up to this size is answered when its job is done (unless `wait` says otherwise);
#: a larger one at once, with the job to follow.
WAIT_FOR_BYTES = 4 * 1024 * 1024
MAX_FILES = 1000


@router.post("/cases/{case_id}/documents", tags=["documents"], status_code=202)
def upload(
    case_id: Id,
    files: Annotated[list[UploadFile], File(description="One or many case files")],
    access: AccessDep,
    ctx: ContextDep,
    response: Response,
    wait: Annotated[
        float | None, Query(ge=0, le=600, description="Seconds to wait for the job (default: 30 for a small upload)")
    ] = None,
) -> dict:
    """Add files to a case (analysts), through the same ingest path as the dashboard and `nerpipe
    ingest`: each file read in a sandbox, extracted and stored whole; a file already in the case
    is skipped. The answer is the job: 200 when it is done, 202 while it runs (poll GET /v1/jobs/{id})."""
    row = access.case_by_id(case_id, Role.ANALYST)
    if len(files) > MAX_FILES:
        raise ApiProblem(413, f"At most {MAX_FILES} files in one upload: send them in several.")
    folder = Path(tempfile.mkdtemp(prefix="nerpipe-upload-"))
    try:
        inputs, total = [], 0
        for number, upload_file in enumerate(files):
            path = folder / f"{number:05d}"
            with path.open("wb") as out:
                shutil.copyfileobj(upload_file.file, out, 1024 * 1024)
            total += path.stat().st_size
            inputs.append((safe_filename(upload_file.filename), path))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise

    def work(job: Job) -> None:
        def on_outcome(outcome: FileOutcome) -> None:
            job.outcomes.append(asdict(outcome))

        try:
            pipeline = ctx.case_pipeline.get()
            with ctx.case_pipeline.lock:
                ingest_into_case(access, row.ref, inputs, ctx.settings, pipeline=pipeline, on_outcome=on_outcome)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    job = ctx.jobs.submit(access.actor, row.id, row.name, len(inputs), work)
    ctx.jobs.wait(job, wait if wait is not None else (30.0 if total <= WAIT_FOR_BYTES else 0.0))
    if job.status in (DONE, FAILED):
        response.status_code = 200
    else:
        response.headers["Location"] = f"/v1/jobs/{job.id}"
    return job.as_dict()


@router.get("/jobs/{job_id}", tags=["documents"])
def get_job(job_id: str, access: AccessDep, ctx: ContextDep) -> dict:
    """An upload's progress and each file's outcome (yours only)."""
    job = ctx.jobs.get(job_id, access.actor)
    access.case_by_id(job.case_id)  # a membership taken away since the upload ends the view of it
    return job.as_dict()


@router.get("/cases/{case_id}/documents", tags=["documents"])
def list_documents(case_id: Id, access: AccessDep, offset: Offset = 0, limit: Limit = 100) -> Page:
    """The case's documents, without their text."""
    row = access.case_by_id(case_id)
    stored = access.list_documents(row.ref)
    items = [
        {
            "id": d.id,
            "sha256": d.sha256,
            "filename": d.filename,
            "media_type": d.media_type,
            "size": d.size,
            "pages": d.pages,
            "ingested_at": d.ingested_at,
            "mentions": d.mention_count,
            "parent_id": d.parent_id,
            "warnings": list(d.warnings),
            "model": d.model,
        }
        for d in stored[offset : offset + limit]
    ]
    return Page(total=len(stored), offset=offset, limit=limit, items=items)


@router.get("/cases/{case_id}/documents/{document_id}", tags=["documents"])
def read_document(case_id: Id, document_id: Id, access: AccessDep) -> dict:
    """One document with its text, and where each page starts and ends in it."""
    row = access.case_by_id(case_id)
    try:
        document = access.load_document(row.ref, document_id)
    except CaseError:
        raise ApiProblem(404, f"No document {document_id} in case {case_id}.") from None
    starts = list(document.page_starts)
    pages = [
        {"page": number, "start": start, "end": starts[number] if number < len(starts) else len(document.text)}
        for number, start in enumerate(starts, start=1)
    ]
    return {
        "id": document_id,
        "sha256": document.id,
        "filename": document.filename,
        "media_type": document.media_type,
        "size": document.size,
        "metadata": document.metadata,
        "warnings": list(document.warnings),
        "text": document.text,
        "pages": pages,
        "sections": [{"start": start, "title": title} for start, title in document.sections],
    }
