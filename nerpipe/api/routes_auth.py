"""Logging in and out, who am I, API tokens, and users (admins)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from nerpipe.api.context import AccessDep, CallerDep, ContextDep
from nerpipe.api.problems import PROBLEM_RESPONSES, ApiProblem
from nerpipe.api.schemas import (
    Id,
    LoginIn,
    LoginOut,
    MeOut,
    NewTokenOut,
    RoleIn,
    TokenIn,
    TokenOut,
    UserIn,
    UserName,
    UserOut,
)
from nerpipe.auth.access import CaseAccess
from nerpipe.auth.login import create_token, is_session, log_in, log_out
from nerpipe.auth.passwords import hash_password
from nerpipe.store.users import Credential, User

router = APIRouter(prefix="/v1", responses=PROBLEM_RESPONSES)
LOGINS_OFF = "Logins are off on this server (NERPIPE_AUTH=1 turns them on): there are no sessions or tokens to use."


def _user(user: User) -> UserOut:
    return UserOut(name=user.name, role=user.role.value, created_at=user.created_at)


def _token(credential: Credential) -> dict:
    return {
        "id": credential.id,
        "label": credential.label,
        "created_at": credential.created_at,
        "expires_at": credential.expires_at,
        "revoked": credential.ended_at is not None,
    }


@router.post("/sessions", status_code=201, tags=["login"], responses={429: PROBLEM_RESPONSES[400]})
def login(body: LoginIn, request: Request, ctx: ContextDep) -> LoginOut:
    """Log in: a session token for the Authorization header (`Bearer ...`), until it expires."""
    if not ctx.auth:
        raise ApiProblem(400, LOGINS_OFF)
    source = request.client.host if request.client else ""  # the peer: a proxy's address behind a proxy
    done = log_in(
        ctx.store, body.name, body.password, session_minutes=ctx.settings.session_minutes, via="api", source=source
    )
    return LoginOut(token=done.secret, expires_at=done.expires_at, user=_user(done.user))


@router.delete("/sessions/current", status_code=204, tags=["login"])
def logout(found: CallerDep, ctx: ContextDep) -> Response:
    """Log out: the session token stops working at once."""
    if found.credential is None or found.secret is None:
        raise ApiProblem(400, LOGINS_OFF)
    if not is_session(found.credential):
        raise ApiProblem(400, "This is an API token, not a login session: revoke it with DELETE /v1/tokens/{id}.")
    log_out(ctx.store, found.secret)
    return Response(status_code=204)


@router.get("/me", tags=["login"])
def me(access: AccessDep, ctx: ContextDep) -> MeOut:
    """Who the server takes you for, and your role."""
    if isinstance(access, CaseAccess):
        return MeOut(name=access.user.name, role=access.user.role.value, logins=True)
    return MeOut(name=access.actor, role="admin", logins=False)


def _own_name(access: AccessDep) -> str:
    if not isinstance(access, CaseAccess):
        raise ApiProblem(400, LOGINS_OFF)
    return access.user.name


@router.get("/tokens", tags=["login"])
def list_tokens(access: AccessDep, ctx: ContextDep) -> list[TokenOut]:
    """Your API tokens (never their secrets)."""
    name = _own_name(access)
    return [TokenOut(**_token(t)) for t in ctx.store.acting_as(name).users.tokens(name)]


@router.post("/tokens", status_code=201, tags=["login"])
def new_token(body: TokenIn, access: AccessDep, ctx: ContextDep) -> NewTokenOut:
    """A new API token for yourself: its secret is in this answer only."""
    name = _own_name(access)
    secret, credential = create_token(
        ctx.store.acting_as(name), name, label=body.label, days=body.days, max_days=ctx.settings.token_max_days
    )
    return NewTokenOut(token=secret, **_token(credential))


@router.delete("/tokens/{token_id}", status_code=204, tags=["login"])
def revoke_token(token_id: Id, access: AccessDep, ctx: ContextDep) -> Response:
    """Revoke one of your API tokens (an admin: anyone's)."""
    name = _own_name(access)
    assert isinstance(access, CaseAccess)
    owner = None if access.user.role.value == "admin" else name
    ctx.store.acting_as(name).users.revoke_token(token_id, owner=owner)
    return Response(status_code=204)


@router.get("/users", tags=["users"])
def list_users(access: AccessDep) -> list[UserOut]:
    """Every user (admins)."""
    return [_user(user) for user in access.admin_users.list_users()]


@router.post("/users", status_code=201, tags=["users"])
def add_user(body: UserIn, access: AccessDep) -> UserOut:
    """Add a user (admins)."""
    users = access.admin_users
    return _user(users.add_user(body.name, body.role, hash_password(body.password)))


@router.delete("/users/{name}", status_code=204, tags=["users"])
def remove_user(name: UserName, access: AccessDep) -> Response:
    """Remove a user (admins): their memberships, sessions and tokens end; the audit log keeps their name."""
    access.admin_users.remove_user(name)
    return Response(status_code=204)


@router.put("/users/{name}/role", tags=["users"])
def set_role(name: UserName, body: RoleIn, access: AccessDep) -> UserOut:
    """Change a user's role (admins)."""
    users = access.admin_users
    users.set_role(name, body.role)
    found = users.find(name)
    assert found is not None
    return _user(found)
