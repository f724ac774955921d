"""The partner service: the directory for counselor leads and admins; edits by admins.

Reading needs ``VIEW_DASHBOARD`` or ``MANAGE_PARTNERS``; saving needs
``MANAGE_PARTNERS`` (checked here and again in :func:`matcher.needs.partners.save_partner`).
"""

from __future__ import annotations

from matcher import auth
from matcher.db import User
from matcher.needs.models import PartnerType
from matcher.needs.partners import Partner, PartnerListing, ensure_partners, partner_directory
from matcher.needs.partners import save_partner as _save_partner
from matcher.workspace.access import PageService, require_any

__all__ = ["PartnerService"]


class PartnerService(PageService):
    def can_edit(self, user: User) -> bool:
        return auth.can(user, auth.Permission.MANAGE_PARTNERS)

    def directory(
        self, user: User, partner_type: PartnerType | str | None = None, query: str = ""
    ) -> list[PartnerListing]:
        """Every partner (of one type) whose name contains ``query``, with its programmes
        and vacancies. Partners for every stored provider and employer are created first."""
        self._allow(user, "partners_view")
        with self.session_factory() as session:
            ensure_partners(session)
            listing = partner_directory(session, partner_type=partner_type)
        q = query.strip().casefold()
        return [x for x in listing if q in x.partner.name.casefold()] if q else listing

    def save(
        self, user: User, *, partner_id: int | None = None,
        expected_version: int | None = None, **values,
    ) -> Partner:  # fmt: skip
        """Create (``partner_id=None``) or edit a partner under its version lock."""
        require_any(user, "partners_edit")
        with self.session_factory() as session:
            return _save_partner(session, user, partner_id=partner_id,
                                 expected_version=expected_version, **values)  # fmt: skip
