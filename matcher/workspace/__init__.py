"""The workspace service: what counselors, trainers, employers and admins may do.

Pages call these use cases and render the result; every method takes the signed-in
:class:`~matcher.db.User` first and checks its permission (and ownership, for trainers
and employers) before touching data, so hiding a menu item is never the only guard.

Examples
--------
>>> from matcher.db import session_scope
>>> from matcher.workspace.startup import init_app_db
>>> report = init_app_db()  # doctest: +SKIP
>>> ws = Workspace(lambda: session_scope(report.engine))  # doctest: +SKIP
>>> ws.person_view(counselor, "JS-0001").lists["vacancy"].items[0].rec.title  # doctest: +SKIP
"""

from __future__ import annotations

from matcher.workspace.admin import AdminMixin
from matcher.workspace.caseload import (
    Caseload,
    CaseloadMixin,
    FollowUp,
    HubRequest,
    ReferralView,
    UnknownCandidateError,
)
from matcher.workspace.employers import (
    EmployerMixin,
    ShortlistEntry,
    UploadPreview,
)
from matcher.workspace.forms import FormResult, next_id, validate_form
from matcher.workspace.ordering import AdjustedList, ListItem, RejectedItem, adjust
from matcher.workspace.people import PeopleMixin
from matcher.workspace.privacy import PrivacyMixin
from matcher.workspace.recommend import (
    AlreadyReferredError,
    MoveNotPossibleError,
    PersonView,
    RecommendMixin,
    ReferralMismatchError,
)
from matcher.workspace.registration import RegistrationMixin
from matcher.workspace.source import DbSource, EngineCache, data_version, raw_normaliser
from matcher.workspace.trainers import EnrolmentView, TrainerMixin


class Workspace(
    PeopleMixin,
    RegistrationMixin,
    RecommendMixin,
    CaseloadMixin,
    TrainerMixin,
    EmployerMixin,
    AdminMixin,
    PrivacyMixin,
):
    """Every use case of the app in one object (see the mixins for each role's part)."""


__all__ = [
    "AdjustedList",
    "AlreadyReferredError",
    "Caseload",
    "FollowUp",
    "HubRequest",
    "MoveNotPossibleError",
    "ReferralMismatchError",
    "ReferralView",
    "UnknownCandidateError",
    "DbSource",
    "EngineCache",
    "EnrolmentView",
    "FormResult",
    "ListItem",
    "PersonView",
    "RejectedItem",
    "ShortlistEntry",
    "UploadPreview",
    "Workspace",
    "adjust",
    "data_version",
    "next_id",
    "raw_normaliser",
    "validate_form",
]
