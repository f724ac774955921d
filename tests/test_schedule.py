"""Free-text schedules and availability."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.scoring.schedule import (
    parse_job_schedule,
    parse_schedule,
    schedule_fit,
    schedule_fit_matrix,
    stack_jobs,
)


@pytest.mark.parametrize(
    ("availability", "job", "fit"),
    [
        ("pagi saja (antar anak sekolah)", "Senin-Jumat 08:00-12:00", 1.0),
        ("mornings only because of childcare", "Senin-Jumat 08:00-12:00", 1.0),
        ("pagi saja", "Senin-Sabtu 07:00-15:00", 5 / 8),
        ("pagi saja", "shift malam 22:00-06:00", 0.0),
        ("akhir pekan saja", "Sabtu-Minggu 10:00-18:00", 1.0),
        ("akhir pekan saja", "Senin-Jumat 08:00-16:00", 0.0),
        ("kapan saja", "shift malam 22:00-06:00", 1.0),
        ("weekdays only", "Senin-Sabtu 08:00-16:00", 5 / 6),
        ("Senin-Jumat 08:00-17:00", "fleksibel", 1.0),
    ],
)
def test_schedule_fit_is_the_share_of_job_hours_covered(availability, job, fit):
    assert schedule_fit(parse_schedule(availability), parse_job_schedule(job)) == pytest.approx(fit)


def test_alternative_shifts_take_the_best_one():
    both = parse_job_schedule("shift pagi 07:00-15:00 / shift malam 22:00-06:00")
    assert len(both.alternatives) == 2
    assert schedule_fit(parse_schedule("kapan saja"), both) == 1.0
    assert not both.only_night and both.has_night_hours


def test_night_shift_is_recognised():
    assert parse_job_schedule("shift malam 22:00-06:00").only_night
    assert not parse_job_schedule("Senin-Jumat 08:00-16:00").has_night_hours


def test_home_based_work_fits_any_availability():
    job = parse_job_schedule("Senin-Jumat 08:00-16:00", home_based=True)
    assert schedule_fit(parse_schedule("malam saja"), job) == 1.0


def test_unknown_availability_is_neutral_not_zero():
    assert 0 < schedule_fit(parse_schedule(""), parse_job_schedule("Senin 08:00-12:00")) < 1


def test_matrix_equals_pairwise_fits():
    avail = [parse_schedule(t) for t in ("pagi saja", "sore dan malam", "", "kapan saja")]
    jobs = [
        parse_job_schedule(t)
        for t in ("Senin-Jumat 08:00-12:00", "shift pagi 07:00-15:00 / shift malam 22:00-06:00",
                  "Sabtu 13:00-17:00", "fleksibel")
    ]  # fmt: skip
    expected = np.array([[schedule_fit(a, j) for j in jobs] for a in avail])
    np.testing.assert_allclose(schedule_fit_matrix(avail, jobs), expected, rtol=1e-6)


def test_repeated_job_schedules_are_scored_once_and_gathered_to_every_job():
    avail = [parse_schedule(t) for t in ("pagi saja", "sore dan malam", "", "kapan saja")]
    texts = ["Senin-Jumat 08:00-12:00", "shift pagi 07:00-15:00 / shift malam 22:00-06:00",
             "Sabtu 13:00-17:00", "fleksibel"]  # fmt: skip
    jobs = [parse_job_schedule(texts[i % 4]) for i in (0, 1, 0, 2, 3, 1, 0, 3)]
    stacked = stack_jobs(jobs)
    assert stacked.distinct is not None and len(stacked.distinct.flexible) == 4
    assert stacked.inverse.tolist() == [0, 1, 0, 2, 3, 1, 0, 3]
    expected = np.array([[schedule_fit(a, j) for j in jobs] for a in avail])
    np.testing.assert_allclose(schedule_fit_matrix(avail, jobs), expected, rtol=1e-6)


# ---------------------------------------------------------------------------------------
# People's availability as typed on a phone in Jakarta. Each phrase comes with the hours a
# job counselor would read from it, as (days, start, end) blocks; end may pass midnight.

EVERY, WEEKDAYS, WEEKEND = range(7), range(5), (5, 6)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def hours(days, start: int, end: int) -> frozenset[tuple[int, int]]:
    """(day, hour) cells of ``days`` from ``start`` to ``end`` (past 24 runs into the next day)."""
    if isinstance(days, int):
        days = (days,)
    return frozenset(((d + h // 24) % 7, h % 24) for d in days for h in range(start, end))


def cells(text: str) -> frozenset[tuple[int, int]]:
    grid = parse_schedule(text).mask.reshape(7, 24)
    return frozenset((int(d), int(h)) for d, h in zip(*np.nonzero(grid), strict=True))


NOT_SUNDAY = (MON, TUE, WED, THU, FRI, SAT)

INFORMAL = [
    # "only" words and informal day sets
    ("weekend doang, senin-jumat kerja", hours(WEEKEND, 6, 22)),
    ("wiken aja", hours(WEEKEND, 6, 22)),
    ("wikend doang", hours(WEEKEND, 6, 22)),
    ("WEEKEND DOANG", hours(WEEKEND, 6, 22)),
    ("hari biasa aja", hours(WEEKDAYS, 6, 22)),
    ("pas libur aja", hours(WEEKEND, 6, 22)),
    ("cuma bisa sore", hours(EVERY, 15, 18)),
    ("hanya hari sabtu", hours(SAT, 6, 22)),
    ("only weekends", hours(WEEKEND, 6, 22)),
    ("cuma bisa hari sabtu & minggu", hours(WEEKEND, 6, 22)),
    ("weekday doang, weekend kumpul keluarga", hours(WEEKDAYS, 6, 22)),
    ("ahad aja", hours(SUN, 6, 22)),
    ("pagi2 aja", hours(EVERY, 6, 12)),
    ("sore2 bisa", hours(EVERY, 15, 18)),
    ("mlm aja", hours(EVERY, 18, 22)),
    ("malam hari saja", hours(EVERY, 18, 22)),
    ("subuh aja, abis itu jaga warung", hours(EVERY, 4, 7)),
    ("malem minggu aja", hours(SAT, 18, 22)),
    ("jam kerja aja", hours(WEEKDAYS, 8, 17)),
    ("jam kantor", hours(WEEKDAYS, 8, 17)),
    ("Kapan aj bs", hours(EVERY, 0, 24)),
    # ranges between parts of the day
    ("bs pagi ampe sore, malem ga dibolehin ortu", hours(EVERY, 6, 18)),
    ("pagi sampe sore", hours(EVERY, 6, 18)),
    ("siang-malem", hours(EVERY, 11, 22)),
    ("pagi ampe malem", hours(EVERY, 6, 22)),
    ("sore ke malem", hours(EVERY, 15, 22)),
    ("dari pagi hingga siang", hours(EVERY, 6, 15)),
    ("pgi smpe siang", hours(EVERY, 6, 15)),
    ("malam sampe pagi", hours(EVERY, 18, 30)),
    ("pagi sampe jam 3", hours(EVERY, 6, 15)),
    ("pagi-pagi sebelum jam 10", hours(EVERY, 6, 10)),
    ("malem abis jam 7", hours(EVERY, 19, 22)),
    ("sen-jum malem aja", hours(WEEKDAYS, 18, 22)),
    ("senen-kemis", hours(range(4), 6, 22)),
    ("sbtu mnggu", hours(WEEKEND, 6, 22)),
    ("hanya malam minggu", hours(SAT, 18, 22)),
    ("malem2 aja abis anak tidur", hours(EVERY, 18, 22)),
    ("senin-jumat, sabtu pagi", hours(WEEKDAYS, 6, 22) | hours(SAT, 6, 12)),
    ("rebo ama kemis siang", hours((WED, THU), 11, 15)),
    ("Senin-Kamis sore, Jumat pagi", hours(range(4), 15, 18) | hours(FRI, 6, 12)),
    ("sabtu minggu pagi, hari biasa malem", hours(WEEKEND, 6, 12) | hours(WEEKDAYS, 18, 22)),
    ("senin rabu jumat pagi", hours((MON, WED, FRI), 6, 12)),
    # clock times
    ("jam 8-5", hours(EVERY, 8, 17)),
    ("jam 7 pagi - 3 sore", hours(EVERY, 7, 15)),
    ("sabtu minggu jam 9-3", hours(WEEKEND, 9, 15)),
    ("senin-jumat 9-5", hours(WEEKDAYS, 9, 17)),
    ("bisa jam 9-12 sm jam 1-4", hours(EVERY, 9, 12) | hours(EVERY, 13, 16)),
    ("jam 10 malem - 6 pagi", hours(EVERY, 22, 30)),
    ("jam 9 pagi sampai jam 4 sore", hours(EVERY, 9, 16)),
    ("senin - jumat jam 8 - 4", hours(WEEKDAYS, 8, 16)),
    ("senin-jumat 17.00 ke atas", hours(WEEKDAYS, 17, 22)),
    ("abis subuh sampe dzuhur", hours(EVERY, 5, 12)),
    ("mon-fri after work", hours(WEEKDAYS, 17, 22)),
    ("lagi kuliah, bisa abis jam 3", hours(EVERY, 15, 22)),
    ("weekday jam 5 sore ke atas", hours(WEEKDAYS, 17, 22)),
    ("weekdays after 5pm", hours(WEEKDAYS, 17, 22)),
    ("abis maghrib bisa", hours(EVERY, 18, 22)),
    ("abis isya", hours(EVERY, 19, 22)),
    ("sblm dzuhur", hours(EVERY, 6, 12)),
    ("tiap hari abis ashar", hours(EVERY, 15, 22)),
    ("habis pulang kerja aja", hours(EVERY, 17, 22)),
    ("available sat & sun mornings", hours(WEEKEND, 6, 12)),
    # negations, before or after the word
    ("kapan aja asal bukan malam", hours(EVERY, 6, 18)),
    ("malem ga bisa", hours(EVERY, 6, 18)),
    ("ga bisa malem", hours(EVERY, 6, 18)),
    ("gk bs malem krn jaga anak", hours(EVERY, 6, 18)),
    ("bukan malam", hours(EVERY, 6, 18)),
    ("no nights", hours(EVERY, 6, 18)),
    ("no night shift", hours(EVERY, 6, 22)),
    ("tdk bisa pagi", hours(EVERY, 12, 22)),
    ("can't do mornings", hours(EVERY, 12, 22)),
    ("malem nggak, pagi bisa", hours(EVERY, 6, 12)),
    ("kalo malem ga bisa, pagi sampe sore oke", hours(EVERY, 6, 18)),
    ("shift pagi ok, shift malem no", hours(EVERY, 6, 12)),
    ("bebas, tapi ga bisa malam", hours(EVERY, 6, 18)),
    ("bisa pagi, kalau malam tidak", hours(EVERY, 6, 12)),
    ("bebas asal jangan subuh", hours(EVERY, 0, 24) - hours(EVERY, 4, 7)),
    ("tiap hari kecuali malam jumat", hours(EVERY, 6, 22) - hours(THU, 18, 30)),
    ("setiap hari kecuali hari minggu", hours(NOT_SUNDAY, 6, 22)),
    ("pagi sampai sore, kecuali hari minggu", hours(NOT_SUNDAY, 6, 18)),
    ("sore ampe malem, kecuali weekend", hours(WEEKDAYS, 15, 22)),
    ("sabtu minggu gak bisa soalnya jaga toko", hours(WEEKDAYS, 6, 22)),
    ("kecuali minggu", hours(NOT_SUNDAY, 6, 22)),
    ("tidak bisa hari minggu", hours(NOT_SUNDAY, 6, 22)),
    ("selain hari minggu", hours(NOT_SUNDAY, 6, 22)),
    ("not on sundays", hours(NOT_SUNDAY, 6, 22)),
    ("kapan aja kecuali minggu", hours(NOT_SUNDAY, 0, 24)),
    ("bs kapan aja kcuali hr minggu", hours(NOT_SUNDAY, 0, 24)),
    ("anytime except sunday", hours(NOT_SUNDAY, 0, 24)),
    ("bebas kapan aja, asal ga hari minggu", hours(NOT_SUNDAY, 0, 24)),
    ("fleksibel asal bukan weekend", hours(WEEKDAYS, 0, 24)),
    ("free tiap hari kecuali jumat", hours((SAT, SUN, MON, TUE, WED, THU), 6, 22)),
    ("enggak bisa sabtu minggu", hours(WEEKDAYS, 6, 22)),
    ("ngga bisa weekend", hours(WEEKDAYS, 6, 22)),
    ("weekdays ok, no weekends", hours(WEEKDAYS, 6, 22)),
    ("mornings only, not sunday", hours(NOT_SUNDAY, 6, 12)),
    ("bisa sore, tp sabtu minggu ga bisa", hours(WEEKDAYS, 15, 18)),
    ("minggu pagi ga bisa (ibadah)", hours(EVERY, 6, 22) - hours(SUN, 6, 12)),
    ("di luar jam kerja", hours(EVERY, 6, 22) - hours(WEEKDAYS, 8, 17)),
    ("ga bisa jam kerja", hours(EVERY, 6, 22) - hours(WEEKDAYS, 8, 17)),
    # busy statements: days of work, school, childcare
    ("senin-jumat kerja", hours(WEEKEND, 6, 22)),
    ("kerja senin-sabtu, libur minggu", hours(SUN, 6, 22)),
    ("senin sampe sabtu, minggu libur", hours(range(6), 6, 22)),
    ("senin rabu jumat kuliah, selasa kamis bisa seharian", hours((TUE, THU), 6, 22)),
    ("sabtu ga kerja", hours(SAT, 6, 22)),
    ("jum'at sama sabtu aja", hours((FRI, SAT), 6, 22)),
    ("minggu ke gereja", hours(NOT_SUNDAY, 6, 22)),
    ("sabtu aja, minggu ke gereja", hours(SAT, 6, 22)),
    ("sabtu-minggu ga bisa krn jualan", hours(WEEKDAYS, 6, 22)),
    ("sabtu minggu bisa, hari biasa kuliah", hours(WEEKEND, 6, 22)),
    ("senin-jumat kuliah, sabtu minggu bebas", hours(WEEKEND, 0, 24)),
    ("senin-jumat jaga anak, sabtu minggu bisa full", hours(WEEKEND, 6, 22)),
    ("kerja kantoran senin-jumat, weekend free", hours(WEEKEND, 6, 22)),
    ("weekday kerja, weekend bisa pagi sampai sore", hours(WEEKEND, 6, 18)),
    ("senin-jumat kerja, bisa malem", hours(EVERY, 18, 22)),
    ("pagi kuliah, sore bisa", hours(EVERY, 15, 18)),
    ("sore aja krn pagi sekolah", hours(EVERY, 15, 18)),
    ("malem aja, siang kuliah", hours(EVERY, 18, 22)),
    ("selasa kamis ada les, hari lain bisa", hours((MON, WED, FRI, SAT, SUN), 6, 22)),
    ("senin-jumat sekolah sampe jam 2", hours(WEEKDAYS, 14, 22) | hours(WEEKEND, 6, 22)),
    # several statements together
    ("weekend full, weekday abis jam 5", hours(WEEKEND, 6, 22) | hours(WEEKDAYS, 17, 22)),
    ("bisa weekend, weekday malem juga bisa", hours(WEEKEND, 6, 22) | hours(WEEKDAYS, 18, 22)),
    ("sore, malem jg boleh", hours(EVERY, 15, 22)),
    # "also" with nothing else said adds to the usual day, it does not replace it
    ("sore juga oke", hours(EVERY, 6, 22)),
    # willing to work shifts is any time; a shift named "only" or refused stays as said
    ("siap shift, malem jg oke", hours(EVERY, 0, 24)),
    ("shift malem gpp", hours(EVERY, 0, 24)),
    ("siap kerja shift malam", hours(EVERY, 0, 24)),
    ("bersedia shift, pagi kuliah", hours(EVERY, 0, 24) - hours(EVERY, 6, 12)),
    ("shift malem aja", hours(EVERY, 22, 30)),
    ("malem ga masalah", hours(EVERY, 18, 22)),  # "no problem" is not a negation
    ("malem ga pp", hours(EVERY, 18, 22)),
    ("ga bisa shift", hours(EVERY, 6, 22)),  # a denied shift is no willingness
    ("full time, ga bisa shift malam", hours(EVERY, 6, 22)),
    ("pagi aja, ga bisa shift", hours(EVERY, 6, 12)),
    ("weekend aja, siap shift", hours(WEEKEND, 6, 22)),  # the days named still hold
    # hours offered stay offered where a busy part of the day overlaps them by an hour
    ("pagi aja, siang jemput anak", hours(EVERY, 6, 12)),
    ("subuh juga bisa", hours(EVERY, 4, 22)),
    ("pagi atau sore", hours(EVERY, 6, 12) | hours(EVERY, 15, 18)),
    # place, not time; nothing readable falls back to the default day
    ("bisa kerja dari rumah", hours(EVERY, 6, 22)),
    ("tergantung jadwal kuliah", hours(EVERY, 6, 22)),
]


@pytest.mark.parametrize(("text", "expected"), INFORMAL, ids=[t for t, _ in INFORMAL])
def test_informal_availability_is_read_as_a_counselor_would(text, expected):
    got = cells(text)
    assert got == expected, (
        f"extra {sorted(got - expected)[:6]}..., missing {sorted(expected - got)[:6]}..."
    )


def test_informal_phrases_are_many_and_distinct():
    texts = [t for t, _ in INFORMAL]
    assert len(texts) == len(set(texts)) >= 60


@pytest.mark.parametrize(
    "text", ["kapan aja", "bebas", "fleksibel", "kapan aja asal bukan malam", "malem ga bisa"]
)
def test_availability_is_known_unless_empty(text):
    assert parse_schedule(text).known


def test_availability_that_leaves_no_hour_is_unknown_not_never():
    # Words that take every hour off are a misreading or a contradiction, not a person
    # who can never work: the schedule part and rule treat it as unknown.
    assert not parse_schedule("ga bisa kapan aja").known
    assert not parse_schedule("").known and not parse_schedule("  ").known


def test_anytime_is_flexible_only_without_exceptions():
    assert parse_schedule("kapan aja").flexible
    assert not parse_schedule("kapan aja asal bukan malam").flexible


@pytest.mark.parametrize(
    ("availability", "job", "fit"),
    [
        ("weekend doang, senin-jumat kerja", "Sabtu-Minggu 10:00-18:00", 1.0),
        ("weekend doang, senin-jumat kerja", "Senin-Jumat 08:00-17:00", 0.0),
        ("kapan aja asal bukan malam", "Senin-Sabtu 08:00-16:00", 1.0),
        ("kapan aja asal bukan malam", "shift malam 22:00-06:00", 0.0),
        ("malem ga bisa", "shift pagi 07:00-15:00 / shift malam 22:00-06:00", 1.0),
        ("bs pagi ampe sore, malem ga dibolehin ortu", "Senin-Jumat 08:00-17:00", 1.0),
    ],
)
def test_informal_availability_against_job_schedules(availability, job, fit):
    assert schedule_fit(parse_schedule(availability), parse_job_schedule(job)) == pytest.approx(fit)


@pytest.mark.parametrize(
    ("text", "days", "hours_"),
    [
        ("Senin-Jumat 08:00-17:00", range(5), (8, 17)),
        ("Sabtu-Minggu 10:00-18:00", (5, 6), (10, 18)),
        ("shift malam 22:00-06:00", range(6), (22, 30)),
        ("malam hari", range(6), (22, 30)),  # a job's "malam hari" is the night shift
        ("Senin-Jumat 08.00-16.00", range(5), (8, 16)),
        ("pagi", range(6), (6, 12)),
        ("Senin-Minggu 08:00-17:00, libur 1 hari", range(7), (8, 17)),
    ],
)
def test_formal_job_schedules_are_read_as_before(text, days, hours_):
    (alt,) = parse_job_schedule(text).alternatives
    grid = alt.reshape(7, 24)
    got = frozenset((int(d), int(h)) for d, h in zip(*np.nonzero(grid), strict=True))
    assert got == hours(tuple(days), *hours_)


def test_an_online_programme_meets_at_the_hours_it_writes_and_is_never_ruled_out_by_them():
    from matcher.scoring.schedule import parse_programme_schedule

    live = parse_programme_schedule("online, Selasa dan Kamis 19:00-21:00", online=True)
    assert not live.flexible and not live.stated  # scored on its hours; the rule skips it
    assert schedule_fit(parse_schedule("pagi saja"), live) == 0.0
    assert schedule_fit(parse_schedule("malem aja"), live) == 1.0
    for own_pace in ("online, kapan saja", "fleksibel", "", "Senin-Jumat"):
        assert parse_programme_schedule(own_pace, online=True).flexible, own_pace
    room = parse_programme_schedule("Selasa dan Kamis 19:00-21:00")
    assert room.stated and not room.flexible
    assert schedule_fit(parse_schedule("pagi saja"), room) == 0.0
