"""Request and answer bodies, as the OpenAPI document shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import BaseModel, Field

from nerpipe.auth.passwords import MAX_PASSWORD

Name = Field(min_length=1, max_length=100)
#: Row ids as the database holds them (a larger number is no row, not an overflow).
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
UserName = Annotated[str, Path(min_length=1, max_length=200)]


class LoginIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=MAX_PASSWORD)


class UserOut(BaseModel):
    name: str
    role: str
    created_at: datetime | None = None


class LoginOut(BaseModel):
    token: str
    expires_at: datetime
    user: UserOut


class MeOut(BaseModel):
    name: str
    role: str
    logins: bool = Field(description="Whether this server asks for logins")


class UserIn(BaseModel):
    name: str = Name
    role: Literal["viewer", "analyst", "admin"] = "analyst"
    password: str = Field(min_length=1, max_length=MAX_PASSWORD)


class RoleIn(BaseModel):
    role: Literal["viewer", "analyst", "admin"]


class TokenIn(BaseModel):
    label: str = Field("", max_length=100)
    days: int = Field(
        90, ge=1, le=3650, description="Days until it expires (at most the server's NERPIPE_TOKEN_MAX_DAYS)"
    )


class TokenOut(BaseModel):
    id: int
    label: str
    created_at: datetime
    expires_at: datetime | None
    revoked: bool


class NewTokenOut(TokenOut):
    token: str = Field(description="The secret: shown this once, stored only as its hash")


class CaseIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)


class CaseOut(BaseModel):
    id: int
    name: str
    created_at: datetime
    documents: int
    member: bool = Field(True, description="False for a case an admin manages without being its member")


class Page(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[Any]


class CorrectionIn(BaseModel):
    action: Literal["reject", "relabel", "add"] = Field(
        description="reject or relabel a mention found; add: mark a name the pipeline missed (needs label)"
    )
    document: str = Field(min_length=64, max_length=64, pattern="^[0-9a-f]{64}$", description="The document's sha256")
    start: int = Field(ge=0, le=2**31)
    end: int = Field(ge=0, le=2**31)
    label: str | None = Field(None, min_length=1, max_length=60, pattern="^[A-Za-z][A-Za-z0-9_]*$")
    carry: bool = Field(False, description="add: also every other occurrence of the same words in the case")


class SpanIn(BaseModel):
    document: str = Field(min_length=64, max_length=64, pattern="^[0-9a-f]{64}$")
    start: int = Field(ge=0, le=2**31)
    end: int = Field(ge=0, le=2**31)


class MergeIn(BaseModel):
    into: str = Field(min_length=1, max_length=400)
    members: list[str] = Field(min_length=1, max_length=500)


class UnmergeIn(BaseModel):
    member: str = Field(min_length=1, max_length=400)


class ExtractText(BaseModel):
    text: str = Field(max_length=5_000_000)
    name: str = Field("text", min_length=1, max_length=300, description="What the mentions' `doc` field says")
    labels: list[str] | None = Field(None, max_length=100, description="Only these labels")
