"""Unsaved form drafts kept on the server, so a browser reload or a crash loses nothing.

Streamlit's ``session_state`` lives as long as the browser connection; a reload starts
a new one. The app mirrors each form's draft here, per user and form, and deletes it
when the form is submitted. Drafts are small JSON files readable only by the app's
user, next to the SQLite database (or under ``MATCHER_DRAFTS_DIR``).

Drafts hold personal data (a half-typed registration), so they expire: a draft not
saved for :data:`MAX_AGE_DAYS` days (``MATCHER_DRAFT_DAYS``) is never loaded again and
is deleted by :meth:`DraftStore.purge_expired`, which the app calls on start and then
at most once an hour. An erasure deletes every draft about the person
(:meth:`DraftStore.purge_person`).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from matcher import config
from matcher.db import database_url
from matcher.filelock import locked

DRAFTS_ENV = "MATCHER_DRAFTS_DIR"
DAYS_ENV = "MATCHER_DRAFT_DAYS"
MAX_AGE_DAYS = 7
_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def default_directory(db_url: str | None = None) -> Path:
    """``MATCHER_DRAFTS_DIR``, else ``drafts/`` beside the SQLite file of ``db_url``
    (default: the app database), else ``var/drafts``."""
    if value := os.environ.get(DRAFTS_ENV):
        return Path(value)
    url = make_url(database_url(db_url))
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).parent / "drafts"
    return config.PROJ_ROOT / "var" / "drafts"


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return {"__date__": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def _words(text: str) -> str:
    """Lower-case words joined by single spaces."""
    return " ".join(str(text or "").casefold().split())


def _phone_key(text: str, whole: bool = True) -> str:
    """A phone's digits as dialled at home ("+62 857-1122" -> "08571122"); "" for fewer
    than 9 digits. ``whole=False``: every digit of a longer text, for a containment test."""
    digits = re.sub(r"\D", "", str(text or ""))
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits if (len(digits) >= 9 or not whole) else ""


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"__date__"}:
        return date.fromisoformat(value["__date__"])
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def configured_max_age_days() -> float:
    """Days a draft is kept: ``MATCHER_DRAFT_DAYS`` (a positive number), else 7."""
    value = os.environ.get(DAYS_ENV, "").strip()
    if not value:
        return float(MAX_AGE_DAYS)
    try:
        days = float(value)
    except ValueError:
        days = -1.0
    if not days > 0:
        raise ValueError(f"{DAYS_ENV}={value!r}: allowed is a positive number of days, e.g. 7")
    return days


class DraftStore:
    """Drafts per (username, form name) as JSON files in ``directory``.

    Parameters
    ----------
    directory : path, optional
        Default: :func:`default_directory`.
    max_age_days : float, optional
        Drafts older than this are expired; default :func:`configured_max_age_days`.
    clock : callable, optional
        Returns the time now in seconds (``time.time``); tests pass a fixed one.

    A save and the check-then-delete of an expired or erased draft hold the user's
    folder lock (``.lock``), so the purge never deletes a draft saved between its check
    and its delete by another session or process.
    """

    def __init__(
        self,
        directory: str | Path | None = None,
        *,
        max_age_days: float | None = None,
        clock=time.time,
    ):
        self.directory = Path(directory) if directory is not None else default_directory()
        self.max_age_seconds = (
            max_age_days if max_age_days is not None else configured_max_age_days()
        ) * 86400
        self.clock = clock

    def _path(self, username: str, form: str) -> Path:
        return self.directory / _SAFE.sub("_", username) / f"{_SAFE.sub('_', form)}.json"

    def _expired(self, path: Path) -> bool:
        try:
            return self.clock() - path.stat().st_mtime > self.max_age_seconds
        except OSError:
            return True

    def _files(self) -> list[Path]:
        return sorted(self.directory.glob("*/*.json")) if self.directory.is_dir() else []

    def purge_expired(self) -> int:
        """Delete every expired draft; returns how many."""
        return sum(1 for path in self._files() if self._delete_if_expired(path))

    def _delete_if_expired(self, path: Path) -> bool:
        if not path.parent.is_dir():
            return False
        with locked(path.parent / ".lock"):
            if not self._expired(path):
                return False
            path.unlink(missing_ok=True)
            return True

    def purge_person(self, jobseeker_id: str, name: str = "", phone: str = "") -> int:
        """Delete every draft about one person (on erasure); returns how many.

        A draft is about them when it names their id; holds their phone in any field,
        however it is written ("+62 857 1122 3344" for "0857-1122-3344"); or holds their
        name, spacing and case aside: in a name field for any name, anywhere for a name
        of two words or more ("Siti" alone elsewhere is too common to delete a draft for).
        """
        # The id as a whole word: erasing JS-1000 leaves a draft about JS-10000.
        names_id = re.compile(rf"(?<!\w){re.escape(jobseeker_id.casefold())}(?!\w)")
        phone_key = _phone_key(phone)
        full_name = _words(name)

        def about(raw: str) -> bool:
            try:
                data = json.loads(raw)
            except ValueError:
                return False
            if names_id.search(raw.casefold()):
                return True
            values = data.items() if isinstance(data, dict) else ()
            texts = [(str(k), str(_decode(v))) for k, v in values]
            if phone_key and any(phone_key in _phone_key(v, whole=False) for _, v in texts):
                return True
            return bool(full_name) and any(
                _words(v) == full_name
                or (" " in full_name and f" {full_name} " in f" {_words(v)} ")
                for k, v in texts
                if k.endswith("name") or " " in full_name
            )

        gone = 0
        for path in self._files():
            with locked(path.parent / ".lock"):  # read and delete the same version
                try:
                    raw = path.read_text(encoding="utf-8")
                except OSError:
                    continue
                if about(raw):
                    path.unlink(missing_ok=True)
                    gone += 1
        return gone

    def load(self, username: str, form: str) -> dict[str, Any]:
        path = self._path(username, form)
        if self._expired(path):
            self._delete_if_expired(path)
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {k: _decode(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def save(self, username: str, form: str, values: dict[str, Any]) -> None:
        """Write atomically (temp file + rename): a crash mid-write keeps the old draft."""
        path = self._path(username, form)
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        text = json.dumps({k: _encode(v) for k, v in values.items()}, ensure_ascii=False)
        with locked(path.parent / ".lock"):
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)

    def clear(self, username: str, form: str) -> None:
        self._path(username, form).unlink(missing_ok=True)
