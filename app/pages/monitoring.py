"""Monitoring & evaluation dashboard: outcomes, results per programme, fairness.

Admins and counselor leads only. The page renders what matcher.monitoring computes;
the same figures come out of ``python -m matcher report``.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from app.i18n import current_lang, t
from app.state import db_session, require_role
from matcher.db import Role, database_url
from matcher.monitoring import DIMENSIONS, charts, has_demo_data, load_data
from matcher.monitoring.labels import labels_for
from matcher.monitoring.report import MonitoringReport, build_report

require_role(Role.ADMIN, Role.COUNSELOR_LEAD)
lang = current_lang()
words = labels_for(lang)


@st.cache_data(ttl=300, show_spinner=False)
def _groups(url: str) -> tuple[dict[str, list[str]], date | None, date | None, bool]:
    with db_session() as session:
        data = load_data(session)
        demo = has_demo_data(session)
    people = data.people
    options = {dim: sorted(people[dim].dropna().unique().tolist()) for dim in DIMENSIONS}
    first = min(people["registered_on"].dropna(), default=None)
    return options, first, data.as_of, demo


@st.cache_data(ttl=300, show_spinner=False)
def _report(
    url: str, period: tuple[date | None, date | None], groups: tuple, threshold: float, lang: str
) -> MonitoringReport:
    with db_session() as session:
        data = load_data(session)
        demo = has_demo_data(session)
    data = data.for_people(**dict(groups))
    return build_report(
        data, start=period[0], end=period[1], threshold=threshold, demo=demo, lang=lang
    )


@st.cache_data(ttl=300, show_spinner=False)
def _downloads(
    url: str, period: tuple[date | None, date | None], groups: tuple, threshold: float, lang: str
) -> tuple[bytes, str, str]:
    report = _report(url, period, groups, threshold, lang)
    return report.to_xlsx_bytes(), report.to_html(lang), report.to_json()


st.title(t("mon_title"))
url = database_url()
options, first, as_of, demo = _groups(url)
if demo:
    st.warning(t("mon_demo_banner"))
st.caption(t("mon_intro"))
if first is None:
    st.info(t("mon_no_data"))
    st.stop()

with st.expander(t("mon_filters"), expanded=False):
    period = st.date_input(t("mon_period"), value=(first, as_of), key="mon_period_input")
    cols = st.columns(3)
    chosen = {}
    for col, dim in zip(cols * 2, DIMENSIONS, strict=False):
        chosen[dim] = col.multiselect(t(f"mon_{dim}"), options[dim], key=f"mon_f_{dim}")
    threshold = st.slider(t("mon_threshold"), 1, 20, 5, key="mon_threshold_input") / 100
start, end = (tuple(period) + (None, None))[:2] if isinstance(period, tuple | list) else (period, None)  # fmt: skip
groups = tuple((d, tuple(v)) for d, v in chosen.items() if v)
report = _report(url, (start, end), groups, threshold, lang)

overview, by_group, programs, business, fair, export = st.tabs(
    [t("mon_tab_overview"), t("mon_tab_groups"), t("mon_tab_programs"),
     t("mon_tab_business"), t("mon_tab_fairness"), t("mon_tab_export")]
)  # fmt: skip

with overview:
    f = report.funnel
    cols = st.columns(6)
    for col, stage in zip(cols, ("registrations", "recommendations_shown", "referrals",
                                 "enrolments", "completions", "placements"), strict=True):  # fmt: skip
        col.metric(t(f"mon_{stage}"), f[stage])
    tto = report.time_to_outcome
    c1, c2 = st.columns(2)
    c1.metric(t("mon_median_days"), "-" if tto["median_days"] is None else f"{tto['median_days']:.0f}")  # fmt: skip
    c2.metric(t("mon_within_180"), "-" if tto["share_within_180"] is None else f"{100 * tto['share_within_180']:.0f}%")  # fmt: skip
    st.altair_chart(charts.funnel_chart(f, words), use_container_width=True)
    if len(report.trends):
        st.altair_chart(charts.trend_chart(report.trends, words), use_container_width=True)
        st.dataframe(report.trends, hide_index=True)

with by_group:
    dim = st.selectbox(t("mon_dimension"), DIMENSIONS, format_func=lambda d: t(f"mon_{d}"), key="mon_dim")  # fmt: skip
    metrics = ("placement_rate", "enrolment_rate", "completion_rate", "referral_rate")
    metric = st.selectbox(t("mon_metric"), metrics, format_func=lambda m: t(f"mon_{m}"), key="mon_metric")  # fmt: skip
    table = report.groups[report.groups["dimension"] == dim]
    if len(table):
        st.altair_chart(charts.group_chart(table, metric, words), use_container_width=True)
    st.dataframe(table.drop(columns=["dimension"]), hide_index=True)
    st.caption(t("mon_gender_codes"))

with programs:
    st.subheader(t("mon_programs"))
    st.dataframe(report.programs, hide_index=True)
    st.subheader(t("mon_employers"))
    st.dataframe(report.employers, hide_index=True)
    st.caption(t("mon_rates_note"))

with business:
    st.dataframe(report.business, hide_index=True)

with fair:
    st.caption(t("mon_method"))
    st.subheader(t("mon_parity"))
    fdim = st.selectbox(t("mon_dimension"), DIMENSIONS, index=DIMENSIONS.index("gender"), format_func=lambda d: t(f"mon_{d}"), key="mon_fdim")  # fmt: skip
    parity = report.parity[report.parity["dimension"] == fdim]
    if len(parity):
        st.altair_chart(charts.parity_chart(parity, words))
        only = st.checkbox(t("mon_flagged_only"), value=True, key="mon_flagged_only")
        st.dataframe(parity[parity["flagged"]] if only else parity, hide_index=True)
    st.subheader(t("mon_steering"))
    s = report.steering
    c1, c2 = st.columns(2)
    c1.metric(t("mon_steering_gap"), "-" if s.gap is None else f"Rp {s.gap:,.0f}", None if s.relative_gap is None else f"{100 * s.relative_gap:.1f}%")  # fmt: skip
    c2.metric(t("mon_steering_p"), "-" if s.p_value is None else f"{s.p_value:.3f}")
    (st.error if s.flagged else st.success)(t("mon_steering_flagged" if s.flagged else "mon_steering_ok"))  # fmt: skip
    if s.strata_compared:
        st.altair_chart(charts.steering_chart(s.strata, words), use_container_width=True)
    st.dataframe(s.strata, hide_index=True)
    st.subheader(t("mon_overrides"))
    over = report.overrides[report.overrides["dimension"] == fdim]
    if len(over) and over["overrides"].sum():
        st.altair_chart(charts.override_chart(over, words), use_container_width=True)
    st.dataframe(over.drop(columns=["dimension"]), hide_index=True)

with export:
    st.subheader(t("mon_narrative"))
    for paragraph in report.narrative:
        st.text(paragraph)
    stamp = report.as_of.isoformat()
    xlsx, html, payload = _downloads(url, (start, end), groups, threshold, lang)
    st.download_button(t("mon_download_xlsx"), xlsx, f"monitoring_{stamp}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
    st.download_button(t("mon_download_html"), html, f"monitoring_{stamp}.html", "text/html")
    st.download_button(t("mon_download_json"), payload, f"monitoring_{stamp}.json", "application/json")  # fmt: skip
