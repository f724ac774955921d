"""Seeded synthetic catalogs at any size, drawn from the sample data's distributions.

The sample in ``data/sample`` (written by ``data/generate_sample.py``) is small: 320
jobseekers, 60 programmes, 200 vacancies. Benchmarks need 1,000 to 200,000 records that
look the same to the engine: the same titles and occupational families, skill phrases,
kelurahan, schedules, education levels, ages and closing dates. Each synthetic record
starts from a sample record picked at random (so fields that belong together, like a
title and its skills, stay together) and then resamples what varies between records of
that kind: skills from the union of records with the same title, kelurahan, schedule,
wage, openings and dates from the sample's empirical distributions, and a description
recombined from sentences of same-title records, so texts are varied as a real catalog
and the embedding cache is not served by a handful of repeated strings.

Every draw comes from a ``random.Random`` seeded per record kind: same seed, same records.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from matcher import config
from matcher.domain import JobPosting, Jobseeker, TrainingProgram
from matcher.loaders import load_jobseekers, load_programs, load_vacancies

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Sample:
    jobseekers: tuple[Jobseeker, ...]
    programs: tuple[TrainingProgram, ...]
    vacancies: tuple[JobPosting, ...]


@lru_cache(maxsize=2)
def load_sample(directory: str | Path = config.SAMPLE_DATA_DIR) -> Sample:
    """The sample records, read once through the project loaders."""
    d = Path(directory)
    return Sample(
        jobseekers=tuple(load_jobseekers(d / "jobseekers.csv").records),
        programs=tuple(load_programs(d / "programs.csv").records),
        vacancies=tuple(load_vacancies(d / "vacancies.csv").records),
    )


def _choice(rng: random.Random, pool: Sequence):
    return pool[rng.randrange(len(pool))]


def _subset(rng: random.Random, pool: Sequence[str], size: int) -> tuple[str, ...]:
    size = max(1, min(size, len(pool)))
    return tuple(pool[i] for i in sorted(rng.sample(range(len(pool)), size)))


def _union_by(records: Sequence, key, values) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for r in records:
        for v in values(r):
            if v not in out[key(r)]:
                out[key(r)].append(v)
    return out


def _sentences_by(records: Sequence, key, text) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for r in records:
        for s in _SENTENCE.split(text(r) or ""):
            if s.strip() and s not in out[key(r)]:
                out[key(r)].append(s.strip())
    return out


def _description(rng: random.Random, sentences: list[str], extras: list[str]) -> str:
    n = rng.randint(1, min(3, len(sentences))) if sentences else 0
    picked = rng.sample(sentences, n)
    if extras and rng.random() < 0.6:
        picked.append(_choice(rng, extras))
    return " ".join(picked)


def make_vacancies(n: int, seed: int = 0, sample: Sample | None = None) -> list[JobPosting]:
    """``n`` vacancies resampled from the sample vacancies (see module docstring)."""
    sample = sample or load_sample()
    rng = random.Random(seed)
    base = sample.vacancies
    skills = _union_by(base, lambda v: v.title, lambda v: v.required_skills)
    nice = _union_by(base, lambda v: v.title, lambda v: v.nice_skills)
    sentences = _sentences_by(base, lambda v: v.title, lambda v: v.description)
    extras = sorted({s for v in base for s in _SENTENCE.split(v.description)[1:] if s})
    kel = [v.kelurahan for v in base]
    openings = [v.openings for v in base]
    wages = [v.wage for v in base]
    out = []
    for i in range(n):
        t = _choice(rng, base)
        other = _choice(rng, base)  # where and when vary independently of what
        wage = _choice(rng, wages)
        if wage is not None:
            wage = int(round(wage * rng.uniform(0.85, 1.15) / 50_000) * 50_000)
        closing = t.closing_date and t.closing_date + timedelta(days=int(rng.randint(-20, 39)))
        out.append(
            replace(
                t,
                id=f"SV-{i + 1:06d}",
                employer=f"{t.employer.split()[0]} {other.kelurahan or 'Jakarta'} {i % 97}",
                description=_description(rng, sentences[t.title], extras),
                required_skills=_subset(rng, skills[t.title], len(t.required_skills)),
                nice_skills=_subset(rng, nice[t.title], len(t.nice_skills))
                if t.nice_skills
                else (),
                kelurahan=_choice(rng, kel),
                wage=wage,
                openings=_choice(rng, openings),
                closing_date=closing,
            )
        )
    return out


def make_programs(n: int, seed: int = 0, sample: Sample | None = None) -> list[TrainingProgram]:
    """``n`` programmes (vocational and entrepreneurship in the sample's proportion)."""
    sample = sample or load_sample()
    rng = random.Random(seed + 1)
    base = sample.programs
    taught = _union_by(base, lambda p: p.title, lambda p: p.skills_taught)
    sentences = _sentences_by(base, lambda p: p.title, lambda p: p.description)
    kel = [p.kelurahan for p in base if p.kelurahan] or [""]
    schedules = [(p.schedule, p.online) for p in base]
    out = []
    for i in range(n):
        t = _choice(rng, base)
        schedule, online = _choice(rng, schedules) if rng.random() < 0.3 else (t.schedule, t.online)
        seats = max(int(t.seats + rng.randint(-5, 5)), 0)
        start = t.start_date and t.start_date + timedelta(days=int(rng.randint(-30, 59)))
        out.append(
            replace(
                t,
                id=f"SP-{i + 1:06d}",
                provider=f"{t.provider} {i % 53}",
                # Courses repeat each cohort; the cohort and place keep texts distinct.
                description=_description(rng, sentences[t.title], [])
                + f" Angkatan {i % 40 + 1}, {'online' if online else t.kelurahan or 'Jakarta'}.",
                skills_taught=_subset(rng, taught[t.title], len(t.skills_taught)),
                schedule=schedule,
                online=online,
                kelurahan="" if online else (t.kelurahan or _choice(rng, kel)),
                seats=seats,
                seats_filled=int(rng.randint(0, seats)) if seats else 0,
                start_date=start,
            )
        )
    return out


def make_jobseekers(n: int, seed: int = 0, sample: Sample | None = None) -> list[Jobseeker]:
    """``n`` jobseekers; skills, age, availability and place resampled within a segment."""
    sample = sample or load_sample()
    rng = random.Random(seed + 2)
    base = sample.jobseekers
    first = lambda p: p.skills[0] if p.skills else ""  # noqa: E731  (a key, not a function)
    skills = _union_by(base, first, lambda p: p.skills)
    by_segment: dict[str, list[Jobseeker]] = defaultdict(list)
    for p in base:
        by_segment[p.segment.value].append(p)
    kel = [p.kelurahan for p in base]
    out = []
    for i in range(n):
        t = _choice(rng, base)
        peer = _choice(rng, by_segment[t.segment.value])
        size = len(t.skills) + int(rng.randint(-1, 1))
        out.append(
            replace(
                t,
                id=f"SJ-{i + 1:06d}",
                name="",
                phone="",
                skills=_subset(rng, skills[first(t)], size) if t.skills else (),
                age=min(max(t.age + rng.randint(-2, 2), 16), 60),
                availability=peer.availability,
                kelurahan=_choice(rng, kel),
                max_travel_km=peer.max_travel_km,
            )
        )
    return out
