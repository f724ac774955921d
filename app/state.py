"""Shared app helpers: the database, the workspace service, the user, drafts, messages.

Pages import from here and from :mod:`app.i18n`; they hold no business logic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, suppress
from typing import Any

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.i18n import STRINGS, t
from app.i18n.uploads import tr
from matcher.db import (
    ConcurrentEditError,
    ConsentRequiredError,
    PermissionDenied,
    Role,
    User,
    database_url,
    init_db,
    session_scope,
)
from matcher.db.errors import WeakPasswordError
from matcher.errors import FileFormatError, MatcherError, OptionError, ValidationError
from matcher.workspace import Workspace
from matcher.workspace.drafts import DraftStore

__all__ = [
    "current_user",
    "db_engine",
    "db_session",
    "draft_keys",
    "get_service",
    "plain",
    "require_role",
    "run_action",
    "session_factory",
    "show_error",
]


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Engine:
    """Migrate (and seed a fresh database) once per process and database URL."""
    return init_db(url).engine


def db_engine() -> Engine:
    return _database(database_url())


def session_factory() -> Callable[[], AbstractContextManager[Session]]:
    """A callable returning a commit-on-success session on the app database."""
    engine = db_engine()
    return lambda: session_scope(engine)


def db_session() -> AbstractContextManager[Session]:
    return session_scope(db_engine())


@st.cache_resource(show_spinner=False)
def _workspace(url: str) -> Workspace:
    # One per database; its EngineCache rebuilds the matcher when the data version
    # (row counts and latest saves) changes, and only then.
    workspace = Workspace(session_factory())
    workspace.engine_cache.build_in_background()
    return workspace


def get_service() -> Workspace:
    """The workspace service (permission-checked use cases) for the app database."""
    return _workspace(database_url())


def current_user() -> User | None:
    return st.session_state.get("user")


def require_role(*roles: Role | str) -> User:
    """The signed-in user when their role is one of ``roles``; otherwise stop the page."""
    user = current_user()
    if user is None:
        st.warning(t("signin_required"))
        st.stop()
    if user.role not in {Role(r) for r in roles}:
        st.error(t("role_denied", role=t(f"role_{user.role.value}")))
        st.stop()
    return user


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def log_shown_once(key: tuple, log: Callable[[], Any]) -> None:
    """Run ``log`` (an exposure record) once per list shown, not on every rerun."""
    shown = st.session_state.setdefault("_shown_lists", set())
    if key not in shown:
        log()
        shown.add(key)


def plain(text: object) -> str:
    """User text made safe for a Markdown label (button, expander, header): no markup,
    no links, no HTML, just the characters."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def field_label(column: str | None) -> str:
    """The form label of a schema column ("closing_date" -> "Batas lamaran")."""
    if not column:
        return "-"
    key = f"f_{column}"
    return t(key) if key in STRINGS else column


def _problem_lines(exc: ValidationError) -> list[str]:
    return [
        t("problem_line", field=field_label(p.column), value=p.value, allowed=tr(p.allowed))
        for p in exc.problems
    ]


def show_error(exc: Exception) -> None:
    """A translated, readable message for a domain error (never a traceback)."""
    if isinstance(exc, ConcurrentEditError):
        when = exc.changed_at.strftime("%d-%m-%Y %H:%M") if exc.changed_at else "?"
        st.error(t("conflict", who=exc.changed_by or "?", when=when))
    elif isinstance(exc, PermissionDenied):
        st.error(t("denied"))
        st.caption(str(exc))
    elif isinstance(exc, ConsentRequiredError):
        st.error(t("consent_required"))
    elif isinstance(exc, WeakPasswordError):
        st.error(t("password_weak"))
        for reason in exc.reasons:
            st.text("- " + t(f"password_rule_{reason}", n=exc.min_length))
    elif isinstance(exc, ValidationError):
        st.error(t("validation_failed"))
        for line in _problem_lines(exc):
            st.text(line)
    elif isinstance(exc, FileFormatError | OptionError | MatcherError | ValueError):
        st.error(t("error_generic"))
        st.text(tr(exc.message) if isinstance(exc, FileFormatError) else str(exc))
    else:
        raise exc


def run_action(fn: Callable[[], Any], *, success: str | None = None) -> Any:
    """Call ``fn``; on a domain error show it and return None. A success message is
    kept for the next run, so it survives the rerun that shows the new state."""
    try:
        result = fn()
    except (MatcherError, ValueError) as exc:
        st.session_state["_flash_error"] = exc
        return None
    if success:
        st.session_state["_flash"] = success
    return result


def show_flash() -> None:
    """Messages from the previous run's action (see :func:`run_action`)."""
    if msg := st.session_state.pop("_flash", None):
        st.success(msg)
    if exc := st.session_state.pop("_flash_error", None):
        show_error(exc)


@st.cache_resource(show_spinner=False)
def _drafts(url: str) -> DraftStore:
    store = DraftStore()
    store.purge_expired()  # on start: drafts hold personal data and expire
    return store


@st.cache_data(ttl=3600, show_spinner=False)
def _hourly_purge(url: str) -> int:
    return _drafts(url).purge_expired()


def _draft_store() -> DraftStore:
    url = database_url()
    _hourly_purge(url)  # runs again at most once an hour
    return _drafts(url)


def draft_keys(name: str, keys: Iterable[str], baseline: dict[str, Any] | None = None) -> None:
    """Keep form widgets' values across page switches, reloads and crashes.

    Streamlit forgets a widget's value when its page is not shown, and all of
    ``session_state`` on a browser reload. The values are mirrored in
    ``st.session_state["drafts"][name]`` and, per user, in the server-side
    :class:`~matcher.workspace.drafts.DraftStore`; they are restored when the form is
    shown again and deleted by :func:`clear_draft` when it is submitted. An edit form
    passes the stored record's values as ``baseline``: an unchanged form is no draft.
    """
    keys = list(keys)
    user = current_user()
    drafts = st.session_state.setdefault("drafts", {})
    if name not in drafts:
        drafts[name] = _draft_store().load(user.username, name) if user else {}
    saved = drafts[name]
    for key in keys:
        if key in st.session_state:
            saved[key] = st.session_state[key]
        elif key in saved:
            st.session_state[key] = saved[key]
    current = {k: saved[k] for k in keys if k in saved}
    if baseline is not None and all(current.get(k) == v for k, v in baseline.items()):
        current = {}  # nothing edited yet
    if user is not None and current != st.session_state.get(f"_draft_written_{name}", {}):
        if current:
            _draft_store().save(user.username, name, current)
        else:
            _draft_store().clear(user.username, name)
        st.session_state[f"_draft_written_{name}"] = dict(current)


def clear_draft(name: str, keys: Iterable[str]) -> None:
    st.session_state.setdefault("drafts", {}).pop(name, None)
    st.session_state.pop(f"_draft_written_{name}", None)
    for key in keys:
        st.session_state.pop(key, None)
    if (user := current_user()) is not None:
        _draft_store().clear(user.username, name)


def page_link(path: str, label: str, icon: str | None = None) -> None:
    """A link to another page of the menu; nothing when that page is not in this run's
    menu (e.g. a page run on its own in a test)."""
    from streamlit.errors import StreamlitAPIException

    from app.navigation import ROOT

    with suppress(StreamlitAPIException, KeyError):
        st.page_link(str(ROOT / path), label=label, icon=icon)
