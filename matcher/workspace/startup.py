"""The app database's start as the app and the command line need it: the database layer's
:func:`~matcher.db.init_db` plus the steps of the layers above it.

:mod:`matcher.db` migrates, imports the samples and creates the demo accounts; it does
not import the monitoring or needs packages. Their parts of a start are passed to it
here as :class:`~matcher.db.SeedStep` values:

* ``demo_history`` (first run only, unless ``MATCHER_DEMO_HISTORY=0``): a simulated year
  of referrals and outcomes, marked as demo data, so the monitoring dashboard has
  something to show (:func:`matcher.monitoring.seed_demo_history`);
* ``partners`` (every start): a partner for every provider and employer stored, cheap
  when none is missing (:func:`matcher.needs.partners.ensure_partners`).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from matcher.db import InitReport, SeedStep, init_db
from matcher.db.bootstrap import env_flag

__all__ = ["DEMO_HISTORY_ENV", "init_app_db", "seed_steps"]

DEMO_HISTORY_ENV = "MATCHER_DEMO_HISTORY"


def _demo_history(session) -> None:
    from matcher.monitoring import seed_demo_history

    seed_demo_history(session, seed=7)


def _partners(session) -> None:
    from matcher.needs.partners import ensure_partners

    ensure_partners(session)


def seed_steps(*, demo_history: bool | None = None) -> tuple[SeedStep, ...]:
    """The steps a start of the app database runs; ``demo_history`` defaults to
    ``MATCHER_DEMO_HISTORY`` (on)."""
    steps = (
        [SeedStep("demo_history", _demo_history)]
        if env_flag(demo_history, DEMO_HISTORY_ENV)
        else []
    )
    return (*steps, SeedStep("partners", _partners, every_start=True))


def init_app_db(
    url: str | None = None,
    sample_dir: str | Path | None = None,
    *,
    engine: Engine | None = None,
    demo_accounts: bool | None = None,
    demo_history: bool | None = None,
) -> InitReport:
    """:func:`matcher.db.init_db` with :func:`seed_steps`: what the app runs on start.

    Parameters are those of :func:`~matcher.db.init_db`, plus ``demo_history``: simulate
    a year of history on a fresh database (default from ``MATCHER_DEMO_HISTORY``, on).
    """
    return init_db(url, sample_dir, engine=engine, demo_accounts=demo_accounts,
                   steps=seed_steps(demo_history=demo_history))  # fmt: skip
