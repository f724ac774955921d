"""Monitoring indicators and fairness checks on a history whose answers are known."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import openpyxl
import pandas as pd
import pytest

from matcher.db import session_scope
from matcher.engine.results import Explanation, Recommendation, RecommendationSet
from matcher.errors import ValidationError
from matcher.monitoring import fairness, indicators, load_data, record_exposures
from matcher.monitoring.data import age_band, education_band
from matcher.monitoring.report import build_report, write_report
from tests.monitoring_world import AS_OF, INJECTION, build_world, steering_world


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = build_world(tmp_path_factory.mktemp("world") / "world.sqlite")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def data(engine):
    with session_scope(engine) as session:
        return load_data(session, as_of=AS_OF)


def _exposures(rows) -> pd.DataFrame:
    """Exposure rows (person, kind, opportunity, context, day) as load_data shapes them."""
    frame = pd.DataFrame(rows, columns=["jobseeker_id", "kind", "opportunity_id", "context", "shown_on"])  # fmt: skip
    return frame.assign(rank=1, score=0.5, demo=False)


# --- indicators ---------------------------------------------------------------------


def test_bands_put_people_in_the_documented_bins():
    assert [age_band(a) for a in (16, 19, 20, 29, 30, 45)] == ["16-19", "16-19", "20-24", "25-29", "30-39", "40+"]  # fmt: skip
    assert [education_band(e) for e in (0, 2, 3, 4, 6)] == ["<=SMP", "<=SMP", "SMA/SMK", "Diploma+", "Diploma+"]  # fmt: skip


def test_funnel_counts_every_stage_of_the_constructed_history(data):
    f = indicators.funnel(data)
    assert (f["registrations"], f["referrals"], f["enrolments"], f["completions"]) == (6, 5, 3, 2)
    assert (f["placements"], f["dropouts"], f["people_referrals"]) == (2, 1, 4)


def test_funnel_window_keeps_only_events_dated_inside_it(data):
    f = indicators.funnel(data, start=date(2026, 3, 1), end=date(2026, 3, 31))
    # M2 hired 1 March, W1 completed 31 March, M1 dropped out 1 March; nobody registered.
    assert (f["registrations"], f["placements"], f["completions"], f["dropouts"]) == (0, 1, 1, 1)


def test_time_to_outcome_is_days_to_first_hire_or_enrolment(data):
    tto = indicators.time_to_outcome(data)
    # W1 31, M1 31, M2 28, E1 27 days; W2 and E2 never -> median of 27, 28, 31, 31.
    assert (tto["people"], tto["reached"], tto["median_days"]) == (6, 4, 29.5)
    assert tto["cohort_180"] == 6 and tto["share_within_180"] == pytest.approx(4 / 6, abs=1e-4)


def test_by_group_rates_are_per_registered_person_of_the_group(data):
    gender = indicators.by_group(data, "gender").set_index("group")
    assert gender.loc["P", "registrations"] == 4 and gender.loc["P", "placement_rate"] == 0.25
    assert gender.loc["L", "registrations"] == 2 and gender.loc["L", "placement_rate"] == 0.5
    segment = indicators.by_group(data, "segment").set_index("group")
    assert segment.loc["perempuan_wirausaha", "enrolment_rate"] == 0.5


def test_by_group_refuses_an_unknown_dimension(data):
    with pytest.raises(ValueError, match="allowed: segment, gender"):
        indicators.by_group(data, "religion")


def test_program_outcomes_give_completion_placement_and_business_rates(data):
    progs = indicators.program_outcomes(data).set_index("program_id")
    p1, p2 = progs.loc["P1"], progs.loc["P2"]
    assert (p1["enrolled"], p1["completed"], p1["dropped_out"], p1["completion_rate"]) == (2, 1, 1, 0.5)  # fmt: skip
    assert p1["placement_rate_3m"] == 1.0 and p1["placement_rate_6m"] == 1.0
    assert p2["completion_rate"] == 1.0 and p2["placement_rate_3m"] == 0.0
    assert p2["we_completers"] == 1 and p2["business_rate_6m"] == 1.0


def test_placement_rates_wait_until_the_window_has_passed(data):
    early = replace(data, as_of=date(2026, 5, 1))  # W1 completed 31 March: 31 days ago
    p1 = indicators.program_outcomes(early).set_index("program_id").loc["P1"]
    assert p1["observable_3m"] == 0 and p1["placement_rate_3m"] is None


def test_employer_outcomes_count_hires_within_three_months_of_referral(data):
    emp = indicators.employer_outcomes(data).set_index("employer")
    assert emp.loc["Toko X", "referrals"] == 1 and emp.loc["Toko X", "placement_rate_3m"] == 1.0
    assert emp.loc[INJECTION, "hired"] == 1


def test_business_outcomes_compare_programme_completers_with_the_rest(data):
    biz = indicators.business_outcomes(data).set_index("completed_programme")
    assert biz.loc[True, "started_or_grew_rate"] == 1.0
    assert biz.loc[False, "started_or_grew_rate"] == 0.0


def test_monthly_trends_date_each_count_by_its_event(data):
    trends = indicators.monthly_trends(data).set_index("month")
    assert trends.loc["2026-01", "registrations"] == 5 and trends.loc["2026-02", "registrations"] == 1  # fmt: skip
    assert trends.loc["2026-03", "placements"] == 1 and trends.loc["2026-04", "placements"] == 1
    assert trends.loc["2026-06", "business_started_or_grew"] == 1


# --- fairness ------------------------------------------------------------------------


def test_exposure_parity_flags_a_shortlist_given_only_to_men(data):
    # V2 (no age or education rule: everyone eligible) shortlisted 15 times for each man.
    rows = [(m, "vacancy", "V2", "employer_shortlist", date(2026, 6, d)) for m in ("M1", "M2") for d in range(1, 16)]  # fmt: skip
    parity = fairness.exposure_parity(replace(data, exposures=_exposures(rows)), "gender")
    men = parity[(parity["tier"] == "all_vacancies") & (parity["group"] == "L")].iloc[0]
    assert men["exposure_share"] == 1.0
    assert men["eligible_share"] == pytest.approx(2 / 6, abs=1e-4)
    assert men["flagged"] and men["gap"] == pytest.approx(4 / 6, abs=1e-4)


def test_exposure_parity_does_not_flag_lists_shown_in_proportion(data):
    # Every person sees V1 and V3 in their counselor list on the same five days.
    rows = [(p, "vacancy", v, "counselor_view", date(2026, 6, d)) for p in ("W1", "W2", "M1", "M2", "E1", "E2") for v in ("V1", "V3") for d in range(1, 6)]  # fmt: skip
    parity = fairness.exposure_parity(replace(data, exposures=_exposures(rows)), "gender")
    assert not parity["flagged"].any()
    assert parity["gap"].abs().max() < 1e-9


def test_exposure_parity_expects_more_for_people_who_come_more_often(data):
    # Women's lists opened on 4 days, men's on 1: 80% of exposures to women is fair.
    rows = [(p, "vacancy", "V1", "counselor_view", date(2026, 6, d)) for p in ("W1", "W2", "E1", "E2") for d in range(1, 5)]  # fmt: skip
    rows += [(m, "vacancy", "V1", "counselor_view", date(2026, 6, 1)) for m in ("M1", "M2")]
    parity = fairness.exposure_parity(replace(data, exposures=_exposures(rows)), "gender")
    women = parity[(parity["tier"] == "all_vacancies") & (parity["group"] == "P")].iloc[0]
    assert women["eligible_share"] == pytest.approx(16 / 18, abs=1e-4)
    assert women["exposure_share"] == pytest.approx(16 / 18, abs=1e-4)


def test_exposure_parity_uses_only_people_eligible_for_what_was_shown(data):
    # P2 is for women entrepreneurs only: showing it to E1 and E2 alone is at parity.
    rows = [(p, "entrepreneurship", "P2", "trainer_suggestions", date(2026, 6, d)) for p in ("E1", "E2") for d in range(1, 16)]  # fmt: skip
    parity = fairness.exposure_parity(replace(data, exposures=_exposures(rows)), "segment")
    assert not parity["flagged"].any()


def test_wage_steering_finds_the_gap_planted_between_similar_women_and_men():
    result = fairness.wage_steering(steering_world(3_000_000, 4_000_000), n_permutations=300)
    assert result.gap == -1_000_000 and result.relative_gap == pytest.approx(-0.25, abs=1e-3)
    assert result.p_value < 0.01 and result.flagged
    assert (result.women, result.men, result.strata_compared) == (10, 10, 1)


def test_wage_steering_is_quiet_when_wages_are_the_same():
    result = fairness.wage_steering(steering_world(4_000_000, 4_000_000), n_permutations=300)
    assert result.gap == 0 and not result.flagged and result.p_value == 1.0


def test_wage_steering_does_not_flag_a_gap_too_small_to_tell_from_chance():
    # Two women and two men: of the 6 ways to label them, 2 give the full gap -> p ~ 1/3.
    result = fairness.wage_steering(steering_world(3_000_000, 6_000_000, n=2), n_permutations=3000)
    assert result.relative_gap == pytest.approx(-0.5, abs=1e-3)
    assert 0.28 < result.p_value < 0.39 and not result.flagged


def test_wage_steering_compares_only_strata_that_hold_both_women_and_men(data):
    rows = [(p, "vacancy", "V1", "counselor_view", date(2026, 6, 1)) for p in ("W1", "W2", "E1", "E2")]  # fmt: skip
    rows += [(m, "vacancy", "V2", "counselor_view", date(2026, 6, 1)) for m in ("M1", "M2")]
    result = fairness.wage_steering(replace(data, exposures=_exposures(rows)), n_permutations=50)
    # Youth | SMA/SMK | 20-24 holds W1, W2, M1, M2; the entrepreneurs have no male peers.
    assert result.strata_compared == 1 and result.gap == -3_000_000


def test_override_rates_count_overrides_per_recommendation_shown(data):
    rows = [(p, "vacancy", "V1", "counselor_view", date(2026, 6, d)) for p in ("W1", "M1") for d in range(1, 11)]  # fmt: skip
    decisions = pd.DataFrame(
        [("W1", "reject", "schedule"), ("W1", "reject", "schedule"), ("W1", "move_down", "too_far"),
         ("M1", "reject", "not_interested"), ("M1", "accept", None), ("M1", "accept", None)],
        columns=["jobseeker_id", "action", "reason_code"],
    )  # fmt: skip
    rates = fairness.override_rates(replace(data, exposures=_exposures(rows), decisions=decisions), "gender").set_index("group")  # fmt: skip
    assert rates.loc["P", "override_rate"] == 0.3 and rates.loc["L", "override_rate"] == 0.1
    assert rates.loc["P", "reason_schedule"] == pytest.approx(2 / 3, abs=1e-4)
    assert rates["flagged"].all()  # 0.3 and 0.1 both differ from 0.2 by more than 0.05


# --- exposures, report --------------------------------------------------------------


def _rec(kind: str, item: str, rank: int) -> Recommendation:
    return Recommendation(kind, item, "t", 0.9 - rank / 10, rank, Explanation(parts=()))


def test_record_exposures_stores_a_counselor_list_and_a_shortlist(engine):
    recs = RecommendationSet("W2", vacancies=[_rec("vacancy", "V1", 1), _rec("vacancy", "V3", 2)],
                             trainings=[_rec("training", "P1", 1)])  # fmt: skip
    with session_scope(engine) as session:
        assert record_exposures(session, recs, "counselor_view", shown_by="konselor") == 3
        shortlist = [_rec("jobseeker", "W1", 1), _rec("jobseeker", "M1", 2)]
        n = record_exposures(session, shortlist, "employer_shortlist", opportunity_kind="vacancy", opportunity_id="V1")  # fmt: skip
        assert n == 2
        stored = load_data(session, as_of=AS_OF).exposures
        session.rollback()  # leave the shared world as it was
    assert sorted(stored["opportunity_id"]) == ["P1", "V1", "V1", "V1", "V3"]
    assert set(stored["context"]) == {"counselor_view", "employer_shortlist"}


def test_record_exposures_needs_the_opportunity_of_a_shortlist(engine):
    with session_scope(engine) as session, pytest.raises(ValidationError, match="opportunity_id"):
        record_exposures(session, [_rec("jobseeker", "W1", 1)], "employer_shortlist")


def test_record_exposures_refuses_an_unknown_context(engine):
    with session_scope(engine) as session, pytest.raises(Exception, match="counselor_view"):
        record_exposures(session, [_rec("vacancy", "V1", 1)], "homepage", jobseeker_id="W1")


def test_report_files_hold_every_indicator_and_no_formula(data, tmp_path):
    report = build_report(data, n_permutations=50)
    paths = write_report(report, tmp_path)
    payload = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert payload["summary"]["funnel.placements"] == 2
    assert {"trends", "groups", "programs", "employers", "fairness_exposure", "fairness_overrides"} <= set(payload)  # fmt: skip
    book = openpyxl.load_workbook(paths["xlsx"])
    cells = [c.value for c in book["employers"]["A"]]
    assert "'" + INJECTION in cells and INJECTION not in cells
    html = paths["html"].read_text(encoding="utf-8")
    assert "<svg" in html and "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
    assert report.narrative and "6 orang terdaftar" in report.narrative[0]


def test_report_command_writes_the_three_files(engine, tmp_path):
    from matcher.cli import main

    url = engine.url.render_as_string(hide_password=False)
    assert main(["report", "--out", str(tmp_path), "--db", url, "--as-of", "2026-12-31"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["monitoring.html", "monitoring.json", "monitoring.xlsx"]  # fmt: skip
