"""The route that app/server.py mounts to write the session cookie HttpOnly."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from matcher.db import UserRepository, session_scope
from matcher.db.user_sessions import end_session, start_session

HOST = "http://testserver"


@pytest.fixture
def client(app_db, db, monkeypatch):
    from app.session_route import ROUTE
    from matcher.db import session as db_session_module

    monkeypatch.setattr(db_session_module, "_default_engine", db)
    return TestClient(Starlette(routes=[ROUTE]), base_url=HOST)


def _token(db) -> str:
    with session_scope(db) as s:
        return start_session(s, UserRepository(s).get_by_username("konselor").id)


def test_a_live_token_becomes_an_httponly_strict_cookie(client, db):
    token = _token(db)
    answer = client.post("/_tb/session", json={"token": token}, headers={"Origin": HOST})
    assert answer.status_code == 204
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"tb_session={token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    behind_tls = client.post(
        "/_tb/session", json={"token": token},
        headers={"Origin": HOST, "X-Forwarded-Proto": "https"},
    )  # fmt: skip
    assert "; Secure" in behind_tls.headers["set-cookie"]


def test_another_site_a_dead_token_or_a_form_post_get_no_cookie(client, db):
    token = _token(db)
    other_site = client.post(
        "/_tb/session", json={"token": token}, headers={"Origin": "https://evil.example"}
    )
    form = client.post("/_tb/session", data={"token": token}, headers={"Origin": HOST})
    with session_scope(db) as s:
        end_session(s, token)
    dead = client.post("/_tb/session", json={"token": token}, headers={"Origin": HOST})
    made_up = client.post("/_tb/session", json={"token": "x" * 43}, headers={"Origin": HOST})
    assert [r.status_code for r in (other_site, form, dead, made_up)] == [403, 415, 403, 403]
    assert not any("set-cookie" in r.headers for r in (other_site, form, dead, made_up))


def test_sign_out_clears_the_cookie(client):
    answer = client.delete("/_tb/session", headers={"Origin": HOST})
    assert answer.status_code == 204
    assert (
        "tb_session=;" in answer.headers["set-cookie"]
        and "Max-Age=0" in answer.headers["set-cookie"]
    )
