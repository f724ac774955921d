"""Supply and demand of skills and the map: small worlds whose gaps are known by construction."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.domain import (
    Education,
    Gender,
    JobPosting,
    Jobseeker,
    ProgramType,
    Segment,
    TargetSegment,
    TrainingProgram,
)
from matcher.needs.mapdata import LAYER_OFFSET_DEG, map_chart, map_points
from matcher.needs.supply_demand import MAX_SUGGESTED_SEATS, SupplyDemand
from matcher.scoring.geo import default_gazetteer
from matcher.text.glossary import Glossary
from matcher.text.skills import SkillConcept, SkillNormaliser

TODAY = date(2026, 11, 27)
SYNONYMS = {"pembukuan": "book", "bookkeeping": "book", "kasir": "cash", "cashier": "cash",
            "excel": "sheet", "menjahit": "sew"}  # fmt: skip


def normalise(phrases: list[str]) -> list[list[tuple[str, str]]]:
    """Indonesian and English phrases onto shared concept keys, like the ESCO normaliser."""
    out = []
    for p in phrases:
        key = SYNONYMS.get(p.lower())
        out.append([(f"c:{key}", key)] if key else [(f"raw:{p.lower()}", p)])
    return out


def person(pid, skills, kelurahan="Tanjung Barat", segment=Segment.YOUTH, **kw) -> Jobseeker:
    return Jobseeker(pid, 22, Gender.FEMALE, kelurahan, Education.SMA, segment,
                     skills=tuple(skills), **kw)  # fmt: skip


def job(vid, skills, openings, kelurahan="Tanjung Barat", closing=date(2027, 1, 31)) -> JobPosting:
    return JobPosting(vid, f"Employer {vid}", f"Job {vid}", required_skills=tuple(skills),
                      kelurahan=kelurahan, openings=openings, closing_date=closing)  # fmt: skip


def course(pid, skills, seats, provider="PPKD Jakarta Selatan", **kw) -> TrainingProgram:
    base = dict(kelurahan="Tanjung Barat", start_date=date(2027, 1, 15))
    base.update(kw)
    return TrainingProgram(pid, provider, f"Course {pid}", ProgramType.VOCATIONAL,
                           skills_taught=tuple(skills), seats=seats, **base)  # fmt: skip


@pytest.fixture
def world() -> SupplyDemand:
    people = [
        person("JS-1", ["pembukuan"]),
        person("JS-2", ["pembukuan", "kasir"]),
        person("JS-3", ["Pembukuan"]),
        person("JS-4", ["bookkeeping"], kelurahan="Lenteng Agung",
               segment=Segment.WOMAN_ENTREPRENEUR, interests="kasir"),
    ]  # fmt: skip
    vacancies = [
        job("JV-1", ["bookkeeping", "excel"], openings=12),
        job("JV-2", ["bookkeeping", "cashier"], openings=30, closing=date(2026, 11, 1)),  # closed
        job("JV-3", ["cashier"], openings=2, kelurahan="Lenteng Agung"),
        job("JV-4", ["menjahit"], openings=40, kelurahan="Lenteng Agung"),
    ]
    programs = [
        course("PR-1", ["kasir"], seats=10, seats_filled=4),  # 6 seats, Tanjung Barat
        course("PR-2", ["pembukuan"], seats=2, provider="Koperasi Melati", online=True,
               kelurahan="", target_segment=TargetSegment.WOMAN_ENTREPRENEUR),
        course("PR-3", ["pembukuan"], seats=50, start_date=date(2026, 10, 1)),  # started
        course("PR-4", ["excel"], seats=10, provider="Rumah Digital"),
    ]  # fmt: skip
    return SupplyDemand(people, programs, vacancies, normalise, as_of=TODAY)


def row(table, key):
    match = table[table["concept"] == key]
    assert len(match) == 1, f"{key} not in table"
    return match.iloc[0]


def test_counts_skills_as_concepts_not_as_typed_phrases(world):
    book = row(world.table(), "c:book")
    assert book["jobseekers"] == 4  # pembukuan x3 (any case) + bookkeeping
    assert book["openings"] == 12 and book["vacancies"] == 1


def test_closed_vacancies_and_started_trainings_are_not_counted(world):
    book = row(world.table(), "c:book")
    assert book["training_seats"] == 2  # PR-3 has started; JV-2 is closed
    assert row(world.table(), "c:cash")["openings"] == 2


def test_gap_is_openings_minus_people_and_free_seats(world):
    table = world.table()
    assert row(table, "c:book")["gap"] == 12 - 4 - 2
    assert row(table, "c:cash")["gap"] == 0  # 2 openings, 1 person + 6 seats
    assert row(table, "c:sew")["gap"] == 40


def test_gaps_rank_the_largest_shortfall_first(world):
    gaps = world.gaps()
    # sew 40, book 12 - 4 - 2 = 6, excel 12 - 0 - 10 = 2; cashier has no gap.
    assert list(gaps["concept"]) == ["c:sew", "c:book", "c:sheet"]
    assert list(gaps["gap"]) == [40, 6, 2]


def test_online_seats_count_in_every_kelurahan_but_local_seats_only_where_held(world):
    lenteng = world.table("Lenteng Agung")
    assert row(lenteng, "c:book")["training_seats"] == 2  # the online course
    assert row(lenteng, "c:cash")["training_seats"] == 0  # PR-1 is in Tanjung Barat
    assert row(lenteng, "c:cash")["gap"] == 2 - 0  # JS-2 (kasir) lives in Tanjung Barat
    tanjung = world.table("Tanjung Barat")
    assert row(tanjung, "c:cash")["training_seats"] == 6


def test_interest_without_the_skill_counts_as_interested(world):
    assert row(world.table(), "c:cash")["interested"] == 1  # JS-4 wants to learn kasir


def test_suggestions_carry_the_numbers_and_cap_a_class(world):
    top = world.suggestions(top=3)
    sew = top[0]
    assert (sew.skill, sew.openings, sew.jobseekers, sew.training_seats, sew.gap) == (
        "sew", 40, 0, 0, 40)  # fmt: skip
    assert sew.suggested_seats == MAX_SUGGESTED_SEATS
    assert "40 lowongan" in sew.reason("id") and "40 open positions" in sew.reason("en")


def test_suggests_providers_teaching_the_skill_before_those_teaching_companions(world):
    # JV-1 asks bookkeeping together with excel: Rumah Digital teaches excel (1 point),
    # Koperasi Melati teaches bookkeeping itself (3 points).
    assert world.related_providers("c:book") == ("Koperasi Melati", "Rumah Digital")
    assert world.related_providers("c:sew") == ()  # nobody teaches anything related


def test_kelurahan_totals_add_up_to_the_people_registered_there(world):
    totals = world.by_kelurahan().set_index("kelurahan")
    assert totals.loc["Tanjung Barat", "jobseekers"] == 3 + 1 + 0  # skill mentions
    assert totals.loc["Lenteng Agung", "openings"] == 2 + 40


def test_uses_the_esco_skill_normaliser_when_given_one():
    book = SkillConcept("s:book", "keep bookkeeping records", ("bookkeeping",))
    norm = SkillNormaliser(overrides={"pembukuan": "s:book"}, glossary=Glossary([])).fit([book])
    sd = SupplyDemand([person("JS-1", ["pembukuan"])], [], [job("JV-1", ["bookkeeping"], 3)],
                      norm, as_of=TODAY)  # fmt: skip
    got = row(sd.table(), "s:book")
    assert (got["skill"], got["jobseekers"], got["openings"], got["gap"]) == (
        "keep bookkeeping records", 1, 3, 2)  # fmt: skip


# --- map ---------------------------------------------------------------------------------


def test_map_counts_people_per_kelurahan_at_its_centroid(world):
    pts = map_points(world).points
    people = pts[pts["layer"] == "pencari_kerja"].set_index("kelurahan")
    assert people.loc["Tanjung Barat", "count"] == 3 and people.loc["Lenteng Agung", "count"] == 1
    centroid = default_gazetteer().get("Tanjung Barat")
    assert people.loc["Tanjung Barat", "lat"] == pytest.approx(centroid.lat)
    assert people.loc["Tanjung Barat", "lng"] == pytest.approx(centroid.lng - LAYER_OFFSET_DEG)
    assert set(pts.columns) == {"layer", "kelurahan", "lat", "lng", "count", "people"}


def test_map_filters_by_segment_and_skill(world):
    data = map_points(world, segment=Segment.WOMAN_ENTREPRENEUR)
    people = data.points[data.points["layer"] == "pencari_kerja"]
    assert list(people["kelurahan"]) == ["Lenteng Agung"]
    sites = data.points[data.points["layer"] == "pelatihan"]
    assert sites["count"].sum() == 2 and data.online_trainings == 1  # PR-1, PR-4; PR-2 online
    youth = map_points(world, segment=Segment.YOUTH)
    assert youth.online_trainings == 0  # PR-2 is for women entrepreneurs only
    sew = map_points(world, skill="c:sew").points
    assert list(sew["layer"]) == ["lowongan"] and sew["people"].sum() == 40


def test_map_reports_records_whose_kelurahan_has_no_centroid():
    sd = SupplyDemand([person("JS-1", ["kasir"], kelurahan="Atlantis")], [], [], normalise,
                      as_of=TODAY)  # fmt: skip
    data = map_points(sd)
    assert data.points.empty and data.unplaced == {"pencari_kerja": 1}


def test_map_chart_draws_without_tiles(world):
    spec = map_chart(map_points(world).points, {"lowongan": "Lowongan"}).to_dict()
    bubbles, names = spec["layer"]
    assert bubbles["mark"]["type"] == "circle" and names["mark"]["type"] == "text"
    assert bubbles["encoding"]["longitude"]["field"] == "lng"
    assert "url" not in str(spec)  # no tile or geo data fetched from the internet
