"""Altair charts of the indicators, shared by the dashboard and the printed report.

Charts take the tables the indicator functions return and a ``labels`` mapping for the
words shown (axis titles, stage names), so the same chart speaks Indonesian or English.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from matcher.monitoring.indicators import FUNNEL_STAGES

__all__ = [
    "funnel_chart",
    "group_chart",
    "override_chart",
    "parity_chart",
    "steering_chart",
    "trend_chart",
]

WIDTH = 520


def _l(labels: Mapping[str, str] | None, key: str) -> str:
    return (labels or {}).get(key, key)


def funnel_chart(funnel: Mapping[str, int], labels: Mapping[str, str] | None = None) -> alt.Chart:
    """People reaching each stage (distinct people, so stages are comparable)."""
    rows = [
        {"stage": _l(labels, s), "order": i, "people": funnel[f"people_{s}"]}
        for i, s in enumerate(FUNNEL_STAGES)
    ]
    return (
        alt.Chart(pd.DataFrame(rows), width=WIDTH, title=_l(labels, "chart_funnel"))
        .mark_bar()
        .encode(
            y=alt.Y("stage:N", sort=alt.SortField("order"), title=None),
            x=alt.X("people:Q", title=_l(labels, "people")),
            tooltip=[
                alt.Tooltip("stage:N", title=_l(labels, "stage")),
                alt.Tooltip("people:Q", title=_l(labels, "people")),
            ],
        )
    )


def trend_chart(trends: pd.DataFrame, labels: Mapping[str, str] | None = None) -> alt.Chart:
    """Monthly counts, one line per measure (recommendations shown on their own scale)."""
    cols = [c for c in trends.columns if c not in ("month", "recommendations_shown")]
    long = trends.melt("month", cols, var_name="measure", value_name="count")
    long["measure"] = long["measure"].map(lambda m: _l(labels, m))
    return (
        alt.Chart(long, width=WIDTH, title=_l(labels, "chart_trends"))
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title=_l(labels, "month")),
            y=alt.Y("count:Q", title=_l(labels, "count")),
            color=alt.Color("measure:N", title=None),
            tooltip=[
                alt.Tooltip("month:O", title=_l(labels, "month")),
                alt.Tooltip("measure:N", title=_l(labels, "measure")),
                alt.Tooltip("count:Q", title=_l(labels, "count")),
            ],
        )
    )


def group_chart(
    groups: pd.DataFrame, metric: str = "placement_rate", labels: Mapping[str, str] | None = None
) -> alt.Chart:
    """One bar per group of one dimension for a rate from :func:`indicators.by_group`."""
    dims = groups["dimension"].unique() if "dimension" in groups else []
    title = _l(labels, metric) + (f" - {_l(labels, dims[0])}" if len(dims) == 1 else "")
    return (
        alt.Chart(groups, width=WIDTH, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=None, sort="-x", axis=alt.Axis(labelLimit=250)),
            x=alt.X(f"{metric}:Q", title=_l(labels, metric), axis=alt.Axis(format="%")),
            tooltip=[
                alt.Tooltip("group:N", title=_l(labels, "group")),
                alt.Tooltip("registrations:Q", title=_l(labels, "registrations")),
                alt.Tooltip(f"{metric}:Q", title=_l(labels, metric), format=".1%"),
            ],  # fmt: skip
        )
    )


def parity_chart(parity: pd.DataFrame, labels: Mapping[str, str] | None = None) -> alt.Chart:
    """Exposure share against eligible share per tier; flagged slices in red."""
    frame = parity.assign(
        tier_label=parity["tier"].map(lambda t: _l(labels, t)),
        context_label=parity["context"].map(lambda c: _l(labels, c)),
        status=parity["flagged"].map(lambda f: _l(labels, "flagged" if f else "ok")),
    )
    base = alt.Chart(frame, width=WIDTH // 3, height=alt.Step(14))
    bars = base.mark_bar().encode(
        y=alt.Y("group:N", title=None),
        x=alt.X("exposure_share:Q", title=_l(labels, "exposure_share"), axis=alt.Axis(format="%")),
        color=alt.Color(
            "status:N",
            scale=alt.Scale(
                domain=[_l(labels, "ok"), _l(labels, "flagged")], range=["#4c78a8", "#e45756"]
            ),
            title=None,
        ),
        tooltip=[alt.Tooltip("tier_label:N", title=_l(labels, "tier")),
                 alt.Tooltip("group:N", title=_l(labels, "group")),
                 alt.Tooltip("exposure_share:Q", title=_l(labels, "exposure_share"), format=".1%"),
                 alt.Tooltip("eligible_share:Q", title=_l(labels, "eligible_share"), format=".1%"),
                 alt.Tooltip("gap:Q", title=_l(labels, "gap"), format="+.1%"),
                 alt.Tooltip("exposures:Q", title=_l(labels, "exposures"))],
    )  # fmt: skip
    ticks = base.mark_tick(color="black", thickness=2, size=14).encode(
        y="group:N", x="eligible_share:Q"
    )
    return (
        alt.layer(bars, ticks)
        .facet(
            row=alt.Row(
                "tier_label:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")
            ),  # fmt: skip
            column=alt.Column("context_label:N", title=None),
        )
        .properties(title=_l(labels, "chart_parity"))
    )


def steering_chart(strata: pd.DataFrame, labels: Mapping[str, str] | None = None) -> alt.Chart:
    """Median recommended wage of women and men in each compared stratum."""
    both = strata.dropna(subset=["gap"])
    long = both.melt(
        "stratum", ["women_median_wage", "men_median_wage"], var_name="who", value_name="wage"
    )
    long["who"] = long["who"].map(lambda w: _l(labels, w))
    return (
        alt.Chart(long, width=WIDTH, title=_l(labels, "chart_steering"))
        .mark_point(filled=True, size=80)
        .encode(
            y=alt.Y("stratum:N", title=None, axis=alt.Axis(labelLimit=300)),
            x=alt.X("wage:Q", title=_l(labels, "median_wage"), scale=alt.Scale(zero=False)),
            color=alt.Color("who:N", title=None),
            tooltip=[
                alt.Tooltip("stratum:N", title=_l(labels, "stratum")),
                alt.Tooltip("who:N", title=_l(labels, "who")),
                alt.Tooltip("wage:Q", title=_l(labels, "median_wage"), format=",.0f"),
            ],  # fmt: skip
        )
    )


def override_chart(overrides: pd.DataFrame, labels: Mapping[str, str] | None = None) -> alt.Chart:
    """Override rate per group, split by reason (stacked)."""
    reasons = [c for c in overrides.columns if c.startswith("reason_")]
    long = overrides.melt(
        ["group", "override_rate"], reasons, var_name="reason", value_name="share"
    )
    long["rate"] = long["override_rate"] * long["share"]
    long["reason"] = long["reason"].map(lambda r: _l(labels, r))
    return (
        alt.Chart(long, width=WIDTH, title=_l(labels, "chart_overrides"))
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=None),
            x=alt.X(
                "rate:Q", stack=True, title=_l(labels, "override_rate"), axis=alt.Axis(format="%")
            ),  # fmt: skip
            color=alt.Color("reason:N", title=None),
            tooltip=[
                alt.Tooltip("group:N", title=_l(labels, "group")),
                alt.Tooltip("reason:N", title=_l(labels, "reason")),
                alt.Tooltip("rate:Q", title=_l(labels, "override_rate"), format=".1%"),
            ],  # fmt: skip
        )
    )
