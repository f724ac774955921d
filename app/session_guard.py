"""Who is signed in, decided by the database on every rerun (used by :mod:`app.main`).

The signed-in user is never trusted from ``st.session_state``: each rerun looks the
session token up (:func:`matcher.db.user_sessions.check_session`), re-reads the account
and its role, and signs the browser out when the session has ended, with a message
saying why.
"""

from __future__ import annotations

import streamlit as st

from app import auth_cookie
from app.state import db_session, flush_drafts
from matcher.auth import SignInResult, sign_in
from matcher.db import User, UserRepository
from matcher.db.user_sessions import check_session, end_session, start_session

TOKEN_KEY = "_session_token"


def _clear_state() -> None:
    for key in list(st.session_state.keys()):
        if key != "lang":
            del st.session_state[key]


def begin(user: User, credential: str | None = None) -> bool:
    """After a successful sign-in: a new server-side session for ``user``. False (and no
    session) when the password checked is no longer the account's (reset meanwhile)."""
    client, agent = auth_cookie.client_info()
    with db_session() as session:
        token = start_session(session, user.id, client=client, agent=agent,
                              credential=credential)  # fmt: skip
    if token is None:
        return False
    st.session_state["user"] = user
    st.session_state[TOKEN_KEY] = token
    st.session_state["_remember"] = True  # the cookie is written on the next run
    st.session_state.pop("_signed_out", None)
    return True


def signed_in_user() -> User | None:
    """The live session's user, freshly read; None (and the state cleared) otherwise."""
    token = st.session_state.get(TOKEN_KEY)
    from_cookie = False
    if token is None and not st.session_state.get("_signed_out"):
        token, from_cookie = auth_cookie.cookie_token(), True
    if not token:
        st.session_state.pop("user", None)
        return None
    _, agent = auth_cookie.client_info()
    with db_session() as session:
        check = check_session(session, token, agent=agent)
    if check.user is None:
        was_signed_in = not from_cookie or "user" in st.session_state
        if (previous := st.session_state.get("user")) is not None:
            flush_drafts(previous.username)  # what this click carried is not lost
        _clear_state()
        st.session_state["_signed_out"] = True  # do not read the dead cookie again
        st.session_state["_forget_cookie"] = True
        if was_signed_in or check.ended not in ("unknown", "signed_out"):
            st.session_state["_session_ended"] = check.ended
        return None
    st.session_state["user"] = check.user
    st.session_state[TOKEN_KEY] = token
    return check.user


def sign_out() -> None:
    """End this browser's session on the server, then forget it here."""
    if token := st.session_state.get(TOKEN_KEY):
        with db_session() as session:
            end_session(session, token)
    _clear_state()
    st.session_state["_signed_out"] = True
    st.session_state["_forget_cookie"] = True


def write_cookie_changes() -> None:
    """Set or clear the browser's cookie as the previous run decided."""
    if st.session_state.pop("_forget_cookie", False):
        auth_cookie.forget()
    if st.session_state.pop("_remember", False) and (token := st.session_state.get(TOKEN_KEY)):
        auth_cookie.remember(token)


def no_accounts() -> bool:
    """True before the first account exists (the sign-in page then explains create-user)."""
    with db_session() as session:
        return UserRepository(session).count() == 0


def attempt_sign_in(username: str, password: str) -> SignInResult:
    """Check a username and password under the lockout (:func:`matcher.auth.sign_in`)."""
    client, _agent = auth_cookie.client_info()
    with db_session() as session:
        return sign_in(session, username, password, client=client)
