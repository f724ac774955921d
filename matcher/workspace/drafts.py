"""Unsaved form drafts kept on the server, so a browser reload or a crash loses nothing.

Streamlit's ``session_state`` lives as long as the browser connection; a reload starts
a new one. The app mirrors each form's draft here, per user and form, and deletes it
when the form is submitted. Drafts are small JSON files readable only by the app's
user, next to the SQLite database (or under ``MATCHER_DRAFTS_DIR``).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from matcher import config
from matcher.db import database_url

DRAFTS_ENV = "MATCHER_DRAFTS_DIR"
_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def default_directory() -> Path:
    if value := os.environ.get(DRAFTS_ENV):
        return Path(value)
    url = make_url(database_url())
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).parent / "drafts"
    return config.PROJ_ROOT / "var" / "drafts"


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return {"__date__": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"__date__"}:
        return date.fromisoformat(value["__date__"])
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


class DraftStore:
    """Drafts per (username, form name) as JSON files in ``directory``."""

    def __init__(self, directory: str | Path | None = None):
        self.directory = Path(directory) if directory is not None else default_directory()

    def _path(self, username: str, form: str) -> Path:
        return self.directory / _SAFE.sub("_", username) / f"{_SAFE.sub('_', form)}.json"

    def load(self, username: str, form: str) -> dict[str, Any]:
        path = self._path(username, form)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {k: _decode(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def save(self, username: str, form: str, values: dict[str, Any]) -> None:
        """Write atomically (temp file + rename): a crash mid-write keeps the old draft."""
        path = self._path(username, form)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        text = json.dumps({k: _encode(v) for k, v in values.items()}, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)

    def clear(self, username: str, form: str) -> None:
        self._path(username, form).unlink(missing_ok=True)
