"""The needs map's charts, drawn offline (no map tiles), with translated words.

* ``gap_chart``: demand vs supply per skill, with room for long skill names;
* ``needs_map``: bubbles per kelurahan and layer over a reference layer of every
  kelurahan centre in view (grey dots, names in the tooltip), kecamatan names and the
  hub; only the ``label_top`` kelurahan with the largest figures get a written name,
  so the names no longer overlap.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from matcher.needs.mapdata import COLORS, Layer

SKILL_LABEL_PX = 220


def gap_chart(gaps: pd.DataFrame, measures: dict[str, str], words: dict[str, str]) -> alt.Chart:
    """Grouped bars: openings, jobseekers and seats for each skill (largest gap first)."""
    order = list(gaps["skill"])
    long = gaps.melt(id_vars=["skill"], value_vars=list(measures), var_name="m")
    long["m"] = long["m"].map(measures)
    return (
        alt.Chart(long, title=words["title"])
        .mark_bar()
        .encode(
            y=alt.Y("skill:N", sort=order, title=None,
                    axis=alt.Axis(labelLimit=SKILL_LABEL_PX, labelFontSize=12)),
            yOffset="m:N",
            x=alt.X("value:Q", title=None),
            # Same colours as the map: demand red, people blue, training green.
            color=alt.Color("m:N", title=words["measure"],
                            legend=alt.Legend(orient="bottom", labelLimit=200, columns=1),
                            scale=alt.Scale(domain=list(measures.values()),
                                            range=["#d62728", "#1f77b4", "#2ca02c"])),
            tooltip=[alt.Tooltip("skill:N", title=words["skill"]),
                     alt.Tooltip("m:N", title=words["measure"]),
                     alt.Tooltip("value:Q", title=words["value"])],
        )
        .properties(height=alt.Step(11), padding={"left": 8, "right": 16})
    )  # fmt: skip


def needs_map(
    points: pd.DataFrame,
    reference: pd.DataFrame,
    layers: dict[str, str],
    words: dict[str, str],
    label_top: int = 8,
) -> alt.LayerChart:
    """Bubbles on lon/lat over the reference layer; ``layers`` translate layer values."""
    data = points.assign(layer_label=[layers.get(x, x) for x in points["layer"]])
    domain = [layers.get(k.value, k.value) for k in Layer]
    ref = (
        alt.Chart(reference)
        .mark_circle(size=18, color="#9e9e9e", opacity=0.7)
        .encode(longitude="lng:Q", latitude="lat:Q",
                tooltip=[alt.Tooltip("kelurahan:N", title=words["kelurahan"]),
                         alt.Tooltip("kecamatan:N", title=words["kecamatan"])])
    )  # fmt: skip
    kec = reference.groupby("kecamatan", as_index=False)[["lat", "lng"]].mean()
    kec["name"] = kec["kecamatan"].str.upper()
    kec_text = (
        alt.Chart(kec)
        .mark_text(fontSize=10, fontWeight="bold", color="#b0b0b0", opacity=0.9, dy=14)
        .encode(longitude="lng:Q", latitude="lat:Q", text="name:N")
    )
    hub = reference[reference["hub"]].assign(name=words["hub"])
    hub_mark = (
        alt.Chart(hub)
        .mark_point(shape="diamond", size=220, filled=True, color="#6a1b9a", opacity=0.9)
        .encode(longitude="lng:Q", latitude="lat:Q",
                tooltip=[alt.Tooltip("name:N", title=" "),
                         alt.Tooltip("kelurahan:N", title=words["kelurahan"])])
    )  # fmt: skip
    bubbles = (
        alt.Chart(data)
        .mark_circle(opacity=0.65, stroke="white", strokeWidth=0.5)
        .encode(
            longitude="lng:Q",
            latitude="lat:Q",
            size=alt.Size("people:Q", scale=alt.Scale(range=[30, 1500]), legend=None),
            color=alt.Color("layer_label:N",
                            scale=alt.Scale(domain=domain, range=[COLORS[k] for k in Layer]),
                            legend=alt.Legend(orient="bottom", title=None)),
            tooltip=[alt.Tooltip("kelurahan:N", title=words["kelurahan"]),
                     alt.Tooltip("layer_label:N", title=words["layer"]),
                     alt.Tooltip("count:Q", title=words["count"]),
                     alt.Tooltip("people:Q", title=words["people"])],
        )
    )  # fmt: skip
    # Names only where the figures are largest, just above the centre; others by tooltip.
    totals = data.groupby("kelurahan", as_index=False).agg(
        people=("people", "sum"), lat=("lat", "mean"), lng=("lng", "mean")
    )
    top = totals.nlargest(label_top, "people")
    names = (
        alt.Chart(top)
        .mark_text(dy=-16, fontSize=11, color="#222", fontWeight="bold")
        .encode(longitude="lng:Q", latitude="lat:Q", text="kelurahan:N")
    )
    return (
        alt.layer(ref, kec_text, bubbles, hub_mark, names)
        .project(type="mercator")
        .properties(height=520)
    )
