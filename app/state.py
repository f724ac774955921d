"""Shared app helpers: the database, the workspace service, the user, drafts, messages.

Pages import from here and from :mod:`app.i18n`; they hold no business logic.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, suppress
from typing import Any

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.i18n import STRINGS, current_lang, t
from app.i18n.uploads import tr
from matcher.db import (
    ConcurrentEditError,
    ConsentRequiredError,
    PermissionDenied,
    Role,
    User,
    database_url,
    session_scope,
)
from matcher.db.errors import WeakPasswordError
from matcher.errors import (
    FileFormatError,
    MatcherError,
    OptionError,
    RowProblem,
    UnknownRecordError,
    ValidationError,
)
from matcher.workspace import Workspace
from matcher.workspace.drafts import DraftStore
from matcher.workspace.startup import init_app_db

__all__ = [
    "current_user",
    "field_errors",
    "problem_text",
    "who_text",
    "db_engine",
    "db_session",
    "draft_keys",
    "get_service",
    "plain",
    "require_role",
    "run_action",
    "session_factory",
    "show_error",
    "sticky_tabs",
    "person_page_link",
]


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Engine:
    """Migrate (and seed a fresh database) once per process and database URL."""
    return init_app_db(url).engine


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


def problem_text(problem: RowProblem) -> str:
    """What is wrong with one field, in the reader's language (never the English rule).

    A problem whose ``allowed`` carries a code (``allowed.code``) reads as ``msg_<code>``;
    otherwise an empty value reads "required" and a filled one the field's own hint
    (``fe_<column>``), or a general "not valid".
    """
    code = getattr(problem.allowed, "code", "")
    if problem.value in (None, ""):  # before the coded message, which names the rule in English
        key = f"fe_{problem.column}_required"
        return t(key) if key in STRINGS else t("fe_required")
    if code and f"msg_{code}" in STRINGS:
        return t(f"msg_{code}", **getattr(problem.allowed, "params", {}))
    key = f"fe_{problem.column}"
    if key in STRINGS:
        return t(key)
    # Otherwise the loaders' coded message (app/i18n/uploads.py), else a general one.
    return tr(problem.allowed) if code else t("fe_invalid")


def field_errors(problems: Iterable[RowProblem]) -> dict[str, list[str]]:
    """Field name -> translated problems, for drawing each under its field."""
    out: dict[str, list[str]] = {}
    for p in problems:
        text = problem_text(p)
        if text not in out.setdefault(p.column or "", []):
            out[p.column or ""].append(text)
    return out


def who_text(who: str | None) -> str:
    """A username as a reader sees it: the data import reads as such, not as 'system'."""
    return t("who_system") if who in (None, "", "system", "bootstrap", "import") else who


def _problem_lines(exc: ValidationError) -> list[str]:
    return [
        t(
            "problem_line",
            field=field_label(p.column),
            value="" if p.value is None else p.value,
            allowed=problem_text(p),
        )  # fmt: skip
        for p in exc.problems
    ]


def _coded_error(exc: Exception) -> str | None:
    """The translation of a domain error that carries a ``code`` (``err_<code>``)."""
    code = getattr(exc, "code", "")
    if not code or f"err_{code}" not in STRINGS:
        return None
    if code == "already_referred":
        r = exc.referral
        return t("err_already_referred", status=t(f"status_{r.status.value}"),
                 when=r.at.strftime("%d-%m-%Y"))  # fmt: skip
    if code == "rule_not_relaxable":
        from app.i18n.explain import rule_text

        return t("err_rule_not_relaxable", rule=rule_text(exc.rule, current_lang()))
    return t(f"err_{code}")


def show_error(exc: Exception) -> None:
    """A translated, readable message for a domain error (never a traceback)."""
    if (coded := _coded_error(exc)) is not None:
        st.error(coded)
    elif isinstance(exc, ConcurrentEditError):
        when = exc.changed_at.strftime("%d-%m-%Y %H:%M") if exc.changed_at else "?"
        st.error(t("conflict", who=exc.changed_by or "?", when=when))
    elif isinstance(exc, PermissionDenied):
        st.error(t("denied"))
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
    elif isinstance(exc, UnknownRecordError):
        st.error(t("err_unknown_record", id=exc.record_id))
    elif isinstance(exc, FileFormatError | OptionError | MatcherError | ValueError):
        st.error(t("error_generic"))
        st.text(tr(exc.message) if isinstance(exc, FileFormatError) else str(exc))
    else:
        raise exc


def sticky_tabs(labels: list[str], remember: str) -> list:
    """``st.tabs`` that stay on the tab the reader chose when a label changes: a count in
    a label ("Pelatihan (1)" -> "Pelatihan (0)" after a rejection) or the language. Plain
    tabs start again on the first then, so a click seemed to lose its result.

    The chosen tab's index is kept under ``remember`` by the tabs' own callback, which
    runs before the page with the labels the reader saw. A new set of labels is a new
    widget (its key names them), set to open on that index; the widget's id must not
    change with the choice itself, or the next click is lost. Choosing a tab reruns the
    page (Streamlit's tab state tracking)."""
    try:
        at = int(st.session_state.get(remember, 0))
    except (TypeError, ValueError):
        at = 0
    at = max(0, min(at, len(labels) - 1))
    st.session_state[remember] = at
    key = f"{remember}_tabs_{zlib.crc32('|'.join(labels).encode()):08x}"
    if st.session_state.get(key) != labels[at]:  # new labels, or labels seen before
        st.session_state[key] = labels[at]
    return st.tabs(labels, key=key, on_change=_tab_chosen, args=(key, list(labels), remember))


def _tab_chosen(key: str, labels: list[str], remember: str) -> None:
    chosen = st.session_state.get(key)
    if chosen in labels:
        st.session_state[remember] = labels.index(chosen)


def run_action(
    fn: Callable[[], Any],
    *,
    success: str | None = None,
    where: str | None = None,
    error_where: str | None = None,
) -> Any:
    """Call ``fn``; on a domain error keep it and return None. The message (success or
    error) is kept for the next run, so it survives the rerun that shows the new state;
    with ``where`` it is shown by ``show_flash(where)``, next to what it is about, and a
    success also pops up as a toast wherever the reader has scrolled. ``error_where``: where
    an error shows instead (a rejection's card stays when it fails: the error goes there)."""
    try:
        result = fn()
    except (MatcherError, ValueError) as exc:
        st.session_state.setdefault("_flash_errors", {})[error_where or where] = exc
        return None
    if success:
        st.session_state.setdefault("_flashes", {})[where] = success
    return result


def show_flash(where: str | None = None) -> None:
    """Messages from the previous run's action at ``where`` (see :func:`run_action`)."""
    if where is None and (msg := st.session_state.pop("_flash", None)):
        st.success(msg)
    if msg := st.session_state.get("_flashes", {}).pop(where, None):
        st.success(msg, icon=":material/check_circle:")
        if where is not None:
            st.toast(msg, icon=":material/check_circle:")
    if exc := st.session_state.pop("_flash_error", None) if where is None else None:
        show_error(exc)
    if exc := st.session_state.get("_flash_errors", {}).pop(where, None):
        show_error(exc)


def widget_texts() -> None:
    """Captions are drawn at 60% opacity, 3.9:1 on white; WCAG AA (axe-core's
    color-contrast) wants 4.5:1, so they are drawn opaque in a grey of 6.6:1. Static CSS,
    no user text. Streamlit's own English hints are not rewritten: the widgets avoid
    them through their public options where there is one (docs/workspace.md,
    "Streamlit's own words")."""
    st.markdown(
        "<style>[data-testid='stCaptionContainer']{opacity:1 !important;color:#5c5a56}</style>",
        unsafe_allow_html=True,
    )


@st.cache_resource(show_spinner=False)
def _drafts(url: str) -> DraftStore:
    store = DraftStore()
    store.purge_expired()  # on start: drafts hold personal data and expire
    return store


@st.cache_data(ttl=3600, show_spinner=False)
def _hourly_purge(url: str) -> int:
    # An erasure that found the SQLite log held by a reader left old pages in it.
    _workspace(url).flush_erased_pages()
    return _drafts(url).purge_expired()


def _draft_store() -> DraftStore:
    url = database_url()
    _hourly_purge(url)  # runs again at most once an hour
    return _drafts(url)


def keep_draft_after_conflict(
    exc: ConcurrentEditError, prefix: str, stored: dict[str, Any]
) -> None:
    """A save refused because someone saved the record first. What the user typed stays
    in the form; from now on the draft edits the version stored now (so a second save is
    not refused again, forever), and the fields where the stored values differ from the
    form's are listed, so that saving again keeps the user's values knowingly.

    ``stored``: widget key (``{prefix}_{column}``) -> the value stored now. The caller
    keeps the draft (:func:`draft_keys` again) and offers to discard it.
    """
    st.session_state[f"{prefix}_version"] = exc.current_version
    when = exc.changed_at.strftime("%d-%m-%Y %H:%M") if exc.changed_at else "?"
    st.warning(
        t("conflict_kept", who=exc.changed_by or "?", when=when), icon=":material/sync_problem:"
    )
    for key, value in stored.items():
        mine = st.session_state.get(key)
        if _as_text(mine) != _as_text(value):
            column = key.removeprefix(f"{prefix}_")
            st.text(t("conflict_field", field=field_label(column), stored=_as_text(value),
                      mine=_as_text(mine)))  # fmt: skip


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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
    # Remembered for flush_drafts: a session that ends on the next click still keeps it.
    st.session_state.setdefault("_draft_forms", {})[name] = (keys, baseline)
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
    if user is not None:
        _write_draft(user.username, name, {k: saved[k] for k in keys if k in saved}, baseline)


def _write_draft(username: str, name: str, current: dict[str, Any], baseline) -> None:
    """Store ``current`` as the user's draft of form ``name`` if it changed since last
    written; an edit form still at its ``baseline`` is no draft (cleared)."""
    if baseline is not None and all(current.get(k) == v for k, v in baseline.items()):
        current = {}  # nothing edited yet
    if current != st.session_state.get(f"_draft_written_{name}", {}):
        if current:
            _draft_store().save(username, name, current)
        else:
            _draft_store().clear(username, name)
        st.session_state[f"_draft_written_{name}"] = dict(current)


def flush_drafts(username: str) -> None:
    """Keep every form's typing as a draft of ``username`` now, the widgets' latest values
    included: called when the session ends on this run (timed out, signed out elsewhere,
    deactivated), before the state is cleared. Before, what was typed just before the
    click that found the session over was lost. An unchanged edit form is no draft."""
    drafts = st.session_state.get("drafts", {})
    for name, (keys, baseline) in st.session_state.get("_draft_forms", {}).items():
        saved = drafts.get(name, {})
        current = {k: st.session_state[k] if k in st.session_state else saved[k]
                   for k in keys if k in st.session_state or k in saved}  # fmt: skip
        _write_draft(username, name, current, baseline)


def clear_draft(name: str, keys: Iterable[str]) -> None:
    st.session_state.setdefault("drafts", {}).pop(name, None)
    st.session_state.get("_draft_forms", {}).pop(name, None)
    st.session_state.pop(f"_draft_written_{name}", None)
    for key in keys:
        st.session_state.pop(key, None)
    if (user := current_user()) is not None:
        _draft_store().clear(user.username, name)


def person_page_link(jobseeker_id: str, label: str) -> None:
    """A link to a person's page that opens in this browser tab, as a menu link does (a
    Markdown link opened a new tab for every person); a plain link when the counselor's
    page is not in this run's menu (a page run on its own in a test)."""
    from streamlit.errors import StreamlitAPIException

    from app.navigation import ROOT

    try:
        st.page_link(str(ROOT / "app" / "pages" / "counselor.py"), label=plain(label),
                     icon=":material/person:", query_params={"js": jobseeker_id})  # fmt: skip
    except (StreamlitAPIException, KeyError):
        st.markdown(f"[{plain(label)}](/counselor?js={jobseeker_id})")


def page_link(path: str, label: str, icon: str | None = None) -> None:
    """A link to another page of the menu; nothing when that page is not in this run's
    menu (e.g. a page run on its own in a test)."""
    from streamlit.errors import StreamlitAPIException

    from app.navigation import ROOT

    with suppress(StreamlitAPIException, KeyError):
        st.page_link(str(ROOT / path), label=label, icon=icon)
