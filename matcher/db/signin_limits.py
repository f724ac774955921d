"""Sign-in rate limits: a temporary lockout after repeated failures, kept in the database.

Failures are rows (:class:`~matcher.db.models.SignInFailureRow`), so the limit holds
across browser sessions, Streamlit processes and servers sharing one database. An
account is locked for :data:`LOCKOUT` once :data:`MAX_FAILURES` failures fall within
:data:`WINDOW`; a client address likewise after :data:`MAX_CLIENT_FAILURES` failures on
any usernames (an attacker trying many accounts). Attempts during a lockout are not
checked and not counted, so the lock ends :data:`LOCKOUT` after the failure that set it.
An attempt is stored as a failure *before* its password is checked (and cleared on
success), so guesses sent at the same time see each other: no more than the limit are
ever checked (``pending`` in :func:`locked_until`).

The client address is the one Streamlit sees. Behind a reverse proxy that is the
proxy's, and everyone behind one office NAT shares one; that is why the client limit is
four times the account limit, and why loopback addresses are not limited at all.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matcher.db.models import SignInFailureRow
from matcher.db.types import utcnow

MAX_FAILURES = 5
MAX_CLIENT_FAILURES = 20
WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)


def limited_client(client: str | None) -> str | None:
    """The address to count failures for, or None (unknown or loopback)."""
    if not client:
        return None
    try:
        if ipaddress.ip_address(client).is_loopback:
            return None
    except ValueError:
        pass
    return client[:64]


def _locked_until(times: list[datetime], limit: int, now: datetime) -> datetime | None:
    """``times``: the latest ``limit`` failures, newest first."""
    if len(times) < limit or times[0] - times[limit - 1] > WINDOW:
        return None
    until = times[0] + LOCKOUT
    return until if now < until else None


def _latest(session: Session, column, value: str, limit: int) -> list[datetime]:
    return list(
        session.scalars(
            select(SignInFailureRow.at)
            .where(column == value)
            .order_by(SignInFailureRow.at.desc())
            .limit(limit)
        )
    )


def locked_until(
    session: Session,
    username: str,
    client: str | None,
    *,
    now: datetime | None = None,
    pending: int = 0,
) -> datetime | None:
    """When the lockout of this account or client ends; None when not locked.

    ``pending``: attempts already recorded as failures before their password is checked
    (:func:`matcher.auth.sign_in` records its own first), which do not count yet.
    """
    now = now or utcnow()
    name = (username or "").strip()[:64]
    limit = MAX_FAILURES + pending
    ends = [_locked_until(_latest(session, SignInFailureRow.username, name, limit), limit, now)]
    if (address := limited_client(client)) is not None:
        limit = MAX_CLIENT_FAILURES + pending
        latest = _latest(session, SignInFailureRow.client, address, limit)
        ends.append(_locked_until(latest, limit, now))
    ends = [e for e in ends if e is not None]
    return max(ends) if ends else None


def record_failure(
    session: Session, username: str, client: str | None, *, now: datetime | None = None
) -> SignInFailureRow:
    row = SignInFailureRow(
        username=(username or "").strip()[:64], client=limited_client(client), at=now or utcnow()
    )
    session.add(row)
    session.flush()
    return row


def clear_failures(session: Session, username: str, *, now: datetime | None = None) -> None:
    """After a successful sign-in: the account's failures, and everybody's failures too
    old to decide anything, are deleted (the audit log keeps them)."""
    cutoff = (now or utcnow()) - WINDOW - LOCKOUT
    session.execute(
        delete(SignInFailureRow).where(
            (SignInFailureRow.username == (username or "").strip()[:64])
            | (SignInFailureRow.at < cutoff)
        )
    )
