"""The route that writes the session cookie HttpOnly (mounted by :mod:`app.server`).

The route only sets a cookie for a token that is a live session, only for a JSON POST
from this site's own pages (the Origin must be this host; a cross-site page cannot send
that request without a CORS preflight, which this server does not grant), so another
site can neither plant a session nor probe tokens through it. DELETE clears the cookie
(sign-out; the session itself is revoked in the database by the page).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.auth_cookie import COOKIE
from matcher.db import default_engine, session_scope
from matcher.db.user_sessions import ABSOLUTE_TIMEOUT, check_session

PATH = "/_tb/session"


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return bool(origin) and urlsplit(origin).netloc == request.headers.get("host")


def _cookie(request: Request, value: str, max_age: int) -> str:
    secure = "; Secure" if request.url.scheme == "https" or (
        request.headers.get("x-forwarded-proto") == "https"
    ) else ""  # fmt: skip
    return f"{COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"


def _live(token: str, agent: str | None) -> bool:
    try:
        with session_scope(default_engine()) as session:
            return check_session(session, token, agent=agent).user is not None
    except SQLAlchemyError:  # e.g. a database not migrated yet: no session can be live
        return False


async def session_cookie(request: Request) -> Response:
    """POST {"token": ...}: set the HttpOnly cookie; DELETE: clear it."""
    if not _same_origin(request):
        return Response(status_code=403)
    if request.method == "DELETE":
        return Response(status_code=204, headers={"Set-Cookie": _cookie(request, "", 0)})
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return Response(status_code=415)
    try:
        body = await request.json()
    except ValueError:
        return Response(status_code=400)
    token = body.get("token") if isinstance(body, dict) else None
    if not isinstance(token, str) or not token or len(token) > 100:
        return Response(status_code=400)
    if not await run_in_threadpool(_live, token, request.headers.get("user-agent")):
        return Response(status_code=403)
    max_age = int(ABSOLUTE_TIMEOUT.total_seconds())
    return Response(status_code=204, headers={"Set-Cookie": _cookie(request, token, max_age)})


ROUTE = Route(PATH, session_cookie, methods=["POST", "DELETE"])
