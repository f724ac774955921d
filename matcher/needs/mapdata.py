"""Points for the needs map: counts per kelurahan, drawn at kelurahan centroids.

Jobseekers are only ever counted per kelurahan (no address, no individual point).
Vacancies and training sites are counted per kelurahan too, so three layers share one
grid; a small east-west offset keeps the layers of one kelurahan from hiding each other.
Online trainings have no place and are returned as a separate count. The chart is an
Altair scatter on longitude/latitude with no map tiles, so it works offline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import altair as alt
import pandas as pd

from matcher.domain import Segment, TargetSegment
from matcher.needs.supply_demand import SupplyDemand
from matcher.scoring.geo import Gazetteer, default_gazetteer

# ~200 m at Jakarta's latitude: enough to separate dots, far less than a kelurahan.
LAYER_OFFSET_DEG = 0.0018


class Layer(StrEnum):
    JOBSEEKERS = "pencari_kerja"
    VACANCIES = "lowongan"
    TRAININGS = "pelatihan"


_OFFSET = {Layer.JOBSEEKERS: -1, Layer.VACANCIES: 0, Layer.TRAININGS: 1}
COLORS = {Layer.JOBSEEKERS: "#1f77b4", Layer.VACANCIES: "#d62728", Layer.TRAININGS: "#2ca02c"}


@dataclass(frozen=True)
class MapData:
    points: pd.DataFrame  # layer, kelurahan, lat, lng, count, people (openings / seats)
    online_trainings: int
    online_seats: int
    unplaced: dict[str, int]  # layer -> records whose kelurahan has no centroid


def map_points(
    sd: SupplyDemand,
    *,
    segment: Segment | str | None = None,
    skill: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> MapData:
    """Counts per kelurahan and layer, filtered by segment and skill concept key.

    The segment filter keeps jobseekers of that segment and trainings open to it
    (vacancies have no segment and are kept). ``skill`` is a concept key as in
    :meth:`SupplyDemand.table` (column ``concept``).
    """
    gaz = gazetteer or default_gazetteer()
    seg = Segment(segment) if segment else None
    rows: list[tuple] = []
    for p, skills in zip(sd.jobseekers, sd.person_skills, strict=True):
        if (seg is None or p.segment is seg) and (skill is None or skill in skills):
            rows.append((Layer.JOBSEEKERS, p.kelurahan, 1, 1))
    for v, skills in zip(sd.vacancies, sd.vacancy_skills, strict=True):
        if skill is None or skill in skills:
            rows.append((Layer.VACANCIES, v.kelurahan, 1, v.openings))
    online, online_seats = 0, 0
    for p, skills in zip(sd.programs, sd.program_skills, strict=True):
        if seg is not None and p.target_segment not in (
            TargetSegment.ANY,
            TargetSegment(seg.value),
        ):
            continue
        if skill is not None and skill not in skills:
            continue
        if p.online or not p.kelurahan:
            online, online_seats = online + 1, online_seats + p.seats_left
            continue
        rows.append((Layer.TRAININGS, p.kelurahan, 1, p.seats_left))
    frame = pd.DataFrame(rows, columns=["layer", "kelurahan", "count", "people"])
    cols = ["layer", "kelurahan", "lat", "lng", "count", "people"]
    if frame.empty:
        return MapData(pd.DataFrame(columns=cols), online, online_seats, {})
    agg = frame.groupby(["layer", "kelurahan"], as_index=False)[["count", "people"]].sum()
    found = [gaz.find(k) for k in agg["kelurahan"]]
    placed = pd.Series([f is not None for f in found], index=agg.index)
    unplaced = agg[~placed].groupby("layer")["count"].sum()
    agg = agg[placed].copy()
    hits = [f for f in found if f is not None]
    agg["lat"] = [k.lat for k in hits]
    agg["lng"] = [
        k.lng + _OFFSET[Layer(lay)] * LAYER_OFFSET_DEG
        for k, lay in zip(hits, agg["layer"], strict=True)
    ]
    agg["layer"] = agg["layer"].map(lambda x: Layer(x).value)
    return MapData(
        agg[cols].reset_index(drop=True),
        online,
        online_seats,
        {Layer(k).value: int(v) for k, v in unplaced.items()},
    )


def map_chart(points: pd.DataFrame, labels: dict[str, str] | None = None) -> alt.LayerChart:
    """Bubbles on lon/lat with kelurahan names (no tiles, so it works offline).

    ``labels`` translate layer values for the legend.
    """
    labels = labels or {}
    data = points.assign(layer_label=[labels.get(x, x) for x in points["layer"]])
    domain = [labels.get(k.value, k.value) for k in Layer]
    # Without a basemap the names are the orientation: one per kelurahan, at its centroid.
    names = data.groupby("kelurahan", as_index=False)[["lat", "lng"]].mean()
    text = (
        alt.Chart(names)
        .mark_text(dy=-14, fontSize=10, color="#444")
        .encode(longitude="lng:Q", latitude="lat:Q", text="kelurahan:N")
    )
    bubbles = (
        alt.Chart(data)
        .mark_circle(opacity=0.65, stroke="white", strokeWidth=0.5)
        .encode(
            longitude="lng:Q",
            latitude="lat:Q",
            size=alt.Size("people:Q", scale=alt.Scale(range=[30, 1500]), legend=None),
            color=alt.Color(
                "layer_label:N",
                scale=alt.Scale(domain=domain, range=[COLORS[k] for k in Layer]),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            tooltip=["kelurahan:N", "layer_label:N", "count:Q", "people:Q"],
        )
    )
    return alt.layer(bubbles, text).project(type="mercator").properties(height=480)


def layer_totals(points: pd.DataFrame) -> dict[str, int]:
    totals = points.groupby("layer")["people"].sum() if len(points) else pd.Series(dtype=int)
    return {k.value: int(totals.get(k.value, 0)) for k in Layer}


def skill_options(sd: SupplyDemand, limit: int = 200) -> Sequence[tuple[str, str]]:
    """(concept key, label) of skills that vacancies or people name, most demanded first."""
    table = sd.table()
    table = table.sort_values(["openings", "jobseekers"], ascending=False).head(limit)
    return list(zip(table["concept"], table["skill"], strict=True))
