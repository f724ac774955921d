"""Shared fixtures: a tiny world whose right answers are known by construction."""

from __future__ import annotations

import zlib
from datetime import date

import numpy as np
import pytest

from matcher.domain import (
    Education,
    Gender,
    JobPosting,
    Jobseeker,
    ProgramCategory,
    ProgramType,
    Segment,
    TargetGender,
    TargetSegment,
    TrainingProgram,
    WorkType,
)
from matcher.text.encoders import Encoder

TODAY = date(2026, 11, 27)

# A fake skill normaliser: Indonesian and English phrases to shared concept keys, so tests
# can show that overlap is computed on concepts, not on raw strings.
CONCEPTS = {
    "menjahit": "sewing", "sewing": "sewing", "jahit baju": "sewing",
    "obras": "overlock", "overlock": "overlock",
    "membuat pola": "pattern", "pattern making": "pattern",
    "kasir": "cashier", "cashier": "cashier",
    "melayani pelanggan": "customer service", "customer service": "customer service",
    "membuat kue": "baking", "baking": "baking",
    "pemasaran online": "online marketing", "jualan online": "online marketing",
    "mengemudi motor": "driving", "driving": "driving",
    "gudang": "warehouse", "warehouse": "warehouse",
}  # fmt: skip


@pytest.fixture
def private_caches(tmp_path, monkeypatch):
    """The disk caches an erasure clears (``matcher.text.forgetting``), in the test's own
    folder: an erasure in a test must not clear the project's caches."""
    from matcher import config

    monkeypatch.setattr(config, "MODELS_DIR", tmp_path / "models")
    monkeypatch.setattr(config, "EMBEDDING_CACHE_DIR", tmp_path / "models" / "embeddings")
    return config.MODELS_DIR


class normaliser_of:  # noqa: N801 - used as a function: normaliser_of(concepts)
    """A fake skill normaliser: phrases (lower case) to concept keys; the rest kept as
    words, with the nearest concept ``near`` names for them (``Normalise.near``). A
    class, not a closure, so an engine fitted with it can be pickled."""

    def __init__(self, concepts: dict[str, str], near: dict[str, str] | None = None):
        self.concepts = concepts
        self.nearest = near or {}

    def near(self, phrases: list[str]) -> list[list[tuple[str, str]]]:
        out = []
        for phrase in phrases:
            key = phrase.strip().lower()
            concept = None if key in self.concepts else self.nearest.get(key)
            out.append([(f"c:{concept}", concept)] if concept else [])
        return out

    def __call__(self, phrases: list[str]) -> list[list[tuple[str, str]]]:
        out = []
        for phrase in phrases:
            key = self.concepts.get(phrase.strip().lower())
            out.append([(f"c:{key}", key)] if key else [(f"raw:{phrase.lower()}", phrase)])
        return out


fake_normalise = normaliser_of(CONCEPTS)


def relaxing(rule, **options):
    """Options on ``TODAY`` with no relevance floor and ``rule`` relaxed."""
    from matcher.engine.options import MatchOptions

    return MatchOptions(as_of=TODAY, relevance_floor=0.0, relaxed_rules=frozenset({rule}),
                        **options)  # fmt: skip


def best_vacancy(engine, person_id: str, options, shortlist: int) -> str | None:
    """The vacancy ``rank_all`` ranks first for one person, or None (see ``top_items``)."""
    from matcher.domain import OpportunityKind

    listed = top_items(engine, OpportunityKind.VACANCY, person_id, options, shortlist)
    return listed[0] if listed else None


def top_items(engine, kind, person_id: str, options, shortlist: int, top_k: int = 1) -> list:
    """The item ids ``rank_all`` lists for one person, best first, exact (``shortlist`` 0)
    or from a shortlist of that many (the prefilter's stand-in applies the hard rules)."""
    cat = engine.catalog(kind)
    row = engine.people_.ids.index(person_id)
    top, _ = engine.rank_all(kind, top_k=top_k, options=options, shortlist=shortlist)
    return [cat.ids[j] for j in top[row] if j >= 0]


def assert_same_ranking(got_i, got_s, want_i, want_s):
    """Scores equal within float32 rounding; item ids equal except among tied scores."""
    np.testing.assert_allclose(got_s, want_s, rtol=1e-5, atol=1e-6)
    assert np.array_equal(got_i >= 0, want_i >= 0)
    for row in np.flatnonzero((got_i != want_i).any(axis=1)):
        for rank in np.flatnonzero(got_i[row] != want_i[row]):
            tied = np.abs(want_s[row] - want_s[row, rank]) <= 1e-5
            assert got_i[row, rank] in set(want_i[row, tied])


def person(pid: str, **kw) -> Jobseeker:
    base = dict(
        age=22, gender=Gender.FEMALE, kelurahan="Tanjung Barat", education=Education.SMA,
        segment=Segment.YOUTH, availability="Senin-Jumat 07:00-17:00", max_travel_km=8.0,
    )  # fmt: skip
    base.update(kw)
    return Jobseeker(id=pid, **base)


def vacancy(vid: str, title: str, skills: tuple[str, ...], **kw) -> JobPosting:
    base = dict(
        employer=f"Employer {vid}", description=title, required_skills=skills,
        kelurahan="Tanjung Barat", work_type=WorkType.FULL_TIME,
        schedule="Senin-Jumat 08:00-16:00", wage=4_500_000, openings=1,
        closing_date=date(2027, 1, 31),
    )  # fmt: skip
    base.update(kw)
    return JobPosting(id=vid, title=title, **base)


def training(pid: str, title: str, skills: tuple[str, ...], **kw) -> TrainingProgram:
    base = dict(
        provider="PPKD Jakarta Selatan", program_type=ProgramType.VOCATIONAL,
        description=title, skills_taught=skills, seats=20, kelurahan="Tanjung Barat",
        schedule="Senin-Jumat 08:00-12:00", start_date=date(2027, 1, 15),
    )  # fmt: skip
    base.update(kw)
    return TrainingProgram(id=pid, title=title, **base)


@pytest.fixture(autouse=True, scope="session")
def _fitted_cache_outside_models(tmp_path_factory):
    """Tests fit TF-IDF on many small catalogs: keep those files out of models/, where
    they would push out the app's own (the cache keeps only the most recent few)."""
    from matcher import config

    saved = config.FITTED_CACHE_DIR
    config.FITTED_CACHE_DIR = str(tmp_path_factory.mktemp("fitted"))
    yield
    config.FITTED_CACHE_DIR = saved


@pytest.fixture
def world():
    people = [
        person("JS-TAILOR", skills=("menjahit", "obras"), interests="kerja di konveksi"),
        person("JS-CASHIER", skills=("kasir", "melayani pelanggan"), gender=Gender.MALE),
        person(
            "JS-BAKER", age=38, segment=Segment.WOMAN_ENTREPRENEUR, skills=("membuat kue",),
            business_description="jualan kue basah dari rumah", interests="jualan online",
            availability="pagi saja", max_travel_km=3.0,
        ),
        person("JS-MINOR", age=17, gender=Gender.MALE, skills=("gudang",),
               education=Education.SMP, availability="kapan saja"),
    ]  # fmt: skip
    vacancies = [
        vacancy("V-SEW", "Operator jahit konveksi", ("sewing", "overlock")),
        vacancy("V-PATTERN", "Penjahit pola", ("menjahit", "pattern making"),
                kelurahan="Lenteng Agung"),
        vacancy("V-CASH", "Kasir minimarket", ("kasir", "customer service"),
                kelurahan="Jagakarsa"),
        vacancy("V-WARE-NIGHT", "Helper gudang shift malam", ("warehouse",),
                schedule="shift malam 22:00-06:00", work_type=WorkType.SHIFT),
        vacancy("V-CLOSED", "Operator jahit (ditutup)", ("sewing",), closing_date=date(2026, 11, 1)),
        vacancy("V-FAR", "Operator jahit Kelapa Gading", ("sewing", "overlock"),
                kelurahan="Kelapa Gading Timur"),
        vacancy("V-S1", "Staf admin", ("customer service",), min_education=Education.S1),
    ]  # fmt: skip
    programs = [
        training("P-PATTERN-NEAR", "Kursus pembuatan pola busana", ("pattern making",)),
        training("P-PATTERN-FAR", "Kursus pola busana Pasar Minggu", ("pattern making",),
                 kelurahan="Pasar Minggu"),
        training("P-FULL", "Kursus menjahit (penuh)", ("sewing",), seats=10, seats_filled=10),
        training("P-MEN", "Kursus las untuk laki-laki", ("welding",),
                 target_gender=TargetGender.MALE),
        TrainingProgram(
            id="P-BIZ", provider="Jakpreneur Jagakarsa", title="Pemasaran online untuk UMKM kue",
            program_type=ProgramType.ENTREPRENEURSHIP, category=ProgramCategory.BUSINESS_TRAINING,
            description="jualan online, foto produk untuk usaha kue rumahan",
            skills_taught=("pemasaran online",), target_segment=TargetSegment.WOMAN_ENTREPRENEUR,
            online=True, seats=30, start_date=date(2027, 1, 10),
        ),
    ]  # fmt: skip
    return people, programs, vacancies


@pytest.fixture
def engine(world):
    from matcher.engine import MatchingEngine

    people, programs, vacancies = world
    return MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        people, programs, vacancies
    )


class WordHashEncoder(Encoder):
    """Bag of words hashed into 64 dims: texts sharing words are close."""

    def _encode(self, texts):
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, zlib.crc32(w.encode()) % 64] += 1.0
        return out

    def fingerprint(self):
        return "wordhash-64"

    @property
    def dim(self):
        return 64
