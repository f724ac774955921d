"""Employer: own vacancies (edit, close), checked uploads, the form, anonymised shortlists."""

from __future__ import annotations

import hashlib
from datetime import date

import streamlit as st

from app import vacancy_form
from app.i18n import current_lang, t
from app.i18n.uploads import tr
from app.jobseeker_form import LIVE
from app.state import (
    clear_draft,
    draft_keys,
    field_label,
    get_service,
    keep_draft_after_conflict,
    log_shown_once,
    plain,
    require_role,
    run_action,
    show_error,
    show_flash,
    sticky_tabs,
    widget_texts,
)
from matcher.db import ConcurrentEditError, Role, VacancyStatus
from matcher.errors import MatcherError, ValidationError
from matcher.loaders import MAX_UPLOAD_BYTES


def _expired(v) -> bool:
    """Open, but past its closing date (shown to nobody any more)."""
    closing = v.posting.closing_date
    return v.status is VacancyStatus.OPEN and closing is not None and closing < date.today()


user = require_role(Role.EMPLOYER, Role.ADMIN)
ws = get_service()
lang = current_lang()
st.title(t("employer_title"))
if user.employer:
    st.caption(t("linked_employer", employer=plain(user.employer)))
show_flash()
widget_texts()  # Streamlit's "Press Enter to apply", translated


def _column_text(column: str | None) -> str:
    """A column's label and, when the file heads it otherwise, its header there."""
    label = field_label(column)
    return f"{label} ({column})" if column and label != column else label


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in exc.problems:
        out.setdefault(p.column or "", []).append(p.allowed)
    return out


def _candidate_card(e, vid: str) -> None:
    """One shortlist entry: token (or name once referred with consent), bands, why."""
    with st.container(border=True):
        who = f"{e.name} · {e.phone}" if e.name else e.candidate
        rank = f"{e.rank}. " if e.rank else ""
        band = f" · {t('distance_' + e.distance_band)}" if e.distance_band else ""
        st.markdown(f"**{rank}{plain(who)}** — {plain(e.education)}{band}")
        if e.referred:
            st.caption(t("referred_status", status=t(f"status_{e.status}")))
        if e.explanation.parts:
            st.caption(plain(e.explanation.summary(lang)))
        if not e.referred:  # a question about a token goes to the counselors
            with st.popover(t("ask_hub"), icon=":material/contact_support:"):
                st.text_area(t("ask_hub_question"), key=f"ask_{vid}_{e.candidate}",
                             max_chars=1000)  # fmt: skip
                st.button(
                    t("ask_hub_send"), key=f"ask_send_{vid}_{e.candidate}", type="primary",
                    on_click=lambda c=e.candidate, v=vid: run_action(
                        lambda: ws.ask_hub(user, v, c, st.session_state.get(f"ask_{v}_{c}", "")),
                        success=t("done_ask_hub"), where=f"ask_{v}_{c}"),
                )  # fmt: skip
            show_flash(f"ask_{vid}_{e.candidate}")


mine_tab, upload_tab, new_tab = sticky_tabs(
    [t("tab_my_vacancies"), t("tab_upload"), t("tab_new")], remember="employer_tab"
)

# ------------------------------------------------------------------ own vacancies
with mine_tab:
    vacancies = ws.my_vacancies(user)
    if not vacancies:
        st.info(t("no_vacancies"))
    else:
        st.dataframe(
            [{t("col_id"): v.id, t("col_title"): v.posting.title,
              t("f_kelurahan"): v.posting.kelurahan, t("f_openings"): v.posting.openings,
              t("f_closing_date"): v.posting.closing_date.strftime("%d-%m-%Y")
              if v.posting.closing_date else "",
              t("col_status"): t("vstatus_expired") if _expired(v) else t(f"vstatus_{v.status.value}")}
             for v in vacancies],
            hide_index=True, width="stretch",
        )  # fmt: skip
        by_id = {v.id: v for v in vacancies}
        vid = st.selectbox(t("choose_vacancy"), list(by_id), key="employer_vacancy",
                           format_func=lambda i: f"{i} — {by_id[i].posting.title}")  # fmt: skip
        record = by_id[vid]
        with st.expander(t("edit_vacancy"), icon=":material/edit:", key=f"exp_edit_{vid}"):
            prefix = f"vac_{vid}"
            draft_keys(prefix, [*vacancy_form.keys(prefix), f"{prefix}_version"],
                       baseline=vacancy_form.initial_values(prefix, record.posting))  # fmt: skip
            vacancy_form.prefill(prefix, record.posting)
            st.session_state.setdefault(f"{prefix}_version", record.version_id)
            values = vacancy_form.render(prefix, vacancy_form.current_errors(prefix))
            if st.button(t("save_vacancy"), key=f"{prefix}_save", type="primary"):
                try:
                    ws.update_vacancy(user, vid, values,
                                      expected_version=st.session_state[f"{prefix}_version"])  # fmt: skip
                except ValidationError as exc:  # shown under the fields in this click's result
                    vacancy_form.refuse(prefix, _errors(exc), exc)
                    st.rerun()
                except ConcurrentEditError as exc:  # someone saved first: keep yours, show theirs
                    # ``record`` was read this run, after the other save: it is what is stored.
                    keep_draft_after_conflict(exc, prefix,
                                              vacancy_form.initial_values(prefix, record.posting))  # fmt: skip
                    draft_keys(prefix, [*vacancy_form.keys(prefix), f"{prefix}_version"])
                    st.button(t("use_stored"), key=f"{prefix}_discard", on_click=clear_draft,
                              args=(prefix, [*vacancy_form.keys(prefix), f"{prefix}_version",
                                             f"{prefix}_errors", f"{prefix}_refused"]))  # fmt: skip
                except MatcherError as exc:
                    show_error(exc)
                else:
                    clear_draft(prefix, [*vacancy_form.keys(prefix), f"{prefix}_version",
                                         f"{prefix}_errors", f"{prefix}_refused"])  # fmt: skip
                    st.session_state["_flash"] = t("done_vacancy_saved")
                    st.rerun()
            show_flash(prefix)
        closing = record.status is VacancyStatus.OPEN
        st.button(
            t("close_vacancy") if closing else t("reopen_vacancy"), key=f"status_{vid}",
            icon=":material/lock:" if closing else ":material/lock_open:",
            on_click=lambda: run_action(lambda: ws.set_vacancy_status(
                user, vid, VacancyStatus.CLOSED if closing else VacancyStatus.OPEN,
                expected_version=record.version_id), success=t("done_status")),
        )  # fmt: skip
        st.subheader(t("shortlist_title"))
        st.caption(t("shortlist_intro"))
        try:
            entries = ws.shortlist(user, vid)
            if closing:  # an open vacancy ranks people: that is what was shown
                log_shown_once(
                    ("employer_shortlist", vid, id(ws.matcher())),
                    lambda: ws.record_shown(
                        user, ws.ranked_people("vacancy", vid, 10).ranked, "employer_shortlist",
                        opportunity_kind="vacancy", opportunity_id=vid,
                    ),
                )  # fmt: skip
        except MatcherError as exc:
            show_error(exc)
            entries = []
        listed = [e for e in entries if e.listed]
        others = [e for e in entries if not e.listed]
        if not listed:
            st.info(t("no_shortlist_fit" if others else "no_shortlist"))
        for e in listed:
            _candidate_card(e, vid)
        if others:
            with st.expander(t("others_open", n=len(others)), key=f"exp_others_{vid}"):
                st.caption(t("others_intro"))
                for e in others:
                    _candidate_card(e, vid)
        asked = ws.my_hub_requests(user, vid)
        if asked:
            st.markdown(f"**{t('hub_requests_title')}**")
            for q in asked:
                with st.container(border=True):
                    st.caption(plain(f"{q.candidate} · {q.asked_at:%d-%m-%Y}"))
                    st.text(q.question)
                    if q.answered_at:
                        st.caption(t("hub_answered", when=q.answered_at.strftime("%d-%m-%Y")))
                        st.text(q.answer)
                    else:
                        st.caption(t("hub_waiting"))

# ------------------------------------------------------------------ upload
with upload_tab:
    st.caption(t("upload_intro", mb=MAX_UPLOAD_BYTES // (1024 * 1024)))
    st.caption(t("upload_columns", employer=user.employer or t("your_company")))
    st.download_button(t("upload_template"), ws.upload_template(user), "contoh_lowongan.csv",
                       "text/csv", key="vac_template", icon=":material/download:")  # fmt: skip
    file = st.file_uploader(
        t("upload_label"),
        type=["csv", "xlsx"],
        help=t("upload_help", mb=MAX_UPLOAD_BYTES // (1024 * 1024)),
        key=f"vac_upload_{st.session_state.get('upload_n', 0)}",
    )
    if file is not None:
        data = file.getvalue()
        if len(data) > MAX_UPLOAD_BYTES:
            st.error(t("upload_too_big", mb=MAX_UPLOAD_BYTES // (1024 * 1024)))
        else:
            digest = hashlib.sha256(data).hexdigest()
            sheet = st.session_state.get(f"vac_sheet_{digest}")
            cached = st.session_state.get("vac_preview")
            if not cached or cached[0] != (digest, sheet):
                try:
                    cached = (
                        (digest, sheet),
                        ws.preview_upload(user, file.name, data, sheet=sheet),
                    )
                except MatcherError as exc:  # the reader itself only gives file_error
                    show_error(exc)
                    st.stop()
                st.session_state["vac_preview"] = cached
            preview = cached[1]
            # The sheet list of the first reading stays, so a sheet that cannot be read
            # can still be swapped for another.
            sheets = st.session_state.setdefault(f"vac_sheets_{digest}", preview.sheets)
            if len(sheets) > 1:
                st.selectbox(t("upload_sheet"), list(sheets), key=f"vac_sheet_{digest}", filter_mode=None,
                             index=list(sheets).index(preview.sheet) if preview.sheet in sheets else 0,
                             help=t("upload_sheet_help"))  # fmt: skip
            if preview.file_error:
                st.error(t("upload_unreadable"))
                st.text(tr(preview.file_error))
            else:
                bad = len({p.row for p in preview.problems})
                m = st.columns(3)
                m[0].metric(t("rows_read"), preview.rows_read)
                m[1].metric(t("rows_ok"), len(preview.records))
                m[2].metric(t("rows_bad"), bad)
                for w in preview.warnings:
                    st.warning(tr(w))
                if preview.problems:
                    # The file (and sheet) and the column as headed in it, beside its label.
                    where = file.name + (f" ({preview.sheet})" if len(sheets) > 1 else "")
                    st.dataframe(
                        [{t("col_file"): where, t("col_row"): p.row,
                          t("col_column"): _column_text(p.column), t("col_value"): str(p.value),
                          t("col_allowed"): tr(p.allowed)} for p in preview.problems],
                        hide_index=True, width="stretch",
                    )  # fmt: skip
                if preview.records:
                    st.dataframe(
                        [{t("col_id"): r.id, t("col_title"): r.title, t("f_kelurahan"): r.kelurahan,
                          t("f_wage"): r.wage,
                          t("f_closing_date"): r.closing_date.strftime("%d-%m-%Y") if r.closing_date else ""}
                         for r in preview.records],
                        hide_index=True, width="stretch",
                    )  # fmt: skip
                    skip = True
                    if preview.problems:
                        skip = st.checkbox(t("skip_bad_rows", n=bad), key="vac_skip_bad")
                    if st.button(t("save_upload", n=len(preview.records)), type="primary",
                                 key="vac_save_upload", disabled=not skip):  # fmt: skip
                        saved = run_action(lambda: ws.save_upload(user, preview, skip_bad_rows=skip),
                                           success=t("done_upload", n=len(preview.records)))  # fmt: skip
                        if saved is not None:
                            st.session_state.pop("vac_preview", None)
                            st.session_state["upload_n"] = st.session_state.get("upload_n", 0) + 1
                        st.rerun()

# ------------------------------------------------------------------ new vacancy form
with new_tab:
    prefix = "newvac"
    draft_keys(prefix, [*vacancy_form.keys(prefix), "newvac_employer"])
    if user.role is Role.ADMIN:  # an employer always posts for its own company
        st.text_input(t("f_employer"), key="newvac_employer", live=LIVE)
    values = vacancy_form.render(prefix, vacancy_form.current_errors(prefix))
    if user.role is Role.ADMIN and st.session_state.get("newvac_employer"):
        values["employer"] = st.session_state["newvac_employer"]
    if st.button(t("create_vacancy"), type="primary", key="newvac_save"):
        try:
            created = ws.create_vacancy(user, values)
        except ValidationError as exc:  # shown under the fields in this click's result
            vacancy_form.refuse(prefix, _errors(exc), exc)
            st.rerun()
        except MatcherError as exc:
            show_error(exc)
        else:
            clear_draft(prefix, [*vacancy_form.keys(prefix), "newvac_employer", "newvac_errors",
                                 "newvac_refused"])  # fmt: skip
            st.session_state["_flash"] = t("done_vacancy_created", id=created.id)
            st.rerun()
    show_flash(prefix)
