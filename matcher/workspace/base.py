"""What every part of the workspace service shares: sessions, the engine, permission checks."""

from __future__ import annotations

import threading
from collections.abc import Callable

from matcher import auth
from matcher.auth import Permission
from matcher.db import PermissionDenied, User
from matcher.engine.results import PeopleForItem
from matcher.service import MatcherService
from matcher.workspace.source import EngineCache, SessionFactory

MEMO_SIZE = 64  # vacancies and programmes whose ranked people are remembered


class WorkspaceBase:
    """Holds the session factory and the engine provider.

    Parameters
    ----------
    session_factory : callable
        Returns a context manager yielding a session that commits on success.
    engine : EngineCache or callable returning MatcherService, optional
        Defaults to an :class:`EngineCache` over ``session_factory``.
    """

    def __init__(
        self,
        session_factory: SessionFactory,
        engine: EngineCache | Callable[[], MatcherService] | None = None,
    ):
        self.session_factory = session_factory
        self.engine_cache = engine if engine is not None else EngineCache(session_factory)
        self._ranked_memo: dict[tuple, object] = {}
        self._memo_service: MatcherService | None = None
        self._memo_lock = threading.Lock()

    def record_shown(self, user: User, recommendations, context: str, **kw) -> int:
        """Log what was shown (for the fairness monitor's exposure shares); returns rows.

        ``recommendations`` is a person's shown items or the people ranked for one
        opportunity (then pass ``opportunity_kind`` and ``opportunity_id``).
        """
        from matcher.monitoring import record_exposures

        with self.session_factory() as session:
            return record_exposures(
                session, list(recommendations), context, shown_by=user.username, **kw
            )

    def matcher(self) -> MatcherService:
        """The engine over the data as stored now."""
        cache = self.engine_cache
        return cache.get() if isinstance(cache, EngineCache) else cache()

    def ranked_people(self, kind: str, item_id: str, top_k: int) -> PeopleForItem:
        """People ranked for a vacancy or programme (and those the relevance floor left
        off, and the best excluded ones), remembered until the data changes.

        Ranking everyone against one item encodes every profile text (seconds with the
        neural encoders), and a Streamlit page asks again on every click; the answer
        only changes when the engine is rebuilt.
        """
        service = self.matcher()
        key = (kind, item_id, top_k)
        with self._memo_lock:
            if service is not self._memo_service:
                self._ranked_memo.clear()
                self._memo_service = service
            if key in self._ranked_memo:
                return self._ranked_memo[key]
        if kind == "vacancy":
            result = service.recommend_for_vacancy(item_id, top_k=top_k)
        else:
            result = service.recommend_for_program(item_id, top_k=top_k)
        with self._memo_lock:
            if service is self._memo_service:
                if len(self._ranked_memo) >= MEMO_SIZE:
                    self._ranked_memo.pop(next(iter(self._ranked_memo)))
                self._ranked_memo[key] = result
        return result

    @staticmethod
    def _allow(user: User | None, permission: Permission) -> User:
        return auth.require_permission(user, permission)


def owns(check: Callable[[User, object], User], user: User, record: object) -> bool:
    """True when the ownership ``check`` (from :mod:`matcher.auth`) lets ``user`` through."""
    try:
        check(user, record)
    except PermissionDenied:
        return False
    return True
