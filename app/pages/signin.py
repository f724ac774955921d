"""Sign-in: username and password, checked against argon2 hashes under a lockout."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from app import session_guard
from app.i18n import t
from matcher.db.types import utcnow

JAKARTA = timedelta(hours=7)  # WIB has no daylight saving

st.title(t("signin_title"))
if ended := st.session_state.pop("_session_ended", None):
    st.info(t(f"session_ended_{ended}"))

if session_guard.no_accounts():
    st.warning(t("signin_no_users"))
    st.code("python -m matcher create-user --username admin --role admin", language="bash")
    st.caption(t("signin_no_users_after"))
    st.stop()

st.caption(t("signin_intro"))
column, _ = st.columns([2, 3])  # a narrow form on a wide screen; full width on a phone
with column, st.form("signin", border=True):
    username = st.text_input(t("username"), key="signin_username", autocomplete="username")
    password = st.text_input(
        t("password"), type="password", key="signin_password", autocomplete="current-password"
    )
    submitted = st.form_submit_button(t("signin_button"), type="primary")

if submitted:
    result = session_guard.attempt_sign_in(username, password)
    if result.refused == "locked":
        minutes = max(1, -(-int((result.locked_until - utcnow()).total_seconds()) // 60))
        at = (result.locked_until + JAKARTA).strftime("%H:%M")
        st.error(t("signin_locked", minutes=minutes, time=at))
    elif result.refused == "demo_password":
        st.error(t("signin_demo_password"))
    elif result.user is None or not session_guard.begin(result.user, result.credential):
        st.error(t("signin_failed"))  # a password reset meanwhile reads as a wrong one
    else:
        st.session_state.pop("signin_password", None)
        st.rerun()
