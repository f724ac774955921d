"""The monitoring service: the dashboard's figures for admins and counselor leads.

Every method checks ``Permission.VIEW_DASHBOARD`` first. The report is what
:func:`matcher.monitoring.report.build_report` computes (the printed report and the CLI
share it); it is remembered for five minutes per filter, because the wage-steering
permutation test takes seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from matcher.db import User
from matcher.monitoring import DIMENSIONS, has_demo_data, load_data
from matcher.monitoring.report import MonitoringReport, build_report
from matcher.workspace.access import PageService
from matcher.workspace.memo import TtlMemo

__all__ = ["MonitoringScope", "MonitoringService"]

Groups = tuple[tuple[str, tuple[str, ...]], ...]  # ((dimension, (group, ...)), ...)


@dataclass(frozen=True)
class MonitoringScope:
    """What the filters can offer: groups per dimension, the first day with data, the
    data date, and whether the history is the simulated demo."""

    options: dict[str, list[str]]
    first: date | None
    as_of: date | None
    demo: bool


class MonitoringService(PageService):
    def __init__(self, session_factory, ttl: float = 300.0):
        super().__init__(session_factory)
        self._memo = TtlMemo(ttl)

    def _data(self):
        def load():
            with self.session_factory() as session:
                return load_data(session), has_demo_data(session)

        return self._memo.get(("data",), load)

    def scope(self, user: User) -> MonitoringScope:
        self._allow(user, "monitoring")
        data, demo = self._data()
        people = data.people
        options = {d: sorted(people[d].dropna().unique().tolist()) for d in DIMENSIONS}
        first = min(people["registered_on"].dropna(), default=None)
        return MonitoringScope(options, first, data.as_of, demo)

    def report(
        self,
        user: User,
        *,
        start: date | None = None,
        end: date | None = None,
        groups: Groups = (),
        threshold: float = 0.05,
        lang: str = "id",
    ) -> MonitoringReport:
        """The report for a period, a set of groups and a fairness threshold (0-1)."""
        self._allow(user, "monitoring")
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"threshold={threshold!r}; allowed: a share between 0 and 1")

        def build() -> MonitoringReport:
            data, demo = self._data()
            subset = data.for_people(**{d: list(v) for d, v in groups})
            return build_report(subset, start=start, end=end, threshold=threshold, demo=demo,
                                lang=lang)  # fmt: skip

        return self._memo.get(("report", start, end, groups, threshold, lang), build)

    def downloads(self, user: User, **filters) -> tuple[bytes, str, str]:
        """The report as an Excel workbook, a printable HTML page and JSON."""
        report = self.report(user, **filters)
        lang = filters.get("lang", "id")
        key = ("downloads", *sorted((k, str(v)) for k, v in filters.items()))
        return self._memo.get(
            key, lambda: (report.to_xlsx_bytes(), report.to_html(lang), report.to_json())
        )

    def refresh(self, user: User) -> None:
        """Forget remembered figures (after new outcomes are recorded)."""
        self._allow(user, "monitoring")
        self._memo.clear()
