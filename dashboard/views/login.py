"""The login page (when logins are on), who is logged in, logging out, and API tokens.

A login lives in this browser tab's session: the session secret is kept server-side in
st.session_state and checked against the store on every run, so an expired session, a removed
user or a changed role takes effect at the next click. Reloading the page asks for the login again.
"""

from __future__ import annotations

import streamlit as st
from safe import md
from state import SECRET_KEY, USER_KEY, logins_on, plain_store, settings

from nerpipe.auth.login import authenticate, create_token, log_in, log_out
from nerpipe.auth.roles import Role
from nerpipe.errors import AuthError, NerpipeError
from nerpipe.store.users import User

KEY = "login"
SECRET = SECRET_KEY
MESSAGE = f"{KEY}_message"
NEW_TOKEN = f"{KEY}_new_token"


def gate() -> User | None:
    """None when logins are off (one analyst on this computer, as always). When they are on: the
    logged-in user, or the login page and nothing else (the run stops here)."""
    if not logins_on():
        return None
    store = plain_store()
    secret = st.session_state.get(SECRET)
    if secret:
        try:
            user = authenticate(store, secret).user
        except AuthError:
            _forget()
            st.session_state[MESSAGE] = "Your session has ended (it expired, or you were logged out): log in again."
        else:
            st.session_state[USER_KEY] = user
            return user
    st.session_state.pop(USER_KEY, None)
    _login_page()
    st.stop()


def _forget() -> None:
    for key in (SECRET, USER_KEY, NEW_TOKEN):
        st.session_state.pop(key, None)


def _login_page() -> None:
    st.title("nerpipe")
    if not plain_store().users.count(Role.ADMIN):
        st.warning(
            "No one can log in yet: this server asks for logins and has no admin. On the server, run "
            "`nerpipe user add NAME --role admin` (or start it with NERPIPE_ADMIN_USER and NERPIPE_ADMIN_PASSWORD set)."
        )
        return
    if MESSAGE in st.session_state:
        st.info(md(st.session_state.pop(MESSAGE)))
    with st.form(f"{KEY}_form"):
        st.subheader("Log in")
        name = st.text_input("User name", key=f"{KEY}_name")
        password = st.text_input("Password", type="password", key=f"{KEY}_password")
        submitted = st.form_submit_button("Log in", type="primary")
    if not submitted:
        return
    try:
        done = log_in(
            plain_store(),
            name,
            password,
            session_minutes=settings().session_minutes,
            via="dashboard",
            source=_address(),
        )
    except NerpipeError as exc:
        st.error(md(exc))
        return
    st.session_state[SECRET] = done.secret
    st.rerun()


def _address() -> str:
    """The browser's address, for the lockout per address; Streamlit gives none on this computer."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "this computer"


def account(user: User) -> None:
    """In the sidebar: who is logged in, log out, API tokens."""
    st.sidebar.divider()
    st.sidebar.markdown(f"Logged in as **{md(user.name)}** ({user.role.value})")
    st.sidebar.button("Log out", key=f"{KEY}_logout", on_click=_log_out)
    with st.sidebar.expander("API tokens"):
        st.caption("A token lets a script use the nerpipe API as you (Authorization: Bearer TOKEN).")
        st.text_input("What it is for", key=f"{KEY}_token_label", placeholder="e.g. nightly import")
        st.button("Create a token", key=f"{KEY}_token_create", on_click=_new_token, args=(user,))
        if NEW_TOKEN in st.session_state:
            st.warning("Copy it now: it is shown this once.")
            st.code(st.session_state[NEW_TOKEN], language=None)
        for token in plain_store().users.tokens(user.name):
            state = "revoked" if token.ended_at else (f"until {token.expires_at:%Y-%m-%d}" if token.expires_at else "")
            st.caption(f"#{token.id} {md(token.label or '(no label)')} · {token.created_at:%Y-%m-%d} · {state}")


def _log_out() -> None:
    secret = st.session_state.get(SECRET)
    if secret:
        log_out(plain_store(), secret)
    _forget()
    st.session_state[MESSAGE] = "You are logged out."


def _new_token(user: User) -> None:
    label = st.session_state.get(f"{KEY}_token_label", "")
    max_days = settings().token_max_days
    secret, _ = create_token(
        plain_store().acting_as(user.name), user.name, label=label, days=min(90, max_days), max_days=max_days
    )
    st.session_state[NEW_TOKEN] = secret
