"""The first admin, made on the first start of a server that asks for logins: from the
environment (NERPIPE_ADMIN_USER and NERPIPE_ADMIN_PASSWORD, for unattended set-up) or by asking
at the terminal. Without either the server does not start: it would serve no one."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from nerpipe.auth.passwords import hash_password
from nerpipe.auth.roles import Role
from nerpipe.errors import UserError
from nerpipe.store import Store

NAME_VARIABLE, PASSWORD_VARIABLE = "NERPIPE_ADMIN_USER", "NERPIPE_ADMIN_PASSWORD"


def ensure_first_admin(
    store: Store, env: Mapping[str, str], ask: Callable[[], tuple[str, str]] | None = None
) -> str | None:
    """Make the first admin when there is none; returns their name, or None when one existed.
    `ask` prompts for a name and password (None: no terminal to ask at)."""
    users = store.users
    if users.count(Role.ADMIN):
        return None
    name, password = env.get(NAME_VARIABLE, "").strip(), env.get(PASSWORD_VARIABLE, "")
    if not (name and password):
        if ask is None:
            raise UserError(
                "Logins are on and there is no admin yet: set NERPIPE_ADMIN_USER and NERPIPE_ADMIN_PASSWORD for "
                "the first start, or run `nerpipe user add NAME --role admin` first."
            )
        name, password = ask()
    return users.add_user(name, Role.ADMIN, hash_password(password)).name
