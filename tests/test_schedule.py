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
