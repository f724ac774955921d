"""Generate the seeded synthetic sample data for the Tanjung Barat hub.

Writes ``jobseekers.csv`` (320), ``programs.csv`` (60) and ``vacancies.csv`` (200), plus
two deliberately messy files under ``messy/`` that exercise the loaders. Everything is
fictional. Every random draw comes from one ``random.Random(seed)``, so the same seed
gives byte-identical files.

Matching has a right answer by construction: every person, vacancy and vocational course
belongs to an occupational *family* (``FAMILIES``), and its skills, experience and
interests are drawn from that family's phrases, with some noise. ``--truth FILE`` writes
the family of every record for known-answer tests.

Then the jobseekers' own free text (skills, experience, interests, business description)
is rewritten the way each person types on a phone (``sample_informal.py``: chat short
forms, Jakarta verbs, app names, English, typos), from a random stream of its own, so the
programmes and vacancies do not change. ``--neat`` skips that step and writes the family
phrases as they are.

Usage::

    python data/generate_sample.py --seed 20261127 --out data/sample
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_informal import informal_jobseekers  # noqa: E402  (sibling modules of this script)
from sample_messy import write_messy  # noqa: E402
from sample_vocab import (  # noqa: E402
    BUSINESSES,
    CHILDCARE_AVAILABILITY,
    DISABILITIES,
    EDU_MIN_AGE,
    EDU_RANK,
    EXTRA_LANGUAGES,
    FAMILIES,
    FAR_KELURAHAN,
    FEMALE_NAMES,
    JOBS,
    LOCAL_KELURAHAN,
    MALE_NAMES,
    NAME_WORDS,
    NOISE_SKILLS,
    PERSON_VARIANTS,
    PROGRAM_TOPICS,
    STAGES,
    SURNAMES,
    VACANCY_EXTRAS,
    WOMEN_AVAILABILITY,
    WOMEN_EDU,
    YOUTH_AVAILABILITY,
    YOUTH_EDU,
    Business,
    Family,
    ProgramTopic,
)

N_YOUTH, N_WOMEN = 200, 120
N_VACANCIES = 200
TODAY = date(2026, 11, 27)

# The loader is written against these exact names and this order.
# fmt: off
JOBSEEKER_COLUMNS = (
    "id", "name", "phone", "age", "gender", "kelurahan", "education", "segment", "skills",
    "experience", "interests", "availability", "max_travel_km", "languages", "disability",
    "business_description", "business_stage", "registered_on",
)
PROGRAM_COLUMNS = (
    "id", "provider", "title", "program_type", "category", "description", "skills_taught",
    "min_age", "max_age", "target_gender", "target_segment", "min_education", "schedule",
    "kelurahan", "online", "cost", "seats", "seats_filled", "start_date", "duration_days",
)
VACANCY_COLUMNS = (
    "id", "employer", "title", "title_aliases", "description", "required_skills",
    "nice_skills", "min_education", "kelurahan", "work_type", "schedule", "wage",
    "openings", "closing_date", "min_age", "max_age",
)
# fmt: on


@dataclass(frozen=True)
class Sample:
    """The generated tables (lists of row dicts) and the family of every record.

    ``neat_jobseekers`` are the jobseekers before the phone-typing rewrite (the family
    phrases as drawn); ``habits`` is each person's typing habit (``rapi``, ``santai``,
    ``asal``), or empty when the rewrite was skipped.
    """

    jobseekers: list[dict[str, str]]
    programs: list[dict[str, str]]
    vacancies: list[dict[str, str]]
    truth: list[dict[str, str]]
    neat_jobseekers: list[dict[str, str]]
    habits: list[str]


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _some(rng: random.Random, pool: Sequence[str], lo: int, hi: int) -> list[str]:
    return rng.sample(list(pool), min(rng.randint(lo, hi), len(pool)))


def _day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _rupiah_text(rng: random.Random, amount: int) -> str:
    dotted = f"{amount:,}".replace(",", ".")
    return rng.choice((dotted, f"Rp {dotted}", f"Rp{dotted}"))


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(("0812", "0813", "0821", "0822", "0852", "0857", "0878", "0896"))
    return f"{prefix}-{rng.randint(0, 9999):04d}-{rng.randint(0, 9999):04d}"


def _name(rng: random.Random, gender: str) -> str:
    first = rng.choice(FEMALE_NAMES if gender == "P" else MALE_NAMES)
    if rng.random() < 0.15:  # many Indonesians go by one name
        return first
    return f"{first} {rng.choice(SURNAMES[gender])}"


def _fill(rng: random.Random, text: str, kel: str, age: int) -> str:
    years = rng.randint(1, max(1, min(4, age - 17)))  # no 4 years' work at 18
    return text.format(n=years, bln=rng.randint(3, 11), kel=kel)


def _for_education(texts: Sequence[str], edu: str) -> list[str]:
    """Drop phrases that name a school the person did not go to ("PKL waktu SMK")."""
    fitting = [t for t in texts if "SMK" not in t or edu == "SMK"]
    return fitting or list(texts)


def _jobseeker_kelurahan(rng: random.Random) -> str:
    return _pick(rng, LOCAL_KELURAHAN)


def _in_own_words(rng: random.Random, skills: list[str], share: float = 0.35) -> list[str]:
    """Rewrite some skills the way a person might, keeping the order and no repeats."""
    out = []
    for skill in skills:
        if skill in PERSON_VARIANTS and rng.random() < share:
            skill = rng.choice(PERSON_VARIANTS[skill])
        out.append(skill)
    return list(dict.fromkeys(out))


def _youth_family(rng: random.Random, gender: str, edu: str) -> Family:
    weights = {}
    for key, fam in FAMILIES.items():
        w = fam.youth_weight[0 if gender == "L" else 1]
        if key in ("admin", "digital", "cs"):
            w *= 2.5 if EDU_RANK[edu] >= 4 else (0.3 if EDU_RANK[edu] <= 2 else 1.0)
        if key in ("teknisi", "las", "otomotif") and edu == "SMK":
            w *= 1.5
        weights[key] = w
    return FAMILIES[_pick(rng, weights)]


def _youth_age(rng: random.Random, edu: str) -> int:
    ages = range(EDU_MIN_AGE[edu], 30)
    return rng.choices(ages, weights=[3 if a <= 24 else 1.5 for a in ages])[0]


def _youth(rng: random.Random) -> tuple[dict[str, str], dict[str, str]]:
    gender = rng.choice("LP")
    edu = _pick(rng, YOUTH_EDU)
    age = _youth_age(rng, edu)
    fam = _youth_family(rng, gender, edu)
    second = FAMILIES[rng.choice(fam.related)] if rng.random() < 0.4 else None
    kel = _jobseeker_kelurahan(rng)
    skills = _some(rng, fam.skills, 3, 5)
    if second:
        skills += [s for s in _some(rng, second.skills, 1, 2) if s not in skills]
    if rng.random() < 0.35:
        skills.append(rng.choice([s for s in NOISE_SKILLS if s not in skills]))
    if (age <= 19 and rng.random() < 0.5) or rng.random() < 0.12:
        experience = rng.choice(_for_education(fam.no_experience, edu))
    else:
        experience = _fill(rng, rng.choice(_for_education(fam.experience, edu)), kel, age)
    interests = [rng.choice(fam.interests)]
    if second and rng.random() < 0.6:
        interests.append(rng.choice(second.interests))
    elif rng.random() < 0.25:
        interests.append(rng.choice(("cari kerja yang dekat rumah", "mau kursus gratis dulu")))
    travel = rng.choice((3, 4, 5, 5, 6, 7, 8, 8, 10, 10, 12, 15, 20)) + rng.choice((0, 0.5))
    row = {
        "gender": gender,
        "age": str(age),
        "kelurahan": kel,
        "education": edu,
        "segment": "pemuda",
        "skills": "; ".join(_in_own_words(rng, skills)),
        "experience": experience,
        "interests": "; ".join(interests),
        "availability": _pick(rng, YOUTH_AVAILABILITY),
        "max_travel_km": f"{min(travel, 20.0):.1f}",
        "business_description": "",
        "business_stage": "",
    }
    truth = {"family": fam.key, "second_family": second.key if second else "", "business": ""}
    return row, truth


def _woman(rng: random.Random) -> tuple[dict[str, str], dict[str, str]]:
    edu = _pick(rng, WOMEN_EDU)
    age = rng.randint(max(22, EDU_MIN_AGE[edu]), 55)
    biz: Business = rng.choices(BUSINESSES, weights=[b.weight for b in BUSINESSES])[0]
    fam = FAMILIES[biz.family]
    stage = _pick(rng, STAGES)
    kel = _jobseeker_kelurahan(rng)
    experience = biz.idea_experience if stage == "ide" else biz.experience
    childcare = age <= 45 and rng.random() < 0.6
    skills = _some(rng, biz.skills, 3, 4) + _some(rng, fam.skills, 0, 1)
    skills = list(dict.fromkeys(skills))
    if rng.random() < 0.5:
        skills.append(
            rng.choice(("jualan lewat WhatsApp", "catat keuangan di buku", "posting di Facebook"))
        )
    description = f"{rng.choice(biz.descriptions)} {rng.choice(biz.stage_notes[stage])}"
    if stage == "ide":  # not started yet: the description is a plan
        description = f"Rencana usaha: {description}"
    travel = rng.choice((2, 2.5, 3, 3, 4, 5)) if childcare else rng.choice((3, 4, 5, 6, 8, 10))
    row = {
        "gender": "P",
        "age": str(age),
        "kelurahan": kel,
        "education": edu,
        "segment": "perempuan_wirausaha",
        "skills": "; ".join(_in_own_words(rng, skills)),
        "experience": _fill(rng, rng.choice(experience), kel, age),
        "interests": "; ".join(_some(rng, biz.interests, 1, 2)),
        "availability": _pick(rng, CHILDCARE_AVAILABILITY if childcare else WOMEN_AVAILABILITY),
        "max_travel_km": f"{float(travel):.1f}",
        "business_description": description.format(kel=kel, n=rng.randint(5, 40)),
        "business_stage": stage,
    }
    return row, {"family": fam.key, "second_family": "", "business": biz.key}


def make_jobseekers(rng: random.Random) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Youth first, then women entrepreneurs, then shuffled so segments interleave."""
    made = [_youth(rng) for _ in range(N_YOUTH)] + [_woman(rng) for _ in range(N_WOMEN)]
    rng.shuffle(made)
    disabled = set(rng.sample(range(len(made)), round(0.04 * len(made))))
    rows, truth = [], []
    for i, (row, fam) in enumerate(made):
        langs = ["Bahasa Indonesia"]
        if rng.random() < 0.45:
            langs.append(_pick(rng, EXTRA_LANGUAGES))
        if EDU_RANK[row["education"]] >= 4 and "Bahasa Inggris dasar" not in langs:
            langs.append(rng.choice(("Bahasa Inggris dasar", "Bahasa Inggris aktif")))
        registered = _day_between(rng, date(2025, 12, 1), date(2026, 11, 20))
        rid = f"JS-{i + 1:04d}"
        rows.append(
            {
                "id": rid,
                "name": _name(rng, row["gender"]),
                "phone": _phone(rng),
                **row,
                "languages": "; ".join(langs),
                "disability": rng.choice(DISABILITIES) if i in disabled else "",
                "registered_on": registered.isoformat(),
            }
        )
        truth.append({"kind": "jobseeker", "id": rid, **fam})
    return [{c: r[c] for c in JOBSEEKER_COLUMNS} for r in rows], truth


def _start_date_text(rng: random.Random) -> str:
    start = _day_between(rng, date(2026, 12, 1), date(2027, 3, 31))
    return start.strftime("%d/%m/%Y") if rng.random() < 0.12 else start.isoformat()


def _program(rng: random.Random, topic: ProgramTopic, n: int) -> dict[str, str]:
    provider, provider_kel = rng.choice(topic.providers)
    online = topic.online_share > 0 and rng.random() < topic.online_share
    seats = rng.choice((15, 16, 20, 20, 24, 25, 30))
    full = rng.random() < 0.15
    min_age, max_age = rng.choice(topic.ages)
    title = topic.titles[n % len(topic.titles)]
    if n >= len(topic.titles):
        title += " Angkatan II"
    return {
        "provider": provider,
        "title": title,
        "program_type": topic.program_type,
        "category": topic.category,
        "description": topic.descriptions[n % len(topic.descriptions)],
        "skills_taught": "; ".join(_some(rng, topic.skills, 3, 6)),
        "min_age": "" if min_age is None else str(min_age),
        "max_age": "" if max_age is None else str(max_age),
        "target_gender": topic.target_gender,
        "target_segment": topic.target_segment,
        "min_education": rng.choice(topic.min_education),
        "schedule": rng.choice(topic.online_schedules if online else topic.schedules),
        "kelurahan": "" if online else provider_kel,
        "online": "ya" if online else "tidak",
        "cost": str(0 if rng.random() < 0.8 else rng.choice(topic.costs)),
        "seats": str(seats),
        "seats_filled": str(seats if full else rng.randint(0, seats - 1)),
        "start_date": _start_date_text(rng),
        "duration_days": str(rng.randint(*topic.duration_days)),
    }


def make_programs(rng: random.Random) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    made = []
    for topic in PROGRAM_TOPICS:
        made += [(_program(rng, topic, n), topic) for n in range(topic.count)]
    rng.shuffle(made)
    rows, truth = [], []
    for i, (row, topic) in enumerate(made):
        rid = f"PR-{i + 1:03d}"
        row = {"id": rid} | row
        rows.append({c: row[c] for c in PROGRAM_COLUMNS})
        truth.append(
            {
                "kind": "program",
                "id": rid,
                "family": topic.family,
                "second_family": "",
                "business": "; ".join(topic.businesses),
            }
        )
    return rows, truth


def _vacancy(
    rng: random.Random, fam: Family, *, closed: bool, dmy_date: bool, wage_text: bool
) -> dict[str, str]:
    job = rng.choice(JOBS[fam.key])
    far = rng.random() < 0.18
    kel = _pick(rng, FAR_KELURAHAN if far else LOCAL_KELURAHAN)
    work_type, schedule = rng.choice(job.schedules or fam.schedules)
    others = [s for s in fam.skills if s not in job.core]
    required = [*job.core, *_some(rng, others, 0, 2)]
    nice = _some(rng, [s for s in others if s not in required], 1, 2)
    if rng.random() < 0.4:
        nice.append(rng.choice(NOISE_SKILLS))
    lo, hi = fam.wage
    if work_type == "paruh_waktu":
        lo, hi = lo // 2, hi // 2
    wage = rng.randrange(lo, hi + 1, 50_000)
    closing = (
        _day_between(rng, date(2026, 10, 15), TODAY - timedelta(days=1))
        if closed
        else _day_between(rng, date(2026, 12, 5), date(2027, 2, 28))
    )
    sentences = [job.description, *_some(rng, VACANCY_EXTRAS, 1, 2)]
    min_age = rng.choice(fam.min_ages)
    max_age = rng.choice((None, None, 25, 27, 30, 30, 35, 35, 40))
    return {
        "employer": rng.choice(job.employers).format(
            nama=rng.choice(NAME_WORDS["usaha"]), cafe=rng.choice(NAME_WORDS["cafe"]), kel=kel
        ),
        "title": job.title,
        "title_aliases": job.aliases,
        "description": " ".join(s.format(kel=kel) for s in sentences),
        "required_skills": "; ".join(required),
        "nice_skills": "; ".join(nice),
        "min_education": rng.choice(fam.min_education),
        "kelurahan": kel,
        "work_type": work_type,
        "schedule": schedule,
        "wage": _rupiah_text(rng, wage) if wage_text else str(wage),
        "openings": str(rng.choice((1, 1, 1, 2, 2, 3, 5))),
        "closing_date": closing.strftime("%d/%m/%Y") if dmy_date else closing.isoformat(),
        "min_age": str(min_age),
        "max_age": "" if max_age is None or max_age <= min_age + 4 else str(max_age),
    }


def make_vacancies(rng: random.Random) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    fams = [fam for fam in FAMILIES.values() for _ in range(fam.vacancies)]
    rng.shuffle(fams)
    # Exact shares, so every seed exercises the parsers and the closing-date rule alike.
    n = len(fams)
    closed, dmy, text = (set(rng.sample(range(n), round(f * n))) for f in (0.08, 0.15, 0.2))
    rows, truth = [], []
    for i, fam in enumerate(fams):
        rid = f"JV-{i + 1:04d}"
        flags = {"closed": i in closed, "dmy_date": i in dmy, "wage_text": i in text}
        row = {"id": rid} | _vacancy(rng, fam, **flags)
        rows.append({c: row[c] for c in VACANCY_COLUMNS})
        truth.append(
            {"kind": "vacancy", "id": rid, "family": fam.key, "second_family": "", "business": ""}
        )
    return rows, truth


def generate(seed: int, *, informal: bool = True) -> Sample:
    """Build all three tables from one seeded random stream; then, unless ``informal`` is
    false, rewrite the jobseekers' free text as they would type it (its own stream)."""
    if sum(f.vacancies for f in FAMILIES.values()) != N_VACANCIES:
        raise ValueError(f"family vacancy counts must add up to {N_VACANCIES}")
    rng = random.Random(seed)
    neat, js_truth = make_jobseekers(rng)
    programs, pr_truth = make_programs(rng)
    vacancies, jv_truth = make_vacancies(rng)
    jobseekers, habits = informal_jobseekers(neat, seed) if informal else (neat, [])
    truth = js_truth + pr_truth + jv_truth
    return Sample(jobseekers, programs, vacancies, truth, neat, habits)


def write_csv(path: Path, columns: Sequence[str], rows: list[dict[str, str]]) -> None:
    """UTF-8, comma-separated, ``\\n`` line ends, so output is the same on every OS."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8"))


def write_sample(
    seed: int, out: Path, truth: Path | None = None, *, informal: bool = True
) -> Sample:
    """Write the three CSVs and the messy files into ``out``; return what was written."""
    sample = generate(seed, informal=informal)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "jobseekers.csv", JOBSEEKER_COLUMNS, sample.jobseekers)
    write_csv(out / "programs.csv", PROGRAM_COLUMNS, sample.programs)
    write_csv(out / "vacancies.csv", VACANCY_COLUMNS, sample.vacancies)
    write_messy(out / "messy", VACANCY_COLUMNS, JOBSEEKER_COLUMNS)
    if truth is not None:
        cols = ("kind", "id", "family", "second_family", "business")
        write_csv(truth, cols, sample.truth)
    return sample


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "sample")
    parser.add_argument("--truth", type=Path, default=None, help="also write record families")
    parser.add_argument(
        "--neat", action="store_true",
        help="skip the phone-typing rewrite: jobseekers write in the family phrases",
    )  # fmt: skip
    args = parser.parse_args(argv)
    sample = write_sample(args.seed, args.out, args.truth, informal=not args.neat)
    print(
        f"wrote {len(sample.jobseekers)} jobseekers, {len(sample.programs)} programs, "
        f"{len(sample.vacancies)} vacancies to {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
