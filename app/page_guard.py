"""Every page runs inside :func:`run_guarded`: an unexpected error never shows a trace.

The exception is logged on the server with a short reference id, and the page shows a
translated message with that id, so the admin can find the log line while the user
sees no file paths, code or data. ``st.stop()`` and ``st.rerun()`` are not errors (they
are ``BaseException`` s) and pass through. ``client.showErrorDetails = "none"`` in
``.streamlit/config.toml`` is the second line of defence.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

import streamlit as st

from app.i18n import t

log = logging.getLogger("matcher.app")


def run_guarded(render: Callable[[], object], page: str = "") -> str | None:
    """Run ``render``; on an exception log it and show the message. Returns the
    reference id of a failure (None when the page rendered)."""
    try:
        render()
    except Exception:
        ref = secrets.token_hex(4).upper()
        log.exception("page %s failed; reference %s", page or "?", ref)
        st.error(t("page_error", ref=ref), icon=":material/error:")
        return ref
    return None
