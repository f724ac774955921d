"""Counselor: my caseload — my people, this week's follow-ups, referrals without outcome."""

from __future__ import annotations

import streamlit as st

from app.i18n import t
from app.state import (
    get_service,
    person_page_link,
    plain,
    require_role,
    run_action,
    show_error,
    show_flash,
    sticky_tabs,
    who_text,
    widget_texts,
)
from matcher.db import Role
from matcher.errors import MatcherError
from matcher.workspace.caseload import NO_OUTCOME_DAYS

user = require_role(Role.COUNSELOR, Role.ADMIN)
ws = get_service()
st.title(t("caseload_title"))
widget_texts()
st.caption(t("caseload_intro"))

# No min/max on the widget: its own red border says nothing in Indonesian. The service
# refuses a count outside 1-365, and the message names the field, the value and the range.
days = st.number_input(t("f_no_outcome_days"), value=NO_OUTCOME_DAYS, step=1,
                       key="caseload_days")  # fmt: skip
try:
    load = ws.caseload(user, no_outcome_days=int(days))
except MatcherError as exc:
    show_error(exc)
    st.stop()


def person_link(jid: str, name: str, note: str = "") -> None:
    person_page_link(jid, f"{name or jid} ({jid})" + (f" — {note}" if note else ""))


follow_tab, waiting_tab, people_tab = sticky_tabs([
    t("caseload_followups", n=len(load.follow_ups)),
    t("caseload_no_outcome", n=len(load.no_outcome), days=load.no_outcome_days),
    t("caseload_people", n=len(load.people)),
], remember="caseload_tab")  # fmt: skip

with follow_tab:
    show_flash("caseload")
    if not load.follow_ups:
        st.info(t("caseload_no_followups"))
    for f in load.follow_ups:
        with st.container(border=True):
            person_link(f.jobseeker_id, f.name, t(f"followup_{f.reason}"))
            if f.referral is not None:
                st.caption(plain(t("referral_label", title=f.referral.title,
                                   org=f.referral.organisation or "-",
                                   date=f.referral.referred_on.strftime("%d-%m-%Y"),
                                   status=t(f"status_{f.referral.status.value}"))))  # fmt: skip
                st.caption(t("caseload_since", date=f.since.strftime("%d-%m-%Y")))
            if f.request is not None:
                q = f.request
                st.caption(plain(t("hub_asked", who=q.asked_by_name or who_text(q.asked_by),
                                   when=q.asked_at.strftime("%d-%m-%Y"),
                                   vacancy=q.vacancy_title or q.vacancy_id)))  # fmt: skip
                st.text(q.question)
                with st.popover(t("hub_answer"), icon=":material/reply:"):
                    st.text_area(t("hub_answer"), key=f"hub_answer_{q.id}", max_chars=1000)
                    st.button(
                        t("hub_answer_send"), key=f"hub_send_{q.id}", type="primary",
                        on_click=lambda qid=q.id: run_action(
                            lambda: ws.answer_hub_request(
                                user, qid, st.session_state.get(f"hub_answer_{qid}", "")),
                            success=t("done_hub_answer"), where="caseload"),
                    )  # fmt: skip

with waiting_tab:
    if not load.no_outcome:
        st.info(t("caseload_all_have_outcome", days=load.no_outcome_days))
    else:
        st.dataframe(
            [{t("col_name"): name, t("col_participant"): v.referral.jobseeker_id,
              t("col_title"): v.title, t("col_org"): v.organisation,
              t("col_referred_on"): v.referred_on.strftime("%d-%m-%Y"), t("col_days"): age}
             for name, v, age in load.no_outcome],
            hide_index=True, width="stretch",
        )  # fmt: skip
        st.caption(t("caseload_open_hint"))
        for name, v, _ in load.no_outcome:
            person_link(v.referral.jobseeker_id, name)

with people_tab:
    if not load.people:
        st.info(t("caseload_no_people"))
    else:
        st.dataframe(
            [{t("col_name"): p.name, t("col_participant"): p.jobseeker_id,
              t("f_kelurahan"): p.kelurahan, t("f_phone"): p.phone,
              t("col_last_activity"): p.last_activity.strftime("%d-%m-%Y"),
              t("col_open_referrals"): p.open_referrals}
             for p in load.people],
            hide_index=True, width="stretch",
        )  # fmt: skip
