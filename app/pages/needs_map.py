"""Needs and resources map: skill supply and demand per kelurahan, gaps, suggestions, map.

Everything comes from the needs service (matcher.workspace.needs), which checks the
permission, keeps the skill counts per data version and remembers each view.
"""

from __future__ import annotations

import streamlit as st

from app.i18n import t
from app.needs_charts import gap_chart, needs_map
from app.services import refused, services
from app.state import plain, require_role
from app.tables import localise
from matcher.db import PermissionDenied, Role
from matcher.domain import Segment
from matcher.needs.mapdata import Layer, layer_totals

user = require_role(Role.ADMIN, Role.COUNSELOR_LEAD, Role.COUNSELOR)
service = services().needs
TOP = 15
LABEL_TOP = 8

st.title(t("nd_map_title"))
st.caption(t("nd_map_intro"))
try:
    with st.spinner(t("nd_loading")):
        base = service.overview(user, None, TOP)
except PermissionDenied as exc:
    refused(exc)

kelurahan = st.selectbox(
    t("nd_kelurahan"), ["", *base.kelurahan_names], key="nd_kel",
    format_func=lambda k: k or t("nd_whole_area"),
)  # fmt: skip
view = service.overview(user, kelurahan or None, TOP)
COLS = {
    "skill": t("nd_col_skill"), "esco_label": t("expl.col_esco_label"),
    "openings": t("nd_col_openings"),
    "vacancies": t("nd_col_vacancy_ads"), "employers": t("nd_col_employers"),
    "jobseekers": t("nd_col_jobseekers"), "interested": t("nd_col_interested"),
    "training_seats": t("nd_col_seats"), "trainings": t("nd_col_trainings"), "gap": t("nd_col_gap"),
}  # fmt: skip

st.subheader(t("nd_gaps_title"))
st.caption(t("nd_gaps_help"))
gaps = view.gaps
if gaps.empty:
    st.info(t("nd_no_gaps"))
else:
    st.dataframe(gaps.drop(columns=["concept"]).rename(columns=COLS),
                 width="stretch", hide_index=True, placeholder=t("tb_val_missing"),
                 column_config={COLS["skill"]: st.column_config.TextColumn(
                     help=t("expl.skill_col_help"))})  # fmt: skip
    measures = {"openings": t("nd_col_openings"), "jobseekers": t("nd_col_jobseekers"),
                "training_seats": t("nd_col_seats")}  # fmt: skip
    words = {"title": t("nd_chart_title"), "measure": t("nd_measure"),
             "skill": t("nd_col_skill"), "value": t("np_value")}  # fmt: skip
    st.altair_chart(gap_chart(gaps.head(10), measures, words), width="stretch")

st.subheader(t("nd_suggest_title"))
where = kelurahan or t("nd_whole_area").lower()
for i, s in enumerate(view.suggestions, 1):
    reason = t("np_suggest_reason", openings=s.openings, vacancies=s.vacancies,
               employers=s.employers, where=where, skill=s.skill, jobseekers=s.jobseekers,
               interested=s.interested, seats=s.training_seats, gap=s.gap,
               suggested=s.suggested_seats)  # fmt: skip
    st.markdown(f"{i}\\. {plain(reason)}")
    if s.partners:
        st.caption(t("nd_suggest_partners", names=", ".join(s.partners)))
    else:
        st.caption(t("nd_suggest_no_partner"))

st.subheader(t("nd_map_section"))
segments = [None, *Segment]
segment = st.selectbox(
    t("nd_segment"), segments, key="nd_seg",
    format_func=lambda s: t("all") if s is None else t(f"nd_seg_{s.value}"), filter_mode=None,
)  # fmt: skip
skills = [("", t("nd_all_skills")), *base.skills]
skill = st.selectbox(t("nd_skill"), skills, format_func=lambda x: x[1], key="nd_skill")[0]
data, reference = service.map_data(user, segment=segment, skill=skill or None)
labels = {k.value: t(f"nd_layer_{k.value}") for k in Layer}
if data.points.empty:
    st.info(t("np_no_map"))
else:
    map_words = {"kelurahan": t("nd_kelurahan"), "kecamatan": t("np_kecamatan"),
                 "hub": t("np_hub"), "layer": t("np_layer"), "count": t("np_count"),
                 "people": t("np_people")}  # fmt: skip
    st.altair_chart(needs_map(data.points, reference, labels, map_words, LABEL_TOP),
                    width="stretch")  # fmt: skip
    st.caption(t("np_map_reference", n=LABEL_TOP))
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

with st.expander(t("nd_by_kelurahan"), key="exp_by_kelurahan"):
    summary = service.by_kelurahan(user, skill or None)
    st.dataframe(
        localise(summary, rename={"kelurahan": t("nd_kelurahan"), **COLS}),
        width="stretch", hide_index=True,
    )  # fmt: skip
