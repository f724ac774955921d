"""A short narrative for the partners' meeting, written from the figures themselves.

Each sentence is a template in :mod:`matcher.monitoring.labels` filled with numbers from
the report; a part with no data says so instead of inventing a sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from matcher.monitoring.labels import label

if TYPE_CHECKING:
    from matcher.monitoring.report import MonitoringReport

__all__ = ["narrative"]

MIN_FINISHED = 5  # programmes with fewer finished enrolments are not singled out


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def _num(x: float, lang: str) -> str:
    text = f"{x:,.0f}"
    return text.replace(",", ".") if lang == "id" else text


def narrative(report: MonitoringReport, lang: str = "id") -> list[str]:
    f, t = report.funnel, report.time_to_outcome
    out = [
        label("n_funnel", lang).format(
            registrations=f["registrations"],
            shown=f["recommendations_shown"],
            referrals=f["referrals"],
            enrolments=f["enrolments"],
            completions=f["completions"],
            placements=f["placements"],
            people_placements=f["people_placements"],
        )
    ]
    if t["median_days"] is not None:
        out.append(label("n_time", lang).format(median=f"{t['median_days']:.0f}", share=_pct(t["share_within_180"])))  # fmt: skip
    progs = report.programs
    if len(progs):
        finished = progs[(progs["completed"] + progs["dropped_out"]) >= MIN_FINISHED]
        if len(finished):
            best = finished.sort_values(["completion_rate", "completed"], ascending=False).iloc[0]
            out.append(label("n_program", lang).format(min_n=MIN_FINISHED, title=best["title"], provider=best["provider"], rate=_pct(best["completion_rate"])))  # fmt: skip
    biz = report.business
    if len(biz) and "started_or_grew_rate" in biz:
        rate = dict(zip(biz["completed_programme"], biz["started_or_grew_rate"], strict=True))
        if True in rate and False in rate:
            out.append(label("n_business", lang).format(with_rate=_pct(rate[True]), without_rate=_pct(rate[False])))  # fmt: skip
    parity = report.parity
    if len(parity):
        worst = parity.loc[parity["gap"].abs().idxmax()]
        out.append(
            label("n_parity", lang).format(
                flagged=int(parity["flagged"].sum()),
                total=len(parity),
                threshold=f"{100 * report.threshold:.0f}",
                group=f"{label(worst['dimension'], lang)} {worst['group']}",
                tier=label(worst["tier"], lang),
                context=label(worst["context"], lang),
                share=_pct(worst["exposure_share"]),
                eligible=_pct(worst["eligible_share"]),
            )
        )
    s = report.steering
    if s.gap is not None:
        out.append(
            label("n_steering", lang).format(
                direction=label("lower" if s.gap < 0 else "higher", lang),
                gap=_num(abs(s.gap), lang),
                rel=_pct(abs(s.relative_gap or 0)),
                p=f"{s.p_value:.3f}",
                strata=s.strata_compared,
                verdict=label("steering_flag" if s.flagged else "steering_ok", lang),
            )
        )
    over = report.overrides[report.overrides["dimension"] == "gender"].set_index("group")
    if len(over) and over["shown"].sum() and {"P", "L"} <= set(over.index):
        reasons = [c for c in over.columns if c.startswith("reason_")]
        if reasons:
            top_w, top_m = over.loc["P", reasons].idxmax(), over.loc["L", reasons].idxmax()
            out.append(
                label("n_override", lang).format(
                    rate_all=_pct(over["overrides"].sum() / over["shown"].sum()),
                    reason_w=label(top_w, lang),
                    share_w=_pct(over.loc["P", top_w]),
                    reason_m=label(top_m, lang),
                    share_m=_pct(over.loc["L", top_m]),
                )
            )
    return out or [label("n_none", lang)]
