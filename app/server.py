"""The workspace served with an HttpOnly session cookie: ``streamlit run app/server.py``.

A Streamlit page cannot send Set-Cookie, so a cookie it writes from a script is readable
by any script on the page. Streamlit's ASGI app (``st.App``, Streamlit >= 1.50) takes
extra Starlette routes beside the app; this module adds one, ``/_tb/session``, that
turns the session token the page just received at sign-in into an ``HttpOnly;
SameSite=Strict`` cookie (``Secure`` over HTTPS), and clears it on sign-out. The page
calls it with ``fetch`` (see :mod:`app.auth_cookie`); every later rerun reads the cookie
through ``st.context.cookies`` as before, and the database still decides whether the
session is live (:mod:`matcher.db.user_sessions`).

The route's checks are in :mod:`app.session_route`.

``streamlit run app/main.py`` still works, with the script-written cookie (not HttpOnly).
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

from app import auth_cookie, session_route  # noqa: E402

auth_cookie.HTTPONLY_ROUTE = session_route.PATH  # the pages now ask this route for cookies
app = st.App("main.py", routes=[session_route.ROUTE])
