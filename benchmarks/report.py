"""The results as a console table and as markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benchmarks.run import Results, Row

_WIDTHS = (9, 64, 12, 8, 22, 5)


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.4f}"


def _met(met: bool | None) -> str:
    return "" if met is None else ("yes" if met else "NO")


def render_table(rows: list[Row], header: bool = True) -> str:
    lines = []
    if header:
        cols = ("section", "measure", "value", "unit", "target", "met")
        lines.append("  ".join(c.ljust(w) for c, w in zip(cols, _WIDTHS, strict=True)))
    for r in rows:
        cells = (r.section, r.name, _fmt(r.value), r.unit, r.target, _met(r.met))
        line = "  ".join(str(c)[:w].ljust(w) for c, w in zip(cells, _WIDTHS, strict=True))
        lines.append(line + (f"  {r.note}" if r.note else ""))
    return "\n".join(lines)


def render_markdown(res: Results) -> str:
    m = res.machine
    blas = ", ".join(
        f"{b.get('internal_api')} {b.get('version')} ({b.get('num_threads')} threads, "
        f"{b.get('architecture')})"
        for b in m.get("blas", [])
    )
    versions = ", ".join(f"{k} {v}" for k, v in m.get("versions", {}).items() if v)
    out = [
        "# Benchmark results",
        "",
        f"Machine: {m.get('cpu')}, {m.get('cores')} cores, {m.get('ram_gb')} GB RAM; "
        f"BLAS: {blas or 'not loaded'}; Python {m.get('python')}.",
        "",
        f"Versions: {versions}.",
        "",
        f"Load average at start {m.get('load_average_at_start')}, at end "
        f"{res.extra.get('load_average_at_end')} (other processes share the machine when "
        "it is above the core count).",
        "",
        "| section | measure | value | unit | target | met | note |",
        "|---|---|---:|---|---|---|---|",
    ]
    for r in res.rows:
        out.append(
            f"| {r.section} | {r.name.strip()} | {_fmt(r.value)} | {r.unit} | {r.target} "
            f"| {_met(r.met)} | {r.note} |"
        )
    out.append("")
    return "\n".join(out)
