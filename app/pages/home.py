"""Welcome page: who is signed in and what each menu item is for."""

from __future__ import annotations

import streamlit as st

from app.i18n import t
from app.navigation import pages_for
from app.state import current_user, page_link, plain, require_role
from matcher.db import Role

user = require_role(*Role)
st.title(t("home_title", name=plain(user.display_name)))
st.write(t(f"home_intro_{user.role.value}"))
if user.provider:
    st.caption(t("linked_provider", provider=plain(user.provider)))
if user.employer:
    st.caption(t("linked_employer", employer=plain(user.employer)))
for row in pages_for(user.role):
    if row.path.endswith("home.py"):
        continue
    page_link(row.path, t(row.title_key), row.icon)
if current_user() is not None and len(pages_for(user.role)) == 1:
    st.info(t("home_nothing_yet"))
