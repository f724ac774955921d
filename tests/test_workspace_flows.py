"""The counselor's, trainer's and employer's flows on a small database whose answers are
known by construction: outcomes on the right referral, the protected night-shift rule,
moves that change nothing, registration checks, the caseload, contact sharing and
questions to the hub."""

from __future__ import annotations

from datetime import timedelta

import pytest

from matcher.db import (
    AuditRepository,
    DecisionRepository,
    JobseekerRepository,
    ReferralStatus,
    SettingsRepository,
    import_records,
    session_scope,
)
from matcher.db.models import ReferralRow
from matcher.errors import ValidationError
from matcher.scoring.rules import NOT_RELAXABLE, Rule, RuleNotRelaxableError, relax_mask
from matcher.workspace import (
    AlreadyReferredError,
    MoveNotPossibleError,
    ReferralMismatchError,
    UnknownCandidateError,
)
from matcher.workspace.recommend import NotRejectedError
from matcher.workspace.registration import phone_digits
from tests.conftest import vacancy
from tests.db_fixtures import (  # noqa: F401 - fixtures
    cheap_password_hashing,
    db_engine,
    empty_engine,
    sqlite_template,
)
from tests.test_workspace import EMPLOYER, ws  # noqa: F401 - fixture

VALID = {"name": "Rina Wati", "phone": "0812-3456-7890", "age": 19, "gender": "P",
         "kelurahan": "Tanjung Barat", "education": "SMP", "segment": "pemuda"}  # fmt: skip


def _age_referral(engine, referral_id: int, days: int) -> None:
    """Move a referral ``days`` into the past (made and last updated then)."""
    with session_scope(engine) as s:
        row = s.get(ReferralRow, referral_id)
        row.at -= timedelta(days=days)
        row.updated_at -= timedelta(days=days)


# ---------------------------------------------------------------- referrals and outcomes
def test_referrals_read_as_title_and_employer_newest_first(ws):  # noqa: F811
    k1 = ws.users["k1"]
    old = ws.refer(k1, "JS-1", "vacancy", "JV-1", consent_recorded=True)
    new = ws.refer(k1, "JS-1", "vacancy", "JV-2", consent_recorded=True)
    views = ws.referral_views(k1, "JS-1")
    assert [v.id for v in views] == [new.id, old.id]
    assert (views[0].title, views[0].organisation) == ("Kasir", "Toko Roti Makmur")


def test_an_outcome_changes_only_the_chosen_referral_and_never_another_persons(ws):  # noqa: F811
    k1 = ws.users["k1"]
    old = ws.refer(k1, "JS-1", "vacancy", "JV-1", consent_recorded=True)
    new = ws.refer(k1, "JS-1", "vacancy", "JV-2", consent_recorded=True)
    ws.record_outcome(k1, new.id, "interviewed", jobseeker_id="JS-1")
    by_id = {v.id: v.status for v in ws.referral_views(k1, "JS-1")}
    assert by_id == {new.id: ReferralStatus.INTERVIEWED, old.id: ReferralStatus.REFERRED}
    with pytest.raises(ReferralMismatchError):
        ws.record_outcome(k1, new.id, "hired", jobseeker_id="JS-2")
    assert ws.referral_views(k1, "JS-1")[0].status is ReferralStatus.INTERVIEWED


def test_an_outcome_dated_after_today_is_refused_and_changes_nothing(ws):  # noqa: F811
    """A hire dated a year ahead was saved, and the monitoring grew a month not yet come."""
    from datetime import date, timedelta

    from matcher.errors import ValidationError

    k1 = ws.users["k1"]
    ref = ws.refer(k1, "JS-1", "vacancy", "JV-1", consent_recorded=True)
    with pytest.raises(ValidationError) as caught:
        ws.record_outcome(k1, ref.id, "hired", date.today() + timedelta(days=365))
    (problem,) = caught.value.problems
    assert problem.column == "event_date" and problem.allowed.code == "date_not_future"
    assert ws.referral_views(k1, "JS-1")[0].status is ReferralStatus.REFERRED
    ws.record_outcome(k1, ref.id, "hired", date.today())  # today is an outcome that happened
    assert ws.referral_views(k1, "JS-1")[0].status is ReferralStatus.HIRED


def test_a_second_live_referral_to_the_same_vacancy_is_refused_with_its_own_error(ws):  # noqa: F811
    k1 = ws.users["k1"]
    first = ws.refer(k1, "JS-1", "vacancy", "JV-1", consent_recorded=True)
    with pytest.raises(AlreadyReferredError) as caught:
        ws.refer(k1, "JS-1", "vacancy", "JV-1", consent_recorded=True)
    assert caught.value.referral.id == first.id and caught.value.code == "already_referred"


# ---------------------------------------------------------------- safety rule and moves
def test_the_under_18_night_shift_rule_is_never_relaxed_whoever_asks(ws, db_engine):  # noqa: F811
    k1 = ws.users["k1"]
    view = ws.person_view(k1, "JS-1")
    assert Rule.MINOR_NIGHT_SHIFT in NOT_RELAXABLE
    with pytest.raises(RuleNotRelaxableError):
        ws.save_settings(k1, view, weights=view.weights, relaxed_rules=["minor_night_shift"])
    with session_scope(db_engine) as s:
        assert SettingsRepository(s).get("JS-1") is None  # nothing stored
    with pytest.raises(RuleNotRelaxableError):  # the engine's own relax handling
        relax_mask({Rule.MINOR_NIGHT_SHIFT, Rule.TRAVEL})
    assert relax_mask({Rule.TRAVEL}) == Rule.TRAVEL.bit
    with pytest.raises(RuleNotRelaxableError):
        ws.matcher().recommend_for_jobseeker("JS-1", relaxed_rules=["minor_night_shift"])


def test_moving_up_below_a_pinned_item_is_refused_and_not_recorded(ws, db_engine):  # noqa: F811
    k1 = ws.users["k1"]
    # A second bakery job: the relevance floor keeps the cashier job off a baker's list.
    with session_scope(db_engine) as s:
        import_records(s, vacancies=[vacancy("JV-9", "Asisten Pembuat Kue", ("membuat kue",),
                                             employer=EMPLOYER, kelurahan="Jagakarsa")])  # fmt: skip
    view = ws.person_view(k1, "JS-1")
    first, second = view.lists["vacancy"].ids()[:2]
    ws.adjust_item(k1, view, "pin", "vacancy", first)
    view = ws.person_view(k1, "JS-1")
    assert view.lists["vacancy"].move_block(second, -1) == "pinned"
    assert view.lists["vacancy"].move_block(first, -1) == "edge"
    with pytest.raises(MoveNotPossibleError):
        ws.adjust_item(k1, view, "move_up", "vacancy", second)
    with session_scope(db_engine) as s:
        actions = [d.action.value for d in DecisionRepository(s).list(jobseeker_id="JS-1")]
    assert actions == ["pin"]


# ---------------------------------------------------------------- registration
def test_an_empty_registration_names_every_required_field_and_consent_at_once(ws):  # noqa: F811
    problems = ws.registration_problems(ws.users["k1"], {}, consent=False)
    columns = {p.column for p in problems}
    assert {"age", "gender", "kelurahan", "education", "segment", "consent"} <= columns


@pytest.mark.parametrize("phone", ["abc", "12345", "+1 415 555 0100", "0812-34ab-7890"])
def test_a_phone_that_is_not_indonesian_is_refused(ws, phone):  # noqa: F811
    k1 = ws.users["k1"]
    problems = ws.registration_problems(k1, {**VALID, "phone": phone}, consent=True)
    assert [p.column for p in problems] == ["phone"]
    with pytest.raises(ValidationError):
        ws.register_jobseeker(k1, {**VALID, "phone": phone}, consent=True)


@pytest.mark.parametrize(
    ("phone", "digits"),
    [("0812-3456-7890", "081234567890"), ("+62 812 3456 7890", "081234567890"),
     ("6281234567890", "081234567890"), ("(021) 789-1234", "0217891234")],
)  # fmt: skip
def test_indonesian_phones_in_any_writing_are_the_same_number(phone, digits):
    assert phone_digits(phone) == digits


def test_the_same_name_and_phone_is_found_before_registering_twice(ws):  # noqa: F811
    k1 = ws.users["k1"]
    stored = ws.register_jobseeker(k1, VALID, consent=True)
    similar = ws.similar_jobseekers(k1, "  rina   WATI ", "+62 812 3456 7890")
    assert [r.id for r in similar] == [stored.id]
    assert ws.similar_jobseekers(k1, "Rina Wati", "0812-0000-0000") == []


# ---------------------------------------------------------------- caseload
def test_a_referral_without_outcome_is_listed_after_n_days_for_its_counselor(ws, db_engine):  # noqa: F811
    k1, k2 = ws.users["k1"], ws.users["k2"]
    ref = ws.refer(k1, "JS-1", "vacancy", "JV-1", consent_recorded=True)
    assert ws.caseload(k1).no_outcome == []  # referred today
    _age_referral(db_engine, ref.id, 20)
    load = ws.caseload(k1, no_outcome_days=14)
    assert [(v.id, days) for _, v, days in load.no_outcome] == [(ref.id, 20)]
    assert [p.jobseeker_id for p in load.people] == ["JS-1"]
    assert ws.caseload(k1, no_outcome_days=30).no_outcome == []
    assert ws.caseload(k2).no_outcome == [] and ws.caseload(k2).people == []
    ws.record_outcome(k1, ref.id, "applied")  # an outcome: no longer waiting
    assert ws.caseload(k1, no_outcome_days=14).no_outcome == []


def test_an_open_referral_quiet_for_a_week_is_a_follow_up(ws, db_engine):  # noqa: F811
    k1 = ws.users["k1"]
    ref = ws.refer(k1, "JS-1", "vacancy", "JV-1", consent_recorded=True)
    ws.record_outcome(k1, ref.id, "applied")
    assert [f.reason for f in ws.caseload(k1).follow_ups] == []
    _age_referral(db_engine, ref.id, 8)
    follow = ws.caseload(k1).follow_ups
    assert [(f.jobseeker_id, f.reason) for f in follow] == [("JS-1", "quiet_referral")]


def test_a_trainer_sees_an_enrolled_persons_contact_only_after_they_agree(ws):  # noqa: F811
    t1, k1 = ws.users["t1"], ws.users["k1"]
    # Nobody is enrolled or declined yet: the suggestions are the ranked people, in order,
    # then the others the relevance floor left off (Siti among them: a trainer can enrol
    # someone from there too).
    found = ws.ranked_people("program", "PR-1", 70)
    order = [r.item_id for r in found.ranked + found.unlisted]
    view = ws.enrolment_view(t1, "PR-1")
    siti = (view.suggestions + view.others)[order.index("JS-1")].candidate
    ws.decide_enrolment(t1, "PR-1", siti, accept=True)
    [row] = ws.enrolment_list(t1, "PR-1")
    assert (row["name"], row["phone"]) == ("", "")
    follow = [f for f in ws.caseload(k1).follow_ups if f.reason == "share_consent"]
    assert [f.jobseeker_id for f in follow] == ["JS-1"]
    ws.record_share_consent(k1, "JS-1", follow[0].referral.id)
    [row] = ws.enrolment_list(t1, "PR-1")
    assert (row["name"], row["phone"]) == ("Siti", "0812-1")
    assert not [f for f in ws.caseload(k1).follow_ups if f.reason == "share_consent"]


def test_an_employer_question_reaches_counselors_without_revealing_the_person(ws, db_engine):  # noqa: F811
    e1, k1 = ws.users["e1"], ws.users["k1"]
    entry = ws.shortlist(e1, "JV-2")[0]
    ws.ask_hub(e1, "JV-2", entry.candidate, "Bisa mulai bulan depan?")
    [task] = [f for f in ws.caseload(k1).follow_ups if f.reason == "employer_question"]
    found = ws.ranked_people("vacancy", "JV-2", 10)
    assert task.jobseeker_id == (found.ranked + found.unlisted)[0].item_id
    # As a counselor reads it: who asked by account name, about which vacancy by title.
    assert task.request.asked_by_name == e1.display_name  # the account's name, as stored
    assert task.request.vacancy_title == f"Kasir · {EMPLOYER}"
    [asked] = ws.my_hub_requests(e1, "JV-2")
    assert asked.jobseeker_id == "" and asked.candidate == entry.candidate and asked.is_open
    ws.answer_hub_request(k1, task.request.id, "Ya, sudah siap.")
    [asked] = ws.my_hub_requests(e1, "JV-2")
    assert asked.answer == "Ya, sudah siap." and not asked.is_open
    with session_scope(db_engine) as s:
        trail = [(a.who, a.action) for a in AuditRepository(s).list(entity="hub_request")]
    assert sorted(trail) == [("e1", "create"), ("k1", "answer")]
    with pytest.raises(UnknownCandidateError):
        ws.ask_hub(e1, "JV-2", "K-000000", "Siapa?")
    with pytest.raises(ValidationError):
        ws.ask_hub(e1, "JV-2", entry.candidate, "   ")


def test_registered_people_are_in_their_counselors_caseload(ws, db_engine):  # noqa: F811
    k1 = ws.users["k1"]
    stored = ws.register_jobseeker(k1, VALID, consent=True)
    assert stored.id in [p.jobseeker_id for p in ws.caseload(k1).people]
    with session_scope(db_engine) as s:
        assert JobseekerRepository(s).get(stored.id).consent_by == "k1"


# ---------------------------------------------------------------- items a list left off
def test_pinning_an_item_the_list_left_off_puts_it_on_the_list_until_unpinned(ws):  # noqa: F811
    k1 = ws.users["k1"]
    view = ws.person_view(k1, "JS-1")  # a baker: the cashier job has no evidence for her
    assert view.lists["vacancy"].ids() == ["JV-1"]
    assert [r.item_id for r in view.unlisted["vacancy"]] == ["JV-2"]
    pin = ws.adjust_item(k1, view, "pin", "vacancy", "JV-2")
    assert (pin.rank_before, pin.rank_after) == (None, 1)
    assert pin.details["order_after"] == ["JV-2", "JV-1"] and "score" in pin.details
    view = ws.person_view(k1, "JS-1")  # as stored, after a reload
    listed = view.lists["vacancy"]
    assert listed.ids() == ["JV-2", "JV-1"] and listed.items[0].pinned
    assert listed.items[0].rec.explanation.parts  # explained like any card
    assert "vacancy" not in view.below_floor and "vacancy" not in view.unlisted
    assert view.on_by_pin == {"vacancy": frozenset({"JV-2"})}
    unpin = ws.adjust_item(k1, view, "unpin", "vacancy", "JV-2")
    assert (unpin.rank_before, unpin.rank_after) == (1, None)  # back below the floor
    assert unpin.details["order_after"] == ["JV-1"]
    view = ws.person_view(k1, "JS-1")
    assert view.lists["vacancy"].ids() == ["JV-1"]
    assert [r.item_id for r in view.unlisted["vacancy"]] == ["JV-2"]
    assert view.below_floor["vacancy"] == 1


def test_a_left_off_item_pinned_then_rejected_stays_rejected_and_leaves_the_expander(ws):  # noqa: F811
    k1 = ws.users["k1"]
    ws.adjust_item(k1, ws.person_view(k1, "JS-1"), "pin", "vacancy", "JV-2")
    ws.adjust_item(k1, ws.person_view(k1, "JS-1"), "reject", "vacancy", "JV-2",
                   reason="not_interested")  # fmt: skip
    view = ws.person_view(k1, "JS-1")
    assert view.lists["vacancy"].ids() == ["JV-1"]
    [rejected] = view.lists["vacancy"].rejected
    assert (rejected.item_id, rejected.subtitle) == ("JV-2", EMPLOYER)  # titles repeat
    assert "JV-2" not in {r.item_id for r in view.unlisted.get("vacancy", [])}
    # A pin sent for it anyway (an old page) changes nothing: the replay ignores it too.
    ws.adjust_item(k1, view, "pin", "vacancy", "JV-2")
    view = ws.person_view(k1, "JS-1")
    assert view.lists["vacancy"].ids() == ["JV-1"]
    # Put back: below the floor again, so among the items left off, not on the list.
    restore = ws.adjust_item(k1, view, "restore", "vacancy", "JV-2")
    assert restore.rank_after is None and restore.details["order_after"] == ["JV-1"]
    view = ws.person_view(k1, "JS-1")
    assert view.lists["vacancy"].ids() == ["JV-1"]
    assert [r.item_id for r in view.unlisted["vacancy"]] == ["JV-2"]


def test_only_a_pin_puts_a_left_off_item_in_the_order_it_stores(ws):  # noqa: F811
    k1 = ws.users["k1"]
    note = ws.adjust_item(k1, ws.person_view(k1, "JS-1"), "note", "vacancy", "JV-2",
                          note="tanya dulu")  # fmt: skip
    assert note.rank_after is None and note.details["order_after"] == ["JV-1"]


def test_a_left_off_pin_pushes_none_of_the_list_s_own_items_off(ws, monkeypatch):  # noqa: F811
    from matcher.workspace import recommend

    monkeypatch.setattr(recommend, "SHOWN", 1)  # the list's one good match fills it
    k1 = ws.users["k1"]
    view = ws.person_view(k1, "JS-1")
    assert view.lists["vacancy"].ids() == ["JV-1"] and view.unlisted["vacancy"]
    ws.adjust_item(k1, view, "pin", "vacancy", "JV-2")
    view = ws.person_view(k1, "JS-1")
    assert view.lists["vacancy"].ids() == ["JV-2", "JV-1"]


def test_a_referral_without_the_tick_says_the_tick_is_missing_not_consent(ws):  # noqa: F811
    from matcher.workspace.recommend import ReferralConsentMissingError

    with pytest.raises(ReferralConsentMissingError) as caught:
        ws.refer(ws.users["k1"], "JS-1", "vacancy", "JV-2", consent_recorded=False)
    assert caught.value.code == "referral_consent"
    assert "agree to this referral" in str(caught.value)  # not "has not given consent"
    assert "has not given consent" not in str(caught.value)
    assert not ws.referral_views(ws.users["k1"], "JS-1")  # nothing stored


def test_putting_a_rejected_item_back_stores_the_place_it_returns_to(ws):  # noqa: F811
    k1 = ws.users["k1"]
    view = ws.person_view(k1, "JS-1")
    ws.adjust_item(k1, view, "pin", "vacancy", "JV-2")  # JV-2 on top, JV-1 second
    ws.adjust_item(k1, ws.person_view(k1, "JS-1"), "reject", "vacancy", "JV-1",
                   reason="too_far")  # fmt: skip
    view = ws.person_view(k1, "JS-1")
    assert view.lists["vacancy"].ids() == ["JV-2"]
    back = ws.adjust_item(k1, view, "restore", "vacancy", "JV-1")
    # Below the pinned item, where the engine ranks it, as the reloaded list shows it.
    assert (back.rank_before, back.rank_after) == (None, 2)
    assert back.details["order_after"] == ["JV-2", "JV-1"]
    view = ws.person_view(k1, "JS-1")
    assert view.lists["vacancy"].ids() == ["JV-2", "JV-1"]
    assert not view.lists["vacancy"].find("JV-1").accepted  # put back, not accepted
    with pytest.raises(NotRejectedError) as again:  # an old page sends it twice
        ws.adjust_item(k1, view, "restore", "vacancy", "JV-1")
    assert again.value.code == "not_rejected" and "JV-1" in str(again.value)


def test_a_decision_stored_while_the_page_reads_the_list_makes_the_next_one_a_conflict(
    ws,  # noqa: F811
    monkeypatch,
):
    """The view read the decisions, then the list version: a rejection another counselor
    stored in between was missing from the page but counted in its version, so the next
    adjustment was not refused (a review reproduced it with two processes)."""
    from matcher.db import ConcurrentEditError

    k1, k2 = ws.users["k1"], ws.users["k2"]
    real, done = DecisionRepository.list, []

    def list_while_another_rejects(self, **kw):
        out = real(self, **kw)
        if not done:  # k2, in a session of its own, between the page's reads
            done.append(True)
            with ws.session_factory() as other:
                DecisionRepository(other).add(
                    "JS-1", "reject", who=k2.username, opportunity_kind="vacancy",
                    opportunity_id="JV-2", reason_code="too_far", expected_list_version=0,
                )  # fmt: skip
        return out

    monkeypatch.setattr(DecisionRepository, "list", list_while_another_rejects)
    view = ws.person_view(k1, "JS-1")
    monkeypatch.setattr(DecisionRepository, "list", real)
    with pytest.raises(ConcurrentEditError):
        ws.adjust_item(k1, view, "pin", "vacancy", "JV-1")
