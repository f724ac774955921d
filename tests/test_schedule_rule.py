"""The schedule rule (Rule.SCHEDULE): a vacancy whose hours the person can work less than
half of is excluded, and a course whose hours she can attend none of; unknown availability
and flexible items never are."""

from __future__ import annotations

import pytest

from matcher.domain import WorkType
from matcher.engine import MatchingEngine, MatchOptions
from matcher.scoring.rules import Rule
from tests.conftest import TODAY, best_vacancy, fake_normalise, person, relaxing, training, vacancy

WEEKDAYS = "Senin-Jumat 08:00-16:00"


@pytest.fixture(scope="module")
def engine():
    skills = ("kasir", "melayani pelanggan")
    people = [
        person("JS-WEEKEND", skills=skills, availability="sabtu minggu aja"),
        person("JS-ANY", skills=skills, availability="bebas"),
        person("JS-SILENT", skills=skills, availability=""),  # availability not given
    ]
    vacancies = [
        vacancy("V-WEEKDAY", "Kasir minimarket", skills, schedule=WEEKDAYS),
        # Jobs she can take at her hours, but with nothing of hers in them.
        vacancy("V-WEEKEND", "Staf gudang", ("gudang",), schedule="Sabtu-Minggu 08:00-16:00"),
        vacancy("V-FLEX", "Helper gudang", ("gudang",), schedule="fleksibel"),
        # Hours not written: the reader's Monday-Saturday 08-17 is a guess, not judged.
        vacancy("V-VAGUE", "Staf toko", ("gudang",), schedule="part time, sesuai kesepakatan"),
    ]
    programs = [
        training("T-WEEKDAY", "Kursus kasir", ("kasir",), schedule=WEEKDAYS),
        training("T-SATURDAY", "Kursus kasir pagi", ("kasir",), schedule="Senin-Sabtu 08:00-12:00"),
    ]
    return MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        people, programs, vacancies
    )


OPTS = MatchOptions(as_of=TODAY, diversity=0.0, pathways=0, relevance_floor=0.0)


def ids(recs):
    return {r.item_id for r in recs}


def test_a_job_at_hours_the_person_cannot_work_is_excluded_with_its_reason(engine):
    weekend = engine.recommend_for_jobseeker("JS-WEEKEND", OPTS)
    assert ids(weekend.vacancies) == {"V-WEEKEND", "V-FLEX", "V-VAGUE"}
    [excluded] = [r for r in weekend.excluded if r.item_id == "V-WEEKDAY"]
    assert excluded.explanation.failed_rules == (Rule.SCHEDULE,)
    assert "di luar waktu" in excluded.explanation.summary("id")
    # A course can be followed in part (one morning in six), not at none of its hours.
    assert ids(weekend.trainings) == {"T-SATURDAY"}
    [course] = [r for r in weekend.excluded if r.item_id == "T-WEEKDAY"]
    assert course.explanation.failed_rules == (Rule.SCHEDULE,)


def test_unknown_availability_and_open_availability_exclude_nothing(engine):
    for pid in ("JS-ANY", "JS-SILENT"):
        got = engine.recommend_for_jobseeker(pid, OPTS)
        assert ids(got.vacancies) == {"V-WEEKDAY", "V-WEEKEND", "V-FLEX", "V-VAGUE"}, pid


def test_a_counselor_may_relax_the_schedule_rule(engine):
    relaxed = relaxing(Rule.SCHEDULE, pathways=0)
    weekend = engine.recommend_for_jobseeker("JS-WEEKEND", relaxed)
    [job] = [r for r in weekend.vacancies if r.item_id == "V-WEEKDAY"]
    assert job.explanation.relaxed_rules == (Rule.SCHEDULE,)


@pytest.mark.parametrize("shortlist", [0, 1])
def test_the_batch_applies_the_schedule_rule_exact_and_shortlisted(engine, shortlist):
    def best(options):
        return best_vacancy(engine, "JS-WEEKEND", options, shortlist)

    # Relaxed, the weekday job is her best (its skills are hers, the others' are not); the
    # rule alone keeps it out, also from a shortlist of one (the prefilter's stand-in
    # applies it, or the one job shortlisted would be the excluded one).
    relaxed = relaxing(Rule.SCHEDULE)
    assert best(relaxed) == "V-WEEKDAY"
    assert best(OPTS) in {"V-WEEKEND", "V-FLEX", "V-VAGUE"}


@pytest.fixture(scope="module")
def online_engine():
    skills = ("kasir",)
    people = [
        person("JS-MORNING", skills=skills, availability="pagi saja (antar anak sekolah)"),
        person("JS-EVENING", skills=skills, availability="malem aja abis maghrib"),
        person("JS-SILENT", skills=skills, availability=""),
    ]
    evening = "Senin-Jumat 19:00-21:00"
    programs = [
        training("T-ROOM-EVENING", "Kursus kasir malam", skills, schedule=evening),
        training("T-LIVE-EVENING", "Kursus kasir online", skills, online=True,
                 schedule=f"online, {evening}"),
        training("T-SELF-PACED", "Kursus kasir mandiri", skills, online=True,
                 schedule="online, kapan saja"),
    ]  # fmt: skip
    vacancies = [
        vacancy("V-ANY", "Kasir", skills, schedule="fleksibel"),
        vacancy("V-HOME", "Kasir online shop", skills, schedule="fleksibel",
                work_type=WorkType.HOME_BASED, kelurahan="Kelapa Gading Timur"),
    ]  # fmt: skip
    return MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(
        people, programs, vacancies
    )


def _card(result, item_id):
    return next(r for r in result.trainings + result.excluded if r.item_id == item_id)


def test_a_live_online_class_is_scored_on_its_hours_and_the_card_says_when_it_meets(
    online_engine,
):
    morning = online_engine.recommend_for_jobseeker("JS-MORNING", OPTS)
    # In a room, hours she can keep none of rule a course out; online, they lower its
    # score and the card asks, since she wrote her free time for work.
    assert _card(morning, "T-ROOM-EVENING").explanation.failed_rules == (Rule.SCHEDULE,)
    live = _card(morning, "T-LIVE-EVENING")
    assert live in morning.trainings and live.explanation.part("schedule").value == 0.0
    said = live.explanation.summary("id")
    assert "kelas online Senin-Jumat 19:00-21:00: di luar waktu luangnya, tanyakan dulu" in said
    assert "outside their free time; ask first" in live.explanation.summary("en")
    # Self-paced: any time, and nothing to ask.
    own_pace = _card(morning, "T-SELF-PACED")
    assert own_pace.explanation.part("schedule").value == 1.0
    assert "online_hours" not in own_pace.explanation.facts
    assert live.score < own_pace.score

    # Online or from home: no kilometres on the card, which says that none count.
    assert live.explanation.distance_km is None and "km" not in said
    assert "online, tanpa perjalanan" in said
    [home] = [r for r in morning.vacancies if r.item_id == "V-HOME"]
    assert home.explanation.distance_km is None  # though it names a place 20 km away
    assert "kerja dari rumah, tanpa perjalanan" in home.explanation.summary("id")
    assert "work from home, no travel" in home.explanation.summary("en")
    [near] = [r for r in morning.vacancies if r.item_id == "V-ANY"]
    # A place of its own: here the person's kelurahan (distances run between their centres).
    assert near.explanation.distance_km == 0.0
    assert "di kelurahan yang sama" in near.explanation.summary("id")
    assert "in the same kelurahan" in near.explanation.summary("en")

    evening = online_engine.recommend_for_jobseeker("JS-EVENING", OPTS)
    live = _card(evening, "T-LIVE-EVENING")
    assert live.explanation.part("schedule").value == 1.0
    assert "online_hours" not in live.explanation.facts  # it fits: nothing to ask
    # Free time not given: the part is neutral and there is nothing to compare.
    silent = _card(online_engine.recommend_for_jobseeker("JS-SILENT", OPTS), "T-LIVE-EVENING")
    assert "online_hours" not in silent.explanation.facts
