"""`nerpipe audit`: the audit log as CSV, of one case (a deleted one too) or of everything, or the
server-wide parts an admin looks for (logins, users and members). A case that exists gets a `words`
column: each correction's words, read at its offsets."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from nerpipe.audit_export import audit_csv, correction_words
from nerpipe.auth.admin import LOG_PARTS, server_log
from nerpipe.cli.common import app, say, user_errors
from nerpipe.config import Settings
from nerpipe.errors import UserError
from nerpipe.store import Store


@app.command("audit")
def audit_command(
    case: Annotated[str | None, typer.Option("--case", "-c", help="Only this case's entries (by name).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")] = None,
    only: Annotated[
        str | None, typer.Option("--only", help=f"Only this part of the whole log: {', '.join(LOG_PARTS)}.")
    ] = None,
) -> None:
    """Who did what, when, on which case: the audit log as CSV, oldest first."""
    words = None
    with user_errors():
        store = Store.open(Settings.from_env().store_url)
        if only is not None:
            if case is not None:
                raise UserError("Give --case or --only, not both.")
            entries = list(reversed(server_log(store, only)))
        else:
            entries = store.audit.entries(case=case)
        if case is not None and store.case_exists(case):
            words = correction_words(entries, store.document_texts(case), store.filenames(case))
    if out is None:
        sys.stdout.write(audit_csv(entries, bom=False, words=words).decode("utf-8"))
    else:
        out.write_bytes(audit_csv(entries, words=words))
        say(f"{len(entries)} entries written to {out}")
    if not entries:
        say(f"no audit entries for case '{case}'" if case else "the audit log is empty")
