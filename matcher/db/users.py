"""User accounts: create, look up, edit and change passwords (hashes only)."""

from __future__ import annotations

from sqlalchemy import func, select

from matcher.db.audit import AuditedRepository, record_change
from matcher.db.enums import Role, parse
from matcher.db.errors import WeakPasswordError
from matcher.db.mapping import user_record
from matcher.db.models import UserRow
from matcher.db.passwords import MIN_PASSWORD_LENGTH, hash_password, password_problems
from matcher.db.records import User
from matcher.db.types import utcnow
from matcher.db.user_sessions import EndReason, revoke_user_sessions
from matcher.errors import Message, RowProblem, UnknownRecordError, ValidationError

_UNSET = object()


def _check_account(
    username: str, role: Role, provider: str | None, employer: str | None
) -> list[RowProblem]:
    problems = []
    if not username or not username.strip() or username != username.strip():
        problems.append(
            RowProblem("user", None, "username", username, "non-empty, no outer spaces")
        )
    if role is Role.TRAINER and not provider:
        problems.append(
            RowProblem("user", None, "provider", provider, "a training provider name for trainers")
        )
    if role is Role.EMPLOYER and not employer:
        problems.append(
            RowProblem("user", None, "employer", employer, "an employer name for employers")
        )
    return problems


def _check_password(password: str, username: str) -> None:
    if problems := password_problems(password, username):
        raise WeakPasswordError(problems, MIN_PASSWORD_LENGTH)


class UserRepository(AuditedRepository):
    entity = "user"

    def add(
        self,
        username: str,
        password: str,
        role: Role | str,
        *,
        who: str,
        display_name: str = "",
        provider: str | None = None,
        employer: str | None = None,
        enforce_policy: bool = True,
    ) -> User:
        """Create an account; trainers need ``provider``, employers ``employer``.

        The password must pass :func:`~matcher.db.passwords.password_problems`
        (``enforce_policy=False`` only for the demo accounts, whose passwords are public).
        """
        role = parse(Role, role, "role")
        problems = _check_account(username, role, provider, employer)
        if problems:
            raise ValidationError(problems)
        if enforce_policy:
            _check_password(password, username)
        if self._by_username(username) is not None:
            raise ValidationError(
                RowProblem(
                    "user",
                    None,
                    "username",
                    username,
                    Message("a username not yet taken", "username_taken"),
                )  # fmt: skip
            )
        row = UserRow(
            username=username,
            password_hash=hash_password(password),
            role=role,
            display_name=display_name or username,
            provider=provider,
            employer=employer,
            active=True,
            created_at=utcnow(),
        )
        return user_record(self._insert(row, who=who))

    def _by_username(self, username: str) -> UserRow | None:
        return self.session.scalar(select(UserRow).where(UserRow.username == username))

    def _row(self, user_id: int) -> UserRow:
        row = self.session.get(UserRow, user_id)
        if row is None:
            raise UnknownRecordError("user", str(user_id))
        return row

    def get(self, user_id: int) -> User:
        return user_record(self._row(user_id))

    def get_by_username(self, username: str) -> User | None:
        row = self._by_username(username)
        return user_record(row) if row is not None else None

    def list(self, *, role: Role | str | None = None, active_only: bool = False) -> list[User]:
        query = select(UserRow).order_by(UserRow.username)
        if role is not None:
            query = query.where(UserRow.role == parse(Role, role, "role"))
        if active_only:
            query = query.where(UserRow.active.is_(True))
        return [user_record(r) for r in self.session.scalars(query)]

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(UserRow)) or 0

    def update(
        self,
        user_id: int,
        *,
        who: str,
        display_name: str | object = _UNSET,
        role: Role | str | object = _UNSET,
        provider: str | None | object = _UNSET,
        employer: str | None | object = _UNSET,
        active: bool | object = _UNSET,
    ) -> User:
        """Change the given fields of an account (omitted ones stay as they are)."""
        row = self._row(user_id)
        new = {
            "display_name": display_name,
            "role": parse(Role, role, "role") if role is not _UNSET else _UNSET,
            "provider": provider,
            "employer": employer,
            "active": active,
        }
        new = {k: v for k, v in new.items() if v is not _UNSET}
        merged = {k: new.get(k, getattr(row, k)) for k in ("role", "provider", "employer")}
        problems = _check_account(
            row.username, merged["role"], merged["provider"], merged["employer"]
        )
        if problems:
            raise ValidationError(problems)

        def apply() -> None:
            for name, value in new.items():
                setattr(row, name, value)

        self._update(row, apply, who=who, expected_version=None)
        if new.get("active") is False:
            # Every open tab and copied cookie of this account stops on its next click.
            revoke_user_sessions(self.session, row.id, EndReason.DEACTIVATED)
        return user_record(row)

    def set_password(self, user_id: int, password: str, *, who: str) -> None:
        """Replace the password and end the account's sessions; the audit log notes the
        change, never the hash."""
        row = self._row(user_id)
        _check_password(password, row.username)
        row.password_hash = hash_password(password)
        revoke_user_sessions(self.session, row.id, EndReason.PASSWORD_CHANGED)
        self.session.flush()
        record_change(
            self.session,
            who=who,
            entity=self.entity,
            entity_id=row.id,
            action="password_changed",
            before=None,
            after=None,
        )
