"""Counselor: find a jobseeker, see and adjust their recommendations, refer, record outcomes.

The chosen person is kept in the URL (``?js=JS-0001``), so a browser reload opens the
same person; every adjustment is stored at once, so a reload shows it.
"""

from __future__ import annotations

import streamlit as st

from app import jobseeker_form, recs_view
from app.i18n import current_lang, t
from app.i18n.explain import part_label, rule_text
from app.state import (
    clear_draft,
    draft_keys,
    get_service,
    log_shown_once,
    page_link,
    plain,
    require_role,
    run_action,
    show_error,
    show_flash,
)
from matcher.db import ReferralStatus, Role
from matcher.errors import MatcherError
from matcher.scoring.rules import Rule
from matcher.scoring.weights import Part

user = require_role(Role.COUNSELOR, Role.ADMIN)
ws = get_service()
lang = current_lang()
st.title(t("jobseekers_title"))
show_flash()

# ------------------------------------------------------------------ choose a person
query = st.text_input(t("search"), key="js_query", placeholder=t("search_placeholder"))
hits = ws.find_jobseekers(user, query, limit=100)
selected = st.query_params.get("js") or st.session_state.get("selected_js")
ids = [h.id for h in hits]
labels = {h.id: f"{h.id} — {h.jobseeker.name or '-'} ({h.jobseeker.kelurahan})" for h in hits}
if selected and selected not in ids:
    if query.strip() and ids:
        selected = ids[0]  # a new search picks its best hit
    else:
        ids.insert(0, selected)  # e.g. opened from a link: keep that person
if not ids:
    st.info(t("no_jobseekers"))
    page_link("app/pages/register.py", t("nav_register"), ":material/person_add:")
    st.stop()
choice = st.selectbox(
    t("choose_jobseeker"), ids, index=ids.index(selected) if selected in ids else 0,
    format_func=lambda i: labels.get(i, i),
)  # fmt: skip
if choice != st.query_params.get("js"):
    st.query_params["js"] = choice
st.session_state["selected_js"] = choice

try:
    with st.spinner(t("loading_recs")):
        view = ws.person_view(user, choice)
except MatcherError as exc:
    show_error(exc)
    st.stop()
person = view.record.jobseeker
log_shown_once(
    ("counselor_view", person.id, view.list_version, tuple(sorted(view.weights.items())),
     tuple(view.relaxed_rules)),
    lambda: ws.record_shown(
        user, [i.rec for lst in view.lists.values() for i in lst.items], "counselor_view",
        jobseeker_id=person.id,
    ),
)  # fmt: skip

# ------------------------------------------------------------------ profile
st.subheader(plain(f"{person.id} · {person.name or '-'}"))
st.markdown(
    " · ".join(
        f"**{t(label)}** {plain(value)}"
        for label, value in (
            ("f_age", person.age), ("f_gender", t(f"gender_{person.gender.value}")),
            ("f_education", person.education.label), ("f_kelurahan", person.kelurahan),
            ("f_segment", t(f"segment_{person.segment.value}")),
            ("f_max_travel_km", f"{person.max_travel_km:g}"),
        )
    )
)  # fmt: skip
st.text(t("f_skills") + ": " + (", ".join(person.skills) or "-"))
if person.availability:
    st.text(t("f_availability") + ": " + person.availability)
if view.record.consent_given:
    when = view.record.consent_at.strftime("%d-%m-%Y") if view.record.consent_at else "?"
    st.caption(plain(t("consent_on_file", who=view.record.consent_by or "?", when=when)))
else:
    st.warning(t("consent_missing"))
    st.button(
        t("record_consent"), key="set_consent",
        on_click=lambda: run_action(lambda: ws.set_consent(
            user, person.id, True, expected_version=view.record.version_id),
            success=t("done_consent")),
    )  # fmt: skip

with st.expander(t("edit_profile"), icon=":material/edit:"):
    prefix = f"edit_{person.id}"
    edit_keys = jobseeker_form.keys(prefix)
    draft_keys(f"edit_{person.id}", [*edit_keys, f"{prefix}_version"],
               baseline=jobseeker_form.initial_values(prefix, person))  # fmt: skip
    jobseeker_form.prefill(prefix, person)
    # The version this draft started from: a save is refused if someone saved since.
    st.session_state.setdefault(f"{prefix}_version", view.record.version_id)
    values = jobseeker_form.render(prefix, st.session_state.get(f"{prefix}_errors"))
    if st.button(t("save_profile"), key=f"{prefix}_save", type="primary"):
        try:
            ws.update_jobseeker(user, person.id, values,
                                expected_version=st.session_state[f"{prefix}_version"])  # fmt: skip
        except MatcherError as exc:
            show_error(exc)
        else:
            clear_draft(f"edit_{person.id}", [*edit_keys, f"{prefix}_version", f"{prefix}_errors"])
            st.session_state["_flash"] = t("done_profile")
            st.rerun()

# ------------------------------------------------------------------ recommendations
tabs = st.tabs([
    t("tab_vacancies", n=len(view.lists["vacancy"].items)),
    t("tab_trainings", n=len(view.lists["training"].items)),
    t("tab_entrepreneurship", n=len(view.lists["entrepreneurship"].items)),
    t("tab_pathways", n=len(view.pathways)),
    t("tab_excluded"),
    t("tab_settings"),
    t("tab_referrals", n=len(view.referrals)),
    t("tab_history"),
])  # fmt: skip
for tab, kind in zip(tabs[:3], ("vacancy", "training", "entrepreneurship"), strict=True):
    with tab:
        recs_view.render_list(view, kind)
with tabs[3]:
    recs_view.render_pathways(view)
with tabs[4]:
    recs_view.render_excluded(view)

with tabs[5]:
    st.caption(t("settings_intro"))
    wkey = f"w_{person.id}_{view.settings.version_id if view.settings else 0}"
    new_weights = {
        part.value: st.slider(part_label(part, lang), 0.0, 1.0,
                              float(view.weights.get(part.value, 0.0)), 0.05,
                              key=f"{wkey}_{part.value}")
        for part in Part
    }  # fmt: skip
    relaxed = st.multiselect(
        t("relax_rules"), [r.value for r in Rule], default=list(view.relaxed_rules),
        format_func=lambda v: rule_text(Rule(v), lang), key=f"{wkey}_rules",
    )  # fmt: skip
    if st.button(t("save_settings"), key=f"{wkey}_save", type="primary"):
        run_action(lambda: ws.save_settings(user, view, weights=new_weights,
                                            relaxed_rules=relaxed),
                   success=t("done_settings"))  # fmt: skip
        st.rerun()
    st.divider()
    note = st.text_area(t("person_note"), key=f"pnote_{person.id}", max_chars=2000)
    if st.button(t("save_note"), key=f"pnote_save_{person.id}"):
        run_action(lambda: ws.add_person_note(user, view, note), success=t("done_note"))
        st.session_state.pop(f"pnote_{person.id}", None)
        st.rerun()
    for n in reversed(view.notes):
        st.caption(plain(f"{n.at:%d-%m-%Y %H:%M} · {n.who}"))
        st.text(n.note)

with tabs[6]:
    if not view.referrals:
        st.info(t("no_referrals"))
    else:
        st.dataframe(
            [{t("col_id"): r.id, t("col_kind"): t(f"kind_{r.opportunity_kind.value}"),
              t("col_item"): r.opportunity_id, t("col_status"): t(f"status_{r.status.value}"),
              t("col_when"): r.updated_at.strftime("%d-%m-%Y"), t("col_who"): r.who}
             for r in view.referrals],
            hide_index=True, width="stretch",
        )  # fmt: skip
        with st.form(f"outcome_{person.id}", clear_on_submit=True):
            ref_id = st.selectbox(t("col_id"), [r.id for r in view.referrals])
            status = st.selectbox(
                t("col_status"), [s.value for s in ReferralStatus if s is not ReferralStatus.REFERRED],
                format_func=lambda v: t(f"status_{v}"),
            )  # fmt: skip
            on = st.date_input(t("col_when"), format="DD/MM/YYYY")
            if st.form_submit_button(t("save_outcome")):
                run_action(lambda: ws.record_outcome(user, ref_id, status, on),
                           success=t("done_outcome"))  # fmt: skip
                st.rerun()

with tabs[7]:
    history = ws.decisions(user, person.id)
    if not history:
        st.info(t("no_history"))
    else:
        st.dataframe(
            [{t("col_when"): d.at.strftime("%d-%m-%Y %H:%M"), t("col_who"): d.who,
              t("col_action"): t(f"action_{d.action.value}"), t("col_item"): d.opportunity_id or "",
              t("reason"): t(f"reason_{d.reason_code.value}") if d.reason_code else "",
              t("note"): d.note,
              t("col_rank"): f"{d.rank_before or '-'} → {d.rank_after or '-'}"}
             for d in reversed(history)],
            hide_index=True, width="stretch",
        )  # fmt: skip
