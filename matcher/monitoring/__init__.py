"""Monitoring and evaluation: outcome indicators, fairness checks, reports, demo history.

The hub answers to its partners for what happens to people. Everything here is computed
from the database (:func:`load_data`), so the dashboard, the spreadsheet and the printed
report show the same figures; ``python -m matcher report`` reproduces them.
"""

from __future__ import annotations

from matcher.monitoring.data import DIMENSIONS, MonitoringData, load_data
from matcher.monitoring.exposures import has_demo_data, record_exposures
from matcher.monitoring.models import BusinessStatus, ExposureContext, RevenueBand
from matcher.monitoring.simulate import seed_demo_history, simulate_history

__all__ = [
    "DIMENSIONS",
    "BusinessStatus",
    "ExposureContext",
    "MonitoringData",
    "RevenueBand",
    "has_demo_data",
    "load_data",
    "record_exposures",
    "seed_demo_history",
    "simulate_history",
]
