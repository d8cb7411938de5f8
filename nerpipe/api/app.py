"""The FastAPI application: routes, problem details, the request limits, and the context
(settings, store, pipelines, jobs) every request shares."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from nerpipe import __version__
from nerpipe.api import (
    problems,
    routes_auth,
    routes_cases,
    routes_charts,
    routes_corrections,
    routes_documents,
    routes_extract,
    routes_reading,
)
from nerpipe.api.context import ApiContext, LoadedPipeline
from nerpipe.api.docs import documented_app
from nerpipe.api.limits import RequestGate
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
    for module in (
        routes_auth,
        routes_cases,
        routes_documents,
        routes_reading,
        routes_charts,
        routes_corrections,
        routes_extract,
    ):
        app.include_router(module.router)
    app.add_middleware(RequestGate, settings=settings)
    return app
