"""`nerpipe audit`: the audit log as CSV, of one case (a deleted one too) or of everything."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from nerpipe.audit_export import audit_csv
from nerpipe.cli.common import app, say, user_errors
from nerpipe.config import Settings
from nerpipe.store import Store


@app.command("audit")
def audit_command(
    case: Annotated[str | None, typer.Option("--case", "-c", help="Only this case's entries (by name).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")] = None,
) -> None:
    """Who did what, when, on which case: the audit log as CSV, oldest first."""
    with user_errors():
        entries = Store.open(Settings.from_env().store_url).audit.entries(case=case)
    if out is None:
        sys.stdout.write(audit_csv(entries, bom=False).decode("utf-8"))
    else:
        out.write_bytes(audit_csv(entries))
        say(f"{len(entries)} entries written to {out}")
    if not entries:
        say(f"no audit entries for case '{case}'" if case else "the audit log is empty")
