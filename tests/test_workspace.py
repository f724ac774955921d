"""The workspace service: permissions, anonymity, adjustments and their replay, locking,
uploads, enrolment, exports, and the engine cache. Small worlds with known answers."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest

from matcher.db import (
    ConcurrentEditError,
    ConsentRequiredError,
    Decision,
    DecisionAction,
    JobseekerRepository,
    PermissionDenied,
    ReasonCode,
    Role,
    UserRepository,
    VacancyRepository,
    import_records,
    session_scope,
)
from matcher.domain import OpportunityKind
from matcher.engine.results import Explanation, Recommendation
from matcher.errors import ValidationError
from matcher.exports import safe_cell, to_csv_bytes, to_xlsx_bytes
from matcher.workspace import EngineCache, Workspace, adjust, next_id, validate_form
from matcher.workspace.caseload import UnknownCandidateError
from tests.conftest import fake_normalise, person, training, vacancy
from tests.db_fixtures import (  # noqa: F401 - fixtures
    cheap_password_hashing,
    db_engine,
    empty_engine,
    sqlite_template,
)

EMPLOYER = "Toko Roti Makmur"
PROVIDER = "PPKD Jakarta Selatan"


def _rec(item_id: str, score: float = 0.5) -> Recommendation:
    return Recommendation("vacancy", item_id, f"title {item_id}", score, 0, Explanation(parts=()))


def _decision(action: str, item_id: str, n: int, reason: str | None = None) -> Decision:
    return Decision(
        id=n,
        jobseeker_id="JS-1",
        opportunity_kind=OpportunityKind.VACANCY,
        opportunity_id=item_id,
        action=DecisionAction(action),
        reason_code=ReasonCode(reason) if reason else None,
        note="",
        rank_before=None,
        rank_after=None,
        score_parts=None,
        details=None,
        who="k",
        at=datetime(2026, 1, 1, tzinfo=UTC),
    )


# ---------------------------------------------------------------- ordering replay
def test_pinned_ids_reads_the_pins_as_the_replay_does():
    """``pinned_ids`` (for pins outside the engine's pool) and ``adjust`` (inside it) hold
    the same rule; 300 random decision logs over a pool of four keep them together."""
    import random

    from matcher.workspace.ordering import pinned_ids

    rng = random.Random(11)
    pool = [_rec(i) for i in ("A", "B", "C", "D")]
    actions = ["pin", "unpin", "reject", "accept", "restore", "move_up", "move_down"]
    for _ in range(300):
        log = [_decision(rng.choice(actions), rng.choice("ABCD"), n,
                         reason="too_far") for n in range(rng.randint(0, 8))]  # fmt: skip
        shown = adjust("vacancy", pool, log, shown=4)
        assert pinned_ids(log, "vacancy") == {i.rec.item_id for i in shown.items if i.pinned}


def test_pinned_items_float_to_the_top_in_the_order_they_were_pinned():
    recs = [_rec(i) for i in "ABCDE"]
    out = adjust("vacancy", recs, [_decision("pin", "D", 1), _decision("pin", "B", 2)])
    assert out.ids() == ["D", "B", "A", "C", "E"]
    assert [i.pinned for i in out.items] == [True, True, False, False, False]


def test_move_up_swaps_with_the_neighbour_and_never_crosses_the_pinned_block():
    recs = [_rec(i) for i in "ABCD"]
    out = adjust("vacancy", recs, [_decision("pin", "C", 1), _decision("move_up", "D", 2),
                                   _decision("move_up", "A", 3)])  # fmt: skip
    assert out.ids() == ["C", "A", "D", "B"]


def test_rejected_item_leaves_the_list_and_accepting_it_puts_it_back_in_place():
    recs = [_rec(i) for i in "ABC"]
    rejected = adjust("vacancy", recs, [_decision("reject", "B", 1, "too_far")])
    assert rejected.ids() == ["A", "C"]
    assert [(r.item_id, r.reason) for r in rejected.rejected] == [("B", ReasonCode.TOO_FAR)]
    restored = adjust("vacancy", recs, [_decision("reject", "B", 1, "too_far"),
                                        _decision("accept", "B", 2)])  # fmt: skip
    assert restored.ids() == ["A", "B", "C"] and restored.find("B").accepted
    # A restore (the workspace's "put back") takes the rejection back and judges nothing.
    undone = adjust("vacancy", recs, [_decision("accept", "B", 1), _decision("reject", "B", 2,
                    "too_far"), _decision("restore", "B", 3)])  # fmt: skip
    assert undone.ids() == ["A", "B", "C"] and not undone.rejected
    assert not undone.find("B").accepted


def test_decisions_about_another_kind_of_opportunity_are_ignored():
    recs = [_rec(i) for i in "AB"]
    other = replace(_decision("reject", "A", 1, "other"), opportunity_kind=OpportunityKind.TRAINING)
    assert adjust("vacancy", recs, [other]).ids() == ["A", "B"]


# ---------------------------------------------------------------- forms and exports
def test_form_refuses_a_negative_wage_exactly_as_a_file_row_would():
    result = validate_form("vacancy", {"id": "JV-1", "employer": "A", "title": "Kasir",
                                       "kelurahan": "Tanjung Barat", "wage": "-5"})  # fmt: skip
    assert not result.ok and list(result.by_field()) == ["wage"]


def test_form_text_that_looks_like_a_formula_stays_text():
    result = validate_form("jobseeker", {"id": "JS-1", "name": "=1+1", "age": 20, "gender": "P",
                                         "kelurahan": "Tanjung Barat", "education": "SMA",
                                         "segment": "pemuda"})  # fmt: skip
    assert result.ok and result.record.name == "=1+1"


def test_next_id_follows_the_highest_number_in_use():
    assert next_id(["JS-0009", "JS-0120", "X-9999"], "JS") == "JS-0121"
    assert next_id([], "JV") == "JV-0001"


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_could_start_a_formula_are_quoted(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("Siti") == "Siti" and safe_cell(-5) == -5


def test_csv_and_xlsx_exports_never_contain_a_formula():
    rows = [{"name": "=cmd|' /C calc'!A0", "n": 3}]
    assert b"'=cmd" in to_csv_bytes(rows)
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(rows))).active
    assert sheet["A2"].value.startswith("'=") and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 3


# ---------------------------------------------------------------- the service on a database
@pytest.fixture
def ws(db_engine, cheap_password_hashing):  # noqa: F811 - fixture
    # Both want to learn baking (PR-1): a trainer's suggestions are the people whose own
    # list could carry the course (MatchingEngine.recommend_for_item).
    home = person("JS-1", name="Siti", phone="0812-1", skills=("membuat kue",),
                  interests="membuat kue", max_travel_km=8.0)  # fmt: skip
    other = person("JS-2", name="Budi", phone="0813-2", skills=("kasir",),
                   interests="membuat kue")  # fmt: skip
    with session_scope(db_engine) as s:
        import_records(
            s,
            jobseekers=[home, other],
            programs=[training("PR-1", "Kursus Kue", ("membuat kue",), seats=1)],
            vacancies=[
                vacancy("JV-1", "Pembuat Kue", ("membuat kue",), employer=EMPLOYER,
                        kelurahan="Jagakarsa"),
                vacancy("JV-2", "Kasir", ("kasir",), employer=EMPLOYER, kelurahan="Tanjung Barat"),
                vacancy("JV-3", "Kasir Ancol", ("kasir",), employer="Lain", kelurahan="Ancol"),
            ],
            sample=True,
        )  # fmt: skip
        users = UserRepository(s)
        for name, role, extra in [
            ("k1", Role.COUNSELOR, {}), ("k2", Role.COUNSELOR, {}),
            ("t1", Role.TRAINER, {"provider": PROVIDER}),
            ("e1", Role.EMPLOYER, {"employer": EMPLOYER}), ("a1", Role.ADMIN, {}),
        ]:  # fmt: skip
            users.add(name, "sandi-uji-panjang", role, who="test", **extra)
    factory = lambda: session_scope(db_engine)  # noqa: E731
    service = Workspace(factory, EngineCache(factory, encoder="tfidf", normaliser=fake_normalise))
    with session_scope(db_engine) as s:
        service.users = {u.username: u for u in UserRepository(s).list()}
    return service


def test_each_role_is_refused_what_it_may_not_do(ws):
    u = ws.users
    with pytest.raises(PermissionDenied):
        ws.person_view(u["t1"], "JS-1")
    with pytest.raises(PermissionDenied):
        ws.my_vacancies(u["k1"])
    with pytest.raises(PermissionDenied):
        ws.shortlist(u["e1"], "JV-3")  # another employer's vacancy
    with pytest.raises(PermissionDenied):
        ws.list_users(u["k1"])


def test_employer_sees_only_its_own_vacancies(ws):
    assert {v.id for v in ws.my_vacancies(ws.users["e1"])} == {"JV-1", "JV-2"}
    assert {v.id for v in ws.my_vacancies(ws.users["a1"])} == {"JV-1", "JV-2", "JV-3"}


def test_shortlist_shows_name_and_phone_only_after_a_referral_with_consent(ws):
    before = ws.shortlist(ws.users["e1"], "JV-2")
    assert before and all(e.name == "" and e.phone == "" for e in before)
    assert all(e.candidate.startswith("K-") and "JS-" not in e.candidate for e in before)
    with pytest.raises(ConsentRequiredError):
        ws.refer(ws.users["k1"], "JS-2", "vacancy", "JV-2", consent_recorded=False)
    ws.refer(ws.users["k1"], "JS-2", "vacancy", "JV-2", consent_recorded=True)
    after = {e.name: e for e in ws.shortlist(ws.users["e1"], "JV-2")}
    assert after["Budi"].phone == "0813-2" and after["Budi"].referred
    assert "Siti" not in after


def test_the_shortlist_ranks_the_cashier_for_the_cashier_job_and_keeps_the_baker_apart(ws):
    """Both are eligible for JV-2 (Kasir), but only Budi's profile shows the trade: Siti
    (a baker) is not ranked, and an employer can still open her, anonymised, unranked,
    and ask the hub about her."""
    e1 = ws.users["e1"]
    found = ws.ranked_people("vacancy", "JV-2", 10)
    assert [r.item_id for r in found.ranked] == ["JS-2"]
    assert [r.item_id for r in found.unlisted] == ["JS-1"] and found.below_floor == 1
    entries = ws.shortlist(e1, "JV-2")
    assert [(e.rank, e.listed) for e in entries] == [(1, True), (0, False)]
    baker = entries[1]
    assert baker.name == baker.phone == "" and baker.candidate.startswith("K-")
    ws.ask_hub(e1, "JV-2", baker.candidate, "Mau belajar kasir?")
    [task] = [f for f in ws.caseload(ws.users["k1"]).follow_ups if f.reason == "employer_question"]
    assert task.jobseeker_id == "JS-1"


def test_a_closed_vacancy_ranks_nobody_but_keeps_the_people_referred_to_it(ws):
    e1 = ws.users["e1"]
    ws.refer(ws.users["k1"], "JS-2", "vacancy", "JV-2", consent_recorded=True)
    record = next(v for v in ws.my_vacancies(e1) if v.id == "JV-2")
    ws.set_vacancy_status(e1, "JV-2", "closed", expected_version=record.version_id)
    entries = ws.shortlist(e1, "JV-2")  # no "not found" from the engine, which drops it
    assert [(e.name, e.rank, e.referred) for e in entries] == [("Budi", 0, True)]


def test_rejection_needs_a_reason_and_is_stored_with_the_order_before_and_after(ws):
    k1 = ws.users["k1"]
    view = ws.person_view(k1, "JS-1")
    first = view.lists["vacancy"].items[0].rec.item_id
    with pytest.raises(ValidationError):
        ws.adjust_item(k1, view, "reject", "vacancy", first)
    d = ws.adjust_item(k1, view, "reject", "vacancy", first, reason="too_far")
    assert (d.who, d.rank_before, d.rank_after) == ("k1", 1, None)
    assert d.details["order_before"][0] == first and first not in d.details["order_after"]
    again = ws.person_view(k1, "JS-1")
    assert first not in again.lists["vacancy"].ids()
    assert [r.item_id for r in again.lists["vacancy"].rejected] == [first]


def test_an_adjustment_made_on_an_outdated_list_is_refused_and_names_who_changed_it(ws):
    k1, k2 = ws.users["k1"], ws.users["k2"]
    seen_by_k1 = ws.person_view(k1, "JS-1")
    seen_by_k2 = ws.person_view(k2, "JS-1")
    item = seen_by_k1.lists["vacancy"].items[0].rec.item_id
    ws.adjust_item(k2, seen_by_k2, "pin", "vacancy", item)
    with pytest.raises(ConcurrentEditError) as info:
        ws.adjust_item(k1, seen_by_k1, "reject", "vacancy", item, reason="schedule")
    assert info.value.changed_by == "k2"


def test_second_settings_save_from_a_stale_view_is_refused(ws):
    k1, k2 = ws.users["k1"], ws.users["k2"]
    a, b = ws.person_view(k1, "JS-1"), ws.person_view(k2, "JS-1")
    ws.save_settings(k1, a, weights={**a.weights, "distance": 1.0}, relaxed_rules=[])
    with pytest.raises(ConcurrentEditError):
        ws.save_settings(k2, b, weights={**b.weights, "skills": 1.0}, relaxed_rules=[])


def test_relaxing_the_travel_rule_brings_a_far_vacancy_into_the_list(ws):
    k1 = ws.users["k1"]
    view = ws.person_view(k1, "JS-2")
    assert "JV-3" not in view.lists["vacancy"].ids()  # Ancol is ~20 km from Tanjung Barat
    ws.save_settings(k1, view, weights=view.weights, relaxed_rules=["travel"])
    assert "JV-3" in ws.person_view(k1, "JS-2").lists["vacancy"].ids()


def test_putting_all_weight_on_distance_ranks_the_nearer_vacancy_first(ws):
    k1 = ws.users["k1"]
    view = ws.person_view(k1, "JS-1")
    assert view.lists["vacancy"].ids()[0] == "JV-1"  # the skill match, in Jagakarsa
    zero = dict.fromkeys(view.weights, 0.0)
    ws.save_settings(k1, view, weights={**zero, "distance": 1.0}, relaxed_rules=[])
    assert ws.person_view(k1, "JS-1").lists["vacancy"].ids()[0] == "JV-2"  # same kelurahan


def test_registration_without_consent_stores_nothing(ws, db_engine):  # noqa: F811
    values = {"name": "Rina", "age": 19, "gender": "P", "kelurahan": "Tanjung Barat",
              "education": "SMP", "segment": "pemuda"}  # fmt: skip
    with pytest.raises(ConsentRequiredError):
        ws.register_jobseeker(ws.users["k1"], values, consent=False)
    record = ws.register_jobseeker(ws.users["k1"], values, consent=True)
    assert record.id == "JS-0003" and record.consent_given and record.consent_by == "k1"
    # Registered today: the monitoring counts registrations by this date.
    assert record.jobseeker.registered_on == date.today()
    with session_scope(db_engine) as s:
        assert JobseekerRepository(s).count() == 3


def test_upload_preview_flags_bad_rows_duplicates_and_other_companies_before_saving(ws):
    csv = (
        "id;employer;title;kelurahan;wage;closing_date\n"
        f"JV-9;{EMPLOYER};Pramuniaga;Tanjung Barat;4.000.000;31/12/2030\n"
        f"JV-1;{EMPLOYER};Pembuat Kue;Jagakarsa;4000000;31/12/2030\n"
        "JV-10;Bengkel Jaya;Montir;Tanjung Barat;4000000;31/12/2030\n"
        f"JV-11;{EMPLOYER};Kurir;Tanjung Barat;-100;31/02/2030\n"
        "JV-12;Toko Lain;Kasir;Tanjung Barat;4000000;30/02/2027\n"
    ).encode("cp1252")
    preview = ws.preview_upload(ws.users["e1"], "lowongan.csv", csv)
    assert [r.id for r in preview.records] == ["JV-9"]
    assert {(p.row, p.column) for p in preview.problems} == {
        (3, "id"),
        (4, "employer"),
        (5, "wage"),
        (5, "closing_date"),
        (6, "closing_date"),
        (6, "employer"),  # in the same pass as the bad date, not after it is fixed
    }
    with pytest.raises(ValidationError):
        ws.save_upload(ws.users["e1"], preview)
    saved = ws.save_upload(ws.users["e1"], preview, skip_bad_rows=True)
    assert [v.id for v in saved] == ["JV-9"]


def test_a_closing_date_already_passed_is_refused_for_new_vacancies_and_new_dates(
    ws,
    db_engine,  # noqa: F811 - fixture
):
    """A form vacancy closing on 01/01/2020 was stored and listed as open."""
    e1 = ws.users["e1"]
    past = date.today() - timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        ws.create_vacancy(e1, {"title": "Kasir", "kelurahan": "Tanjung Barat",
                               "closing_date": past})  # fmt: skip
    (problem,) = caught.value.problems
    assert (problem.column, problem.allowed.code) == ("closing_date", "closing_not_past")
    created = ws.create_vacancy(e1, {"title": "Kasir", "kelurahan": "Tanjung Barat",
                                     "closing_date": date.today()})  # fmt: skip
    csv = ("id;employer;title;kelurahan;closing_date\n"
           f"JV-20;{EMPLOYER};Kurir;Tanjung Barat;{past:%d/%m/%Y}\n").encode()  # fmt: skip
    preview = ws.preview_upload(e1, "lowongan.csv", csv)
    assert not preview.records
    assert [(p.row, p.column) for p in preview.problems] == [(2, "closing_date")]
    # An edit may keep a date that has since passed, not set a new one in the past.
    with session_scope(db_engine) as s:
        VacancyRepository(s).update(replace(created.posting, closing_date=past - timedelta(9)),
                                    expected_version=created.version_id, who="test")  # fmt: skip
    stored = {v.id: v for v in ws.my_vacancies(e1)}[created.id]
    values = {"title": "Kasir Senior", "kelurahan": "Tanjung Barat",
              "closing_date": stored.posting.closing_date}  # fmt: skip
    edited = ws.update_vacancy(e1, created.id, values, expected_version=stored.version_id)
    assert edited.posting.title == "Kasir Senior"
    with pytest.raises(ValidationError):
        ws.update_vacancy(e1, created.id, {**values, "closing_date": past},
                          expected_version=edited.version_id)  # fmt: skip


def test_the_upload_template_is_accepted_as_it_is_and_names_every_vacancy_column(ws):
    """Rows without an id were refused with only "ID wajib diisi": the page now offers a
    file to fill in, whose example row the preview takes as it is."""
    from matcher.loaders import VACANCY_FIELDS, read_table

    e1 = ws.users["e1"]
    template = ws.upload_template(e1)
    table, _ = read_table("contoh_lowongan.csv", template)
    assert set(table.columns) == {f.name for f in VACANCY_FIELDS}  # every column, aliases read
    preview = ws.preview_upload(e1, "contoh_lowongan.csv", template)
    assert preview.problems == () and [r.employer for r in preview.records] == [EMPLOYER]
    assert preview.records[0].closing_date > date.today()


def test_enrolling_takes_a_seat_and_a_declined_suggestion_does_not_come_back(ws):
    t1 = ws.users["t1"]
    view = ws.enrolment_view(t1, "PR-1")
    assert len(view.suggestions) == 2
    first, second = (s.candidate for s in view.suggestions)
    ws.decide_enrolment(t1, "PR-1", second, accept=False)
    program = ws.decide_enrolment(t1, "PR-1", first, accept=True)
    assert program.program.seats_left == 0
    view = ws.enrolment_view(t1, "PR-1")
    assert view.suggestions == [] and view.declined == 1
    rows = ws.enrolment_list(t1, "PR-1")
    assert [(r["participant"], r["status"], r["name"]) for r in rows] == [(first, "enrolled", "")]


def _trainer_world(ws, db_engine):  # noqa: F811
    """JS-1 Siti: 22, Tanjung Barat (0 km from PR-1); JS-2 Budi: 31, Jagakarsa (3.75 km);
    JS-3 Rina: 16, Ancol (20 km, beyond her 8 km travel limit, so excluded); she wants to
    learn baking too, so the course would be on her list if the rule gave way."""
    with session_scope(db_engine) as s:
        repo = JobseekerRepository(s)
        budi = repo.get("JS-2")
        repo.update(replace(budi.jobseeker, age=31, kelurahan="Jagakarsa"),
                    expected_version=budi.version_id, who="test")  # fmt: skip
        repo.add(person("JS-3", name="Rina", phone="0814-3", age=16, kelurahan="Ancol",
                        skills=("membuat kue",), interests="membuat kue"),
                 who="test", consent_given=True)  # fmt: skip


def test_trainer_suggestions_show_tokens_and_bands_never_ids_ages_places_or_km(ws, db_engine):  # noqa: F811
    import json
    import re

    _trainer_world(ws, db_engine)
    t1 = ws.users["t1"]
    view = ws.enrolment_view(t1, "PR-1")
    shown = {(s.age_band, s.education, s.distance_band) for s in view.suggestions}
    assert shown == {("18-24", "SMA/SMK", "lt3"), ("30-39", "SMA/SMK", "3-7")}
    [rina] = [s for s in view.excluded if s.age_band == "lt18"]
    assert rina.distance_band == "gt15" and not rina.eligible
    everyone = view.suggestions + view.excluded
    assert all(s.candidate.startswith("K-") for s in everyone)
    assert all(s.explanation.distance_km is None for s in everyone)
    assert all(p.part.value != "distance" for s in everyone for p in s.explanation.parts)
    assert all(s.score == round(s.score, 1) for s in everyone)
    dump = json.dumps([s.__dict__ for s in everyone], default=str)
    for secret in ("JS-1", "JS-2", "JS-3", "Siti", "Budi", "Rina", "0812-1", "Jagakarsa",
                   "Ancol", "Tanjung Barat"):  # fmt: skip
        assert secret not in dump, secret
    for lang in ("id", "en"):
        assert not [s for s in everyone if re.search(r"\d\s*km", s.explanation.summary(lang))]
    assert rina.explanation.rule_facts == {"travel": {}}  # not her 20 km nor her 8 km limit
    # The same token on every visit, so a trainer can come back to a candidate.
    again = ws.enrolment_view(t1, "PR-1")
    assert [s.candidate for s in again.suggestions] == [s.candidate for s in view.suggestions]


def test_a_trainer_acts_on_tokens_and_sees_contact_only_after_enrolment_with_consent(
    ws,
    db_engine,  # noqa: F811
):
    _trainer_world(ws, db_engine)
    t1, k1 = ws.users["t1"], ws.users["k1"]
    view = ws.enrolment_view(t1, "PR-1")
    siti = next(s.candidate for s in view.suggestions if s.distance_band == "lt3")
    with pytest.raises(UnknownCandidateError):  # a real id is not a candidate
        ws.decide_enrolment(t1, "PR-1", "JS-2", accept=True)
    ws.decide_enrolment(t1, "PR-1", siti, accept=True)
    [row] = ws.enrolment_list(t1, "PR-1")
    assert (row["participant"], row["name"], row["phone"]) == (siti, "", "")
    [ask] = [f for f in ws.caseload(k1).follow_ups if f.reason == "share_consent"]
    assert ask.jobseeker_id == "JS-1"  # the token was Siti's
    ws.record_share_consent(k1, "JS-1", ask.referral.id)
    [row] = ws.enrolment_list(t1, "PR-1")
    assert (row["participant"], row["name"], row["phone"]) == ("JS-1", "Siti", "0812-1")


def test_suggestions_shown_to_a_trainer_are_logged_with_real_ids_on_the_server(ws, db_engine):  # noqa: F811
    from sqlalchemy import select

    from matcher.monitoring.models import ExposureRow

    assert ws.record_suggestions_shown(ws.users["t1"], "PR-1") == 2
    with session_scope(db_engine) as s:
        ids = set(s.scalars(select(ExposureRow.jobseeker_id)))
    assert ids == {"JS-1", "JS-2"}


def test_engine_is_rebuilt_only_when_stored_records_change(ws):
    cache = ws.engine_cache
    ws.matcher()
    ws.matcher()
    assert cache.builds == 1
    view = ws.person_view(ws.users["k1"], "JS-1")
    ws.adjust_item(ws.users["k1"], view, "pin", "vacancy", view.lists["vacancy"].ids()[-1])
    ws.matcher()
    assert cache.builds == 1  # decisions do not change the catalog
    ws.create_vacancy(ws.users["e1"], {"title": "Kasir Sore", "kelurahan": "Tanjung Barat"})
    ws.matcher()
    assert cache.builds == 2


def test_a_saved_profile_refits_the_people_and_keeps_the_catalogue(ws, db_engine):  # noqa: F811
    from matcher.db import JobseekerRepository

    cache = ws.engine_cache
    first = ws.matcher()
    opts = first.options(as_of=date(2026, 12, 1))
    assert "JV-1" not in [r.item_id for r in first.recommend_for_jobseeker("JS-2").vacancies]
    with session_scope(db_engine) as s:
        repo = JobseekerRepository(s)
        budi = repo.get("JS-2")
        repo.update(replace(budi.jobseeker, skills=("kasir", "membuat kue")),
                    expected_version=budi.version_id, who="test")  # fmt: skip
    after = ws.matcher()
    assert after is not first and (cache.builds, cache.refits) == (1, 1)
    assert (
        after.engine.text_[OpportunityKind.VACANCY] is first.engine.text_[OpportunityKind.VACANCY]
    )
    # The edit shows at once, and every list is what a full build gives.
    fresh = EngineCache(lambda: session_scope(db_engine), encoder="tfidf",
                        normaliser=fake_normalise).get()  # fmt: skip
    for pid in ("JS-1", "JS-2"):
        got = after.engine.recommend_for_jobseeker(pid, opts)
        want = fresh.engine.recommend_for_jobseeker(pid, opts)
        for name in ("vacancies", "trainings", "excluded"):
            g, w = getattr(got, name), getattr(want, name)
            assert [r.item_id for r in g] == [r.item_id for r in w], (pid, name)
            assert [r.score for r in g] == pytest.approx([r.score for r in w], abs=1e-5)
    assert "JV-1" in [r.item_id for r in after.recommend_for_jobseeker("JS-2").vacancies]
    # A new vacancy is a new catalogue: built in full.
    ws.create_vacancy(ws.users["e1"], {"title": "Kasir Sore", "kelurahan": "Tanjung Barat"})
    ws.matcher()
    assert (cache.builds, cache.refits) == (2, 1)


def test_refits_give_way_to_a_full_build_now_and_then(ws, db_engine, monkeypatch):  # noqa: F811
    from matcher.db import JobseekerRepository
    from matcher.workspace import source

    monkeypatch.setattr(source, "REFITS_BEFORE_BUILD", 2)
    cache = ws.engine_cache
    ws.matcher()
    counts = []
    for n in range(4):
        with session_scope(db_engine) as s:
            repo = JobseekerRepository(s)
            siti = repo.get("JS-1")
            repo.update(replace(siti.jobseeker, max_travel_km=9.0 + n),
                        expected_version=siti.version_id, who="test")  # fmt: skip
        ws.matcher()
        counts.append((cache.builds, cache.refits))
    assert counts == [(1, 1), (1, 2), (2, 2), (2, 3)]


def test_someone_leaving_builds_in_full_even_when_the_epoch_cannot_be_written(ws, monkeypatch):
    """A refit keeps the text index, which remembers the texts it read: a withdrawn
    consent or an erasure builds in full, so the person's words leave it. The erasure is
    counted in the database, committed with it: the epoch file written after may fail."""
    from matcher.db import JobseekerRepository
    from matcher.text import forgetting

    cache = ws.engine_cache
    ws.matcher()
    with ws.session_factory() as s:
        budi = JobseekerRepository(s).get("JS-2")
    ws.set_consent(ws.users["k1"], "JS-2", False, expected_version=budi.version_id)
    ws.matcher()
    assert (cache.builds, cache.refits) == (2, 0)

    def unwritable() -> None:
        raise OSError("read-only disk")

    monkeypatch.setattr(forgetting, "forget_people_texts", unwritable)
    epoch = forgetting.epoch()
    result = ws.erase_subject(ws.users["a1"], "JS-1", confirm="JS-1")
    assert not result.caches_cleared and forgetting.epoch() == epoch
    after = ws.matcher()
    assert (cache.builds, cache.refits) == (3, 0)
    assert "Siti" not in repr([p.name for p in after.engine.people_.records])


def test_the_background_build_builds_once_and_loads_the_models(ws, monkeypatch):
    from matcher.engine import MatchingEngine

    loaded = []
    monkeypatch.setattr(MatchingEngine, "load_models", lambda self: loaded.append(self))
    cache = ws.engine_cache
    cache.build_in_background().join(timeout=60)
    assert cache.builds == 1 and loaded == [ws.matcher().engine]
    ws.matcher()
    assert cache.builds == 1  # the page that follows uses that build


def test_people_ranked_for_an_item_are_remembered_until_the_data_changes(ws):
    first = ws.ranked_people("vacancy", "JV-1", 5)
    assert ws.ranked_people("vacancy", "JV-1", 5) is first
    ws.create_vacancy(ws.users["e1"], {"title": "Kasir Pagi", "kelurahan": "Tanjung Barat"})
    assert ws.ranked_people("vacancy", "JV-1", 5) is not first


def test_drafts_round_trip_per_user_and_form_and_are_cleared(tmp_path):
    from datetime import date

    from matcher.workspace.drafts import DraftStore

    store = DraftStore(tmp_path)
    store.save("konselor", "register", {"name": "Dewi", "closing": date(2026, 12, 31)})
    assert store.load("konselor", "register") == {"name": "Dewi", "closing": date(2026, 12, 31)}
    assert store.load("admin", "register") == {}
    store.clear("konselor", "register")
    assert store.load("konselor", "register") == {}
