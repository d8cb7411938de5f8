"""Cases (list, create, delete), their members, and their audit log. Cases are addressed by id;
an id of a case the caller is not a member of answers 404, as one that does not exist does."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from nerpipe.api.context import AccessDep
from nerpipe.api.problems import PROBLEM_RESPONSES
from nerpipe.api.schemas import CaseIn, CaseOut, Id, Page, UserName, UserOut
from nerpipe.audit_export import audit_csv, audit_row
from nerpipe.auth.access import READ_WHOLE_AUDIT

router = APIRouter(prefix="/v1", responses=PROBLEM_RESPONSES)
Offset = Annotated[int, Query(ge=0, le=10**9, description="Items to skip")]
Limit = Annotated[int, Query(ge=1, le=1000, description="Items in one answer")]
AuditFormat = Annotated[Literal["json", "csv"], Query(description="json (paginated) or csv (everything)")]


def case_out(row, member: bool = True) -> CaseOut:
    return CaseOut(id=row.id, name=row.name, created_at=row.created_at, documents=row.documents, member=member)


@router.get("/cases", tags=["cases"])
def list_cases(access: AccessDep, offset: Offset = 0, limit: Limit = 100) -> Page:
    """The cases you are a member of (an admin: every case)."""
    rows, mine = access.case_rows(), access.member_case_ids()
    items = [case_out(r, r.id in mine) for r in rows[offset : offset + limit]]
    return Page(total=len(rows), offset=offset, limit=limit, items=items)


@router.post("/cases", status_code=201, tags=["cases"], responses={409: PROBLEM_RESPONSES[400]})
def create_case(body: CaseIn, access: AccessDep) -> CaseOut:
    """A new, empty case (analysts and admins); you are its first member."""
    access.create_case(body.name)
    name = " ".join(body.name.split())
    row = next(r for r in access.case_rows() if r.name == name)
    return case_out(row)


@router.get("/cases/{case_id}", tags=["cases"])
def get_case(case_id: Id, access: AccessDep) -> CaseOut:
    return case_out(access.case_by_id(case_id))


@router.delete("/cases/{case_id}", status_code=204, tags=["cases"])
def delete_case(case_id: Id, access: AccessDep) -> Response:
    """Delete a case with everything in it (admins). Its audit log stays, with the deletion in it."""
    row = access.managed_case(case_id)
    access.delete_case(row.ref)
    return Response(status_code=204)


@router.get("/cases/{case_id}/members", tags=["cases"])
def members(case_id: Id, access: AccessDep) -> list[UserOut]:
    row = access.managed_case(case_id)
    return [UserOut(name=u.name, role=u.role.value, created_at=u.created_at) for u in access.members(row.ref)]


@router.put("/cases/{case_id}/members/{name}", status_code=204, tags=["cases"])
def add_member(case_id: Id, name: UserName, access: AccessDep) -> Response:
    """Make a user a member of the case (admins)."""
    row = access.managed_case(case_id)
    access.admin_users.add_member(name, row.ref)
    return Response(status_code=204)


@router.delete("/cases/{case_id}/members/{name}", status_code=204, tags=["cases"])
def remove_member(case_id: Id, name: UserName, access: AccessDep) -> Response:
    """Take a user out of the case (admins)."""
    row = access.managed_case(case_id)
    access.admin_users.remove_member(name, row.ref)
    return Response(status_code=204)


@router.get("/cases/{case_id}/audit", tags=["audit"], response_model=None)
def case_audit(
    case_id: Id, access: AccessDep, format: AuditFormat = "json", offset: Offset = 0, limit: Limit = 100
) -> Page | Response:
    """The case's audit log, oldest first (its members and admins): this case's entries, not those
    of a deleted case that had its name (GET /v1/audit?case=NAME gives admins the name's whole log)."""
    row = access.managed_case(case_id)
    return _audit(access, row.ref, format, offset, limit, f"audit-case-{row.id}.csv", current_only=True)


@router.get("/audit", tags=["audit"], response_model=None)
def whole_audit(
    access: AccessDep,
    case: Annotated[str | None, Query(max_length=200, description="Only this case's entries, by name")] = None,
    format: AuditFormat = "json",
    offset: Offset = 0,
    limit: Limit = 100,
) -> Page | Response:
    """The audit log, oldest first (admins): everything, or one case's by name, a deleted case's too."""
    access.require_admin(READ_WHOLE_AUDIT)
    return _audit(access, case, format, offset, limit, "audit.csv")


def _audit(
    access, case: str | None, format: str, offset: int, limit: int, filename: str, *, current_only: bool = False
) -> Page | Response:
    if format == "csv":
        return Response(
            audit_csv(access.audit_entries(case, current_only=current_only)),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    entries = access.audit_entries(case, current_only=current_only, offset=offset, limit=limit)
    total = access.audit_count(case, current_only=current_only)
    return Page(total=total, offset=offset, limit=limit, items=[audit_row(e) for e in entries])
