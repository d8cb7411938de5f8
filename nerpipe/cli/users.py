"""`nerpipe user ...`: users, their roles, case memberships and API tokens, on this computer's
case store (whoever can run nerpipe here can open the store directly: these commands are the
admin's tools, recorded in the audit log as this computer's user). They call nerpipe.auth.admin, as
the dashboard's Admin view does."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from nerpipe.auth import admin
from nerpipe.auth.first_admin import ensure_first_admin
from nerpipe.auth.passwords import check_password
from nerpipe.auth.roles import ROLES, parse_role
from nerpipe.cli.common import app, say, user_errors
from nerpipe.config import Settings, auth_required
from nerpipe.errors import UserError
from nerpipe.store import Store

user_app = typer.Typer(help="Users, roles, case membership and API tokens.", no_args_is_help=True)
app.add_typer(user_app, name="user")

NameArgument = Annotated[str, typer.Argument(help="The user's name (letters, digits, . _ @ -).")]
RoleOption = Annotated[str, typer.Option("--role", "-r", help=f"One of: {', '.join(ROLES)}.")]
CaseOption = Annotated[str, typer.Option("--case", "-c", help="The case's name.")]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input instead of asking.")
]


def _store() -> Store:
    return Store.open(Settings.from_env().store_url)


def read_password(from_stdin: bool) -> str:
    """From standard input (first line), or asked twice at the terminal, hidden."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    check_password(password)
    return password


@user_app.command("add")
def user_add(name: NameArgument, role: RoleOption = "analyst", password_stdin: PasswordStdin = False) -> None:
    """Add a user with a password and a role."""
    with user_errors():
        parse_role(role)
        user = admin.create_user(_store(), name, role, read_password(password_stdin))
    typer.echo(f"user '{user.name}' added ({user.role.value})")


@user_app.command("list")
def user_list() -> None:
    """Every user, with their role and the cases they are a member of (disabled users marked)."""
    with user_errors():
        rows = admin.user_rows(_store())
    if not rows:
        say("no users yet: nerpipe user add NAME --role admin")
    for row in rows:
        role = f"{row.role.value} (disabled)" if row.disabled else row.role.value
        typer.echo(f"{row.name}\t{role}\t{', '.join(row.cases) or '(no cases)'}")


@user_app.command("remove")
def user_remove(
    name: NameArgument, yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False
) -> None:
    """Remove a user: their memberships, sessions and tokens end; the audit log keeps their name."""
    with user_errors():
        store = _store()
        if store.users.find(name) is None:
            raise UserError(f"No user named '{name}': see `nerpipe user list`.")
        if not yes and not typer.confirm(f"Remove user '{name}'?", err=True):
            raise typer.Exit(1)
        admin.remove_user(store, name)
    typer.echo(f"user '{name}' removed")


@user_app.command("role")
def user_role(name: NameArgument, role: Annotated[str, typer.Argument(help=f"One of: {', '.join(ROLES)}.")]) -> None:
    """Change a user's role."""
    with user_errors():
        admin.set_role(_store(), name, role)
    typer.echo(f"user '{name}' is now {parse_role(role).value}")


@user_app.command("password")
def user_password(
    name: NameArgument,
    password_stdin: PasswordStdin = False,
    keep_tokens: Annotated[bool, typer.Option(help="Keep the user's API tokens (revoked by default).")] = False,
) -> None:
    """Set a new password (ends the user's login sessions and revokes their API tokens)."""
    with user_errors():
        store = _store()
        if store.users.find(name) is None:
            raise UserError(f"No user named '{name}': see `nerpipe user list`.")
        revoked = admin.reset_password(store, name, read_password(password_stdin), revoke_tokens=not keep_tokens)
    typer.echo(f"password of '{name}' changed" + (f", {revoked} API token(s) revoked" if revoked else ""))


@user_app.command("disable")
def user_disable(name: NameArgument) -> None:
    """Stop a user logging in: their sessions end and their API tokens are revoked; role and cases stay."""
    with user_errors():
        admin.disable_user(_store(), name)
    typer.echo(f"user '{name}' disabled")


@user_app.command("enable")
def user_enable(name: NameArgument) -> None:
    """Let a disabled user log in again, with their password (old API tokens stay revoked)."""
    with user_errors():
        admin.enable_user(_store(), name)
    typer.echo(f"user '{name}' can log in again")


@user_app.command("join")
def user_join(name: NameArgument, case: CaseOption) -> None:
    """Make a user a member of a case (they see it, with what their role allows)."""
    with user_errors():
        admin.add_member(_store(), name, case)
    typer.echo(f"'{name}' is a member of '{case}'")


@user_app.command("leave")
def user_leave(name: NameArgument, case: CaseOption) -> None:
    """Take a user out of a case."""
    with user_errors():
        admin.remove_member(_store(), name, case)
    typer.echo(f"'{name}' is no longer a member of '{case}'")


@user_app.command("token")
def user_token(
    name: NameArgument,
    label: Annotated[str, typer.Option(help="What the token is for (shown in listings).")] = "",
    days: Annotated[
        int, typer.Option(help="Days until it expires (at most NERPIPE_TOKEN_MAX_DAYS, 365 by default).")
    ] = 90,
) -> None:
    """Create an API token for a user: printed once, stored only as its hash."""
    with user_errors():
        secret, credential = admin.create_token(
            _store(), name, label=label, days=days, max_days=Settings.from_env().token_max_days
        )
    typer.echo(secret)
    say(
        f"token {credential.id} for '{credential.user.name}' (expires {credential.expires_at:%Y-%m-%d}): "
        "keep it now, it is not shown again"
    )


@user_app.command("tokens")
def user_tokens(name: NameArgument) -> None:
    """A user's API tokens (without their secrets)."""
    with user_errors():
        tokens = _store().users.tokens(name)
    for token in tokens:
        state = "revoked" if token.ended_at else (f"expires {token.expires_at:%Y-%m-%d}" if token.expires_at else "")
        typer.echo(f"{token.id}\t{token.label or '-'}\tcreated {token.created_at:%Y-%m-%d}\t{state}")


@user_app.command("revoke-token")
def user_revoke_token(
    token_id: Annotated[int, typer.Argument(help="The token's number (nerpipe user tokens).")],
) -> None:
    """Revoke an API token at once."""
    with user_errors():
        _store().users.revoke_token(token_id)
    typer.echo(f"token {token_id} revoked")


@user_app.command("ensure-admin")
def user_ensure_admin(
    host: Annotated[str, typer.Option(help="The address the server will listen on.")] = "127.0.0.1",
) -> None:
    """Before a server starts: when it asks for logins and there is no admin, make one (from
    NERPIPE_ADMIN_USER and NERPIPE_ADMIN_PASSWORD, or by asking). Does nothing otherwise."""
    with user_errors():
        settings = Settings.from_env()
        if not auth_required(settings, host):
            return
        made = ensure_first_admin(
            Store.open(settings.store_url), os.environ, ask_first_admin if sys.stdin.isatty() else None
        )
    if made:
        say(f"admin '{made}' created")


def ask_first_admin() -> tuple[str, str]:
    say("Logins are on and there is no admin yet: create the first one.")
    name = typer.prompt("Admin name", err=True)
    return name, read_password(False)
