"""Every indicator in one object, written as JSON, an Excel workbook and printable HTML.

``build_report(load_data(session))`` is what the dashboard, the CLI (``python -m matcher
report``) and the tests share, so a figure in the meeting handout can be traced back to
the database by running one command.
"""

from __future__ import annotations

import html
import io
import json
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from matcher.exports import safe_frame
from matcher.monitoring import charts, fairness, indicators
from matcher.monitoring.data import DIMENSIONS, MonitoringData
from matcher.monitoring.labels import label, labels_for
from matcher.monitoring.narrative import narrative

__all__ = ["MonitoringReport", "build_report", "write_report"]


@dataclass(frozen=True)
class MonitoringReport:
    as_of: date
    start: date | None
    end: date | None
    demo: bool
    threshold: float
    funnel: dict[str, int]
    time_to_outcome: dict[str, float | int | None]
    groups: pd.DataFrame
    programs: pd.DataFrame
    employers: pd.DataFrame
    business: pd.DataFrame
    trends: pd.DataFrame
    parity: pd.DataFrame
    steering: fairness.SteeringResult
    overrides: pd.DataFrame
    narrative: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        s = self.steering
        return {
            "as_of": self.as_of.isoformat(),
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "demo": self.demo,
            "threshold": self.threshold,
            **{f"funnel.{k}": v for k, v in self.funnel.items()},
            **{f"time_to_outcome.{k}": v for k, v in self.time_to_outcome.items()},
            "steering.gap": s.gap,
            "steering.relative_gap": s.relative_gap,
            "steering.p_value": s.p_value,
            "steering.women": s.women,
            "steering.men": s.men,
            "steering.strata_compared": s.strata_compared,
            "steering.flagged": s.flagged,
            "parity.flagged_slices": int(self.parity["flagged"].sum()) if len(self.parity) else 0,
        }

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by sheet name (the summary first)."""
        summary = pd.DataFrame(list(self.summary().items()), columns=["indicator", "value"])
        return {
            "summary": summary,
            "narrative": pd.DataFrame({"text": self.narrative}),
            "trends": self.trends,
            "groups": self.groups,
            "programs": self.programs,
            "employers": self.employers,
            "business": self.business,
            "fairness_exposure": self.parity,
            "fairness_steering": self.steering.strata,
            "fairness_overrides": self.overrides,
        }

    def to_json(self) -> str:
        def clean(value):
            if isinstance(value, float) and math.isnan(value):
                return None
            if isinstance(value, date):
                return value.isoformat()
            if hasattr(value, "item"):  # numpy scalars
                return clean(value.item())
            return value

        out = {"summary": {k: clean(v) for k, v in self.summary().items()}}
        out["narrative"] = self.narrative
        for name, table in self.tables().items():
            if name not in ("summary", "narrative"):
                out[name] = [{k: clean(v) for k, v in row.items()} for row in table.to_dict("records")]  # fmt: skip
        return json.dumps(out, ensure_ascii=False, indent=1)

    def to_xlsx_bytes(self) -> bytes:
        """One sheet per table; text cells are made formula-safe (matcher.exports)."""
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            for name, table in self.tables().items():
                safe_frame(table).to_excel(writer, index=False, sheet_name=name[:31])
                for row in writer.sheets[name[:31]].iter_rows():
                    for cell in row:
                        if isinstance(cell.value, str):
                            cell.data_type = "s"  # never a formula
        return buffer.getvalue()

    def to_html(self, lang: str = "id", *, svg: bool = True) -> str:
        """A self-contained printable page: narrative, charts (inline SVG) and tables."""
        words = labels_for(lang)
        esc = html.escape
        start = self.start.isoformat() if self.start else "-"
        end = self.end.isoformat() if self.end else self.as_of.isoformat()
        parts = [
            "<!doctype html><html><head><meta charset='utf-8'>",
            f"<title>{esc(label('report_title', lang))}</title><style>{_CSS}</style></head><body>",
            f"<h1>{esc(label('report_title', lang))}</h1>",
            f"<p class='period'>{esc(label('period', lang).format(start=start, end=end, as_of=self.as_of))}</p>",  # fmt: skip
        ]
        if self.demo:
            parts.append(f"<p class='demo'>{esc(label('demo_banner', lang))}</p>")
        parts.append("<div class='narrative'>")
        parts += [f"<p>{esc(p)}</p>" for p in self.narrative]
        parts.append("</div>")
        gender = self.groups[self.groups["dimension"] == "gender"]
        figures = [
            charts.funnel_chart(self.funnel, words),
            charts.trend_chart(self.trends, words),
            charts.group_chart(
                self.groups[self.groups["dimension"] == "segment"], "placement_rate", words
            ),  # fmt: skip
            charts.group_chart(gender, "placement_rate", words),
        ]
        gparity = self.parity[(self.parity["dimension"] == "gender")]
        if len(gparity):
            figures.append(charts.parity_chart(gparity, words))
        if self.steering.strata_compared:
            figures.append(charts.steering_chart(self.steering.strata, words))
        gover = self.overrides[self.overrides["dimension"] == "gender"]
        if len(gover) and gover["overrides"].sum():
            figures.append(charts.override_chart(gover, words))
        for chart in figures:
            parts.append(f"<div class='chart'>{_render(chart, svg)}</div>")
        for name in ("programs", "employers", "business"):
            table = self.tables()[name]
            table = table[
                [c for c in table.columns if c in _PRINT_COLUMNS.get(name, table.columns)]
            ]
            if len(table):
                parts.append(f"<h2>{esc(name)}</h2>")
                parts.append(table.head(25).to_html(index=False, escape=True, na_rep="-", float_format=lambda x: f"{x:.2f}"))  # fmt: skip
        parts.append("</body></html>")
        return "\n".join(parts)


# The printed tables keep the columns a partner reads; the workbook has all of them.
_PRINT_COLUMNS = {
    "programs": ("title", "provider", "referrals", "enrolled", "completed", "dropped_out",
                 "completion_rate", "placement_rate_3m", "placement_rate_6m", "business_rate_6m"),
    "employers": ("employer", "referrals", "hired", "placement_rate_3m", "placement_rate_6m"),
}  # fmt: skip

_CSS = """
body{font-family:system-ui,sans-serif;max-width:960px;margin:24px auto;color:#222}
h1{font-size:22px} .period{color:#555}
.demo{background:#fff3cd;border:1px solid #e0b000;padding:8px;font-weight:bold}
.narrative p{line-height:1.45} .chart{margin:18px 0;page-break-inside:avoid}
table{border-collapse:collapse;font-size:11px;margin-bottom:16px} td,th{border:1px solid #ccc;padding:2px 5px}
@media print{body{margin:0}}
"""


def _render(chart, svg: bool) -> str:
    """The chart as inline SVG (vl-convert-python), or a <div> with its JSON spec."""
    if svg:
        try:
            import vl_convert as vlc

            return vlc.vegalite_to_svg(chart.to_json())
        except ImportError:
            pass
    return f"<pre class='spec'>{html.escape(chart.to_json())}</pre>"


def build_report(
    data: MonitoringData,
    *,
    start: date | None = None,
    end: date | None = None,
    threshold: float = 0.05,
    demo: bool = False,
    lang: str = "id",
    n_permutations: int = 500,
) -> MonitoringReport:
    """Compute every indicator and fairness check on ``data`` for the window."""
    groups = pd.concat([indicators.by_group(data, d, start, end) for d in DIMENSIONS], ignore_index=True)  # fmt: skip
    parity = fairness.exposure_parity(data, DIMENSIONS, threshold=threshold, start=start, end=end)
    overrides = pd.concat(
        [fairness.override_rates(data, d, threshold=threshold) for d in DIMENSIONS],
        ignore_index=True,
    )
    report = MonitoringReport(
        as_of=data.as_of,
        start=start,
        end=end,
        demo=demo,
        threshold=threshold,
        funnel=indicators.funnel(data, start, end),
        time_to_outcome=indicators.time_to_outcome(data, start, end),
        groups=groups,
        programs=indicators.program_outcomes(data, start, end),
        employers=indicators.employer_outcomes(data, start, end),
        business=indicators.business_outcomes(data),
        trends=indicators.monthly_trends(data, start, end),
        parity=parity,
        steering=fairness.wage_steering(data, threshold=threshold, n_permutations=n_permutations),
        overrides=overrides.fillna(0.0),
    )
    return _with_narrative(report, lang)


def _with_narrative(report: MonitoringReport, lang: str) -> MonitoringReport:
    from dataclasses import replace

    return replace(report, narrative=narrative(report, lang))


def write_report(
    report: MonitoringReport, out_dir: str | Path, lang: str = "id"
) -> dict[str, Path]:
    """Write ``monitoring.json``, ``monitoring.xlsx`` and ``monitoring.html`` to ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "monitoring.json", "xlsx": out / "monitoring.xlsx", "html": out / "monitoring.html"}  # fmt: skip
    paths["json"].write_text(report.to_json(), encoding="utf-8")
    paths["xlsx"].write_bytes(report.to_xlsx_bytes())
    paths["html"].write_text(report.to_html(lang), encoding="utf-8")
    return paths
