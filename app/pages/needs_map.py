"""Needs and resources map: skill supply and demand per kelurahan, gaps, suggestions, map."""

from __future__ import annotations

from datetime import date

import altair as alt
import streamlit as st

from app.i18n import t
from app.state import db_session, plain, require_role
from matcher.db import JobseekerRepository, ProgramRepository, Role, VacancyRepository, database_url
from matcher.domain import Segment
from matcher.needs.mapdata import Layer, layer_totals, map_chart, map_points, skill_options
from matcher.needs.partners import ensure_partners
from matcher.needs.records import load_needs_records
from matcher.needs.skillmap import default_normalise
from matcher.needs.supply_demand import SupplyDemand

require_role(Role.ADMIN, Role.COUNSELOR_LEAD, Role.COUNSELOR)
TOP = 15


@st.cache_resource(show_spinner=False, ttl=600, max_entries=4)
def _supply_demand(url: str, signature: tuple, today: date) -> SupplyDemand:
    # The signature (row counts) makes a new registration or vacancy show up at once.
    with db_session() as session:
        ensure_partners(session)
        rec = load_needs_records(session)
    return SupplyDemand(rec.jobseekers, rec.programs, rec.vacancies, default_normalise(),
                        as_of=today)  # fmt: skip


def _signature() -> tuple:
    with db_session() as session:
        return tuple(r(session).count() for r in (JobseekerRepository, ProgramRepository,
                                                   VacancyRepository))  # fmt: skip


st.title(t("nd_map_title"))
st.caption(t("nd_map_intro"))
with st.spinner(t("nd_loading")):
    sd = _supply_demand(database_url(), _signature(), date.today())

kel_options = ["", *sd.kelurahan_names()]
kelurahan = st.selectbox(
    t("nd_kelurahan"), kel_options, format_func=lambda k: k or t("nd_whole_area"), key="nd_kel"
)
COLS = {
    "skill": t("nd_col_skill"), "openings": t("nd_col_openings"),
    "vacancies": t("nd_col_vacancy_ads"), "employers": t("nd_col_employers"),
    "jobseekers": t("nd_col_jobseekers"), "interested": t("nd_col_interested"),
    "training_seats": t("nd_col_seats"), "trainings": t("nd_col_trainings"), "gap": t("nd_col_gap"),
}  # fmt: skip

st.subheader(t("nd_gaps_title"))
st.caption(t("nd_gaps_help"))
gaps = sd.gaps(kelurahan or None, TOP)
if gaps.empty:
    st.info(t("nd_no_gaps"))
else:
    st.dataframe(gaps.drop(columns=["concept"]).rename(columns=COLS),
                 width="stretch", hide_index=True)  # fmt: skip
    measures = {"openings": t("nd_col_openings"), "jobseekers": t("nd_col_jobseekers"),
                "training_seats": t("nd_col_seats")}  # fmt: skip
    long = gaps.head(10).melt(id_vars=["skill"], value_vars=list(measures), var_name="m")
    long["m"] = long["m"].map(measures)
    chart = (
        alt.Chart(long, title=t("nd_chart_title"))
        .mark_bar()
        .encode(
            y=alt.Y("skill:N", sort=list(gaps.head(10)["skill"]), title=None),
            yOffset="m:N",
            x=alt.X("value:Q", title=None),
            # Same colours as the map: demand red, people blue, training green.
            color=alt.Color(
                "m:N",
                title=t("nd_measure"),
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(
                    domain=list(measures.values()), range=["#d62728", "#1f77b4", "#2ca02c"]
                ),
            ),  # fmt: skip
            tooltip=["skill:N", "m:N", "value:Q"],
        )
    )
    st.altair_chart(chart, width="stretch")

st.subheader(t("nd_suggest_title"))
lang = st.session_state.get("lang", "id")
for i, s in enumerate(sd.suggestions(kelurahan or None, 5), 1):
    st.markdown(f"{i}\\. {plain(s.reason(lang))}")
    if s.partners:
        st.caption(t("nd_suggest_partners", names=", ".join(s.partners)))
    else:
        st.caption(t("nd_suggest_no_partner"))

st.subheader(t("nd_map_section"))
segments = [None, *Segment]
segment = st.selectbox(
    t("nd_segment"), segments, key="nd_seg",
    format_func=lambda s: t("all") if s is None else t(f"nd_seg_{s.value}"),
)  # fmt: skip
skills = [("", t("nd_all_skills")), *skill_options(sd)]
skill = st.selectbox(t("nd_skill"), skills, format_func=lambda x: x[1], key="nd_skill")[0]
data = map_points(sd, segment=segment, skill=skill or None)
labels = {k.value: t(f"nd_layer_{k.value}") for k in Layer}
if not data.points.empty:
    st.altair_chart(map_chart(data.points, labels), width="stretch")
totals = layer_totals(data.points)
cols = st.columns(3)
for col, layer in zip(cols, Layer, strict=True):
    col.metric(labels[layer.value], totals[layer.value])
st.caption(t("nd_map_privacy"))
if data.online_trainings:
    st.caption(t("nd_online", n=data.online_trainings, seats=data.online_seats))
if data.unplaced:
    detail = ", ".join(f"{labels[k]} {v}" for k, v in data.unplaced.items())
    st.caption(t("nd_unplaced", detail=detail))

with st.expander(t("nd_by_kelurahan")):
    summary = sd.by_kelurahan(skill or None)
    st.dataframe(
        summary.rename(columns={"kelurahan": t("nd_kelurahan"), **COLS}),
        width="stretch", hide_index=True,
    )  # fmt: skip
