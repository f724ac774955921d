"""Monitoring & evaluation dashboard: outcomes, results per programme, fairness.

Admins and counselor leads only; the monitoring service checks the permission again.
Every table goes through app/tables.py: translated columns, codes in words, "–" for a
figure that cannot be computed.
"""

from __future__ import annotations

import streamlit as st

from app.i18n import current_lang, t
from app.services import refused, services
from app.state import require_role
from app.tables import code_label, localise
from matcher.db import PermissionDenied, Role
from matcher.monitoring import DIMENSIONS, charts
from matcher.monitoring.labels import labels_for

user = require_role(Role.ADMIN, Role.COUNSELOR_LEAD)
lang = current_lang()
words = labels_for(lang)
service = services().monitoring
RATES = ("referral_rate", "enrolment_rate", "completion_rate", "placement_rate",
         "share_outcome_within_180", "placement_rate_3m", "placement_rate_6m",
         "business_rate_6m", "started_or_grew_rate", "exposure_share", "eligible_share", "gap",
         "override_rate", "reason_not_interested", "reason_not_qualified", "reason_other",
         "reason_schedule", "reason_too_far", "reason_none")  # fmt: skip
CODES = ("group", "context", "tier", "program_type", "flagged", "completed_programme")


def show(frame, **kw) -> None:
    present = set(frame.columns)
    st.dataframe(
        localise(frame, percent_cols=present & set(RATES), code_cols=present & set(CODES), **kw),
        hide_index=True, width="stretch", placeholder=t("tb_val_missing"),
    )  # fmt: skip


def in_words(frame, *cols):
    """The same frame with codes in words, for charts (axes and tooltips show them)."""
    return frame.assign(**{c: frame[c].map(code_label) for c in cols})


def stratum_words(text: str) -> str:
    head, _, rest = str(text).partition(" | ")
    return code_label(head) + (f" | {rest}" if rest else "")


try:
    scope = service.scope(user)
except PermissionDenied as exc:
    refused(exc)

st.title(t("mon_title"))
if scope.demo:
    st.warning(t("mon_demo_banner"))
st.caption(t("mon_intro"))
if scope.first is None:
    st.info(t("mon_no_data"))
    st.stop()

with st.expander(t("mon_filters"), key="exp_mon_filters"):
    period = st.date_input(t("mon_period"), value=(scope.first, scope.as_of),
                           format="DD/MM/YYYY", key="mon_period_input")  # fmt: skip
    cols = st.columns(3)
    chosen = {}
    for col, dim in zip(cols * 2, DIMENSIONS, strict=False):
        chosen[dim] = col.multiselect(
            t(f"mon_{dim}"), scope.options[dim], format_func=code_label, key=f"mon_f_{dim}",
            placeholder=t("mon_all"), select_all=False, filter_mode=None,
        )  # fmt: skip
    threshold = st.slider(t("mon_threshold"), 1, 20, 5, key="mon_threshold_input") / 100
start, end = (tuple(period) + (None, None))[:2] if isinstance(period, tuple | list) else (period, None)  # fmt: skip
filters = dict(start=start, end=end, threshold=threshold, lang=lang,
               groups=tuple((d, tuple(v)) for d, v in chosen.items() if v))  # fmt: skip
with st.spinner(t("mon_computing")):
    report = service.report(user, **filters)

overview, by_group, programs, business, fair, export = st.tabs(
    [t("mon_tab_overview"), t("mon_tab_groups"), t("mon_tab_programs"),
     t("mon_tab_business"), t("mon_tab_fairness"), t("mon_tab_export")]
)  # fmt: skip

with overview:
    f = report.funnel
    for row in (("registrations", "recommendations_shown", "referrals"),
                ("enrolments", "completions", "placements")):  # fmt: skip
        for col, stage in zip(st.columns(3), row, strict=True):
            col.metric(t(f"mon_{stage}"), f[stage])
    tto = report.time_to_outcome
    c1, c2 = st.columns(2)
    c1.metric(t("mon_median_days"), "–" if tto["median_days"] is None else f"{tto['median_days']:.0f}")  # fmt: skip
    c2.metric(t("mon_within_180"), "–" if tto["share_within_180"] is None else f"{100 * tto['share_within_180']:.0f}%")  # fmt: skip
    st.altair_chart(charts.funnel_chart(f, words), width="stretch")
    if len(report.trends):
        st.altair_chart(charts.trend_chart(report.trends, words), width="stretch")
        show(report.trends)

with by_group:
    dim = st.selectbox(t("mon_dimension"), DIMENSIONS, format_func=lambda d: t(f"mon_{d}"), key="mon_dim")  # fmt: skip
    metrics = ("placement_rate", "enrolment_rate", "completion_rate", "referral_rate")
    metric = st.selectbox(t("mon_metric"), metrics, format_func=lambda m: t(f"mon_{m}"), key="mon_metric")  # fmt: skip
    table = report.groups[report.groups["dimension"] == dim]
    if len(table):
        chart = charts.group_chart(in_words(table, "group"), metric, words)
        st.altair_chart(chart, width="stretch")
    show(table.drop(columns=["dimension"]))

with programs:
    st.subheader(t("mon_programs"))
    show(report.programs)
    st.subheader(t("mon_employers"))
    show(report.employers)
    st.caption(t("mon_rates_note"))

with business:
    show(report.business.rename_axis(columns=None))

with fair:
    st.caption(t("mon_method"))
    st.subheader(t("mon_parity"))
    fdim = st.selectbox(t("mon_dimension"), DIMENSIONS, index=DIMENSIONS.index("gender"), format_func=lambda d: t(f"mon_{d}"), key="mon_fdim")  # fmt: skip
    parity = report.parity[report.parity["dimension"] == fdim]
    if len(parity):
        st.altair_chart(charts.parity_chart(in_words(parity, "group"), words))
        only = st.checkbox(t("mon_flagged_only"), value=True, key="mon_flagged_only")
        show((parity[parity["flagged"]] if only else parity).drop(columns=["dimension"]))
    st.subheader(t("mon_steering"))
    s = report.steering
    c1, c2 = st.columns(2)
    c1.metric(t("mon_steering_gap"), "–" if s.gap is None else f"Rp {s.gap:,.0f}".replace(",", "."), None if s.relative_gap is None else f"{100 * s.relative_gap:.1f}%")  # fmt: skip
    c2.metric(t("mon_steering_p"), "–" if s.p_value is None else f"{s.p_value:.3f}")
    (st.error if s.flagged else st.success)(t("mon_steering_flagged" if s.flagged else "mon_steering_ok"))  # fmt: skip
    strata = s.strata.assign(stratum=s.strata["stratum"].map(stratum_words))
    if s.strata_compared:
        st.altair_chart(charts.steering_chart(strata, words), width="stretch")
    st.dataframe(
        localise(strata, money_cols=["women_median_wage", "men_median_wage", "gap"],
                 rename={"gap": t("tb_col_wage_gap"),
                         "women_median_wage": t("mon_median_wage") + " · " + t("mon_women_median_wage"),
                         "men_median_wage": t("mon_median_wage") + " · " + t("mon_men_median_wage")}),
        hide_index=True, width="stretch",
    )  # fmt: skip
    st.subheader(t("mon_overrides"))
    over = report.overrides[report.overrides["dimension"] == fdim]
    if len(over) and over["overrides"].sum():
        st.altair_chart(charts.override_chart(in_words(over, "group"), words), width="stretch")
    show(over.drop(columns=["dimension"]))

with export:
    st.subheader(t("mon_narrative"))
    for paragraph in report.narrative:
        st.text(paragraph)
    stamp = report.as_of.isoformat()
    xlsx, html, payload = service.downloads(user, **filters)
    st.download_button(t("mon_download_xlsx"), xlsx, f"monitoring_{stamp}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
    st.download_button(t("mon_download_html"), html, f"monitoring_{stamp}.html", "text/html")
    st.download_button(t("mon_download_json"), payload, f"monitoring_{stamp}.json", "application/json")  # fmt: skip
