"""Entry point: ``streamlit run app/main.py``.

Signs the user in, keeps the language, and builds the menu for the user's role from
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

from app import auth_cookie  # noqa: E402
from app.i18n import LANGUAGES, t  # noqa: E402
from app.navigation import ROOT, SIGNIN_PAGE, pages_for  # noqa: E402
from app.page_guard import run_guarded  # noqa: E402
from app.state import current_user, db_engine, db_session, get_service  # noqa: E402

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

user = current_user()
if user is None and not st.session_state.get("_signed_out"):
    with db_session() as session:
        user = auth_cookie.restore_user(session)  # a reload keeps the counselor signed in
    if user is not None:
        st.session_state["user"] = user
if st.session_state.pop("_remember", False) and user is not None:
    auth_cookie.remember(user)
if st.session_state.get("_signed_out"):
    auth_cookie.forget()
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
        ]
    )
    with st.sidebar:
        st.caption(t("signed_in_as", name=user.display_name, role=t(f"role_{user.role.value}")))
        if st.button(t("signout"), key="signout", icon=":material/logout:"):
            for key in list(st.session_state.keys()):
                if key != "lang":
                    del st.session_state[key]
            st.session_state["_signed_out"] = True  # and the cookie is cleared next run
            st.rerun()
run_guarded(page.run, page.title)  # a failure shows a message and an id, no trace
