"""POST /v1/extract: a text or a file in, its mentions out, with the fields of `nerpipe extract
--format jsonl`. Nothing is stored."""

from __future__ import annotations

import io
import json

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from nerpipe.api.context import AccessDep, ContextDep
from nerpipe.api.problems import PROBLEM_RESPONSES, ApiProblem
from nerpipe.api.schemas import ExtractText
from nerpipe.ingest import ingest_bytes
from nerpipe.ingest.names import safe_filename
from nerpipe.mention_formats import MentionFormat, write_mentions
from nerpipe.pipeline import extract_documents
from nerpipe.types import Document

router = APIRouter(prefix="/v1", responses=PROBLEM_RESPONSES, tags=["extract"])
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ExtractText.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "A case file in any format"},
                        "labels": {"type": "string", "description": "Only these labels, comma-separated"},
                    },
                }
            },
        },
    }
}


@router.post("/extract", openapi_extra=_BODY)
async def extract(request: Request, access: AccessDep, ctx: ContextDep) -> dict:
    """The named entities of a text (JSON `{"text": ...}`) or of a file (multipart field `file`),
    with character offsets into its text."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            body = ExtractText.model_validate_json(await request.body())
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first.get("loc", ())) or "body"
            raise ApiProblem(422, f"body field '{where}': {first.get('msg', 'invalid')}") from None
        documents = [Document(id=body.name, filename=body.name, media_type="text/plain", text=body.text)]
        labels = body.labels
    elif kind == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ApiProblem(422, "body field 'file': send the file as the multipart field 'file'.")
        name = safe_filename(upload.filename)
        data = await upload.read()
        raw_labels = form.get("labels")
        labels = [x.strip() for x in raw_labels.split(",") if x.strip()] if isinstance(raw_labels, str) else None
        document = await run_in_threadpool(ingest_bytes, data, name, ctx.settings)
        documents = document.with_attachments()
    else:
        raise ApiProblem(415, 'Send JSON ({"text": "..."}) or a multipart form with a \'file\' field.')
    return await run_in_threadpool(_extract, ctx, documents, labels)


def _extract(ctx, documents: list[Document], labels: list[str] | None) -> dict:
    loaded = ctx.extract_pipeline
    pipeline = loaded.get()
    wanted = [label.upper() for label in labels] if labels else None
    with loaded.lock:
        found = list(
            extract_documents(
                pipeline.nlp,
                documents,
                key=lambda document: document.filename,
                labels=wanted,
                batch_size=ctx.settings.batch_size,
                chunk_chars=ctx.settings.chunk_chars,
            )
        )
    out = io.StringIO()
    write_mentions(found, MentionFormat.jsonl, out)
    mentions = [json.loads(line) for line in out.getvalue().splitlines()]
    return {
        "documents": [
            {"doc": d.filename, "media_type": d.media_type, "pages": d.pages, "warnings": list(d.warnings)}
            for d in documents
        ],
        "mentions": mentions,
        "pipeline": f"{pipeline.info.name} {pipeline.info.version}",
    }
