"""The FastAPI application: routes, problem details, the request size limit, and the context
(settings, store, pipelines, jobs) every request shares."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nerpipe import __version__
from nerpipe.api import (
    problems,
    routes_auth,
    routes_cases,
    routes_corrections,
    routes_documents,
    routes_extract,
    routes_reading,
)
from nerpipe.api.context import ApiContext, LoadedPipeline
from nerpipe.api.docs import documented_app
from nerpipe.batch import build_case_pipeline
from nerpipe.config import Settings
from nerpipe.pipeline import Pipeline, build_pipeline
from nerpipe.store import Store

DESCRIPTION = """Named entities and link charts from investigative case files, over HTTP: the same
functions as the `nerpipe` command and the dashboard. Errors are RFC 9457 problem details. When
the server asks for logins, send `Authorization: Bearer TOKEN` with a session (POST /v1/sessions)
or an API token (`nerpipe user token NAME`)."""


def create_app(
    settings: Settings,
    *,
    auth: bool,
    store: Store | None = None,
    extract_pipeline: Callable[[], Pipeline] | None = None,
    case_pipeline: Callable[[], Pipeline] | None = None,
) -> FastAPI:
    """The API over `store` (default: the settings' store). `auth`: ask for a session or token on
    every request (see config.auth_required). The pipelines are built on first use unless given."""
    opened = store or Store.open(settings.store_url)
    extract = LoadedPipeline(extract_pipeline or (lambda: build_pipeline(settings)))
    for_cases = extract if case_pipeline is extract_pipeline and case_pipeline is not None else None
    context = ApiContext(
        settings=settings,
        store=opened,
        auth=auth,
        extract_pipeline=extract,
        case_pipeline=for_cases or LoadedPipeline(case_pipeline or (lambda: build_case_pipeline(settings))),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        context.jobs.shutdown()

    app = documented_app(title="nerpipe", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.nerpipe = context
    problems.install(app)
    for module in (routes_auth, routes_cases, routes_documents, routes_reading, routes_corrections, routes_extract):
        app.include_router(module.router)
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes)
    return app


class BodyLimit:
    """Refuse a request body over `limit` bytes with 413, whether it says its length or not."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send)
            return
        seen = 0
        exceeded = started = False

        async def counted() -> Message:
            nonlocal seen, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit and not started:
                    exceeded = True  # the app sees the client go; its answer is replaced below
                    return {"type": "http.disconnect"}
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if not exceeded:
                started = started or message["type"] == "http.response.start"
                await send(message)

        try:
            await self.app(scope, counted, watched)
        except Exception:
            if not exceeded:
                raise
        if exceeded:
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        size = f"{self.limit / 1024**2:,.0f} MB" if self.limit >= 1024**2 else f"{self.limit / 1024:,.0f} KB"
        response = problems.problem(
            413,
            f"The request is larger than the {size} limit: send fewer files at once, or raise NERPIPE_MAX_UPLOAD_MB.",
        )
        await response(scope, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}
