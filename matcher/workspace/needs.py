"""The needs service: skill gaps, training suggestions and the map, for planners.

Admins, counselor leads and counselors may read it (``VIEW_DASHBOARD`` or
``VIEW_JOBSEEKERS``); every method checks first. Jobseekers are only ever counted per
kelurahan.

Speed: the tables come from one :class:`~matcher.needs.supply_demand.SupplyDemand` per
data version and day, kept in the service, and the views built from it are remembered
per filter. Skill phrases are mapped through the same on-disk phrase cache the
engine fills (:class:`matcher.text.skill_cache.PhraseCache`), and the ESCO normaliser is
only fitted when a phrase is missing from it, so a first visit after the engine's
build (which runs at sign-in) costs a file read, not a ten-second fit.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd

from matcher.db import User
from matcher.domain import Segment
from matcher.needs.mapdata import MapData, map_points, skill_options
from matcher.needs.partners import ensure_partners
from matcher.needs.records import load_needs_records
from matcher.needs.skillmap import Normalise, raw_key
from matcher.needs.supply_demand import SupplyDemand, TrainingSuggestion
from matcher.scoring.geo import default_gazetteer
from matcher.text import forgetting
from matcher.workspace.access import PageService
from matcher.workspace.memo import TtlMemo
from matcher.workspace.source import data_version

__all__ = ["NeedsOverview", "NeedsService", "cached_normalise", "reference_points"]

HUB_KELURAHAN = "Tanjung Barat"


@dataclass(frozen=True)
class NeedsOverview:
    version: str
    kelurahan_names: list[str]
    gaps: pd.DataFrame  # supply_demand.COLUMNS, largest gap first
    suggestions: list[TrainingSuggestion]
    skills: list[tuple[str, str]]  # (concept key, label), most demanded first


def _raw(phrases: list[str]) -> list[list[tuple[str, str]]]:
    return [[(raw_key(p), p.strip())] for p in phrases]


@lru_cache(maxsize=1)
def cached_normalise() -> Normalise:
    """Phrase -> [(concept key, label)] through the engine's disk phrase cache, read and
    written by the engine's own adapter (:func:`matcher.engine.normalise.
    concept_normaliser`: one entry format, a nearest concept never read as a concept);
    the ESCO normaliser is fitted only if a phrase is not cached yet."""
    from matcher.engine.normalise import concept_normaliser
    from matcher.text.skills import SkillNormaliser

    concepts = concept_normaliser(SkillNormaliser())
    lock = threading.Lock()

    def normalise(phrases: list[str]) -> list[list[tuple[str, str]]]:
        with lock:
            found = concepts(phrases)
        # Unmapped phrases: the needs tables collapse inner spaces ("cuci  AC" = "cuci AC").
        return [[(raw_key(label) if k.startswith("raw:") else k, label) for k, label in pairs]
                for pairs in found]  # fmt: skip

    return normalise


def _normalise() -> Normalise:
    choice = os.environ.get("MATCHER_NORMALISER", "esco").strip().lower()
    return _raw if choice == "raw" else cached_normalise()


def reference_points(points: pd.DataFrame, margin_deg: float = 0.01) -> pd.DataFrame:
    """Every kelurahan centroid in the map's view, for orientation without map tiles.

    Columns: kelurahan, kecamatan, lat, lng, hub (True for the hub's own kelurahan).
    The view is the data's bounding box plus ``margin_deg`` (~1 km) on each side.
    """
    cols = ["kelurahan", "kecamatan", "lat", "lng", "hub"]
    if points.empty:
        return pd.DataFrame(columns=cols)
    lat0, lat1 = points["lat"].min() - margin_deg, points["lat"].max() + margin_deg
    lng0, lng1 = points["lng"].min() - margin_deg, points["lng"].max() + margin_deg
    rows = [
        (k.name, k.kecamatan, k.lat, k.lng, k.name == HUB_KELURAHAN)
        for k in default_gazetteer().rows
        if lat0 <= k.lat <= lat1 and lng0 <= k.lng <= lng1
    ]
    return pd.DataFrame(rows, columns=cols)


class NeedsService(PageService):
    def __init__(self, session_factory, ttl: float = 600.0):
        super().__init__(session_factory)
        self._memo = TtlMemo(ttl, size=64)
        self._sd: tuple[tuple[str, date], SupplyDemand] | None = None
        self._lock = threading.Lock()

    def _version(self) -> str:
        with self.session_factory() as session:
            return data_version(session)

    def _supply_demand(self) -> tuple[str, SupplyDemand]:
        # The erasure epoch too: tables built under an older mark are rebuilt.
        key = (self._version() + "|" + forgetting.epoch(), date.today())
        with self._lock:
            if self._sd is None or self._sd[0] != key:
                # People's phrases read now are cached only if no erasure comes later,
                # whenever the tables normalise them (matcher.text.forgetting).
                with forgetting.reading() as marks:
                    with self.session_factory() as session:
                        ensure_partners(session)  # idempotent; providers' contacts
                        rec = load_needs_records(session)
                    normalise = forgetting.bound(_normalise(), marks)
                    sd = SupplyDemand(rec.jobseekers, rec.programs, rec.vacancies, normalise,
                                      as_of=key[1])  # fmt: skip
                self._sd = (key, sd)
            return key[0], self._sd[1]

    def warm(self) -> threading.Thread:
        """Build the tables in the background (e.g. when the app starts)."""
        thread = threading.Thread(target=self._supply_demand, daemon=True, name="needs-build")
        thread.start()
        return thread

    def overview(
        self, user: User, kelurahan: str | None = None, top: int = 15, suggest: int = 5
    ) -> NeedsOverview:
        """Largest gaps and training suggestions for a kelurahan (None: the whole area)."""
        self._allow(user, "needs_map")
        version, sd = self._supply_demand()
        return self._memo.get(
            ("overview", version, kelurahan or "", top, suggest),
            lambda: NeedsOverview(version, sd.kelurahan_names(), sd.gaps(kelurahan or None, top),
                                  sd.suggestions(kelurahan or None, suggest),
                                  list(skill_options(sd))),
        )  # fmt: skip

    def map_data(
        self, user: User, segment: Segment | str | None = None, skill: str | None = None
    ) -> tuple[MapData, pd.DataFrame]:
        """Counts per kelurahan and layer, and the reference points around them."""
        self._allow(user, "needs_map")
        version, sd = self._supply_demand()

        def build():
            data = map_points(sd, segment=segment, skill=skill or None)
            return data, reference_points(data.points)

        seg = Segment(segment).value if segment else ""
        return self._memo.get(("map", version, seg, skill or ""), build)

    def by_kelurahan(self, user: User, skill: str | None = None) -> pd.DataFrame:
        """Per kelurahan: jobseekers, openings, training seats and gap (or for one skill)."""
        self._allow(user, "needs_map")
        version, sd = self._supply_demand()
        return self._memo.get(("kel", version, skill or ""), lambda: sd.by_kelurahan(skill or None))
