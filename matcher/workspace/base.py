"""What every part of the workspace service shares: sessions, the engine, permission checks."""

from __future__ import annotations

from collections.abc import Callable

from matcher import auth
from matcher.auth import Permission
from matcher.db import PermissionDenied, User
from matcher.service import MatcherService
from matcher.workspace.source import EngineCache, SessionFactory


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

    def matcher(self) -> MatcherService:
        """The engine over the data as stored now."""
        cache = self.engine_cache
        return cache.get() if isinstance(cache, EngineCache) else cache()

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
