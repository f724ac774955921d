"""Trainer: own programmes with seats left, ranked enrolment suggestions, enrolment list."""

from __future__ import annotations

from datetime import date

import streamlit as st

from app.i18n import current_lang, t
from app.state import (
    get_service,
    log_shown_once,
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
from matcher.exports import to_csv_bytes, to_xlsx_bytes

user = require_role(Role.TRAINER, Role.ADMIN)
ws = get_service()
lang = current_lang()
st.title(t("trainer_title"))
widget_texts()
if user.provider:
    st.caption(t("linked_provider", provider=plain(user.provider)))
show_flash()

programs = ws.my_programs(user)
if not programs:
    st.info(t("no_programs"))
    st.stop()
st.dataframe(
    [{t("col_id"): p.id, t("col_title"): p.program.title,
      t("col_kind"): t(f"kind_{p.program.kind.value}"), t("col_schedule"): p.program.schedule,
      t("col_start"): p.program.start_date.strftime("%d-%m-%Y") if p.program.start_date else "",
      t("col_seats"): p.program.seats, t("col_seats_left"): p.program.seats_left}
     for p in programs],
    hide_index=True, width="stretch",
)  # fmt: skip

by_id = {p.id: p for p in programs}
# The seat count is not part of the option label: a picked option keeps the label it
# had when picked, so a count there would go stale after an enrolment.
pick, seats = st.columns([4, 1], vertical_alignment="bottom")
program_id = pick.selectbox(
    t("choose_program"), list(by_id), key="trainer_program",
    format_func=lambda i: f"{i} — {by_id[i].program.title}",
)  # fmt: skip
seats.metric(t("col_seats_left"), by_id[program_id].program.seats_left)


def _decide(candidate: str, accept: bool) -> None:
    # The card leaves the suggestions: the message shows above them (and as a toast).
    run_action(
        lambda: ws.decide_enrolment(user, program_id, candidate, accept=accept),
        success=t("done_enrol") if accept else t("done_decline"),
        where="suggestions",
    )


try:
    with st.spinner(t("loading_recs")):
        view = ws.enrolment_view(user, program_id)
except MatcherError as exc:
    show_error(exc)
    st.stop()
log_shown_once(
    ("trainer_suggestions", program_id, tuple(r.candidate for r in view.suggestions)),
    lambda: ws.record_suggestions_shown(user, program_id),
)


def bands(s) -> str:
    """Age band, education and distance band: what a trainer sees of a candidate."""
    parts = [t(f"age_{s.age_band}") if s.age_band else "", s.education,
             t(f"distance_{s.distance_band}") if s.distance_band else ""]  # fmt: skip
    return ", ".join(p for p in parts if p)


def suggestion_card(rec) -> None:
    """One suggested person: token, bands, why, and the enrol / decline buttons."""
    with st.container(border=True):
        left, right = st.columns([5, 2])
        rank = f"{rec.rank}. " if rec.rank else ""
        left.markdown(f"**{rank}{plain(rec.candidate)}** — {plain(bands(rec))}")
        left.caption(plain(rec.explanation.summary(lang)))
        left.caption(t("eligible_yes") if rec.eligible else t("eligible_no"))
        right.markdown(f"{t('score')} **{rec.score:.2f}**")
        with st.container(horizontal=True, gap="small"):
            st.button(t("enrol"), key=f"enrol_{rec.candidate}", on_click=_decide,
                      args=(rec.candidate, True), type="primary",
                      disabled=view.program.program.seats_left <= 0)  # fmt: skip
            st.button(t("decline"), key=f"decline_{rec.candidate}", on_click=_decide,
                      args=(rec.candidate, False))  # fmt: skip


suggest_tab, excluded_tab, list_tab = sticky_tabs(
    [t("tab_suggestions", n=len(view.suggestions)), t("tab_excluded"), t("tab_enrolment_list")],
    remember=f"trainer_tab_{view.program.id}",
)
with suggest_tab:
    st.caption(t("suggestions_intro") + " " + t("trainer_anonymous"))
    show_flash("suggestions")
    if view.program.program.seats_left <= 0:
        st.warning(t("program_full"))
    if not view.suggestions:
        st.info(t("no_suggestions_fit" if view.others else "no_suggestions"))
    for rec in view.suggestions:
        suggestion_card(rec)
    if view.others:
        with st.expander(t("others_open", n=len(view.others)), key="exp_trainer_others"):
            st.caption(t("others_intro"))
            for rec in view.others:
                suggestion_card(rec)
with excluded_tab:
    from app.i18n.explain import rule_reason

    if not view.excluded:
        st.info(t("no_excluded_people"))
    else:
        st.dataframe(
            [{t("col_candidate"): r.candidate, t("col_where"): bands(r), t("col_score"): round(r.score, 2),
              t("col_why_excluded"): "; ".join(rule_reason(r.explanation, x, lang) for x in r.explanation.failed_rules)}
             for r in view.excluded],
            hide_index=True, width="stretch",
        )  # fmt: skip
with list_tab:
    # The service returns codes; the page and both exports carry the same readable table.
    rows = [
        {t("col_program"): r["program"], t("col_participant"): r["participant"],
         t("col_name"): r["name"] or t("contact_waiting"), t("f_phone"): r["phone"],
         t("col_status"): t(f"status_{r['status']}"), t("col_since"): date.fromisoformat(r["since"]).strftime("%d-%m-%Y"),
         t("col_referred_by"): who_text(r["referred_by"])}
        for r in ws.enrolment_list(user, program_id)
    ]  # fmt: skip
    if not rows:
        st.info(t("no_enrolments"))
    else:
        st.caption(t("contact_rule"))
        st.dataframe(rows, hide_index=True, width="stretch")
        c1, c2 = st.columns(2)
        c1.download_button(t("download_csv"), to_csv_bytes(rows), f"peserta_{program_id}.csv",
                           "text/csv", key="dl_csv", icon=":material/download:")  # fmt: skip
        c2.download_button(
            t("download_xlsx"), to_xlsx_bytes(rows, "peserta"), f"peserta_{program_id}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="dl_xlsx",
            icon=":material/download:",
        )  # fmt: skip
