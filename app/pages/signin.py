"""Sign-in: username and password, checked against argon2 hashes."""

from __future__ import annotations

import streamlit as st

from app.i18n import t
from app.state import db_session
from matcher.auth import authenticate

st.title(t("signin_title"))
st.caption(t("signin_intro"))

column, _ = st.columns([2, 3])  # a narrow form on a wide screen; full width on a phone
with column, st.form("signin", border=True):
    username = st.text_input(t("username"), key="signin_username", autocomplete="username")
    password = st.text_input(
        t("password"), type="password", key="signin_password", autocomplete="current-password"
    )
    submitted = st.form_submit_button(t("signin_button"), type="primary")

if submitted:
    with db_session() as session:
        user = authenticate(session, username, password)
    if user is None:
        st.error(t("signin_failed"))
    else:
        st.session_state["user"] = user
        st.session_state["_remember"] = True  # main.py sets the session cookie
        st.session_state.pop("_signed_out", None)
        st.session_state.pop("signin_password", None)
        st.rerun()
