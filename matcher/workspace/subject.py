"""One person's data (UU PDP 27/2022): everything stored about them, and its erasure.

:func:`collect` gathers every record about one jobseeker: the profile with its consent,
and every row of every table that points at them (settings, adjustments and notes,
referrals and their outcome events, recommendations shown, business follow-ups,
candidate tokens), found through the schema's foreign keys so a table added later is
included without editing this module; plus the audit entries about them.

:func:`erase` pseudonymises the person in place, in one transaction: the profile gets
a random id (``X-...``), loses name, phone and every free-text field (a disability
becomes "ya", because the monitor only counts whether one was recorded), and keeps its
exact age only as the lower bound of its age band
(:data:`matcher.monitoring.data.AGE_BANDS`). The registration date stays: time to
outcome is measured from it. Every row pointing at them follows to the new id, so
referrals, outcomes and exposures still count in the monitoring indicators but no
longer lead to a person. Audit entries about them are moved to the pseudonym with
their personal fields blanked, and an ``erasures`` row records who erased, when, and
the pseudonym.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, Table, cast, delete, insert, or_, select, text, update
from sqlalchemy.orm import Session

import matcher.monitoring.models  # noqa: F401  (registers the monitoring tables)
import matcher.needs.models  # noqa: F401  (registers the needs tables)
from matcher.db.activity import lock_person
from matcher.db.audit import PERSONAL_COLUMNS, _json_safe, record_change
from matcher.db.ids import keep_floor
from matcher.db.models import AuditRow, Base, ErasureRow, JobseekerRow
from matcher.db.types import utcnow
from matcher.errors import UnknownRecordError
from matcher.monitoring.data import AGE_BANDS

PSEUDONYM_PREFIX = "X-"
ERASED = "⟨erased⟩"  # what an erased field of an audit entry says
ERASURE_ENTITY = "erasure"
# Blanked on an erased profile. Gender, kelurahan, education, segment, skills, languages,
# travel limit and business stage stay: the monitoring indicators are broken down by them.
BLANKED_COLUMNS = ("name", "phone", "experience", "interests", "availability",
                   "business_description")  # fmt: skip
# Free text about the person in the rows that point at them, blanked too: a counselor's
# note, an employer's question about the candidate and the hub's answer. Every ``Text``
# column of such a table must be named here (a test checks it).
FREE_TEXT_COLUMNS = {"recommendation_decisions": ("note",),
                     "hub_requests": ("question", "answer")}  # fmt: skip


@dataclass(frozen=True)
class SubjectData:
    """Every record about one person: ``tables`` maps a table name to its rows."""

    jobseeker_id: str
    exported_at: datetime
    exported_by: str
    profile: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]
    audit: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "jobseeker_id": self.jobseeker_id,
            "exported_at": self.exported_at.isoformat(),
            "exported_by": self.exported_by,
            "profile": self.profile,
            "tables": self.tables,
            "audit_log": self.audit,
        }


@dataclass(frozen=True)
class ErasureResult:
    pseudonym: str
    who: str
    at: datetime
    rows_changed: dict[str, int]
    # False: an older read held the SQLite write-ahead log, which still holds the old
    # pages until a later checkpoint (flush_old_pages); the database file itself is clean.
    log_flushed: bool = True
    # False: the disk caches of people's texts could not be cleared
    # (matcher.text.forgetting); the log says why.
    caches_cleared: bool = True


def _person_row(session: Session, jobseeker_id: str) -> JobseekerRow:
    row = session.get(JobseekerRow, jobseeker_id)
    if row is None:
        raise UnknownRecordError("jobseeker", jobseeker_id)
    return row


def _row_dict(table: Table, row: Any) -> dict[str, Any]:
    return {c.name: _json_safe(getattr(row, c.name)) for c in table.columns}


def _referencing(target: Table) -> list[tuple[Table, Any]]:
    """(table, column) pairs of every foreign key that points at ``target``."""
    pairs = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is target:
                pairs.append((table, fk.parent))
    return pairs


def _linked_rows(session: Session, jobseeker_id: str) -> dict[str, list[dict[str, Any]]]:
    """Rows pointing at the person, and rows pointing at those (outcome events)."""
    found: dict[str, list[dict[str, Any]]] = {}
    frontier = [(JobseekerRow.__table__, "id", [jobseeker_id])]
    while frontier:
        target, key, values = frontier.pop()
        for table, column in _referencing(target):
            if column.references(target.c[key]) and values:
                rows = session.execute(select(table).where(column.in_(values))).all()
                if not rows:
                    continue
                found.setdefault(table.name, []).extend(_row_dict(table, r) for r in rows)
                pk = list(table.primary_key.columns)
                if len(pk) == 1:
                    frontier.append((table, pk[0].name, [getattr(r, pk[0].name) for r in rows]))
    for rows in found.values():
        rows.sort(key=lambda r: r.get("id") or 0)  # oldest first; ids within a table agree
    return found


def _audit_query(jobseeker_id: str):
    """Audit rows about the person: their record, one keyed by them, or naming their id."""
    # An id is matched literally: "_" or "%" in it must not match someone else's rows.
    literal = jobseeker_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    quoted = f'%"{literal}"%'
    return select(AuditRow).where(
        or_(
            AuditRow.entity_id == jobseeker_id,
            AuditRow.entity_id.like(f"%/{literal}", escape="\\"),
            cast(AuditRow.before, String).like(quoted, escape="\\"),
            cast(AuditRow.after, String).like(quoted, escape="\\"),
        )
    )


def collect(session: Session, jobseeker_id: str, *, who: str) -> SubjectData:
    """Everything stored about ``jobseeker_id`` (see the module docstring)."""
    row = _person_row(session, jobseeker_id)
    profile = _row_dict(JobseekerRow.__table__, row)
    audit = [
        _row_dict(AuditRow.__table__, a)
        for a in session.scalars(_audit_query(jobseeker_id).order_by(AuditRow.at, AuditRow.id))
    ]
    return SubjectData(
        jobseeker_id=jobseeker_id,
        exported_at=utcnow(),
        exported_by=who,
        profile=profile,
        tables=_linked_rows(session, jobseeker_id),
        audit=audit,
    )


def age_floor(age: int) -> int:
    """The lower bound of the age band holding ``age`` (same band for the monitor)."""
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return low
    return age if age < AGE_BANDS[0][0] else AGE_BANDS[-1][0]


def _new_pseudonym(session: Session) -> str:
    while True:
        candidate = PSEUDONYM_PREFIX + secrets.token_hex(5).upper()
        if session.get(JobseekerRow, candidate) is None:
            return candidate


def _erased_profile(row: JobseekerRow, pseudonym: str, who: str) -> JobseekerRow:
    now = utcnow()
    values = {c.key: getattr(row, c.key) for c in JobseekerRow.__table__.columns}
    values.update(id=pseudonym, age=age_floor(row.age), version_id=1, updated_at=now,
                  updated_by=who, created_at=now, created_by=who, consent_given=False,
                  consent_at=now, consent_by=who)  # fmt: skip
    values.update({c: "" for c in BLANKED_COLUMNS})
    # The monitor only asks whether a disability was recorded, never what it is.
    values["disability"] = "ya" if (row.disability or "").strip() else ""
    return JobseekerRow(**values)


def _scrub(state: Any, old: str, new: str) -> Any:
    """An audit state with the old id replaced and every personal field blanked."""
    if isinstance(state, dict):
        return {
            k: (
                ERASED if k in PERSONAL_COLUMNS and v not in (None, "", []) else _scrub(v, old, new)
            )
            for k, v in state.items()
        }
    if isinstance(state, list):
        return [_scrub(v, old, new) for v in state]
    return new if state == old else state


def erase(session: Session, jobseeker_id: str, *, who: str) -> ErasureResult:
    """Pseudonymise ``jobseeker_id`` in place (see the module docstring); one transaction."""
    # Locked first: a referral, a consent change or an answer about the person that
    # another session is writing waits for the erasure, then finds the person gone.
    row = lock_person(session, jobseeker_id)
    pseudonym = _new_pseudonym(session)
    changed: dict[str, int] = {}
    session.add(_erased_profile(row, pseudonym, who))
    session.flush()
    for table, column in _referencing(JobseekerRow.__table__):
        values: dict[str, Any] = {column.name: pseudonym}
        values |= dict.fromkeys(FREE_TEXT_COLUMNS.get(table.name, ()), "")
        result = session.execute(update(table).where(column == jobseeker_id).values(**values))
        if result.rowcount:
            changed[table.name] = result.rowcount
    audit_rows = list(session.scalars(_audit_query(jobseeker_id)))
    for entry in audit_rows:
        entry.entity_id = entry.entity_id.replace(jobseeker_id, pseudonym)
        entry.before = _scrub(entry.before, jobseeker_id, pseudonym)
        entry.after = _scrub(entry.after, jobseeker_id, pseudonym)
    if audit_rows:
        changed["audit_log"] = len(audit_rows)
    session.flush()
    keep_floor(session, jobseeker_id)  # the old id is never given to someone new
    session.execute(delete(JobseekerRow).where(JobseekerRow.id == jobseeker_id))
    changed["jobseekers"] = 1
    now = utcnow()
    session.execute(
        insert(ErasureRow).values(pseudonym=pseudonym, who=who, at=now, rows_changed=changed)
    )
    # Only the pseudonym: the trail must not say again who the person was.
    record_change(session, who=who, entity=ERASURE_ENTITY, entity_id=pseudonym, action="erase",
                  before=None, after={"rows_changed": changed})  # fmt: skip
    session.flush()
    session.expunge(row)
    return ErasureResult(pseudonym=pseudonym, who=who, at=now, rows_changed=changed)


def flush_old_pages(session: Session, wait_ms: int = 2000) -> bool:
    """After an erasure on SQLite: copy the write-ahead log into the database file
    (``secure_delete`` zeroes the old row there) and empty it. The log otherwise keeps
    the pages with the person's old row until it wraps round.

    A connection still reading an older snapshot holds the log back; this waits at most
    ``wait_ms`` for it (not the connection's 30 s busy timeout), copies what it can and
    returns False: the log still holds old pages, and a later call (the app retries
    every hour) empties it. True when the log is empty, and on PostgreSQL (no such file).
    """
    if session.get_bind().dialect.name != "sqlite":
        return True
    previous = session.execute(text("PRAGMA busy_timeout")).scalar()
    session.execute(text(f"PRAGMA busy_timeout = {int(wait_ms)}"))
    try:
        busy = session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).first()[0]
        if busy:
            session.execute(text("PRAGMA wal_checkpoint(PASSIVE)"))
    finally:
        session.execute(text(f"PRAGMA busy_timeout = {int(previous or 0)}"))
    return not busy


def is_erased(session: Session, jobseeker_id: str) -> bool:
    return (
        session.scalar(select(ErasureRow.id).where(ErasureRow.pseudonym == jobseeker_id))
        is not None
    )


def erasures(session: Session) -> list[ErasureResult]:
    """Every erasure recorded, newest first."""
    rows = session.scalars(select(ErasureRow).order_by(ErasureRow.at.desc(), ErasureRow.id.desc()))
    return [ErasureResult(r.pseudonym, r.who, r.at, dict(r.rows_changed or {})) for r in rows]


__all__ = [
    "BLANKED_COLUMNS",
    "FREE_TEXT_COLUMNS",
    "ERASED",
    "ErasureResult",
    "SubjectData",
    "age_floor",
    "collect",
    "erase",
    "erasures",
    "flush_old_pages",
    "is_erased",
]
