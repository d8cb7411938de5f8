"""Corrections (analysts): reject or relabel a mention, add one the pipeline missed, undo that,
merge entities, undo a merge.
They are keyed by document and offsets, as in the dashboard, so they survive reprocessing."""

from __future__ import annotations

from fastapi import APIRouter

from nerpipe.api.context import Access, AccessDep
from nerpipe.api.problems import PROBLEM_RESPONSES, ApiProblem
from nerpipe.api.schemas import CorrectionIn, Id, MergeIn, SpanIn, UnmergeIn
from nerpipe.auth.roles import Role

router = APIRouter(prefix="/v1", responses=PROBLEM_RESPONSES, tags=["corrections"])


def _require_mention(access: Access, case: str, sha256: str, start: int, end: int) -> None:
    if not access.has_mention(case, sha256, start, end):
        raise ApiProblem(404, f"No mention at {start}-{end} of document {sha256} in this case.")


@router.get("/cases/{case_id}/corrections")
def list_corrections(case_id: Id, access: AccessDep) -> list[dict]:
    row = access.case_by_id(case_id)
    return [
        {k: d[k] for k in ("sha256", "start", "end", "action", "label", "text", "created_at")}
        for d in access.list_decisions(row.ref)
    ]


@router.post("/cases/{case_id}/corrections", status_code=201)
def correct(case_id: Id, body: CorrectionIn, access: AccessDep) -> dict:
    """Reject a mention, give it another label, or add one the pipeline missed (start and end are
    character offsets into the document's text; whitespace at either end is left out; with carry,
    the same words' other occurrences in the case are added too)."""
    row = access.case_by_id(case_id, Role.ANALYST)
    if body.action in ("relabel", "add") and not body.label:
        raise ApiProblem(
            422, f"body field 'label': {'a relabel' if body.action == 'relabel' else 'an add'} needs a label."
        )
    if body.action == "add":
        made = access.add_mention(row.ref, body.document, body.start, body.end, body.label, carry=body.carry)
        _, start, end = made[0]
        added = [{"document": sha256, "start": s, "end": e} for sha256, s, e in made]
        return {
            "action": "add",
            "document": body.document,
            "start": start,
            "end": end,
            "label": body.label.upper(),
            "added": added,
        }
    _require_mention(access, row.ref, body.document, body.start, body.end)
    if body.action == "reject":
        access.reject_mention(row.ref, body.document, body.start, body.end)
    else:
        access.relabel_mention(row.ref, body.document, body.start, body.end, body.label)
    return {"action": body.action, "document": body.document, "start": body.start, "end": body.end, "label": body.label}


@router.post("/cases/{case_id}/corrections/undo")
def undo(case_id: Id, body: SpanIn, access: AccessDep) -> dict:
    """Undo the correction of a mention: it counts as extracted again (an added one is gone)."""
    row = access.case_by_id(case_id, Role.ANALYST)
    if not any(
        (d["sha256"], d["start"], d["end"]) == (body.document, body.start, body.end)
        for d in access.list_decisions(row.ref)
    ):
        raise ApiProblem(404, f"No correction at {body.start}-{body.end} of document {body.document} in this case.")
    access.undo_decision(row.ref, body.document, body.start, body.end)
    return {"undone": True}


@router.get("/cases/{case_id}/merges")
def list_merges(case_id: Id, access: AccessDep) -> list[dict]:
    row = access.case_by_id(case_id)
    return [{"into": m.into, "member": member} for m in access.list_merges(row.ref) for member in m.members]


@router.post("/cases/{case_id}/merges", status_code=201)
def merge(case_id: Id, body: MergeIn, access: AccessDep) -> dict:
    """Merge entities (ids as the entities endpoint gives them) into one."""
    row = access.case_by_id(case_id, Role.ANALYST)
    known = access.case_entities(row.ref).entities  # the store's entity table, not every mention
    unknown = [entity for entity in [body.into, *body.members] if entity not in known]
    if unknown:
        raise ApiProblem(404, f"No entity {unknown[0]!r} in this case (see GET /v1/cases/{case_id}/entities).")
    access.merge_entities(row.ref, body.into, body.members)
    return {"into": body.into, "members": [m for m in dict.fromkeys(body.members) if m != body.into]}


@router.post("/cases/{case_id}/merges/undo")
def unmerge(case_id: Id, body: UnmergeIn, access: AccessDep) -> dict:
    row = access.case_by_id(case_id, Role.ANALYST)
    if not any(body.member in m.members for m in access.list_merges(row.ref)):
        raise ApiProblem(404, f"{body.member!r} is not merged into another entity in this case.")
    access.unmerge(row.ref, body.member)
    return {"undone": True}
