"""Field intake: download the phone form, upload its KoboToolbox/ODK export, preview, save.

Works on a phone: one column, tables via st.dataframe at container width, one radio
per possible duplicate. Nothing is saved before the save button. The intake service
checks the permission and compares the file with the people stored.
"""

from __future__ import annotations

import re

import streamlit as st

from app.i18n import STRINGS, t
from app.i18n.uploads import tr
from app.services import refused, services
from app.state import field_label, plain, require_role, show_error
from app.tables import code_label
from matcher import config
from matcher.db import PermissionDenied, Role
from matcher.errors import MatcherError
from matcher.needs.intake import DuplicateAction

user = require_role(Role.ADMIN, Role.COUNSELOR)
service = services().intake
INTAKE_DIR = config.DATA_DIR / "intake"
FORM = INTAKE_DIR / "jobseeker_intake_xlsform.xlsx"
SAMPLE = INTAKE_DIR / "sample_kobo_export.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ROW = re.compile(r"^row (\d+)$")


def other_label(duplicate_of: str) -> str:
    """A stored id as it is; "row N" of this file in the page's language."""
    m = _ROW.match(duplicate_of or "")
    return f"{t('nd_col_row')} {m.group(1)}" if m else (duplicate_of or "")


def column_label(column: str) -> str:
    """A form column ("identitas/birth_date") as the form's label."""
    name = str(column).rsplit("/", 1)[-1]
    if name == "_uuid":  # Kobo's own id of a submission
        return t("nd_uuid")
    return t(f"np_kobo_{name}") if f"np_kobo_{name}" in STRINGS else field_label(name)


def notes_text(notes: tuple[str, ...]) -> str:
    """A row's automatic corrections, each in the page's language."""
    return " | ".join(tr(n) for n in notes)


st.title(t("nd_intake_title"))
st.caption(t("nd_intake_intro"))
if FORM.exists():
    st.download_button(t("nd_download_form"), FORM.read_bytes(), FORM.name, XLSX,
                       width="stretch")  # fmt: skip
if SAMPLE.exists():
    st.download_button(t("nd_download_sample"), SAMPLE.read_bytes(), SAMPLE.name, XLSX,
                       width="stretch")  # fmt: skip

upload = st.file_uploader(t("nd_upload"), type=["xlsx", "csv"], key="nd_upload",
                          help=t("np_upload_help"))  # fmt: skip
if st.button(t("nd_try_sample"), key="nd_try_sample", width="stretch"):
    st.session_state["nd_source"] = (SAMPLE.name, SAMPLE.read_bytes())
if upload is not None:
    st.session_state["nd_source"] = (upload.name, upload.getvalue())
source: tuple[str, bytes] | None = st.session_state.get("nd_source")

if result := st.session_state.pop("nd_intake_result", None):
    # Where the save button was: the preview is gone, so the result takes its place.
    msg = t("nd_committed", created=len(result.created), merged=len(result.merged),
            skipped=len(result.skipped_rows), rejected=len(result.rejected_rows))  # fmt: skip
    st.toast(msg, icon=":material/check_circle:")
    st.success(msg)
    if result.created:
        st.text(", ".join(result.created))

if source is not None:
    name, data = source
    try:
        preview = service.preview(user, name, data)
    except PermissionDenied as exc:
        refused(exc)
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
        st.warning(tr(w))

    if preview.problems:
        st.subheader(t("nd_problems"))
        problems = preview.problem_table().astype({"value": str})
        problems["column"] = problems["column"].map(column_label)
        problems["allowed"] = [tr(p.allowed) for p in preview.problems]
        st.dataframe(
            problems.rename(columns={"file": t("nd_col_file"), "row": t("nd_col_row"),
                                     "column": t("nd_col_column"), "value": t("nd_col_value"),
                                     "allowed": t("nd_col_allowed")}),
            width="stretch", hide_index=True,
        )  # fmt: skip

    st.subheader(t("nd_preview"))
    table = preview.table().assign(notes=[notes_text(r.notes) for r in preview.rows])
    table = table[table["status"] == "ok"].drop(columns=["status"])
    table = table.assign(segment=table["segment"].map(code_label),
                         duplicate_of=table["duplicate_of"].map(other_label))  # fmt: skip
    st.dataframe(
        table.rename(columns={"row": t("nd_col_row"), "name": t("nd_col_name"),
                              "age": t("nd_col_age"), "kelurahan": t("nd_col_kelurahan"),
                              "segment": t("nd_col_segment"), "skills": t("nd_col_skills"),
                              "duplicate_of": t("nd_col_duplicate"),
                              "notes": t("nd_col_notes_fix")}),
        width="stretch", hide_index=True, placeholder=t("tb_val_missing"),
    )  # fmt: skip

    decisions: dict[int, DuplicateAction] = {}
    if preview.duplicates:
        st.subheader(t("nd_dup_title"))
        for r in preview.duplicates:
            stored = not r.duplicate_of.startswith("row ")
            actions = [DuplicateAction.SKIP, *([DuplicateAction.MERGE] if stored else []),
                       DuplicateAction.NEW]  # fmt: skip
            label = t("nd_dup_row", row=r.row, name=r.person.name,
                      other=other_label(r.duplicate_of),
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
            result = service.commit(user, preview, decisions)
        except ValueError as exc:  # a coded refusal of one row's choice
            st.error(tr(exc.args[0]) if exc.args else t("error_generic"))
        except MatcherError as exc:
            show_error(exc)  # beside the save button
        else:
            st.session_state["nd_intake_result"] = result
            st.session_state.pop("nd_source", None)
            st.rerun()
