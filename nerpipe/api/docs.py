"""The API's documentation pages, /docs (Swagger UI) and /redoc, working offline: their scripts and styles are
served by the app from the fastapi-offline package instead of a CDN, and the pages' content security policy
keeps the browser from reaching any other host (ReDoc's sidebar loads its maker's logo from one; refused, the
logo hides itself)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DOCS_URL = "/docs"
REDOC_URL = "/redoc"
ASSETS_URL = "/docs-assets"
#: The pages' inline start-up scripts and styled components need 'unsafe-inline'; ReDoc's search runs in a
#: worker made from a blob. Nothing may come from, or go to, another host.
POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'"
)


def documented_app(**options: Any) -> FastAPI:
    """A FastAPI app (`options` as for FastAPI) whose /docs and /redoc need no network."""
    app = FastAPIOffline(docs_url=DOCS_URL, redoc_url=REDOC_URL, static_url=ASSETS_URL, **options)
    app.add_middleware(DocsPolicy)
    return app


class DocsPolicy:
    """Adds the content security policy to the documentation pages' answers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in (DOCS_URL, REDOC_URL):
            await self.app(scope, receive, send)
            return

        async def with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["Content-Security-Policy"] = POLICY
            await send(message)

        await self.app(scope, receive, with_policy)
