"""What every request shares (settings, the store, the pipelines, the upload jobs) and who is
asking: with logins on, the holder of a valid session or API token, seen through CaseAccess;
with logins off (localhost only), this computer's user, who may do everything."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from nerpipe.api.jobs import JobRunner
from nerpipe.auth.access import CaseAccess, OpenAccess
from nerpipe.auth.login import NOT_LOGGED_IN, authenticate
from nerpipe.config import Settings
from nerpipe.errors import AuthError
from nerpipe.pipeline import Pipeline
from nerpipe.store import Store
from nerpipe.store.users import Credential

Access = CaseAccess | OpenAccess


class LoadedPipeline:
    """A pipeline built on first use, and a lock: one text at a time goes through it (spaCy does
    not promise that one pipeline can serve several threads at once)."""

    def __init__(self, build: Callable[[], Pipeline]) -> None:
        self._build = build
        self._pipeline: Pipeline | None = None
        self.lock = threading.Lock()

    def get(self) -> Pipeline:
        with self.lock:
            if self._pipeline is None:
                self._pipeline = self._build()
            return self._pipeline


@dataclass
class ApiContext:
    settings: Settings
    store: Store
    auth: bool
    #: For /v1/extract: the pipeline `nerpipe extract` uses.
    extract_pipeline: LoadedPipeline
    #: For uploads into a case: the pipeline batches use (with the parser, for relation verbs).
    case_pipeline: LoadedPipeline
    jobs: JobRunner = field(default_factory=JobRunner)


bearer = HTTPBearer(auto_error=False, description="A session (POST /v1/sessions) or an API token (nerpipe user token)")


def context(request: Request) -> ApiContext:
    return request.app.state.nerpipe


@dataclass(frozen=True)
class Caller:
    """Who is asking, and the store as they may use it."""

    access: Access
    #: The session or token they came with (None when logins are off).
    credential: Credential | None
    secret: str | None


def caller(request: Request, given: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Caller:
    ctx = context(request)
    if not ctx.auth:
        return Caller(OpenAccess(ctx.store), None, None)
    if given is None or given.scheme.lower() != "bearer":
        raise AuthError(NOT_LOGGED_IN)
    credential = authenticate(ctx.store, given.credentials)
    return Caller(CaseAccess(ctx.store, credential.user), credential, given.credentials)


def access(found: Annotated[Caller, Depends(caller)]) -> Access:
    return found.access


ContextDep = Annotated[ApiContext, Depends(context)]
CallerDep = Annotated[Caller, Depends(caller)]
AccessDep = Annotated[Access, Depends(access)]
