"""Kelurahan centroids and great-circle distances.

Centroids come from the Jakarta kelurahan file in the shared reference data (derived from
cahyadsn/wilayah_boundaries, MIT licence). A copy of the rows the project uses is kept in
``data/external/kelurahan_centroids.csv`` so that the app runs without ``shared/``.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from matcher import config

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Kelurahan:
    code: str
    name: str
    kecamatan: str
    city: str
    lat: float
    lng: float


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower().removeprefix("kelurahan "))


class Gazetteer:
    """Look up kelurahan by name (case and spacing insensitive) and measure distances."""

    def __init__(self, rows: list[Kelurahan]):
        self.rows = rows
        self._by_key: dict[str, Kelurahan] = {}
        for row in rows:
            # Names repeat across cities (e.g. two "Kebon Baru"); South Jakarta wins, as
            # the hub sits there, and "Name, Kecamatan" always disambiguates.
            self._by_key.setdefault(_key(row.name), row)
            if "Selatan" in row.city:
                self._by_key[_key(row.name)] = row
            self._by_key[_key(f"{row.name}{row.kecamatan}")] = row

    @classmethod
    def from_csv(cls, path: Path) -> Gazetteer:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = [
                Kelurahan(
                    r["kode"],
                    r["nama"],
                    r["kecamatan"],
                    r["kab_kota"],
                    float(r["lat"]),
                    float(r["lng"]),
                )  # fmt: skip
                for r in csv.DictReader(fh)
                if r.get("level", "4") == "4"
            ]
        return cls(rows)

    def names(self) -> list[str]:
        return sorted({r.name for r in self.rows})

    def find(self, name: str) -> Kelurahan | None:
        return self._by_key.get(_key(name))

    def get(self, name: str) -> Kelurahan:
        found = self.find(name)
        if found is None:
            close = difflib.get_close_matches(name, self.names(), n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ValueError(f"a DKI Jakarta kelurahan name, e.g. Tanjung Barat{hint}")
        return found

    def distance_km(self, a: str, b: str) -> float:
        ka, kb = self.get(a), self.get(b)
        return float(haversine_km(ka.lat, ka.lng, kb.lat, kb.lng))

    def coords(self, names: list[str]) -> np.ndarray:
        """(n, 2) array of lat/lng in degrees; NaN where the name is empty or unknown."""
        out = np.full((len(names), 2), np.nan)
        for i, name in enumerate(names):
            k = self.find(name) if name else None
            if k is not None:
                out[i] = (k.lat, k.lng)
        return out


def haversine_km(lat1, lng1, lat2, lng2):
    """Great-circle distance in km; works elementwise on numpy arrays (broadcasting)."""
    lat1, lng1, lat2, lng2 = map(np.radians, (lat1, lng1, lat2, lng2))
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def pairwise_km(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distances between every row of ``a`` (n, 2) and of ``b`` (m, 2) as an (n, m) array."""
    return haversine_km(a[:, None, 0], a[:, None, 1], b[None, :, 0], b[None, :, 1])


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    local = config.EXTERNAL_DATA_DIR / "kelurahan_centroids.csv"
    return Gazetteer.from_csv(config.WILAYAH_CSV if config.WILAYAH_CSV.exists() else local)
