"""Counselor: find a jobseeker, see and adjust their recommendations, refer, record outcomes.

The chosen person is kept in the URL (``?js=JS-0001``), so a browser reload opens the
same person; every adjustment is stored at once, so a reload shows it.
"""

from __future__ import annotations

import contextlib
from datetime import date

import streamlit as st

from app import jobseeker_form, recs_view
from app.i18n import current_lang, t
from app.i18n.explain import part_label, rule_text
from app.jobseeker_form import LIVE
from app.state import (
    clear_draft,
    draft_keys,
    get_service,
    keep_draft_after_conflict,
    log_shown_once,
    page_link,
    plain,
    require_role,
    run_action,
    show_error,
    show_flash,
    sticky_tabs,
    who_text,
    widget_texts,
)
from matcher.db import ConcurrentEditError, ReferralStatus, Role
from matcher.errors import MatcherError
from matcher.scoring.rules import NOT_RELAXABLE, relaxable_rules
from matcher.scoring.weights import Part

user = require_role(Role.COUNSELOR, Role.ADMIN)
ws = get_service()
lang = current_lang()
st.title(t("jobseekers_title"))
widget_texts()
show_flash()

# ------------------------------------------------------------------ choose a person
query = st.text_input(t("search"), key="js_query", placeholder=t("search_placeholder"),
                      live=LIVE)  # fmt: skip
hits = ws.find_jobseekers(user, query, limit=100)
selected = st.query_params.get("js") or st.session_state.get("selected_js")
ids = [h.id for h in hits]


def _label(record) -> str:
    return f"{record.id} — {record.jobseeker.name or '-'} ({record.jobseeker.kelurahan})"


labels = {h.id: _label(h) for h in hits}
if query.strip() and not hits and selected:  # said, not left to look like a result
    st.info(t("no_search_hits", query=query.strip()))
if selected and selected not in ids:
    if query.strip() and ids:
        selected = ids[0]  # a new search picks its best hit
    else:
        ids.insert(0, selected)  # e.g. opened from a link, or a search found no one
        with contextlib.suppress(MatcherError):  # an unknown id: the page says so below
            labels[selected] = _label(ws.get_jobseeker(user, selected))  # named, not a bare id
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
st.header(plain(f"{person.id} · {person.name or '-'}"))  # h2 under the page's h1
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
    st.caption(plain(t("consent_on_file", who=who_text(view.record.consent_by), when=when)))
    with st.popover(t("withdraw_consent"), icon=":material/block:"):
        st.caption(t("withdraw_consent_help"))
        st.button(
            t("withdraw_consent_confirm"), key="withdraw_consent", type="primary",
            on_click=lambda: run_action(lambda: ws.set_consent(
                user, person.id, False, expected_version=view.record.version_id),
                success=t("done_consent_withdrawn")),
        )  # fmt: skip
else:
    if view.record.consent_at is not None:  # given once, then withdrawn
        when = view.record.consent_at.strftime("%d-%m-%Y")
        st.warning(plain(t("consent_withdrawn_on", who=who_text(view.record.consent_by),
                           when=when)))  # fmt: skip
    else:
        st.warning(t("consent_missing"))
    st.button(
        t("record_consent"), key="set_consent",
        on_click=lambda: run_action(lambda: ws.set_consent(
            user, person.id, True, expected_version=view.record.version_id),
            success=t("done_consent"), where="consent"),
    )  # fmt: skip
show_flash("consent")

with st.expander(t("edit_profile"), icon=":material/edit:", key=f"edit_profile_{person.id}"):
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
        except ConcurrentEditError as exc:  # someone saved first: keep hers, show theirs
            now = ws.get_jobseeker(user, person.id).jobseeker
            keep_draft_after_conflict(exc, prefix, jobseeker_form.initial_values(prefix, now))
            draft_keys(f"edit_{person.id}", [*edit_keys, f"{prefix}_version"])
            st.button(t("use_stored"), key=f"{prefix}_discard",
                      on_click=clear_draft, args=(f"edit_{person.id}",
                                                  [*edit_keys, f"{prefix}_version", f"{prefix}_errors"]))  # fmt: skip
        except MatcherError as exc:
            show_error(exc)
        else:
            clear_draft(f"edit_{person.id}", [*edit_keys, f"{prefix}_version", f"{prefix}_errors"])
            st.session_state.setdefault("_flashes", {})["profile"] = t("done_profile")
            st.rerun()
    show_flash("profile")

# ------------------------------------------------------------------ recommendations
tabs = sticky_tabs([
    t("tab_vacancies", n=len(view.lists["vacancy"].items)),
    t("tab_trainings", n=len(view.lists["training"].items)),
    t("tab_entrepreneurship", n=len(view.lists["entrepreneurship"].items)),
    t("tab_pathways", n=len(view.pathways)),
    t("tab_excluded"),
    t("tab_settings"),
    t("tab_referrals", n=len(view.referrals)),
    t("tab_history"),
], remember=f"person_tab_{person.id}")  # fmt: skip
for tab, kind in zip(tabs[:3], ("vacancy", "training", "entrepreneurship"), strict=True):
    with tab:
        recs_view.render_list(view, kind)
with tabs[0]:
    recs_view.render_downloads(view)  # all three lists, as shown
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
    # Checkboxes rather than a multiselect: every rule and its state in plain view,
    # and no widget text Streamlit writes in English. Protected rules are not offered.
    st.markdown(f"**{t('relax_rules')}**")
    relaxed = [
        rule.value for rule in relaxable_rules()
        if st.checkbox(rule_text(rule, lang), value=rule.value in view.relaxed_rules,
                       key=f"{wkey}_rule_{rule.value}")
    ]  # fmt: skip
    for rule in sorted(NOT_RELAXABLE):
        st.caption(t("rule_protected", rule=rule_text(rule, lang)))
    if st.button(t("save_settings"), key=f"{wkey}_save", type="primary"):
        run_action(lambda: ws.save_settings(user, view, weights=new_weights,
                                            relaxed_rules=relaxed),
                   success=t("done_settings"), where="settings")  # fmt: skip
        st.rerun()
    show_flash("settings")
    st.divider()

    def _save_person_note(key: str) -> None:
        """Before the rerun, so a saved note leaves the box (a second click saved it twice)."""
        note = st.session_state.get(key, "")
        if run_action(lambda: ws.add_person_note(user, view, note), success=t("done_note"),
                      where="pnote") is not None:  # fmt: skip
            st.session_state[key] = ""

    st.text_area(t("person_note"), key=f"pnote_{person.id}", max_chars=2000)
    st.button(t("save_note"), key=f"pnote_save_{person.id}", on_click=_save_person_note,
              args=(f"pnote_{person.id}",))  # fmt: skip
    show_flash("pnote")
    for n in reversed(view.notes):
        st.caption(plain(f"{n.at:%d-%m-%Y %H:%M} · {who_text(n.who)}"))
        st.text(n.note)

with tabs[6]:
    referrals = ws.referral_views(user, person.id)  # newest first, with title and employer
    show_flash("referrals")
    if not referrals:
        st.info(t("no_referrals"))
    else:
        st.dataframe(
            [{t("col_title"): r.title, t("col_org"): r.organisation,
              t("col_kind"): t(f"kind_{r.referral.opportunity_kind.value}"),
              t("col_status"): t(f"status_{r.status.value}"),
              t("col_referred_on"): r.referred_on.strftime("%d-%m-%Y"),
              t("col_updated_on"): r.updated_on.strftime("%d-%m-%Y"),
              t("col_who"): who_text(r.referral.who)}
             for r in referrals],
            hide_index=True, width="stretch",
        )  # fmt: skip
        # A provider's own enrolment: its contact is shared only once the person agrees.
        for r in referrals:
            if r.is_open and not r.referral.consent_recorded and view.record.consent_given:
                st.caption(plain(t("share_consent_needed", title=r.title, org=r.organisation)))
                st.button(
                    t("share_consent_button"), key=f"share_{r.id}",
                    on_click=lambda rid=r.id: run_action(
                        lambda: ws.record_share_consent(user, person.id, rid),
                        success=t("done_share_consent"), where="referrals"),
                )  # fmt: skip

        def referral_label(rid: int) -> str:
            r = by_id[rid]
            return t("referral_label", title=r.title, org=r.organisation or "-",
                     date=r.referred_on.strftime("%d-%m-%Y"), status=t(f"status_{r.status.value}"))  # fmt: skip

        by_id = {r.id: r for r in referrals}
        open_ids = [r.id for r in referrals if r.is_open]
        st.markdown(f"**{t('outcome_title')}**")
        # Never a silent default: preselected only when one referral is still open,
        # and then said so.
        only = open_ids[0] if len(open_ids) == 1 else None
        if only is not None:
            st.caption(t("outcome_only_open"))
        with st.form(f"outcome_{person.id}", clear_on_submit=True):
            ref_id = st.selectbox(
                t("outcome_referral"), list(by_id), format_func=referral_label,
                index=list(by_id).index(only) if only is not None else None,
                placeholder=t("outcome_choose"), key=f"outcome_ref_{person.id}",
            )  # fmt: skip
            status = st.selectbox(
                t("col_status"), [s.value for s in ReferralStatus if s is not ReferralStatus.REFERRED],
                format_func=lambda v: t(f"status_{v}"), index=None, placeholder=t("choose"),
                key=f"outcome_status_{person.id}",
            )  # fmt: skip
            on = st.date_input(
                t("col_when"),
                format="DD/MM/YYYY",
                key=f"outcome_on_{person.id}",
                max_value=date.today(),
            )  # an outcome that has happened
            if st.form_submit_button(t("save_outcome"), type="primary"):
                if ref_id is None or status is None:
                    st.session_state["_outcome_missing"] = True
                else:
                    run_action(
                        lambda: ws.record_outcome(user, ref_id, status, on, jobseeker_id=person.id),
                        success=t("done_outcome_for", title=by_id[ref_id].title,
                                  status=t(f"status_{status}")),
                        where="outcome",
                    )  # fmt: skip
                st.rerun()
        if st.session_state.pop("_outcome_missing", False):
            st.error(t("outcome_missing"))
        show_flash("outcome")

with tabs[7]:
    history = ws.decisions(user, person.id)
    if not history:
        st.info(t("no_history"))
    else:
        st.dataframe(
            [{t("col_when"): d.at.strftime("%d-%m-%Y %H:%M"), t("col_who"): who_text(d.who),
              t("col_action"): t(f"action_{d.action.value}"), t("col_item"): d.opportunity_id or "",
              t("reason"): t(f"reason_{d.reason_code.value}") if d.reason_code else "",
              t("note"): d.note,
              t("col_rank"): f"{d.rank_before or '-'} → {d.rank_after or '-'}"}
             for d in reversed(history)],
            hide_index=True, width="stretch",
        )  # fmt: skip
