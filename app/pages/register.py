"""Register a new jobseeker, with consent to data processing recorded.

Submitting checks every field at once (consent and the phone number included) and
shows each problem under its field in the same run; a person already stored with the
same name and phone is offered instead of a second registration.
"""

from __future__ import annotations

import streamlit as st

from app import jobseeker_form
from app.i18n import t
from app.state import (
    clear_draft,
    draft_keys,
    field_errors,
    get_service,
    page_link,
    person_page_link,
    plain,
    require_role,
    run_action,
    show_error,
    widget_texts,
)
from matcher.db import Role

PREFIX = "reg"
CONSENT_KEY = "reg_consent"
ALL_KEYS = [*jobseeker_form.keys(PREFIX), CONSENT_KEY]

user = require_role(Role.COUNSELOR, Role.ADMIN)
ws = get_service()
draft_keys("register", ALL_KEYS)  # a half-filled form survives switching pages

st.title(t("register_title"))
widget_texts()
st.caption(t("register_intro"))
if created := st.session_state.pop("reg_created", None):
    st.success(t("register_done", id=created))
    page_link("app/pages/counselor.py", t("open_person", id=created), ":material/person:")


def _submit(values: dict[str, object], *, anyway: bool = False) -> None:
    """Check everything; store only a clean form (and, unless ``anyway``, a new person)."""
    consent = bool(st.session_state.get(CONSENT_KEY))
    problems = run_action(lambda: ws.registration_problems(user, values, consent=consent))
    if problems is None:
        return
    st.session_state["reg_errors"] = field_errors(problems)
    st.session_state.pop("reg_similar", None)
    if problems:
        return
    if not anyway:
        similar = ws.similar_jobseekers(user, values.get("name"), values.get("phone"))
        if similar:
            st.session_state["reg_similar"] = [r.id for r in similar]
            return
    record = run_action(lambda: ws.register_jobseeker(user, values, consent=consent))
    if record is not None:
        clear_draft("register", ALL_KEYS)
        st.session_state.pop("reg_errors", None)
        st.session_state["reg_created"] = record.id
        st.session_state["selected_js"] = record.id


errors = st.session_state.get("reg_errors", {})
values = jobseeker_form.render(PREFIX, errors)
st.checkbox(t("consent_label"), key=CONSENT_KEY)
for message in errors.get("consent", []):
    st.error(t("field_invalid", allowed=message), icon=":material/error:")
st.caption(t("consent_help"))

if errors:  # every field to fix, next to the button the counselor just pressed
    names = [plain(t(f"f_{f}")) for f in errors if f]
    st.warning(t("fix_fields", fields=", ".join(names)))
if similar := st.session_state.get("reg_similar"):
    st.warning(t("dup_warning", n=len(similar)), icon=":material/group:")
    for jid in similar:
        person_page_link(jid, t("open_person", id=jid))
    if st.button(t("dup_register_anyway"), key="reg_anyway"):
        _submit(values, anyway=True)
        st.rerun()
if st.button(t("register_button"), type="primary", key="reg_submit"):
    _submit(values)
    st.rerun()  # the errors (or the new id) show in this same click's result
if exc := st.session_state.get("_flash_errors", {}).pop(None, None):
    show_error(exc)
