"""The audit trail: every write records who, when, and the state before and after.

:class:`AuditedRepository` is the one write path the repositories use. It inserts or
updates a row, checks the optimistic-lock version, translates SQLAlchemy's
``StaleDataError`` into :class:`~matcher.db.errors.ConcurrentEditError`, and appends
an ``audit_log`` row in the same transaction, so a change and its audit entry are
committed (or rolled back) together.

Personal data is never copied into the trail (UU PDP 27/2022): names, phone numbers
and free text (:data:`REDACTED_COLUMNS`) are stored as a keyed hash, ``"⟨redacted:
1a2b3c4d5e6f⟩"``, so an entry still shows *that* a name changed but not *what* it
was, and the hash cannot be reversed by trying every phone number without the key
(``MATCHER_AUDIT_KEY``, or a 0600 file beside the database). Other personal fields
(age, gender, kelurahan...; :data:`PERSONAL_COLUMNS`) are stored but shown to admins
only (:func:`redact_for_viewer`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from matcher.db.errors import ConcurrentEditError
from matcher.db.mapping import audit_record
from matcher.db.models import AuditRow, Base
from matcher.db.records import AuditEntry
from matcher.db.types import utcnow

# Never copied into the audit log.
SECRET_COLUMNS = frozenset({"password_hash"})
# Bookkeeping that changes on every save; not a change anybody made on purpose.
BOOKKEEPING_COLUMNS = frozenset({"version_id", "updated_at", "updated_by"})
# Personal data stored only as a keyed hash: direct identifiers and free text about a person.
REDACTED_COLUMNS = frozenset(
    {"name", "phone", "experience", "interests", "availability", "disability",
     "business_description", "note", "question", "answer"}
)  # fmt: skip
# Personal data stored as is (monitoring needs it), but shown to admins only.
PERSONAL_COLUMNS = REDACTED_COLUMNS | frozenset(
    {"age", "gender", "kelurahan", "education", "segment", "skills", "languages",
     "max_travel_km", "business_stage", "registered_on", "birth_date"}
)  # fmt: skip
# Entities whose snapshots describe a person (a vacancy's "kelurahan" is not personal).
PERSON_ENTITIES = frozenset(
    {
        "jobseeker",
        "recommendation_decision",
        "referral",
        "person_settings",
        "field_intake",
        "hub_request",
    }
)
REDACTED_PREFIX = "⟨redacted:"
HIDDEN = "⟨hidden⟩"  # what a non-admin sees in place of a personal field
AUDIT_KEY_ENV = "MATCHER_AUDIT_KEY"

_key_lock = threading.Lock()
_key_cache: dict[str, bytes] = {}


def audit_key() -> bytes:
    """The key of the audit hashes: ``MATCHER_AUDIT_KEY``, else a random key kept in
    ``audit.key`` (mode 0600) in the private folder beside the database."""
    if value := os.environ.get(AUDIT_KEY_ENV):
        return value.encode()
    from matcher.db.session import database_url, secret_file

    url = database_url()
    with _key_lock:
        if url not in _key_cache:
            _key_cache[url] = secret_file("audit.key")
        return _key_cache[url]


def redact_value(value: Any) -> Any:
    """A keyed hash standing in for ``value`` (empty values and hashes stay as they are)."""
    if value in (None, "", []) or (isinstance(value, str) and value.startswith(REDACTED_PREFIX)):
        return value
    text = value if isinstance(value, str) else repr(value)
    digest = hmac.new(audit_key(), text.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{REDACTED_PREFIX}{digest[:12]}⟩"


def redact_snapshot(state: dict[str, Any] | None, entity: str) -> dict[str, Any] | None:
    """``state`` with personal values replaced by their keyed hash: every
    :data:`REDACTED_COLUMNS` value of a person, and any record's phone number (a
    partner's contact person has one too)."""
    if state is None:
        return None
    columns = REDACTED_COLUMNS if entity in PERSON_ENTITIES else {"phone"}
    return {k: redact_value(v) if k in columns else v for k, v in state.items()}


def redact_for_viewer(state: dict[str, Any] | None, entity: str) -> dict[str, Any] | None:
    """What a non-admin sees of a stored state: a person's personal fields hidden."""
    if state is None or entity not in PERSON_ENTITIES:
        return state
    return {k: HIDDEN if k in PERSONAL_COLUMNS and v not in (None, "", []) else v
            for k, v in state.items()}  # fmt: skip


def _json_safe(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return value


def snapshot(row: Base) -> dict[str, Any]:
    """The row's column values as JSON-safe data, without secrets."""
    return {
        c.key: _json_safe(getattr(row, c.key))
        for c in row.__table__.columns
        if c.key not in SECRET_COLUMNS
    }


def record_change(
    session: Session,
    *,
    who: str,
    entity: str,
    entity_id: object,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditRow:
    """Append one audit row to ``session`` (committed with the change it describes)."""
    if not who:
        raise ValueError("every write needs 'who' (the username making the change)")
    row = AuditRow(
        who=who,
        at=utcnow(),
        entity=entity,
        entity_id=str(entity_id),
        action=action,
        before=redact_snapshot(before, entity),
        after=redact_snapshot(after, entity),
    )
    session.add(row)
    return row


class AuditedRepository:
    """Base class: the audited insert/update path shared by every repository."""

    entity: ClassVar[str] = "record"  # in words, for the audit log and error messages

    def __init__(self, session: Session):
        self.session = session

    def _insert(self, row: Base, *, who: str, action: str = "create") -> Base:
        self.session.add(row)
        self.session.flush()  # assigns ids and the first version_id
        record_change(
            self.session,
            who=who,
            entity=self.entity,
            entity_id=_pk(row),
            action=action,
            before=None,
            after=snapshot(row),
        )
        return row

    def _update(
        self,
        row: Base,
        apply: Callable[[], None],
        *,
        who: str,
        expected_version: int | None,
        action: str = "update",
    ) -> bool:
        """Apply a change to ``row`` under the optimistic lock; False if nothing changed.

        Raises
        ------
        ConcurrentEditError
            When ``expected_version`` is not the stored version, or another session
            saved between our read and our write. The session is then rolled back.
        """
        versioned = hasattr(row, "version_id")
        if versioned:
            if expected_version is None:
                raise ValueError(
                    f"updating a {self.entity} needs expected_version (the version_id "
                    "that was loaded), so a concurrent edit is not overwritten"
                )
            if row.version_id != expected_version:
                self._raise_conflict(row, expected_version)
        before = snapshot(row)
        apply()
        after = snapshot(row)
        if all(before[k] == after[k] for k in before if k not in BOOKKEEPING_COLUMNS):
            return False
        if versioned:
            row.updated_at, row.updated_by = utcnow(), who
        try:
            self.session.flush()
        except StaleDataError:
            self.session.rollback()
            self._raise_conflict(self.session.get(type(row), _pk(row)), expected_version)
        record_change(
            self.session,
            who=who,
            entity=self.entity,
            entity_id=_pk(row),
            action=action,
            before=before,
            after=snapshot(row),
        )
        return True

    def _raise_conflict(self, current: Base | None, expected_version: int | None) -> None:
        raise ConcurrentEditError(
            self.entity,
            str(_pk(current)) if current is not None else "?",
            changed_by=getattr(current, "updated_by", None),
            changed_at=getattr(current, "updated_at", None),
            expected_version=expected_version,
            current_version=getattr(current, "version_id", None),
        )


def _pk(row: Base) -> object:
    identity = row.__mapper__.primary_key_from_instance(row)
    return identity[0] if len(identity) == 1 else tuple(identity)


class AuditRepository:
    """Reads the audit trail; writes happen through :func:`record_change`."""

    def __init__(self, session: Session):
        self.session = session

    def add(
        self,
        *,
        who: str,
        entity: str,
        entity_id: object,
        action: str,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> AuditEntry:
        """Record something that is not a row change (a model retrain, an export...)."""
        row = record_change(
            self.session,
            who=who,
            entity=entity,
            entity_id=entity_id,
            action=action,
            before=_json_safe(before),
            after=_json_safe(after),
        )
        self.session.flush()
        return audit_record(row)

    def list(
        self,
        *,
        entity: str | None = None,
        entity_id: object | None = None,
        who: str | None = None,
        limit: int | None = 200,
    ) -> list[AuditEntry]:
        """Audit entries, newest first, optionally for one entity / record / user."""
        query = select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc())
        if entity is not None:
            query = query.where(AuditRow.entity == entity)
        if entity_id is not None:
            query = query.where(AuditRow.entity_id == str(entity_id))
        if who is not None:
            query = query.where(AuditRow.who == who)
        if limit is not None:
            query = query.limit(limit)
        return [audit_record(r) for r in self.session.scalars(query)]
