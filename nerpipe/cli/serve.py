"""`nerpipe serve`: the REST API (uvicorn), on this computer only unless told otherwise; logins
are asked for whenever NERPIPE_AUTH=1 or the address reaches beyond this computer."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from nerpipe.cli.common import app, say, user_errors
from nerpipe.cli.users import ask_first_admin
from nerpipe.config import Settings, auth_required


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: every network; logins are then on).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the REST API (documentation at /docs)."""
    import uvicorn

    from nerpipe.api import create_app
    from nerpipe.auth.first_admin import ensure_first_admin
    from nerpipe.store import Store

    with user_errors():
        settings = Settings.from_env()
        logins = auth_required(settings, host)
        store = Store.open(settings.store_url)
        if logins:
            made = ensure_first_admin(store, os.environ, ask_first_admin if sys.stdin.isatty() else None)
            if made:
                say(f"admin '{made}' created")
        api = create_app(settings, auth=logins, store=store)
    shown = f"[{host}]" if ":" in host else host
    say(
        f"nerpipe API on http://{shown}:{port} (documentation at /docs); "
        + ("logins required" if logins else "no login (this computer only)")
    )
    # proxy_headers off: uvicorn would otherwise take X-Forwarded-For from any local client as the
    # client's address, and a caller could pick a new address for each guess at a password.
    uvicorn.run(api, host=host, port=port, log_level="warning", proxy_headers=False)
