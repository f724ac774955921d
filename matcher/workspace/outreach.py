"""The outreach service: what may be advertised, and its WhatsApp text and flyer.

Counselors and admins advertise any programme and any open vacancy; trainers only
their own provider's programmes (checked per item, not only in the list). Employers
and counselor leads are refused. The message is Indonesian on purpose: it goes to the
people of the kelurahan, whatever language the page is shown in.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from matcher import auth
from matcher.db import ProgramRepository, Role, User, VacancyRepository
from matcher.db.enums import VacancyStatus
from matcher.domain import JobPosting, TrainingProgram
from matcher.needs.outreach import OutreachText, Paper, flyer_html, message
from matcher.needs.partners import PartnerRepository, contact_line, ensure_partners
from matcher.workspace.access import PageService, require_any
from matcher.workspace.base import owns

__all__ = ["OutreachItem", "OutreachKind", "OutreachService"]


class OutreachKind(StrEnum):
    PROGRAM = "program"
    VACANCY = "vacancy"


@dataclass(frozen=True)
class OutreachItem:
    """A programme or vacancy that may be advertised, with its partner's contact line."""

    kind: OutreachKind
    record: TrainingProgram | JobPosting
    owner: str  # provider or employer
    contact: str

    @property
    def id(self) -> str:
        return self.record.id


class OutreachService(PageService):
    def kinds(self, user: User) -> list[OutreachKind]:
        """What ``user`` may advertise: programmes, and vacancies unless a trainer."""
        self._allow(user, "outreach_programs")
        if auth.can(user, auth.Permission.MANAGE_REFERRALS):
            return [OutreachKind.PROGRAM, OutreachKind.VACANCY]
        return [OutreachKind.PROGRAM]

    def items(self, user: User, kind: OutreachKind | str) -> list[OutreachItem]:
        """Programmes (a trainer's own only) or open vacancies, with contacts."""
        kind = OutreachKind(kind)
        require_any(user, "outreach_programs" if kind is OutreachKind.PROGRAM
                    else "outreach_vacancies")  # fmt: skip
        with self.session_factory() as session:
            ensure_partners(session)  # idempotent; contacts come from the directory
            if kind is OutreachKind.PROGRAM:
                records = ProgramRepository(session).list()
                if user.role is Role.TRAINER:
                    records = [r for r in records if owns(auth.check_program_owner, user, r)]
                pairs = [(r.program, r.program.provider) for r in records]
            else:
                rows = VacancyRepository(session).list(status=VacancyStatus.OPEN)
                pairs = [(r.posting, r.posting.employer) for r in rows]
            repo = PartnerRepository(session)
            contacts = {owner: contact_line(repo.find(owner)) for owner in {o for _, o in pairs}}
        return [OutreachItem(kind, rec, owner, contacts[owner]) for rec, owner in pairs]

    def _item(self, user: User, kind: OutreachKind | str, item_id: str) -> OutreachItem:
        for item in self.items(user, kind):
            if item.id == item_id:
                return item
        raise auth.PermissionDenied(
            f"user {user.username!r} may not advertise {kind} {item_id!r}; allowed: "
            "an open vacancy, or a programme of the trainer's own provider"
        )

    def message(self, user: User, kind: OutreachKind | str, item_id: str) -> OutreachText:
        """The WhatsApp text for one item ``user`` may advertise."""
        item = self._item(user, kind, item_id)
        return message(item.record, contact=item.contact)

    def flyer(
        self, user: User, kind: OutreachKind | str, item_id: str, paper: Paper | str = Paper.A5
    ) -> str:
        """The printable flyer (self-contained HTML, user text escaped)."""
        item = self._item(user, kind, item_id)
        return flyer_html(item.record, contact=item.contact, paper=paper)
