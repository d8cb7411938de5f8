"""Errors as RFC 9457 problem details (application/problem+json): the status, its title, and the
same clear message the CLI prints as `detail`; never a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.status import HTTP_500_INTERNAL_SERVER_ERROR

from nerpipe.errors import (
    AuthError,
    CaseError,
    CaseExistsError,
    CaseNotFoundError,
    IngestError,
    LoginRateLimitError,
    NerpipeError,
    PermissionDeniedError,
    QueryError,
    StoreError,
    UserExistsError,
    UserNotFoundError,
)

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)
#: Most specific first: the first class an error is an instance of gives its status.
STATUS_OF: tuple[tuple[type[NerpipeError], int], ...] = (
    (CaseNotFoundError, 404),
    (UserNotFoundError, 404),
    (CaseExistsError, 409),
    (UserExistsError, 409),
    (LoginRateLimitError, 429),
    (AuthError, 401),
    (PermissionDeniedError, 403),
    (IngestError, 422),
    (QueryError, 400),
    (StoreError, 503),
    (CaseError, 400),
    (NerpipeError, 400),
)
TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    411: "Length Required",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None


class ApiProblem(Exception):
    """An answer that is not a NerpipeError (a missing job, a wrong content type...)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


def problem(status: int, detail: str, request: Request | None = None, **extra: object) -> JSONResponse:
    body = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status, "detail": detail}
    if request is not None:
        body["instance"] = request.url.path
    body.update(extra)
    headers = {"WWW-Authenticate": 'Bearer realm="nerpipe"'} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def status_of(error: NerpipeError) -> int:
    return next(status for kind, status in STATUS_OF if isinstance(error, kind))


#: The answers every route may give, for the OpenAPI document.
PROBLEM_RESPONSES: dict[int | str, dict] = {
    status: {"model": Problem, "description": TITLES[status], "content": {PROBLEM_JSON: {}}}
    for status in (400, 401, 403, 404, 422)
}


def install(app: FastAPI) -> None:
    @app.exception_handler(NerpipeError)
    async def nerpipe_error(request: Request, error: NerpipeError) -> JSONResponse:
        return problem(status_of(error), str(error), request)

    @app.exception_handler(ApiProblem)
    async def api_problem(request: Request, error: ApiProblem) -> JSONResponse:
        return problem(error.status, error.detail, request)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = [_plain(e) for e in error.errors()]
        first = errors[0] if errors else {"where": "request", "message": "invalid"}
        detail = f"{first['where']}: {first['message']}"
        if len(errors) > 1:
            detail += f" (and {len(errors) - 1} more problem(s))"
        return problem(422, detail, request, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        detail = error.detail if isinstance(error.detail, str) else TITLES.get(error.status_code, "Error")
        if error.status_code == 404 and detail == "Not Found":
            detail = f"No such address: {request.url.path} (the endpoints are listed at /docs)."
        return problem(error.status_code, detail, request)

    @app.exception_handler(Exception)
    async def bug(request: Request, error: Exception) -> JSONResponse:
        log.exception("API request %s %s failed", request.method, request.url.path)
        return problem(
            HTTP_500_INTERNAL_SERVER_ERROR,
            "Something went wrong on the server: nothing was changed. Try again, and report it if it persists.",
            request,
        )


def _plain(error: dict) -> dict[str, str]:
    """A validation error in words: where (body / query parameter 'limit'...) and what is wrong."""
    location = [str(part) for part in error.get("loc", ())]
    if error.get("type") == "json_invalid":  # its location is a character offset, not a field
        reason = str((error.get("ctx") or {}).get("error", "")) or "JSON decode error"
        at = f" at character {location[-1]}" if len(location) > 1 else ""
        return {"where": "body", "message": f"not valid JSON: {reason.removesuffix(' at')}{at}"}
    if location and location[0] in ("query", "path", "header"):
        where = f"{location[0]} parameter '{'.'.join(location[1:])}'"
    elif location and location[0] == "body":
        where = "body" + (f" field '{'.'.join(location[1:])}'" if len(location) > 1 else "")
    else:
        where = ".".join(location) or "request"
    return {"where": where, "message": str(error.get("msg", "invalid"))}
