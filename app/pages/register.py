"""Register a new jobseeker, with consent to data processing recorded."""

from __future__ import annotations

import streamlit as st

from app import jobseeker_form
from app.i18n import t
from app.state import (
    clear_draft,
    draft_keys,
    get_service,
    page_link,
    plain,
    require_role,
    show_error,
)
from matcher.db import Role
from matcher.errors import MatcherError, ValidationError

PREFIX = "reg"
CONSENT_KEY = "reg_consent"
ALL_KEYS = [*jobseeker_form.keys(PREFIX), CONSENT_KEY]

user = require_role(Role.COUNSELOR, Role.ADMIN)
ws = get_service()
draft_keys("register", ALL_KEYS)  # a half-filled form survives switching pages

st.title(t("register_title"))
st.caption(t("register_intro"))
if created := st.session_state.pop("reg_created", None):
    st.success(t("register_done", id=created))
    page_link("app/pages/counselor.py", t("open_person", id=created), ":material/person:")

errors = st.session_state.get("reg_errors", {})
values = jobseeker_form.render(PREFIX, errors)
st.checkbox(t("consent_label"), key=CONSENT_KEY)
st.caption(t("consent_help"))

if st.button(t("register_button"), type="primary", key="reg_submit"):
    try:
        record = ws.register_jobseeker(
            user, values, consent=bool(st.session_state.get(CONSENT_KEY))
        )
    except ValidationError as exc:
        st.session_state["reg_errors"] = {p.column or "": [p.allowed] for p in exc.problems}
        show_error(exc)
    except MatcherError as exc:
        show_error(exc)
    else:
        clear_draft("register", ALL_KEYS)
        st.session_state.pop("reg_errors", None)
        st.session_state["reg_created"] = record.id
        st.session_state["selected_js"] = record.id
        st.rerun()
elif errors:
    st.warning(t("fix_fields", fields=", ".join(plain(t(f"f_{f}")) for f in errors)))
