"""Server-side sessions: a signed-in browser holds a random token; the database decides.

The browser keeps only a random 256-bit token (in ``st.session_state`` and a cookie);
the database keeps its sha256, the user, and when it was made, last seen, and ends.
Every Streamlit rerun calls :func:`check_session`, which re-reads the user and role, so
a deactivation, a password change or a sign-out anywhere takes effect on the next
click in every open tab, and a copied cookie stops working at the same moment.

A session ends at the first of: sign-out, the account's deactivation or password
change (:func:`revoke_user_sessions`), :data:`IDLE_TIMEOUT` without a rerun, or
:data:`ABSOLUTE_TIMEOUT` after sign-in. A plain sha256 is enough for the stored token:
it is random, not a password, so there is nothing to guess from its hash.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from matcher.db.mapping import user_record
from matcher.db.models import UserRow, UserSessionRow
from matcher.db.records import User
from matcher.db.types import utcnow

IDLE_TIMEOUT = timedelta(minutes=60)  # a counselor's lunch break ends the session
ABSOLUTE_TIMEOUT = timedelta(hours=12)  # one working day, then sign in again
TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most once a minute


class EndReason:
    """Why a session ended (stored in ``revoked_reason``; the app translates them)."""

    SIGNED_OUT = "signed_out"
    DEACTIVATED = "deactivated"
    PASSWORD_CHANGED = "password_changed"
    IDLE = "idle"
    EXPIRED = "expired"
    OTHER_BROWSER = "other_browser"  # the token came with another browser's User-Agent
    UNKNOWN = "unknown"  # no such token (never issued, or made up)


@dataclass(frozen=True)
class SessionCheck:
    """The fresh user of a live session, or why there is none."""

    user: User | None
    ended: str | None = None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_agent(agent: str | None) -> str | None:
    return hashlib.sha256(agent.encode()).hexdigest() if agent else None


def start_session(
    session: Session,
    user_id: int,
    *,
    client: str | None = None,
    agent: str | None = None,
    now: datetime | None = None,
    credential: str | None = None,
) -> str | None:
    """Record a new session for ``user_id``; returns the token for the browser (only
    its hash is stored).

    ``credential``: the password hash the sign-in checked. When the account's hash is
    another one by now (the password was reset meanwhile, and its sessions revoked), no
    session is started and None is returned. The user's row is locked first, so a reset
    waits for this session and then revokes it.
    """
    if credential is not None:
        if session.get_bind().dialect.name == "sqlite":  # the write lock: no row locks
            session.execute(
                update(UserRow).where(UserRow.id == user_id).values(active=UserRow.active)
            )
        current = session.scalar(
            select(UserRow.password_hash).where(UserRow.id == user_id).with_for_update()
        )
        if current != credential:
            return None
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session.add(
        UserSessionRow(
            token_hash=hash_token(token),
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + ABSOLUTE_TIMEOUT,
            client=(client or None) and client[:64],
            agent_hash=hash_agent(agent),
        )
    )
    session.flush()
    return token


def _revoke(row: UserSessionRow, reason: str, now: datetime) -> None:
    row.revoked_at, row.revoked_reason = now, reason


def check_session(
    session: Session, token: str, *, agent: str | None = None, now: datetime | None = None
) -> SessionCheck:
    """The session's user, read from the database now, or the reason it ended.

    Cheap enough for every rerun: one lookup by the unique token hash, one by primary
    key, and a write at most once per :data:`TOUCH_EVERY`.
    """
    now = now or utcnow()
    row = session.scalar(
        select(UserSessionRow).where(UserSessionRow.token_hash == hash_token(token))
    )
    if row is None:
        return SessionCheck(None, EndReason.UNKNOWN)
    if row.revoked_at is not None:
        return SessionCheck(None, row.revoked_reason or EndReason.SIGNED_OUT)
    ended = None
    if now >= row.expires_at:
        ended = EndReason.EXPIRED
    elif now - row.last_seen_at >= IDLE_TIMEOUT:
        ended = EndReason.IDLE
    elif row.agent_hash is not None and agent is not None and hash_agent(agent) != row.agent_hash:
        ended = EndReason.OTHER_BROWSER
    user = session.get(UserRow, row.user_id)
    if ended is None and (user is None or not user.active):
        ended = EndReason.DEACTIVATED
    if ended is not None:
        _revoke(row, ended, now)
        session.flush()
        return SessionCheck(None, ended)
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.flush()
    return SessionCheck(user_record(user))


def end_session(session: Session, token: str, reason: str = EndReason.SIGNED_OUT) -> bool:
    """Revoke one session (sign-out); False when it was not live."""
    row = session.scalar(
        select(UserSessionRow).where(UserSessionRow.token_hash == hash_token(token))
    )
    if row is None or row.revoked_at is not None:
        return False
    _revoke(row, reason, utcnow())
    session.flush()
    return True


def revoke_user_sessions(session: Session, user_id: int, reason: str) -> int:
    """Revoke every live session of one account; returns how many were live."""
    result = session.execute(
        update(UserSessionRow)
        .where(UserSessionRow.user_id == user_id, UserSessionRow.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount or 0


def live_sessions(session: Session, user_id: int, *, now: datetime | None = None) -> int:
    """How many unrevoked, unexpired sessions an account has (for the admin page)."""
    now = now or utcnow()
    rows = session.scalars(
        select(UserSessionRow).where(
            UserSessionRow.user_id == user_id,
            UserSessionRow.revoked_at.is_(None),
            UserSessionRow.expires_at > now,
        )
    )
    return sum(1 for r in rows if now - r.last_seen_at < IDLE_TIMEOUT)
