"""Entry point: ``streamlit run app/main.py``.

Checks the session on every rerun (:mod:`app.session_guard`), keeps the language, shows
the demo banner in demo mode, and builds the menu for the user's role from
:data:`app.navigation.PAGES`.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Streamlit puts app/ on sys.path, not the repository root that holds the packages.
_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

from app import session_guard  # noqa: E402
from app.i18n import LANGUAGES, t  # noqa: E402
from app.navigation import ROOT, SIGNIN_PAGE, pages_for  # noqa: E402
from app.page_guard import run_guarded  # noqa: E402
from app.state import db_engine, get_service  # noqa: E402
from matcher.db.bootstrap import demo_mode  # noqa: E402

st.set_page_config(page_title="Tanjung Barat — Ruang Kerja", page_icon="🤝", layout="wide")
st.session_state.setdefault("lang", "id")

with st.spinner(t("db_starting")):
    db_engine()  # migrate, and seed a fresh database, before any page runs
get_service()  # starts building the matcher in the background while the user signs in

with st.sidebar:
    st.radio(
        t("language"),
        LANGUAGES,
        key="lang",
        format_func=lambda code: {"id": "Bahasa Indonesia", "en": "English"}[code],
        horizontal=True,
    )

if demo_mode():
    st.warning(t("demo_banner"), icon=":material/science:")
# The session token decides who is signed in, re-read from the database on every rerun:
# a deactivated account or a changed password ends the session on the next click.
user = session_guard.signed_in_user()
session_guard.write_cookie_changes()
if user is None:
    page = st.navigation(
        [st.Page(ROOT / SIGNIN_PAGE, title=t("nav_signin"), icon=":material/login:")],
        position="hidden",
    )
else:
    rows = pages_for(user.role)
    page = st.navigation(
        [
            st.Page(row.file, title=t(row.title_key), icon=row.icon, default=(i == 0))
            for i, row in enumerate(rows)
        ],
        # Every page listed: folded, Streamlit's own English "View N more" hid the admin's.
        expanded=True,
    )
    with st.sidebar:
        st.caption(t("signed_in_as", name=user.display_name, role=t(f"role_{user.role.value}")))
        if st.button(t("signout"), key="signout", icon=":material/logout:"):
            session_guard.sign_out()  # the server-side session first, the cookie next run
            st.rerun()
run_guarded(page.run, page.title)  # a failure shows a message and an id, no trace
