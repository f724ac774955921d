"""The seeded synthetic sample in data/sample: deterministic, complete and consistent."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SAMPLE = DATA / "sample"
SEED = 20261127

# The loader is written against these; they are spelled out here, not imported, so that
# a renamed column in the generator fails this test.
JOBSEEKER_COLUMNS = [
    "id", "name", "phone", "age", "gender", "kelurahan", "education", "segment", "skills",
    "experience", "interests", "availability", "max_travel_km", "languages", "disability",
    "business_description", "business_stage", "registered_on",
]  # fmt: skip
PROGRAM_COLUMNS = [
    "id", "provider", "title", "program_type", "category", "description", "skills_taught",
    "min_age", "max_age", "target_gender", "target_segment", "min_education", "schedule",
    "kelurahan", "online", "cost", "seats", "seats_filled", "start_date", "duration_days",
]  # fmt: skip
VACANCY_COLUMNS = [
    "id", "employer", "title", "title_aliases", "description", "required_skills",
    "nice_skills", "min_education", "kelurahan", "work_type", "schedule", "wage",
    "openings", "closing_date", "min_age", "max_age",
]  # fmt: skip
FILES = (
    "jobseekers.csv",
    "programs.csv",
    "vacancies.csv",
    "messy/vacancies_windows1252.csv",
    "messy/jobseekers_bad.xlsx",
)


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_sample", DATA / "generate_sample.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate_sample", module)
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


def _read(name: str) -> list[dict[str, str]]:
    with open(SAMPLE / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _header(name: str) -> list[str]:
    with open(SAMPLE / name, encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


@pytest.fixture(scope="module")
def jobseekers() -> list[dict[str, str]]:
    return _read("jobseekers.csv")


@pytest.fixture(scope="module")
def programs() -> list[dict[str, str]]:
    return _read("programs.csv")


@pytest.fixture(scope="module")
def vacancies() -> list[dict[str, str]]:
    return _read("vacancies.csv")


@pytest.fixture(scope="module")
def centroid_kelurahan() -> set[str]:
    with open(DATA / "external" / "kelurahan_centroids.csv", encoding="utf-8") as f:
        return {row["nama"] for row in csv.DictReader(f) if row["level"] == "4"}


def test_same_seed_writes_byte_identical_files(tmp_path):
    gen.main(["--seed", str(SEED), "--out", str(tmp_path / "a")])
    gen.main(["--seed", str(SEED), "--out", str(tmp_path / "b")])
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_different_seed_writes_different_data(tmp_path):
    gen.main(["--seed", "1", "--out", str(tmp_path / "a")])
    gen.main(["--seed", "2", "--out", str(tmp_path / "b")])
    for name in ("jobseekers.csv", "programs.csv", "vacancies.csv"):
        assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "b" / name).read_bytes(), name


def test_committed_sample_is_what_the_generator_writes(tmp_path):
    gen.main(["--seed", str(SEED), "--out", str(tmp_path)])
    for name in FILES:
        assert (SAMPLE / name).read_bytes() == (tmp_path / name).read_bytes(), (
            f"{name} is stale: rerun python data/generate_sample.py --seed {SEED}"
        )


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("jobseekers.csv", JOBSEEKER_COLUMNS),
        ("programs.csv", PROGRAM_COLUMNS),
        ("vacancies.csv", VACANCY_COLUMNS),
    ],
)
def test_tables_have_exactly_the_agreed_columns(name, columns):
    assert _header(name) == columns


def test_tables_have_the_agreed_sizes(jobseekers, programs, vacancies):
    segments = [r["segment"] for r in jobseekers]
    types = [r["program_type"] for r in programs]
    assert (len(jobseekers), len(programs), len(vacancies)) == (320, 60, 200)
    assert (segments.count("pemuda"), segments.count("perempuan_wirausaha")) == (200, 120)
    assert (types.count("vokasi"), types.count("kewirausahaan")) == (38, 22)


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("jobseekers.csv", r"JS-\d{4}"),
        ("programs.csv", r"PR-\d{3}"),
        ("vacancies.csv", r"JV-\d{4}"),
    ],
)
def test_ids_are_unique_and_well_formed(name, pattern):
    ids = [r["id"] for r in _read(name)]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(pattern, i) for i in ids)


def test_every_kelurahan_is_in_the_centroid_file(
    jobseekers, programs, vacancies, centroid_kelurahan
):
    used = {r["kelurahan"] for r in jobseekers + vacancies}
    used |= {r["kelurahan"] for r in programs if r["online"] == "tidak"}
    assert used - centroid_kelurahan == set()
    assert "Tanjung Barat" in used


def test_online_programs_and_only_they_have_no_kelurahan(programs):
    for r in programs:
        assert (r["kelurahan"] == "") == (r["online"] == "ya"), r["id"]
    assert any(r["online"] == "ya" for r in programs)


def test_ages_fall_within_each_segment_range(jobseekers):
    ranges = {"pemuda": (16, 29), "perempuan_wirausaha": (22, 55)}
    for r in jobseekers:
        lo, hi = ranges[r["segment"]]
        assert lo <= int(r["age"]) <= hi, r["id"]


def test_only_women_entrepreneurs_describe_a_business(jobseekers):
    for r in jobseekers:
        if r["segment"] == "perempuan_wirausaha":
            assert r["gender"] == "P", r["id"]
            assert r["business_stage"] in {"ide", "rintisan", "berkembang"}, r["id"]
            assert r["business_description"], r["id"]
        else:
            assert (r["business_stage"], r["business_description"]) == ("", ""), r["id"]


def test_childcare_availability_goes_with_short_travel(jobseekers):
    childcare = [
        r for r in jobseekers if "anak" in r["availability"] or "child" in r["availability"]
    ]
    assert childcare
    assert all(2.0 <= float(r["max_travel_km"]) <= 5.0 for r in childcare)


def test_every_program_and_vacancy_has_at_least_one_skill(programs, vacancies):
    assert all(r["skills_taught"].strip() for r in programs)
    assert all(r["required_skills"].strip() for r in vacancies)


def _date(text: str) -> date:
    if "/" in text:
        return datetime.strptime(text, "%d/%m/%Y").date()
    return date.fromisoformat(text)


def test_some_programs_are_full_and_exactly_8_percent_of_vacancies_closed(programs, vacancies):
    today = date(2026, 11, 27)
    assert any(r["seats"] == r["seats_filled"] for r in programs)
    assert sum(_date(r["closing_date"]) < today for r in vacancies) == 16


def test_sample_exercises_indonesian_numbers_and_dates(programs, vacancies):
    wages = [r["wage"] for r in vacancies]
    assert sum(not w.isdigit() for w in wages) == 40
    assert any(w.startswith("Rp") for w in wages) and any(
        w[0].isdigit() and "." in w for w in wages
    )
    assert sum("/" in r["closing_date"] for r in vacancies) == 30
    assert any("/" in r["start_date"] for r in programs)


def test_people_have_skills_from_their_own_family():
    # Checked on the skills as drawn: the phone-typing rewrite then says them in other
    # words (tests/test_sample_informal.py), so they no longer equal the family phrases.
    sample = gen.generate(SEED)
    family_of = {t["id"]: t for t in sample.truth if t["kind"] == "jobseeker"}
    canonical = {v: k for k, variants in gen.PERSON_VARIANTS.items() for v in variants}
    for r in sample.neat_jobseekers:
        if r["segment"] != "pemuda":
            continue
        pool = set(gen.FAMILIES[family_of[r["id"]]["family"]].skills)
        skills = [canonical.get(s, s) for s in r["skills"].split("; ")]
        assert sum(s in pool for s in skills) >= 3, r["id"]


def test_some_people_write_skills_in_their_own_words():
    neat = gen.generate(SEED).neat_jobseekers  # before the phone-typing rewrite
    variants = {v for vs in gen.PERSON_VARIANTS.values() for v in vs}
    rewritten = [r for r in neat if variants & set(r["skills"].split("; "))]
    assert 0.3 < len(rewritten) / len(neat) < 0.95


FREE_TEXT = ("skills", "experience", "interests", "business_description")


def test_the_phone_rewrite_changes_only_the_jobseekers_free_text():
    typed, neat = gen.generate(SEED), gen.generate(SEED, informal=False)
    assert (typed.programs, typed.vacancies, typed.truth) == (
        neat.programs,
        neat.vacancies,
        neat.truth,
    )
    assert typed.neat_jobseekers == neat.jobseekers
    for t, n in zip(typed.jobseekers, neat.jobseekers, strict=True):
        assert {c: v for c, v in t.items() if c not in FREE_TEXT} == {
            c: v for c, v in n.items() if c not in FREE_TEXT
        }, t["id"]
        assert all(bool(t[c]) == bool(n[c]) for c in FREE_TEXT), t["id"]


def test_most_jobseekers_type_informally_and_some_neatly(jobseekers):
    neat = {r["id"]: r for r in gen.generate(SEED).neat_jobseekers}
    changed = [r for r in jobseekers if any(r[c] != neat[r["id"]][c] for c in FREE_TEXT)]
    assert 0.6 < len(changed) / len(jobseekers) < 0.95
    phrases = [p for r in jobseekers for p in r["skills"].split("; ")]
    drawn = {p for r in neat.values() for p in r["skills"].split("; ")}
    assert 0.3 < sum(p not in drawn for p in phrases) / len(phrases) < 0.7


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b(yg|dgn|dg|utk|gak|ga|tdk|nggak|udah|udh|sdh|bs|aja|sm|bgt|blm|belom|jd|dr)\b",
        r"\b[a-z]+2\b",  # reduplication written with 2: bersih2, kue2
        r"\b(nyetir|benerin|nganter|anter|nyuci|ngelayanin|layanin|ngitung|bantuin|nyatet)\b",
        r"\b(Gojek|Grab|Maxim|tokped|Canva|GoFood|GrabFood|gmaps|Indomaret|Alfamart|J&T)\b",
        r"(delivery|data entry|typing|english|teamwork|packaging|pick & pack|cleaning kantor)",
        r"^[a-z][^.]*$",  # a business description in lower case without full stops
    ],
)
def test_jobseekers_write_the_way_people_type_on_a_phone(jobseekers, pattern):
    def count(rows: list[dict[str, str]]) -> int:
        texts = [r["business_description"] if "$" in pattern else
                 " ".join(r[c] for c in FREE_TEXT) for r in rows]  # fmt: skip
        flags = 0 if "$" in pattern else re.IGNORECASE
        return sum(bool(re.search(pattern, t, flags=flags)) for t in texts if t)

    assert count(jobseekers) >= count(gen.generate(SEED).neat_jobseekers) + 10, pattern


def test_messy_vacancy_file_is_windows1252_semicolon_with_documented_bad_rows():
    raw = (SAMPLE / "messy" / "vacancies_windows1252.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw.decode("cp1252")), delimiter=";"))
    assert list(rows[0]) == [*VACANCY_COLUMNS, "catatan"]
    by_row = {i + 2: r for i, r in enumerate(rows)}  # spreadsheet rows: header is row 1
    assert by_row[4]["wage"] == "-3500000"
    assert by_row[6]["closing_date"] == "31/02/2027"
    assert by_row[7]["work_type"] == "kontrak"
    assert by_row[8]["title"] == ""
    assert by_row[9]["id"] == by_row[8]["id"] == "JV-9007"


def test_messy_jobseeker_workbook_has_three_documented_bad_rows():
    ws = load_workbook(SAMPLE / "messy" / "jobseekers_bad.xlsx", read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == JOBSEEKER_COLUMNS
    col = {c: i for i, c in enumerate(JOBSEEKER_COLUMNS)}
    assert len(rows) == 9
    assert rows[3][col["age"]] == "dua puluh"
    assert rows[5][col["gender"]] == "X"
    assert rows[7][col["education"]] == "lulus"


def test_clean_sample_loads_with_the_project_loader_without_problems():
    from matcher.loaders import load_jobseekers, load_programs, load_vacancies

    for load, name, n in [
        (load_jobseekers, "jobseekers.csv", 320),
        (load_programs, "programs.csv", 60),
        (load_vacancies, "vacancies.csv", 200),
    ]:
        report = load(SAMPLE / name)
        assert [str(p) for p in report.problems] == []
        assert len(report.records) == n


def test_project_loader_reports_exactly_the_bad_rows_the_readme_documents():
    from matcher.loaders import load_jobseekers, load_vacancies

    vacancies = load_vacancies(SAMPLE / "messy" / "vacancies_windows1252.csv")
    jobseekers = load_jobseekers(SAMPLE / "messy" / "jobseekers_bad.xlsx")
    assert [(p.row, p.column) for p in vacancies.problems] == [
        (4, "wage"),
        (6, "closing_date"),
        (7, "work_type"),
        (8, "title"),
        (9, "id"),
    ]
    assert [(p.row, p.column) for p in jobseekers.problems] == [
        (4, "age"),
        (6, "gender"),
        (8, "education"),
    ]
    assert (len(vacancies.records), len(jobseekers.records)) == (7, 5)
