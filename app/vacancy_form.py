"""The vacancy form (new and edit); the upload validator decides what is valid."""

from __future__ import annotations

import streamlit as st

from app.i18n import t
from app.i18n.uploads import tr
from app.jobseeker_form import LIVE, kelurahan_names, wage_hint
from matcher.domain import Education, JobPosting, WorkType

FIELDS = (
    "title", "title_aliases", "description", "required_skills", "nice_skills",
    "min_education", "kelurahan", "work_type", "schedule", "wage", "openings",
    "closing_date", "min_age", "max_age",
)  # fmt: skip


def keys(prefix: str) -> list[str]:
    return [f"{prefix}_{f}" for f in FIELDS]


def initial_values(prefix: str, p: JobPosting) -> dict[str, object]:
    """Widget key -> stored value, as the form shows a stored record."""
    values = {
        "title": p.title, "title_aliases": "| ".join(p.title_aliases),
        "description": p.description, "required_skills": "; ".join(p.required_skills),
        "nice_skills": "; ".join(p.nice_skills), "min_education": p.min_education.name,
        "kelurahan": p.kelurahan, "work_type": p.work_type.value, "schedule": p.schedule,
        "wage": str(p.wage) if p.wage is not None else "", "openings": p.openings,
        "closing_date": p.closing_date, "min_age": p.min_age, "max_age": p.max_age,
    }  # fmt: skip
    return {f"{prefix}_{name}": value for name, value in values.items()}


def prefill(prefix: str, p: JobPosting) -> None:
    """Put a stored record's values into the widgets (only where no draft exists)."""
    for key, value in initial_values(prefix, p).items():
        st.session_state.setdefault(key, value)


def refuse(prefix: str, problems: dict[str, list[str]], exc: Exception) -> None:
    """Keep a refused submission's field problems, with the values they were about, and
    its error message for after the rerun that shows them under their fields."""
    st.session_state[f"{prefix}_errors"] = problems
    st.session_state[f"{prefix}_refused"] = {
        f: st.session_state.get(f"{prefix}_{f}") for f in FIELDS
    }
    st.session_state.setdefault("_flash_errors", {})[prefix] = exc


def current_errors(prefix: str) -> dict[str, list[str]]:
    """The field problems of the last refused submission, but only for the fields still
    holding the value that was refused: a corrected field loses its message at once."""
    errors = st.session_state.get(f"{prefix}_errors") or {}
    refused = st.session_state.get(f"{prefix}_refused") or {}
    return {
        f: m for f, m in errors.items()
        if f not in refused or st.session_state.get(f"{prefix}_{f}") == refused[f]
    }  # fmt: skip


def render(prefix: str, errors: dict[str, list[str]] | None = None) -> dict[str, object]:
    errors = errors or {}
    k = {f: f"{prefix}_{f}" for f in FIELDS}

    def note(field: str) -> None:
        for message in errors.get(field, []):
            st.error(t("field_invalid", allowed=tr(message)), icon=":material/error:")

    for name, default in (("openings", 1), ("closing_date", None), ("min_age", None),
                          ("max_age", None), ("min_education", "TIDAK_SEKOLAH"),
                          ("work_type", WorkType.FULL_TIME.value)):  # fmt: skip
        st.session_state.setdefault(k[name], default)
    st.text_input(t("f_title"), key=k["title"], max_chars=200, live=LIVE)
    note("title")
    st.text_input(t("f_title_aliases"), key=k["title_aliases"], help=t("help_aliases"),
                  live=LIVE)  # fmt: skip
    note("title_aliases")
    st.text_area(t("f_description"), key=k["description"], height=80)
    note("description")
    st.text_area(t("f_required_skills"), key=k["required_skills"], help=t("help_list"), height=68)
    note("required_skills")
    st.text_area(t("f_nice_skills"), key=k["nice_skills"], help=t("help_list"), height=68)
    note("nice_skills")
    st.selectbox(t("f_min_education"), [e.name for e in Education], key=k["min_education"],
                 format_func=lambda v: Education[v].label, filter_mode=None)  # fmt: skip
    note("min_education")
    st.selectbox(t("f_kelurahan"), kelurahan_names(), key=k["kelurahan"], index=None,
                 placeholder=t("choose"))  # fmt: skip
    note("kelurahan")
    st.selectbox(t("f_work_type"), [w.value for w in WorkType], key=k["work_type"],
                 format_func=lambda v: t(f"work_{v}"), filter_mode=None)  # fmt: skip
    note("work_type")
    st.text_input(t("f_schedule"), key=k["schedule"], placeholder="Senin-Jumat 08:00-16:00",
                  live=LIVE)  # fmt: skip
    note("schedule")
    st.text_input(t("f_wage"), key=k["wage"], placeholder="4.500.000", live=LIVE)
    note("wage")
    wage_hint(st.session_state.get(k["wage"]))
    st.number_input(t("f_openings"), key=k["openings"], min_value=0, step=1)
    note("openings")
    st.date_input(t("f_closing_date"), key=k["closing_date"], format="DD/MM/YYYY")
    note("closing_date")
    a, b = st.columns(2)
    a.number_input(t("f_min_age"), key=k["min_age"], min_value=0, max_value=100, step=1)
    b.number_input(t("f_max_age"), key=k["max_age"], min_value=0, max_value=100, step=1)
    note("min_age")
    note("max_age")
    note("employer")  # set from the account or the admin's field above
    note("id")
    note("")  # a problem of the form as a whole
    values = {f: st.session_state.get(k[f]) for f in FIELDS}
    return {f: v for f, v in values.items() if v not in (None, "")}
