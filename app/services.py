"""The page services for the app database, one of each per process, and how a page
shows their refusals and results.

Pages call these services and never open a session or a repository (a test scans
``app/`` for that). A refusal stops the page with a translated message, nothing more:
the English reason in the exception is for logs and tests, not for people.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import streamlit as st

from app.i18n import t
from app.state import session_factory
from matcher.db import PermissionDenied, database_url
from matcher.workspace.intake import IntakeService
from matcher.workspace.monitoring import MonitoringService
from matcher.workspace.needs import NeedsService
from matcher.workspace.outreach import OutreachService
from matcher.workspace.partners import PartnerService
from matcher.workspace.ranker_admin import RankerService

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageServices:
    monitoring: MonitoringService
    needs: NeedsService
    outreach: OutreachService
    partners: PartnerService
    intake: IntakeService
    ranker: RankerService


@st.cache_resource(show_spinner=False)
def _services(url: str) -> PageServices:
    factory = session_factory()
    return PageServices(
        MonitoringService(factory), NeedsService(factory), OutreachService(factory),
        PartnerService(factory), IntakeService(factory), RankerService(factory),
    )  # fmt: skip


def services() -> PageServices:
    return _services(database_url())


def refused(exc: PermissionDenied) -> None:
    """Stop the page: the service said no."""
    log.info("refused: %s", exc)
    st.error(t("denied"))
    st.stop()
