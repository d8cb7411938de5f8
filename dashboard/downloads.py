"""Downloads of case data that never get a URL of their own.

Streamlit's st.download_button serves the file at /media/<hash>, to anyone who has that address,
logged in or not, for as long as the server keeps it. Here a download is a plain button: its click
reaches the server over the session's own connection (a logged-in member's), the export is checked
and recorded there, and the bytes go back over that same connection to be saved by the browser.
Each click is one audit entry; nothing is left on the server to fetch afterwards.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable
from types import ModuleType

import streamlit as st
from safe import md
from streamlit.delta_generator import DeltaGenerator

from nerpipe import NerpipeError

log = logging.getLogger("nerpipe.dashboard")
#: The largest file handed to the browser this way: it travels base64-encoded in one message, and
#: Streamlit's messages are at most 200 MB (server.maxMessageSize).
MAX_BYTES = 100 * 1024 * 1024


def audited_download(
    make: Callable[[], bytes],
    *,
    file_name: str,
    mime: str,
    key: str,
    record: Callable[[], None],
    where: DeltaGenerator | ModuleType = st,
) -> None:
    """A button that saves `make()` as `file_name` in this browser once `record()` has allowed and
    logged the export: recorded only when the file was made, before it is sent (a refusal or a
    failure is a message beside the button, never a file)."""
    if not where.button(f"⬇ {file_name}", key=key):
        return
    try:
        data = make()
        if len(data) > MAX_BYTES:
            where.error(
                f"{md(file_name)} is {len(data) / 1024**2:,.0f} MB, more than a browser download here can carry "
                f"({MAX_BYTES // 1024**2} MB): narrow the filters, or use `nerpipe export` on the server."
            )
            return
        record()
    except NerpipeError as exc:
        where.error(f"{md(file_name)}: {md(exc)}")
        return
    except Exception:  # a bug: this file is missing, the view and the other downloads still work
        log.exception("download %s failed", file_name)
        where.error(f"{md(file_name)} could not be made (the other downloads work). Please report it.")
        return
    where.html(save_script(data, file_name, mime), unsafe_allow_javascript=True)


def save_script(data: bytes, file_name: str, mime: str) -> str:
    """A script that saves `data` as `file_name` in the browser that runs it. The data travel inside
    the script: a blob: address exists only in that page, for a minute."""
    # JSON inside <script>: "<" escaped, so no text can close the script element.
    name = json.dumps(file_name).replace("<", "\\u003c")
    source = json.dumps(f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}").replace("<", "\\u003c")
    return (
        "<script>(async () => {"
        f"const blob = await (await fetch({source})).blob();"
        "const url = URL.createObjectURL(blob);"
        "const link = document.createElement('a');"
        f"link.href = url; link.download = {name}; link.style.display = 'none';"
        "document.body.appendChild(link); link.click(); link.remove();"
        "setTimeout(() => URL.revokeObjectURL(url), 60000);"
        "})();</script>"
    )
