"""Admin: user accounts (create, deactivate, reset password), one person's data (export,
erasure) and the audit trail."""

from __future__ import annotations

import streamlit as st

from app.i18n import STRINGS, t
from app.jobseeker_form import LIVE
from app.state import field_label, get_service, require_role, run_action, show_flash
from matcher.db import Role
from matcher.workspace.privacy import export_json_bytes, export_xlsx_bytes

user = require_role(Role.ADMIN)


def entity_label(code: str) -> str:
    """An audit entry's record type in words (the code itself when none is written)."""
    key = f"audit_entity_{code}"
    return t(key) if key in STRINGS else code


# Bookkeeping every save changes: not what the entry is about.
_BOOKKEEPING = frozenset({"updated_at", "updated_by", "version_id", "created_at", "created_by",
                          "last_login_at"})  # fmt: skip


def action_label(code: str) -> str:
    """What an audit entry did, in words: a record change, a counselor's adjustment
    (``action_<code>``), an outcome (``status_<code>``); the code itself when unknown."""
    for key in (f"audit_action_{code}", f"action_{code}"):
        if key in STRINGS:
            return t(key)
    status = code.removeprefix("status_")
    if status != code and f"status_{status}" in STRINGS:
        return t("audit_action_status", status=t(f"status_{status}"))
    return code


def changed_label(columns) -> str:
    """The fields an entry changed, by their labels, without the bookkeeping."""
    shown = []
    for c in columns:
        if c in _BOOKKEEPING:
            continue
        key = f"audit_col_{c}"
        shown.append(t(key) if key in STRINGS else field_label(c))
    return ", ".join(shown)


ws = get_service()
st.title(t("users_title"))
show_flash()

users = ws.list_users(user)
st.dataframe(
    [{t("username"): u.username, t("col_name"): u.display_name, t("col_role"): t(f"role_{u.role.value}"),
      t("col_linked"): u.provider or u.employer or "", t("col_active"): u.active,
      t("col_last_login"): u.last_login_at.strftime("%d-%m-%Y %H:%M") if u.last_login_at else ""}
     for u in users],
    hide_index=True, width="stretch",
)  # fmt: skip

with (
    st.expander(t("create_user"), icon=":material/person_add:", key="exp_create_user"),
    # Enter does not submit: a half-filled account is not created by accident, and the
    # field shows no English "Press Enter to submit form".
    st.form("create_user", clear_on_submit=False, enter_to_submit=False),
):
    username = st.text_input(t("username"))
    display = st.text_input(t("col_name"))
    role = st.selectbox(t("col_role"), [r.value for r in Role], filter_mode=None,
                        format_func=lambda v: t(f"role_{v}"))  # fmt: skip
    linked = st.text_input(t("linked_help"))
    password = st.text_input(t("password"), type="password")
    st.caption(t("password_policy_hint"))
    if st.form_submit_button(t("create_user"), type="primary"):
        run_action(
                lambda: ws.create_user(
                    user, username, password, role, display_name=display,
                    provider=linked if role == Role.TRAINER else None,
                    employer=linked if role == Role.EMPLOYER else None,
                ),
                success=t("done_user_created", name=username),
            )  # fmt: skip
        st.rerun()

by_name = {u.username: u for u in users}
with st.expander(t("manage_user"), icon=":material/manage_accounts:", key="exp_manage_user"):
    name = st.selectbox(t("username"), list(by_name), key="manage_user_name")
    chosen = by_name[name]
    c1, c2 = st.columns(2)
    c1.button(
        t("deactivate") if chosen.active else t("activate"), key="toggle_active",
        on_click=lambda: run_action(lambda: ws.set_user_active(user, chosen.id, not chosen.active),
                                    success=t("done_user_saved")),
    )  # fmt: skip
    new_pw = c2.text_input(t("new_password"), type="password", key="reset_pw", live=LIVE,
                           help=t("password_policy_hint"))  # fmt: skip
    c2.button(
        t("reset_password"), key="reset_pw_btn",
        on_click=lambda: run_action(lambda: ws.reset_password(user, chosen.id, new_pw),
                                    success=t("done_password")),
    )  # fmt: skip

# ------------------------------------------------------------------ personal data
st.subheader(t("pdp_title"))
st.caption(t("pdp_intro"))
subject_id = st.text_input(t("pdp_jobseeker"), key="pdp_js", live=LIVE).strip()
if st.button(
    t("pdp_export"), key="pdp_export", icon=":material/download:", disabled=not subject_id
):
    data = run_action(lambda: ws.export_subject(user, subject_id))
    if data is not None:
        st.session_state["pdp_export_data"] = (
            data.jobseeker_id, export_json_bytes(data), export_xlsx_bytes(data),
            len(data.tables), len(data.audit),
        )  # fmt: skip
    st.rerun()
if ready := st.session_state.get("pdp_export_data"):
    sid, json_bytes, xlsx_bytes, n_tables, n_audit = ready
    st.success(t("pdp_export_ready", id=sid, n=n_tables, audit=n_audit))
    d1, d2 = st.columns(2)
    d1.download_button(t("pdp_download_json"), json_bytes, f"data_{sid}.json", "application/json",
                       key="pdp_dl_json", icon=":material/download:")  # fmt: skip
    d2.download_button(
        t("pdp_download_xlsx"), xlsx_bytes, f"data_{sid}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="pdp_dl_xlsx",
        icon=":material/download:",
    )  # fmt: skip
with st.expander(t("pdp_erase_title"), icon=":material/delete_forever:", key="exp_erase"):
    confirm = st.text_input(t("pdp_erase_confirm"), key="pdp_confirm", live=LIVE)
    understood = st.checkbox(t("pdp_erase_check"), key="pdp_understood")
    if st.button(t("pdp_erase_button"), key="pdp_erase", type="primary", disabled=not subject_id):
        if not understood:
            st.warning(t("pdp_erase_needs_check"))
        else:
            done = run_action(lambda: ws.erase_subject(user, subject_id, confirm=confirm))
            if done is not None:
                st.session_state["_flash"] = t("pdp_erased", id=subject_id,
                                               pseudonym=done.pseudonym) + (
                    "" if done.log_flushed else t("pdp_erased_log_pending")) + (
                    "" if done.caches_cleared else t("pdp_erased_caches_left"))  # fmt: skip
                st.session_state.pop("pdp_export_data", None)
            st.rerun()
st.caption(t("pdp_erasures"))
erased = ws.erasure_log(user)
if erased:
    st.dataframe(
        [{t("col_when"): e.at.strftime("%d-%m-%Y %H:%M"), t("col_who"): e.who,
          t("col_pseudonym"): e.pseudonym,
          t("col_rows_changed"): ", ".join(f"{k} {v}" for k, v in sorted(e.rows_changed.items()))}
         for e in erased],
        hide_index=True, width="stretch",
    )  # fmt: skip
else:
    st.caption(t("pdp_no_erasures"))

st.subheader(t("audit_title"))
entity = st.selectbox(
    t("audit_entity"), ["", "jobseeker", "vacancy", "program", "recommendation_decision",
                        "referral", "person_settings", "user", "enrolment_suggestion", "subject_export",
                        "erasure"],
    format_func=lambda v: entity_label(v) if v else t("all"), filter_mode=None,
)  # fmt: skip
entries = ws.audit_log(user, entity=entity or None, limit=300)
st.dataframe(
    [{t("col_when"): e.at.strftime("%d-%m-%Y %H:%M:%S"), t("col_who"): e.who,
      t("audit_entity"): entity_label(e.entity), t("audit_entity_id"): e.entity_id, t("col_action"): action_label(e.action), t("col_changed"): changed_label(e.changed)}
     for e in entries],
    hide_index=True, width="stretch",
)  # fmt: skip
