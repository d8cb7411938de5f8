"""Disabling and enabling users, without a schema change: a disabled user's password hash is kept
behind a mark (as `passwd -l` does in /etc/shadow), so no password matches it and enabling gives
the same password back. Disabling ends every session and revokes every API token at once.

Each change writes its audit entry in its own transaction, like store/users.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, func, select, update

from nerpipe.auth.roles import Role
from nerpipe.errors import UserError, UserNotFoundError
from nerpipe.store.audit import write_entry
from nerpipe.store.schema import credentials, users
from nerpipe.store.users import user_name

#: Put before a disabled user's password hash: no argon2 hash starts with it, so none matches.
DISABLED_MARK = "!"


def is_disabled_hash(password_hash: str) -> bool:
    return password_hash.startswith(DISABLED_MARK)


def disable_user(engine: Engine, actor: str, name: str) -> None:
    """The user can no longer log in or use a token; their memberships and role stay."""
    with engine.begin() as connection:
        user_id, name, role, password_hash = _row(connection, name)
        if is_disabled_hash(password_hash):
            return
        if role == Role.ADMIN.value and not _other_enabled_admins(connection, user_id):
            raise UserError(f"'{name}' is the only admin who can log in: make another user admin first.")
        connection.execute(
            update(users).where(users.c.id == user_id).values(password_hash=DISABLED_MARK + password_hash)
        )
        ended = connection.execute(
            update(credentials)
            .where(credentials.c.user_id == user_id, credentials.c.ended_at.is_(None))
            .values(ended_at=datetime.now(UTC))
        ).rowcount
        write_entry(connection, actor, "user.disable", target=name, details={"sessions_and_tokens_ended": ended})


def enable_user(engine: Engine, actor: str, name: str) -> None:
    """The user logs in with their password again (their old API tokens stay revoked)."""
    with engine.begin() as connection:
        user_id, name, _, password_hash = _row(connection, name)
        if not is_disabled_hash(password_hash):
            return
        connection.execute(
            update(users).where(users.c.id == user_id).values(password_hash=password_hash.removeprefix(DISABLED_MARK))
        )
        write_entry(connection, actor, "user.enable", target=name)


def disabled_names(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(
            connection.execute(select(users.c.name).where(users.c.password_hash.startswith(DISABLED_MARK))).scalars()
        )


def _row(connection: Connection, name: str) -> tuple[int, str, str, str]:
    try:
        cleaned = user_name(name)
    except UserError:
        cleaned = None
    row = connection.execute(
        select(users.c.id, users.c.name, users.c.role, users.c.password_hash).where(users.c.name == cleaned)
    ).first()
    if row is None:
        raise UserNotFoundError(f"No user named '{name}': see `nerpipe user list`.")
    return row.id, row.name, row.role, row.password_hash


def _other_enabled_admins(connection: Connection, user_id: int) -> int:
    return connection.execute(
        select(func.count(users.c.id)).where(
            users.c.role == Role.ADMIN.value,
            users.c.id != user_id,
            ~users.c.password_hash.startswith(DISABLED_MARK),
        )
    ).scalar_one()
