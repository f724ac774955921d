"""Stay signed in across a browser reload: a signed, expiring session cookie.

Streamlit keeps ``st.session_state`` per browser connection, so a reload would sign the
counselor out in the middle of their work. On sign-in the app sets a cookie holding
``username|expiry|HMAC``; on a new connection :func:`restore_user` checks the signature
and expiry and loads the (still active) account. The key comes from
``MATCHER_SESSION_SECRET`` or a random file beside the database. The cookie is set by a
tiny script (Streamlit cannot send Set-Cookie), so it is not HttpOnly; it carries no
password, and it is SameSite=Strict and expires after :data:`TTL_SECONDS`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time

import streamlit as st

from matcher.db import User, UserRepository
from matcher.db.session import secret_file

COOKIE = "tb_session"
TTL_SECONDS = 12 * 3600
SECRET_ENV = "MATCHER_SESSION_SECRET"


def _secret() -> bytes:
    if value := os.environ.get(SECRET_ENV):
        return value.encode()
    return secret_file(".session_secret")  # 0600, in a 0700 folder beside the database


def make_token(username: str, *, now: float | None = None, secret: bytes | None = None) -> str:
    expires = int((now or time.time()) + TTL_SECONDS)
    body = json.dumps([username, expires]).encode()
    sig = hmac.new(secret or _secret(), body, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(body).decode() + "." + base64.urlsafe_b64encode(sig).decode()


def read_token(token: str, *, now: float | None = None, secret: bytes | None = None) -> str | None:
    """The username in a valid, unexpired token; None for anything else."""
    try:
        body_b64, sig_b64 = token.split(".", 1)
        body = base64.urlsafe_b64decode(body_b64)
        sig = base64.urlsafe_b64decode(sig_b64)
        expected = hmac.new(secret or _secret(), body, hashlib.sha256).digest()
        if not hmac.compare_digest(sig, expected):
            return None
        username, expires = json.loads(body)
    except (ValueError, TypeError):
        return None
    if expires < (now or time.time()):
        return None
    return str(username)


def _write_cookie(value: str, max_age: int) -> None:
    # The token is base64url and dots only, so it cannot break out of the string.
    st.html(
        f"<script>document.cookie = '{COOKIE}={value}; path=/; max-age={max_age}; "
        "SameSite=Strict';</script>",
        unsafe_allow_javascript=True,
    )


def remember(user: User) -> None:
    """Set the session cookie for ``user`` (call on the run after sign-in)."""
    _write_cookie(make_token(user.username), TTL_SECONDS)


def forget() -> None:
    _write_cookie("", 0)


def restore_user(session) -> User | None:
    """The active user named by a valid session cookie, if the browser sent one."""
    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:  # no browser behind this run (AppTest)
        return None
    username = read_token(token) if token else None
    if not username:
        return None
    user = UserRepository(session).get_by_username(username)
    return user if user is not None and user.active else None
