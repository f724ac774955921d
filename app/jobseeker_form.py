"""The jobseeker form (register and edit): Indonesian labels, values the loader checks.

The widgets only collect text and choices; :func:`matcher.workspace.validate_form`
(the upload validator) decides what is valid, so form and file rules never drift apart.
"""

from __future__ import annotations

from functools import cache

import streamlit as st

from app.i18n import t
from app.i18n.uploads import tr
from matcher.domain import BusinessStage, Education, Gender, Jobseeker, Segment
from matcher.scoring.geo import default_gazetteer

# Text fields outside an st.form commit after a pause in typing (Streamlit's ``live``).
# Such a field shows no "Press Enter to apply", an English hint with no setting of its
# own (docs/workspace.md, "Streamlit's own words"); the value is the same on blur.
LIVE = "400ms"

FIELDS = (
    "name", "phone", "age", "gender", "kelurahan", "education", "segment", "skills",
    "experience", "interests", "availability", "max_travel_km", "expected_wage", "languages", "disability",
    "business_description", "business_stage",
)  # fmt: skip


@cache
def kelurahan_names() -> list[str]:
    return sorted(default_gazetteer().names())


def keys(prefix: str) -> list[str]:
    return [f"{prefix}_{f}" for f in FIELDS]


def initial_values(prefix: str, person: Jobseeker) -> dict[str, object]:
    """Widget key -> stored value, as the form shows a stored record."""
    values = {
        "name": person.name, "phone": person.phone, "age": person.age,
        "gender": person.gender.value, "kelurahan": person.kelurahan,
        "education": person.education.name, "segment": person.segment.value,
        "skills": "; ".join(person.skills), "experience": person.experience,
        "interests": person.interests, "availability": person.availability,
        "max_travel_km": float(person.max_travel_km), "expected_wage": person.expected_wage,
        "languages": "; ".join(person.languages),
        "disability": person.disability, "business_description": person.business_description,
        "business_stage": person.business_stage.value if person.business_stage else None,
    }  # fmt: skip
    return {f"{prefix}_{name}": value for name, value in values.items()}


def prefill(prefix: str, person: Jobseeker) -> None:
    """Put a stored record's values into the widgets (only where no draft exists)."""
    for key, value in initial_values(prefix, person).items():
        st.session_state.setdefault(key, value)


def render(prefix: str, errors: dict[str, list[str]] | None = None) -> dict[str, object]:
    """Draw the fields; return the values as the loader's schema names them."""
    errors = errors or {}

    def note(field: str) -> None:
        for message in errors.get(field, []):
            st.error(t("field_invalid", allowed=tr(message)), icon=":material/error:")

    k = {f: f"{prefix}_{f}" for f in FIELDS}
    st.text_input(t("f_name"), key=k["name"], max_chars=200, live=LIVE)
    note("name")
    st.text_input(t("f_phone"), key=k["phone"], max_chars=50, placeholder="0812-xxxx-xxxx",
                  live=LIVE)  # fmt: skip
    note("phone")
    st.session_state.setdefault(k["age"], None)
    st.session_state.setdefault(k["max_travel_km"], 10.0)
    st.number_input(t("f_age"), key=k["age"], min_value=0, max_value=120, step=1)
    note("age")
    st.selectbox(
        t("f_gender"), [g.value for g in Gender], key=k["gender"], index=None,
        format_func=lambda v: t(f"gender_{v}"), placeholder=t("choose"), filter_mode=None,
    )  # fmt: skip
    note("gender")
    st.selectbox(t("f_kelurahan"), kelurahan_names(), key=k["kelurahan"], index=None,
                 placeholder=t("choose"))  # fmt: skip
    note("kelurahan")
    st.selectbox(
        t("f_education"), [e.name for e in Education], key=k["education"], index=None,
        format_func=lambda v: Education[v].label, placeholder=t("choose"), filter_mode=None,
    )  # fmt: skip
    note("education")
    st.selectbox(
        t("f_segment"), [s.value for s in Segment], key=k["segment"], index=None,
        format_func=lambda v: t(f"segment_{v}"), placeholder=t("choose"), filter_mode=None,
    )  # fmt: skip
    note("segment")
    st.text_area(t("f_skills"), key=k["skills"], help=t("help_list"), height=80)
    note("skills")
    st.text_area(t("f_experience"), key=k["experience"], height=80)
    note("experience")
    st.text_area(t("f_interests"), key=k["interests"], height=68)
    note("interests")
    st.text_input(t("f_availability"), key=k["availability"], placeholder=t("ph_availability"),
                  live=LIVE)  # fmt: skip
    note("availability")
    st.number_input(t("f_max_travel_km"), key=k["max_travel_km"], min_value=0.0,
                    max_value=100.0, step=0.5)  # fmt: skip
    note("max_travel_km")
    st.session_state.setdefault(k["expected_wage"], None)
    st.number_input(t("f_expected_wage"), key=k["expected_wage"], min_value=0, step=100_000,
                    placeholder=t("optional"))  # fmt: skip
    note("expected_wage")
    wage_hint(st.session_state.get(k["expected_wage"]))
    st.text_input(t("f_languages"), key=k["languages"], help=t("help_list"), live=LIVE)
    note("languages")
    st.text_input(t("f_disability"), key=k["disability"], live=LIVE)
    note("disability")
    st.text_area(t("f_business_description"), key=k["business_description"], height=68)
    note("business_description")
    st.selectbox(
        t("f_business_stage"), [b.value for b in BusinessStage], key=k["business_stage"],
        index=None, format_func=lambda v: t(f"stage_{v}"), placeholder=t("optional"),
        filter_mode=None,
    )  # fmt: skip
    note("business_stage")
    note("id")
    note("")  # a problem of the form as a whole
    values = {f: st.session_state.get(k[f]) for f in FIELDS}
    for name in ("age", "expected_wage"):
        if values[name] is not None:
            values[name] = int(values[name])
    return {f: v for f, v in values.items() if v not in (None, "")}


def wage_hint(value: object) -> None:
    """A wage under Rp 100.000 a month is kept as typed, but said: "4500" is likely 4,5 juta
    written in thousands (the upload says the same for its rows)."""
    from app.i18n.explain import rupiah
    from matcher.parsing import MIN_MONTHLY_WAGE, parse_int

    try:
        number = parse_int(value, minimum=0) if value not in (None, "") else 0
    except ValueError:
        return  # the field's own message says what is wrong
    if 0 < number < MIN_MONTHLY_WAGE:
        st.warning(t("wage_small_hint", rupiah=rupiah(number)), icon=":material/info:")
