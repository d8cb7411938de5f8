"""nerpipe dashboard entry point: `streamlit run dashboard/app.py` (or `make run`).

The views are picked from a sidebar radio rather than st.navigation pages: one script keeps the
case picker and the cached pipeline in one place, and Streamlit's AppTest can drive every view.
"""

from __future__ import annotations

import faulthandler
import logging
import signal
import sys
from pathlib import Path

import streamlit as st

# Streamlit runs this file as a script: make the sibling modules importable.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from safe import md
from views import admin, audit, chart, documents, entities, login, retrain, search, sidebar, timeline, upload

from nerpipe import NerpipeError
from nerpipe.auth.roles import Role
from nerpipe.store.users import User

VIEWS = {
    "Upload": upload.render,
    "Documents": documents.render,
    "Entities": entities.render,
    "Link chart": chart.render,
    "Search": search.render,
    "Timeline": timeline.render,
    "Retrain model": retrain.render,
    "Audit log": audit.render,
}
log = logging.getLogger("nerpipe.dashboard")
if hasattr(signal, "SIGUSR1"):
    # `kill -USR1 <pid>` writes every thread's stack to the server's log: what a stuck upload waits on.
    faulthandler.register(signal.SIGUSR1, all_threads=True)


def _show(view: str, case: str | None, user: User | None) -> None:
    """The chosen view, or what stands in its place (no case open, not a member, a viewer's upload)."""
    if view == "Admin":
        admin.render(user)
    elif case is None and not (view == "Audit log" and audit.sees_every_case(user)):
        st.title("nerpipe")
        st.info(
            "Create or open a case in the sidebar to start: upload case files, then read the entities and the link "
            "chart."
        )
    elif view != "Audit log" and case is not None and not sidebar.opens(case):
        admin.not_a_member(case)  # an admin sees every case; its contents are for its members
    elif view == "Upload" and user is not None and not user.role.allows(Role.ANALYST):
        st.info("You can read this case: adding documents needs the analyst role (ask an admin).")
    elif view == "Audit log":
        audit.render(case, user)
    else:
        VIEWS[view](case)


st.set_page_config(page_title="nerpipe", page_icon="🕸️", layout="wide")
user = login.gate()  # None when logins are off; otherwise the login page until someone logs in
case = sidebar.render()
views = [*VIEWS, "Admin"] if admin.shown_to(user) else list(VIEWS)
if st.session_state.get("view") not in views:  # e.g. "Admin", left by an admin who logged out
    st.session_state.pop("view", None)
view = st.sidebar.radio("View", views, key="view")
if user is not None:
    login.account(user)


try:
    _show(view, case, user)
except NerpipeError as exc:
    st.error(md(str(exc)))
except Exception:  # a bug: logged for us, a plain message for the analyst, never a traceback
    log.exception("dashboard view %s failed", view)
    st.error("Something went wrong in this view. Nothing was lost; try again, and report it if it persists.")
