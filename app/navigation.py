"""The menu: which page file each role may open.

Rows are (page file relative to the repository root, title key in app.i18n, icon,
allowed roles). A row whose file does not exist yet is skipped, so pages that other
helpers are building appear as soon as their file lands. The menu only hides pages;
every page checks the role again and the service layer checks permissions once more.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from matcher.db import Role

ROOT = Path(__file__).resolve().parents[1]

C, T, E, A, L = Role.COUNSELOR, Role.TRAINER, Role.EMPLOYER, Role.ADMIN, Role.COUNSELOR_LEAD


@dataclass(frozen=True)
class PageRow:
    path: str
    title_key: str
    icon: str
    roles: frozenset[Role]

    @property
    def file(self) -> Path:
        return ROOT / self.path


def _row(path: str, title_key: str, icon: str, *roles: Role) -> PageRow:
    return PageRow(path, title_key, icon, frozenset(roles))


PAGES: tuple[PageRow, ...] = (
    _row("app/pages/home.py", "nav_home", ":material/home:", C, T, E, A, L),
    _row("app/pages/counselor.py", "nav_jobseekers", ":material/person_search:", C, A),
    _row("app/pages/register.py", "nav_register", ":material/person_add:", C, A),
    _row("app/pages/caseload.py", "nav_caseload", ":material/assignment_ind:", C, A),
    _row("app/pages/field_intake.py", "nav_field_intake", ":material/edit_note:", A, C),
    _row("app/pages/needs_map.py", "nav_needs_map", ":material/map:", A, L, C),
    _row("app/pages/outreach.py", "nav_outreach", ":material/campaign:", A, C, T),
    _row("app/pages/trainer.py", "nav_trainer", ":material/school:", T, A),
    _row("app/pages/employer.py", "nav_employer", ":material/work:", E, A),
    _row("app/pages/monitoring.py", "nav_monitoring", ":material/monitoring:", A, L),
    _row("app/pages/partners.py", "nav_partners", ":material/handshake:", A, L),
    _row("app/pages/ranker_admin.py", "nav_ranker", ":material/model_training:", A),
    _row("app/pages/admin_users.py", "nav_users", ":material/manage_accounts:", A),
)

SIGNIN_PAGE = "app/pages/signin.py"


def pages_for(role: Role | str) -> list[PageRow]:
    """The rows ``role`` may open whose page file exists, in menu order."""
    role = Role(role)
    return [row for row in PAGES if role in row.roles and row.file.exists()]
