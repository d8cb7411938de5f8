"""The "Save layout" control of the Link chart view, a Streamlit v2 component (plain HTML and JS
from this folder). The chart's iframe cannot reach the server; it posts its entities' places to
the page, this component keeps the latest and sends them with the name on Save."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.components.v2 import component

HERE = Path(__file__).resolve().parent


def _read(suffix: str) -> str:
    return (HERE / f"layout_save.{suffix}").read_text(encoding="utf-8")


_COMPONENT = component("nerpipe_layout_save", html=_read("html"), css=_read("css"), js=_read("js"))


def layout_save(key: str, name: str, on_save: Callable[[], None]) -> None:
    """Mount the control; `on_save` runs (before the next run) when a name and places were sent:
    it finds them as `sent_layout(key)`. `name` fills the name box (the layout shown, if any)."""
    _COMPONENT(key=key, data={"name": name}, on_save_change=on_save)


def sent_layout(key: str) -> Any:
    """What the browser sent with Save: untrusted, the caller checks it."""
    state = st.session_state.get(key)
    return state.get("save") if state is not None else None
