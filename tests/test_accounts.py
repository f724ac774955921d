"""Accounts and sessions: server-side sessions, lockout, password policy, demo mode and
the create-user command, on SQLite and (with MATCHER_TEST_DATABASE_URL) PostgreSQL."""

# ruff: noqa: F811 - fixtures imported from db_fixtures are used as arguments
from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from matcher.auth import authenticate, sign_in
from matcher.db import AuditRepository, UserRepository, get_engine, session_scope
from matcher.db.errors import WeakPasswordError
from matcher.db.models import JobseekerRow, SignInFailureRow
from matcher.db.passwords import password_problems
from matcher.db.types import utcnow
from matcher.db.user_sessions import (
    ABSOLUTE_TIMEOUT,
    IDLE_TIMEOUT,
    EndReason,
    SessionCheck,
    check_session,
    end_session,
    start_session,
)
from tests.db_fixtures import (  # noqa: F401
    PG_URL_ENV,
    cheap_password_hashing,
    empty_engine,
    postgres_schema_engine,
    sqlite_template,
)
from tests.db_fixtures import db_engine as sqlite_db_engine  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "kopi-susu-pagi"


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, cheap_password_hashing):
    """A migrated database with one counselor, ``ani``."""
    if request.param == "sqlite":
        engine = request.getfixturevalue("sqlite_db_engine")
        yield _with_ani(engine)
        return
    base = os.environ.get(PG_URL_ENV)
    if not base:
        pytest.skip(f"set {PG_URL_ENV} to run the account checks on PostgreSQL")
    from matcher.db import upgrade_to_head

    with postgres_schema_engine(base) as engine:
        upgrade_to_head(engine)
        yield _with_ani(engine)


def _with_ani(engine):
    with session_scope(engine) as s:
        UserRepository(s).add("ani", PASSWORD, "counselor", who="admin")
    return engine


def _ani(engine):
    with session_scope(engine) as s:
        return UserRepository(s).get_by_username("ani")


def _start(engine, **kw) -> str:
    with session_scope(engine) as s:
        return start_session(s, _ani(engine).id, **kw)


def _check(engine, token, **kw):
    with session_scope(engine) as s:
        return check_session(s, token, **kw)


# --- sessions -------------------------------------------------------------------------------


def test_a_session_gives_the_user_as_stored_now_not_as_signed_in(db):
    token = _start(db)
    with session_scope(db) as s:
        UserRepository(s).update(_ani(db).id, who="admin", role="counselor_lead")
    assert _check(db, token).user.role.value == "counselor_lead"


def test_deactivating_an_account_ends_its_open_sessions_at_once(db):
    tab, copied_cookie = _start(db), _start(db)
    assert _check(db, tab).user is not None
    with session_scope(db) as s:
        UserRepository(s).update(_ani(db).id, who="admin", active=False)
    for token in (tab, copied_cookie):
        assert _check(db, token) == SessionCheck(None, EndReason.DEACTIVATED)
    with session_scope(db) as s:  # reactivating does not bring an old session back
        UserRepository(s).update(_ani(db).id, who="admin", active=True)
    assert _check(db, tab).user is None


def test_a_token_captured_before_sign_out_no_longer_works(db):
    token = _start(db)
    with session_scope(db) as s:
        assert end_session(s, token)
    assert _check(db, token) == SessionCheck(None, EndReason.SIGNED_OUT)


def test_a_password_reset_ends_every_session_of_the_account(db):
    token = _start(db)
    with session_scope(db) as s:
        UserRepository(s).set_password(_ani(db).id, "teh-manis-sore", who="admin")
    assert _check(db, token) == SessionCheck(None, EndReason.PASSWORD_CHANGED)


def test_sessions_end_after_an_idle_hour_and_after_twelve_hours_in_any_case(db):
    t0 = utcnow()
    idle = _start(db, now=t0)
    assert _check(db, idle, now=t0 + IDLE_TIMEOUT - timedelta(seconds=1)).user is not None
    assert _check(db, idle, now=t0 + 2 * IDLE_TIMEOUT - timedelta(seconds=2)).user is not None
    assert _check(db, idle, now=t0 + 3 * IDLE_TIMEOUT) == SessionCheck(None, EndReason.IDLE)

    busy = _start(db, now=t0)
    step = IDLE_TIMEOUT / 2
    now = t0
    while now + step < t0 + ABSOLUTE_TIMEOUT:
        now += step
        assert _check(db, busy, now=now).user is not None
    assert _check(db, busy, now=t0 + ABSOLUTE_TIMEOUT) == SessionCheck(None, EndReason.EXPIRED)


def test_a_token_used_from_another_browser_is_refused_and_ended(db):
    token = _start(db, agent="Firefox/140")
    assert _check(db, token, agent="Firefox/140").user is not None
    assert _check(db, token, agent="curl/8.5") == SessionCheck(None, EndReason.OTHER_BROWSER)
    assert _check(db, token, agent="Firefox/140").user is None


def test_only_a_hash_of_the_token_is_stored_and_a_made_up_token_is_unknown(db):
    token = _start(db)
    with session_scope(db) as s:
        from matcher.db.models import UserSessionRow

        stored = s.scalars(select(UserSessionRow.token_hash)).all()
    assert token not in stored and len(token) >= 40
    assert _check(db, token[:-2] + "xx") == SessionCheck(None, EndReason.UNKNOWN)


# --- lockout --------------------------------------------------------------------------------


def _try(engine, password, *, now=None, client=None, username="ani"):
    with session_scope(engine) as s:
        return sign_in(s, username, password, client=client, now=now)


def test_thirty_wrong_passwords_lock_the_account_and_the_right_one_then_waits(db):
    t0 = utcnow()
    results = [_try(db, f"salah-{i}", now=t0 + timedelta(seconds=i)) for i in range(30)]
    assert [r.refused for r in results[:4]] == ["wrong"] * 4
    assert all(r.refused == "locked" for r in results[4:])
    until = results[4].locked_until
    assert until == t0 + timedelta(seconds=4, minutes=15)
    right_away = _try(db, PASSWORD, now=t0 + timedelta(seconds=31))
    assert right_away.user is None and right_away.refused == "locked"
    later = _try(db, PASSWORD, now=until + timedelta(seconds=1))
    assert later.user is not None and later.user.username == "ani"
    with session_scope(db) as s:
        actions = [e.action for e in AuditRepository(s).list(entity="user", limit=None)]
        failures = s.scalar(select(func.count()).select_from(SignInFailureRow))
    assert actions.count("signin_failed") == 5 and actions.count("signin_locked") == 1
    assert failures == 0  # a successful sign-in clears the account's count


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(db):
    t0 = utcnow()
    for i in range(8):
        assert _try(db, "salah", now=t0 + timedelta(minutes=4 * i)).refused == "wrong"
    assert _try(db, PASSWORD, now=t0 + timedelta(minutes=33)).user is not None


def test_one_client_trying_many_accounts_is_locked_too(db):
    t0 = utcnow()
    for i in range(20):
        _try(db, "salah", username=f"orang{i}", client="203.0.113.9", now=t0)
    blocked = _try(db, PASSWORD, client="203.0.113.9", now=t0)
    assert blocked.refused == "locked"
    assert _try(db, PASSWORD, client="198.51.100.7", now=t0).user is not None


def test_the_lockout_holds_across_database_sessions_and_engines(db):
    t0 = utcnow()
    for _ in range(5):
        _try(db, "salah", now=t0)
    other = get_engine(db.url.render_as_string(hide_password=False))
    try:
        assert _try(other, PASSWORD, now=t0).refused == "locked"
    finally:
        other.dispose()


# --- password policy ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "problems"),
    [
        ("12345678", ["too_short", "common"]),
        ("1234567890", ["common"]),
        ("bismillah", ["too_short", "common"]),
        ("Bismillah123", ["common"]),
        ("indonesia1", ["common"]),
        ("sayangku123", ["common"]),
        ("RAHASIA12345", ["common"]),
        ("budiman-kopi-susu", ["has_username"]),
        ("teh manis untuk budi", ["has_username"]),
        ("kopi susu pagi", []),
    ],
)
def test_password_policy(password, problems):
    assert password_problems(password, "budi") == problems


def test_accounts_and_password_changes_refuse_weak_passwords(db):
    with session_scope(db) as s, pytest.raises(WeakPasswordError) as info:
        UserRepository(s).add("budi", "12345678", "counselor", who="admin")
    assert info.value.reasons == ("too_short", "common")
    with session_scope(db) as s, pytest.raises(WeakPasswordError):
        UserRepository(s).set_password(_ani(db).id, "qwertyuiop", who="admin")


# --- demo mode ------------------------------------------------------------------------------


def test_public_demo_passwords_sign_in_only_in_demo_mode(db, monkeypatch):
    from matcher.db.bootstrap import create_demo_accounts

    with session_scope(db) as s:
        create_demo_accounts(s)
    monkeypatch.delenv("MATCHER_DEMO", raising=False)
    with session_scope(db) as s:
        assert sign_in(s, "konselor", "konselor123").refused == "demo_password"
    monkeypatch.setenv("MATCHER_DEMO", "1")
    with session_scope(db) as s:
        assert authenticate(s, "konselor", "konselor123").username == "konselor"


# --- create-user ----------------------------------------------------------------------------


def _create_user(url: str, *args: str, stdin: str = "", env: dict | None = None):
    return subprocess.run(
        [sys.executable, "-m", "matcher", "create-user", "--db-url", url, *args],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )  # fmt: skip


def test_create_user_makes_the_first_admin_of_an_empty_database(tmp_path):
    from matcher.workspace.startup import init_app_db

    url = f"sqlite:///{tmp_path / 'real.sqlite'}"
    weak = _create_user(url, "--username", "admin", "--role", "admin", "--password-stdin",
                        stdin="12345678\n")  # fmt: skip
    assert weak.returncode == 2 and "at least 10 characters" in weak.stderr
    made = _create_user(url, "--username", "kepala", "--role", "admin",
                        env={"MATCHER_NEW_PASSWORD": "Tanjung Barat 2026"})  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "created admin account 'kepala'" in made.stdout
    report = init_app_db(url, demo_accounts=False)  # the app's first start
    with session_scope(report.engine) as s:
        assert authenticate(s, "kepala", "Tanjung Barat 2026").role.value == "admin"
        # A database that already has its admin is a real deployment: no sample people.
        assert s.scalar(select(func.count()).select_from(JobseekerRow)) == 0
    report.engine.dispose()


def test_create_user_without_a_terminal_asks_for_the_password_source(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    env = {k: v for k, v in os.environ.items() if k != "MATCHER_NEW_PASSWORD"}
    result = subprocess.run(
        [sys.executable, "-m", "matcher", "create-user", "--db-url", url,
         "--username", "a", "--role", "admin"],
        input="", capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**env, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert result.returncode == 2 and "MATCHER_NEW_PASSWORD" in result.stderr


def test_simultaneous_guesses_get_no_more_passwords_checked_than_the_limit(db, monkeypatch):
    """Each attempt read "not locked" before any failure was stored: a review had 19 of
    30 simultaneous guesses checked (the limit is 5)."""
    import threading
    import time

    from matcher import auth
    from matcher.db.signin_limits import MAX_FAILURES

    checked, lock = [], threading.Lock()
    real = auth.verify_password

    def slow_verify(stored, password):
        with lock:
            checked.append(password)
        time.sleep(0.05)  # a real hash takes this long; the window the guesses share
        return real(stored, password)

    monkeypatch.setattr(auth, "verify_password", slow_verify)
    n = 30
    barrier, refused = threading.Barrier(n), []

    def guess(i: int) -> None:
        barrier.wait()
        refused.append(_try(db, f"tebakan-{i:03d}", client="203.0.113.9").refused)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(refused) == n and set(refused) <= {"wrong", "locked"}
    assert len(checked) <= MAX_FAILURES
    with session_scope(db) as s:  # each checked guess counts; the unchecked ones do not
        failures = s.scalar(select(func.count()).select_from(SignInFailureRow))
    assert failures == len(checked)


@pytest.mark.parametrize("rehash", [False, True])
def test_a_password_reset_during_a_sign_in_with_the_old_one_is_not_undone(db, monkeypatch,
                                                                            rehash):  # fmt: skip
    """The admin resets a leaked password while someone signs in with the old one: the
    sign-in started a session after the reset had revoked the others, and, when the hash
    needed an upgrade, wrote the old password's hash over the new one."""
    from matcher import auth

    new = "teh-botol-dingin"
    real = auth.verify_password

    def verify_while_the_admin_resets(stored, password):
        ok = real(stored, password)
        with session_scope(db) as s:  # the admin, in a session of its own
            UserRepository(s).set_password(_ani(db).id, new, who="admin")
        return ok

    monkeypatch.setattr(auth, "verify_password", verify_while_the_admin_resets)
    if rehash:
        monkeypatch.setattr(auth, "needs_rehash", lambda stored: True)
    result = _try(db, PASSWORD)
    monkeypatch.setattr(auth, "verify_password", real)
    monkeypatch.setattr(auth, "needs_rehash", lambda stored: False)
    if result.user is not None:  # checked before the reset: no session after it
        assert _start(db, credential=result.credential) is None
    assert _try(db, new).user is not None  # the reset stands
    assert _try(db, PASSWORD).user is None
