"""Stay signed in across a browser reload: a cookie holding a server-side session token.

Streamlit keeps ``st.session_state`` per browser connection, so a reload would sign the
counselor out in the middle of their work. On sign-in the app stores a random token in
a cookie; on a new connection :func:`cookie_token` reads it back and the database
(:mod:`matcher.db.user_sessions`) decides whether it is still a live session. The token
carries nothing but randomness: no username, no password, no signature to forge.

The cookie is SameSite=Strict, Secure over HTTPS, and lives at most as long as the
session (12 hours). It is written by a small script because a Streamlit page cannot
send Set-Cookie, so it is not HttpOnly: a script injected into the page could read it.
What limits the damage is on the server: the token works only while its session is
live (sign-out, deactivation or a password change end it everywhere), only from the
browser (User-Agent) that signed in, and only until an hour without use.
See docs/security.md.
"""

from __future__ import annotations

import streamlit as st

from matcher.db.user_sessions import ABSOLUTE_TIMEOUT

COOKIE = "tb_session"
# Set by app/server.py when the app runs as an st.App with the route that writes the
# cookie HttpOnly; None under plain ``streamlit run app/main.py``.
HTTPONLY_ROUTE: str | None = None


def cookie_token() -> str | None:
    """The session token the browser sent, if any (None where there is no browser)."""
    try:
        token = st.context.cookies.get(COOKIE)
    except Exception:  # no browser behind this run
        return None
    return token if isinstance(token, str) and token else None


def client_info() -> tuple[str | None, str | None]:
    """(IP address, User-Agent) of the browser, where Streamlit knows them."""
    try:
        ip, agent = st.context.ip_address, st.context.headers.get("User-Agent")
    except Exception:  # no browser behind this run
        return None, None
    # AppTest has no browser either and answers with stand-in objects.
    return (ip if isinstance(ip, str) else None), (agent if isinstance(agent, str) else None)


def _write_cookie(value: str, max_age: int) -> None:
    # The token is base64url (letters, digits, - and _), so it cannot break out of the
    # string.
    st.html(
        f"<script>document.cookie = '{COOKIE}={value}; path=/; max-age={max_age}; "
        "SameSite=Strict' + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )


def _call_route(method: str, body: str = "") -> None:
    # The page asks the server to set or clear the cookie, so it can be HttpOnly.
    payload = f", headers: {{'Content-Type': 'application/json'}}, body: '{body}'" if body else ""
    st.html(
        f"<script>fetch('{HTTPONLY_ROUTE}', {{method: '{method}', "
        f"credentials: 'same-origin'{payload}}});</script>",
        unsafe_allow_javascript=True,
    )


def remember(token: str) -> None:
    """Set the session cookie (call on the run after sign-in)."""
    if HTTPONLY_ROUTE:
        _call_route("POST", '{"token": "' + token + '"}')
    else:
        _write_cookie(token, int(ABSOLUTE_TIMEOUT.total_seconds()))


def forget() -> None:
    if HTTPONLY_ROUTE:
        _call_route("DELETE")
    else:
        _write_cookie("", 0)
