"""What a request may cost before anything of its body is read.

A body is held to its route's limit (a login is a few hundred bytes, an upload up to
NERPIPE_MAX_UPLOAD_MB), a body that does not say its length to a small one, and, with logins on,
no body is read until its sender has shown a valid session or token: an outsider's 400 MB costs
the server nothing but the refusal. An upload also waits for a free place among its sender's
unfinished ones, so that no one can queue up the server's disk, and a body that stops arriving
is given up (408) instead of holding a connection open for ever.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nerpipe.api import problems
from nerpipe.api.jobs import JobRunner
from nerpipe.auth.login import NOT_LOGGED_IN, authenticate
from nerpipe.config import Settings
from nerpipe.errors import AuthError

KB, MB = 1024, 1024 * 1024
#: A JSON body (a case, a correction, a user): far more than any needs.
JSON_LIMIT = 1 * MB
#: A body sent without Content-Length (chunked): only this much is accepted.
UNDECLARED_LIMIT = 64 * KB
#: Unfinished uploads (received, queued or running) one sender may have at once.
UPLOADS_PER_SENDER = 2
#: Seconds a body may go without a byte arriving before the request is given up.
BODY_IDLE_SECONDS = 30.0
UPLOAD_PATH = re.compile(r"/v1/cases/[^/]+/documents/?")


@dataclass(frozen=True, slots=True)
class BodyRule:
    method: str
    path: re.Pattern[str]
    limit: int
    #: False for the one route an outsider may send a body to: logging in.
    needs_login: bool = True


def body_rules(settings: Settings) -> tuple[BodyRule, ...]:
    """The routes whose bodies may be larger, or smaller, than a JSON document's."""
    return (
        BodyRule("POST", re.compile(r"/v1/sessions/?"), 16 * KB, needs_login=False),
        BodyRule("POST", UPLOAD_PATH, settings.max_upload_bytes),
        BodyRule("POST", re.compile(r"/v1/extract/?"), settings.max_file_bytes + 1 * MB),
    )


def size_in_words(limit: int) -> str:
    return f"{limit / MB:,.0f} MB" if limit >= MB else f"{limit / KB:,.0f} KB"


class RequestGate:
    """ASGI middleware in front of the routes: the limits above, checked from the headers first."""

    def __init__(self, app: ASGIApp, settings: Settings, *, idle_seconds: float = BODY_IDLE_SECONDS) -> None:
        self.app = app
        self.rules = body_rules(settings)
        self.idle_seconds = idle_seconds
        self._uploading: dict[str, int] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        path = scope["path"][len(scope.get("root_path", "")) :] or scope["path"]
        rule = next((r for r in self.rules if r.method == scope["method"] and r.path.fullmatch(path)), None)
        limit = rule.limit if rule else JSON_LIMIT
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _answer(scope, send, 413, _too_large(limit, rule))
            return
        if declared is None:
            limit = min(limit, UNDECLARED_LIMIT)
        context = scope["app"].state.nerpipe
        sender = context.store.actor  # who uploads when logins are off (the jobs' owner then)
        if context.auth and (rule is None or rule.needs_login):
            try:
                sender = await run_in_threadpool(_sender, context.store, headers.get(b"authorization", b""))
            except AuthError as exc:
                await _answer(scope, send, 401, str(exc))
                return
        if rule is not None and rule.path is UPLOAD_PATH:
            await self._upload(scope, receive, send, limit, sender, context.jobs)
            return
        await _limited(self.app, scope, receive, send, limit, rule, self.idle_seconds)

    async def _upload(
        self, scope: Scope, receive: Receive, send: Send, limit: int, sender: str, jobs: JobRunner
    ) -> None:
        """One sender's uploads in flight (being received, or jobs not yet finished) are bounded."""
        if self._uploading.get(sender, 0) + jobs.unfinished(sender) >= UPLOADS_PER_SENDER:
            await _answer(
                scope,
                send,
                429,
                f"You already have {UPLOADS_PER_SENDER} uploads being received or read: wait for one to finish "
                "(GET /v1/jobs/{id}) and send the next.",
            )
            return
        self._uploading[sender] = self._uploading.get(sender, 0) + 1
        try:
            upload = BodyRule("POST", UPLOAD_PATH, limit)
            await _limited(self.app, scope, receive, send, limit, upload, self.idle_seconds)
        finally:
            self._uploading[sender] -= 1
            if not self._uploading[sender]:
                del self._uploading[sender]


def _sender(store, authorization: bytes) -> str:
    """The user a request's bearer secret stands for (AuthError when none is valid)."""
    scheme, _, secret = authorization.decode("latin-1").strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise AuthError(NOT_LOGGED_IN)
    return authenticate(store, secret.strip()).user.name


def _too_large(limit: int, rule: BodyRule | None) -> str:
    if rule is not None and rule.path is UPLOAD_PATH:
        return (
            f"The request is larger than the {size_in_words(limit)} limit: send fewer files at once, "
            "or raise NERPIPE_MAX_UPLOAD_MB."
        )
    return f"The request body is larger than this route's {size_in_words(limit)} limit."


async def _limited(
    app: ASGIApp, scope: Scope, receive: Receive, send: Send, limit: int, rule: BodyRule | None, idle: float
) -> None:
    """Run the route, cutting its body off past `limit` bytes (413) whether it said its length or
    not, or once no byte of it arrived for `idle` seconds (408)."""
    seen = 0
    refused: tuple[int, str] | None = None
    started = received = False

    async def counted() -> Message:
        nonlocal seen, refused, received
        if refused:
            return {"type": "http.disconnect"}
        if received:  # the body is in: what comes now is the client leaving, whenever it does
            return await receive()
        try:
            with anyio.fail_after(idle):
                message = await receive()
        except TimeoutError:
            refused = (408, f"No part of the request body arrived for {idle:g} seconds: send it again.")
            return {"type": "http.disconnect"}
        if message["type"] == "http.request":
            received = not message.get("more_body", False)
            seen += len(message.get("body", b""))
            if seen > limit and not started:
                refused = _over_limit(scope, limit, rule)  # the route sees the client go; its answer is replaced
                return {"type": "http.disconnect"}
        return message

    async def watched(message: Message) -> None:
        nonlocal started
        if not refused:
            started = started or message["type"] == "http.response.start"
            await send(message)

    try:
        await app(scope, counted, watched)
    except Exception:
        if not refused:
            raise
    if refused:
        await _answer(scope, send, *refused)


def _over_limit(scope: Scope, limit: int, rule: BodyRule | None) -> tuple[int, str]:
    if dict(scope.get("headers") or []).get(b"content-length") is None and limit == UNDECLARED_LIMIT:
        return 411, f"A request body without Content-Length may be at most {size_in_words(limit)}: send its length."
    return 413, _too_large(limit, rule)


async def _answer(scope: Scope, send: Send, status: int, detail: str) -> None:
    await problems.problem(status, detail)(scope, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}
