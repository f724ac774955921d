"""Field intake: download the phone form, upload its KoboToolbox/ODK export, preview, save.

Works on a phone: one column, tables via st.dataframe at container width, one radio
per possible duplicate. Nothing is saved before the save button.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app.i18n import t
from app.state import db_session, plain, require_role, show_error
from matcher import config
from matcher.db import JobseekerRepository, Role
from matcher.errors import MatcherError
from matcher.needs.intake import DuplicateAction, commit_intake, preview_intake

user = require_role(Role.ADMIN, Role.COUNSELOR)
INTAKE_DIR = config.DATA_DIR / "intake"
FORM = INTAKE_DIR / "jobseeker_intake_xlsform.xlsx"
SAMPLE = INTAKE_DIR / "sample_kobo_export.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

st.title(t("nd_intake_title"))
st.caption(t("nd_intake_intro"))
if FORM.exists():
    st.download_button(t("nd_download_form"), FORM.read_bytes(), FORM.name, XLSX,
                       width="stretch")  # fmt: skip
if SAMPLE.exists():
    st.download_button(t("nd_download_sample"), SAMPLE.read_bytes(), SAMPLE.name, XLSX,
                       width="stretch")  # fmt: skip

if result := st.session_state.pop("nd_intake_result", None):
    st.success(t("nd_committed", created=len(result.created), merged=len(result.merged),
                 skipped=len(result.skipped_rows), rejected=len(result.rejected_rows)))  # fmt: skip
    if result.created:
        st.text(", ".join(result.created))

upload = st.file_uploader(t("nd_upload"), type=["xlsx", "csv"], key="nd_upload")
if st.button(t("nd_try_sample"), key="nd_try_sample", width="stretch"):
    st.session_state["nd_source"] = (SAMPLE.name, SAMPLE.read_bytes())
if upload is not None:
    st.session_state["nd_source"] = (upload.name, upload.getvalue())
source: tuple[str, bytes] | None = st.session_state.get("nd_source")

if source is not None:
    name, data = source
    try:
        with db_session() as session:
            existing = [r.jobseeker for r in JobseekerRepository(session).list()]
        preview = preview_intake(Path(name), existing, data=data)
    except (MatcherError, ValueError) as exc:
        show_error(exc)
        st.stop()

    a, b = st.columns(2)
    a.metric(t("nd_m_rows"), len(preview.rows))
    b.metric(t("nd_m_accepted"), len(preview.accepted))
    c, d = st.columns(2)
    c.metric(t("nd_m_rejected"), len(preview.rejected))
    d.metric(t("nd_m_duplicates"), len(preview.duplicates))
    for w in preview.warnings:
        st.warning(w)

    if preview.problems:
        st.subheader(t("nd_problems"))
        problems = preview.problem_table().astype({"value": str})
        st.dataframe(
            problems.rename(columns={"file": t("nd_col_file"), "row": t("nd_col_row"),
                                     "column": t("nd_col_column"), "value": t("nd_col_value"),
                                     "allowed": t("nd_col_allowed")}),
            width="stretch", hide_index=True,
        )  # fmt: skip

    st.subheader(t("nd_preview"))
    table = preview.table()
    table = table[table["status"] == "ok"].drop(columns=["status"])
    st.dataframe(
        table.rename(columns={"row": t("nd_col_row"), "name": t("nd_col_name"),
                              "age": t("nd_col_age"), "kelurahan": t("nd_col_kelurahan"),
                              "segment": t("nd_col_segment"), "skills": t("nd_col_skills"),
                              "duplicate_of": t("nd_col_duplicate"),
                              "notes": t("nd_col_notes_fix")}),
        width="stretch", hide_index=True,
    )  # fmt: skip

    decisions: dict[int, DuplicateAction] = {}
    if preview.duplicates:
        st.subheader(t("nd_dup_title"))
        for r in preview.duplicates:
            stored = not r.duplicate_of.startswith("row ")
            actions = [DuplicateAction.SKIP, *([DuplicateAction.MERGE] if stored else []),
                       DuplicateAction.NEW]  # fmt: skip
            label = t("nd_dup_row", row=r.row, name=r.person.name, other=r.duplicate_of,
                      why=t(f"nd_why_{r.duplicate_reason.value}"))  # fmt: skip
            decisions[r.row] = st.radio(
                plain(label), actions, key=f"nd_dup_{name}_{r.row}", horizontal=True,
                format_func=lambda a: t(f"nd_act_{a.value}"),
            )  # fmt: skip

    saving = [
        r
        for r in preview.accepted
        if decisions.get(r.row, r.default_action) is not DuplicateAction.SKIP
    ]
    if st.button(t("nd_commit", n=len(saving)), type="primary", key="nd_commit",
                 disabled=not preview.accepted, width="stretch"):  # fmt: skip
        try:
            with db_session() as session:
                result = commit_intake(session, preview, user, decisions)
        except (MatcherError, ValueError) as exc:
            show_error(exc)
        else:
            st.session_state["nd_intake_result"] = result
            st.session_state.pop("nd_source", None)
            st.rerun()
