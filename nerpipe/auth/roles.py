"""The three roles, each allowing what the one below it does and more: a viewer reads the cases
they are a member of; an analyst also creates cases, uploads, corrects, exports and reprocesses;
an admin also manages users and memberships and deletes cases."""

from __future__ import annotations

from enum import StrEnum

from nerpipe.errors import UserError


class Role(StrEnum):
    VIEWER = "viewer"
    ANALYST = "analyst"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


_RANKS = {Role.VIEWER: 0, Role.ANALYST: 1, Role.ADMIN: 2}
ROLES = tuple(role.value for role in Role)
#: What each role needs to be told it cannot do, in words.
ROLE_DOES = {
    Role.VIEWER: "read",
    Role.ANALYST: "upload, correct, export and reprocess",
    Role.ADMIN: "manage users and delete cases",
}


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise UserError(f"Unknown role '{value}': use one of {', '.join(ROLES)}.") from None
