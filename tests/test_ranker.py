"""The learned ranker: it recovers preferences known by construction, saves and loads
safely, and changes the engine's order the way the counselors' preference says."""

# Fixtures imported from db_fixtures are used as arguments, which pyflakes reads as
# redefinitions.
# ruff: noqa: F811
from __future__ import annotations

import json
import logging
from datetime import datetime

import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from matcher.db.enums import DecisionAction, ReasonCode
from matcher.db.records import Decision
from matcher.domain import Gender, OpportunityKind, WorkType
from matcher.engine import MatchingEngine, MatchOptions
from matcher.ranking.dataset import build_dataset, label_pairs, mean_ndcg, ndcg_at_k
from matcher.ranking.estimator import CounselorRanker
from matcher.ranking.features import (
    FEATURE_NAMES,
    catalog_night,
    feature_matrix,
    has_childcare,
    night_hours,
    pair_matrix,
    person_context,
)
from matcher.ranking.ranker import MANIFEST_FILE, MODEL_FILE, Ranker, load_ranker, save_ranker
from matcher.ranking.retrain import catalog_items, decision_count, retrain_from_db
from matcher.ranking.sim import CounselorSimulator, HiddenPreference, shown_lists
from matcher.ranking.train import evaluate, fit, split_by_jobseeker, train_ranker
from matcher.scoring.parts import PARTS
from matcher.scoring.schedule import parse_job_schedule
from tests.conftest import TODAY, fake_normalise, person, vacancy
from tests.db_fixtures import (  # noqa: F401
    cheap_password_hashing,
    db_engine,
    empty_engine,
    sqlite_template,
)

OPTS = MatchOptions(as_of=TODAY, diversity=0.0)
PLACES = ["Tanjung Barat", "Lenteng Agung", "Jagakarsa", "Pasar Minggu", "Cilandak Timur",
          "Kebagusan", "Pejaten Timur", "Srengseng Sawah"]  # fmt: skip
SKILLS = [("menjahit", "obras"), ("kasir", "melayani pelanggan"), ("gudang",),
          ("membuat kue",), ("mengemudi motor",)]  # fmt: skip
SHIFTS = ["Senin-Jumat 08:00-16:00", "shift pagi 07:00-15:00 / shift malam 22:00-06:00",
          "Senin-Sabtu 08:00-14:00", "shift pagi 06:00-14:00 / shift malam 22:00-06:00"]  # fmt: skip


def sim_world(n_people: int = 90, n_vacancies: int = 40):
    """Mothers with childcare duties, minors and others; day and day-or-night jobs spread
    over South Jakarta, with no age limits, so minors do see night hours. Every job's hours
    are at least half mornings, so the schedule rule shows mothers every job."""
    people = []
    for i in range(n_people):
        group = i % 3  # 0 mother with childcare, 1 minor, 2 other adult
        people.append(person(
            f"JS-{i:03d}", skills=SKILLS[i % len(SKILLS)], kelurahan=PLACES[i % len(PLACES)],
            gender=Gender.FEMALE if group != 1 or i % 2 else Gender.MALE,
            age=16 + i % 2 if group == 1 else 24 + i % 10,
            availability="pagi saja (antar anak sekolah)" if group == 0 else "kapan saja",
            max_travel_km=40.0,
        ))  # fmt: skip
    vacancies = [
        vacancy(f"V-{j:03d}", f"Lowongan {j}", SKILLS[j % len(SKILLS)] + SKILLS[(j + 2) % 5][:1],
                kelurahan=PLACES[(j * 3) % len(PLACES)], schedule=SHIFTS[j % len(SHIFTS)],
                work_type=WorkType.SHIFT)
        for j in range(n_vacancies)
    ]  # fmt: skip
    return people, vacancies


@pytest.fixture(scope="module")
def world_engine():
    people, vacancies = sim_world()
    return MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(people, [], vacancies)


STRONG = HiddenPreference(childcare_km_penalty=0.1, noise=0.01)


@pytest.fixture(scope="module")
def decisions(world_engine):
    lists = list(shown_lists(world_engine, options=OPTS))
    return CounselorSimulator(STRONG, seed=1).run(lists)


@pytest.fixture(scope="module")
def records(world_engine):
    people = {p.id: p for p in world_engine.people_.records}
    vacancies = world_engine.catalogs_[OpportunityKind.VACANCY].records
    return people, catalog_items([], vacancies)


@pytest.fixture(scope="module")
def trained(decisions, records):
    return train_ranker(decisions, *records, source="test")


# --- features -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("pagi saja (antar anak sekolah)", True), ("pagi 07:00-12:00 karena mengurus anak", True),
     ("mornings only because of childcare", True), ("kapan saja", False),
     ("Senin-Jumat, siang", False)],
)  # fmt: skip
def test_childcare_duties_are_read_from_availability_text(text, expected):
    assert has_childcare(text) is expected


def test_block_features_equal_the_features_of_each_pair_built_alone():
    rng = np.random.default_rng(0)
    parts = rng.random((3, 4, len(PARTS))).astype(np.float32)
    ctx = np.array([[1, 1, 0], [0, 0, 1], [1, 0, 1]], dtype=np.float32)
    night = np.array([0, 1, 1, 0], dtype=np.float32)
    block = feature_matrix(parts, OpportunityKind.TRAINING, ctx, night)
    pi, oj = np.divmod(np.arange(12), 4)
    aligned = pair_matrix(parts[pi, oj], OpportunityKind.TRAINING, ctx[pi], night[oj])
    # float32 products: other BLAS kernels round differently, so never compare exactly.
    np.testing.assert_allclose(block, aligned, rtol=1e-5, atol=1e-6)
    assert block.shape == (12, len(FEATURE_NAMES))
    col = FEATURE_NAMES.index("minor_x_night")
    assert block[:, col].tolist() == (ctx[pi, 2] * night[oj]).tolist()


def test_rescore_handles_one_person_against_fifty_thousand_items():
    from types import SimpleNamespace

    model = CounselorRanker().fit(np.random.default_rng(0).random((40, len(FEATURE_NAMES))),
                                  np.arange(40) % 2)  # fmt: skip
    schedules = [parse_job_schedule("Senin-Jumat 08:00-16:00")] * 50_000
    catalog = SimpleNamespace(schedules=schedules)
    people = SimpleNamespace(records=[person("JS-X")])
    parts = np.random.default_rng(1).random((1, 50_000, len(PARTS))).astype(np.float32)
    ranker = Ranker(model)
    args = (parts, "vacancy", people, np.array([0]), catalog, np.arange(50_000), parts[..., 0])
    ranker.rescore(*args)  # the first call reads every item's night hours once
    scores = ranker.rescore(*args)
    assert scores.shape == (1, 50_000)
    assert scores.min() >= 0 and scores.max() <= 1


# --- estimator ------------------------------------------------------------------------


@parametrize_with_checks([CounselorRanker()])
def test_counselor_ranker_follows_the_scikit_learn_contract(estimator, check):
    check(estimator)


def test_pairwise_fit_learns_the_order_within_lists_not_between_them():
    # Within each list the item with more of feature 0 is kept; lists differ in level.
    rng = np.random.default_rng(0)
    X = rng.random((200, 2))
    groups = np.repeat(np.arange(100), 2)
    X[:, 1] = np.repeat(rng.random(100) * 10, 2)  # a list-level shift, irrelevant to order
    y = np.zeros(200, dtype=int)
    first_bigger = X[::2, 0] > X[1::2, 0]
    y[::2], y[1::2] = first_bigger, ~first_bigger
    model = CounselorRanker().fit(X, y, groups=groups)
    assert model.coef_[0] > 0
    assert abs(model.coef_[1]) < 0.1 * model.coef_[0]
    proba = model.predict_proba(X)[:, 1]
    assert ((proba > 0) & (proba < 1)).all()


def test_ndcg_matches_scikit_learn_when_scores_have_no_ties():
    from sklearn.metrics import ndcg_score

    rng = np.random.default_rng(3)
    for _ in range(50):
        grades, scores = rng.integers(0, 4, 12), rng.random(12)
        if grades.max() == 0:
            continue
        assert ndcg_at_k(grades, scores, 10) == pytest.approx(
            ndcg_score(grades[None], scores[None], k=10)
        )


# --- decisions as data ----------------------------------------------------------------


def _decision(i, action, item="V-000", person="JS-000", parts=True, reason=None):
    return Decision(
        id=i, jobseeker_id=person, opportunity_kind=OpportunityKind.VACANCY,
        opportunity_id=item, action=DecisionAction(action),
        reason_code=ReasonCode(reason) if reason else None, note="", rank_before=1,
        rank_after=None,
        score_parts={"semantic": .5, "skills": .5, "distance": .5, "schedule": .5,
                     "education": 1.0} if parts else None,
        details=None, who="konselor", at=datetime(2026, 1, 1, 9, i),
    )  # fmt: skip


def test_last_explicit_decision_sets_the_label_and_moves_do_not_override_it():
    pairs, skipped, _ = label_pairs([
        _decision(1, "reject", "V-A", reason="too_far"), _decision(2, "accept", "V-A"),
        _decision(3, "pin", "V-B"), _decision(4, "move_down", "V-B"),
        _decision(5, "move_down", "V-C"), _decision(6, "accept", "V-D", parts=False),
        _decision(7, "note", "V-E"),
    ])  # fmt: skip
    grades = {k[2]: g for k, (g, _) in pairs.items()}
    assert grades == {"V-A": 2, "V-B": 3, "V-C": 1}
    assert skipped == 1  # V-D has no stored score parts


def test_a_restore_takes_the_rejection_back_and_leaves_the_pair_unlabelled_until_later():
    pairs, _, used = label_pairs([
        _decision(1, "reject", "V-A", reason="too_far"), _decision(2, "restore", "V-A"),
        _decision(3, "pin", "V-B"), _decision(4, "reject", "V-B", reason="other"),
        _decision(5, "restore", "V-B"), _decision(6, "move_down", "V-B"),
        _decision(7, "restore", "V-C"),  # nothing to take back
    ])  # fmt: skip
    assert {k[2]: g for k, (g, _) in pairs.items()} == {"V-B": 1}
    assert [d.id for d in used] == [1, 2, 3, 4, 5, 6]


def test_decisions_about_unknown_records_are_skipped_and_counted(records):
    people, items = records
    rows = [_decision(1, "accept", "V-000"), _decision(2, "reject", "V-GONE", reason="other"),
            _decision(3, "accept", "V-001", person="JS-GONE")]  # fmt: skip
    data = build_dataset(rows, people, items)
    assert len(data) == 1 and data.skipped == 2 and data.n_decisions == 1


# --- learning the hidden preference ---------------------------------------------------


def test_simulated_counselors_reject_night_hours_for_minors(decisions, records):
    people, items = records
    for d in decisions:
        minor = people[d.jobseeker_id].age < 18
        night = parse_job_schedule(items[(d.opportunity_kind, d.opportunity_id)].schedule)
        if minor and night.has_night_hours:
            assert d.action is DecisionAction.REJECT


def test_ranker_recovers_the_hidden_preference(trained):
    w = trained.weights()
    assert w["minor_x_night"] < 0  # never a night shift for someone under 18
    assert w["female_childcare_x_km"] < 0  # short travel for mothers with childcare duties
    assert w["minor_x_night"] < -abs(w["night"])  # the rule is about minors, not night work


def test_learned_ranker_beats_hand_set_weights_on_held_out_jobseekers(decisions, records):
    data = build_dataset(decisions, *records)
    split = split_by_jobseeker(data, test_share=0.3, seed=0)
    model = fit(data.subset(split.train))
    scores = evaluate(model, data.subset(split.test))
    assert scores["ndcg_learned"] > scores["ndcg_hand"] + 0.01
    # The reference: hand-set scores on the same held-out lists.
    test = data.subset(split.test)
    assert scores["ndcg_hand"] == pytest.approx(mean_ndcg(test.hand, test))


def test_manifest_records_versions_features_data_hash_and_metrics(trained, decisions):
    m = trained.manifest
    assert set(m["versions"]) == {"python", "sklearn", "numpy", "matcher"}
    assert m["feature_names"] == list(FEATURE_NAMES)
    assert len(m["training_data_sha256"]) == 64
    assert 0 < m["n_decisions"] <= len(decisions)
    assert m["metrics"]["heldout_ndcg_learned"] > m["metrics"]["heldout_ndcg_hand"]


def test_data_hash_changes_when_a_decision_changes(decisions, records):
    a = train_ranker(decisions[:300], *records, source="test").manifest
    b = train_ranker(decisions[:299], *records, source="test").manifest
    assert a["training_data_sha256"] != b["training_data_sha256"]


# --- the engine with the ranker -------------------------------------------------------


def _minor_world():
    people = [person("JS-MINOR", age=17, gender=Gender.MALE, skills=("gudang",),
                     availability="kapan saja", max_travel_km=30.0)]  # fmt: skip
    vacancies = [
        # Two shifts, one at night; matches every skill, at the door.
        vacancy("V-NIGHT", "Helper gudang", ("gudang",), work_type=WorkType.SHIFT,
                schedule="shift pagi 07:00-15:00 / shift malam 22:00-06:00"),
        # Daytime only, the same skills, a little further away.
        vacancy("V-DAY", "Staf gudang", ("gudang",), kelurahan="Jagakarsa"),
    ]  # fmt: skip
    return people, vacancies


def test_engine_with_ranker_puts_the_day_job_first_for_a_minor(trained):
    people, vacancies = _minor_world()
    plain = MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit(people, [], vacancies)
    learned = MatchingEngine(encoder="tfidf", normaliser=fake_normalise, ranker=trained).fit(
        people, [], vacancies
    )
    before = [r.item_id for r in plain.recommend_for_jobseeker("JS-MINOR", OPTS).vacancies]
    after = [r.item_id for r in learned.recommend_for_jobseeker("JS-MINOR", OPTS).vacancies]
    assert before == ["V-NIGHT", "V-DAY"]
    assert after == ["V-DAY", "V-NIGHT"]


def test_engine_with_ranker_prefers_nearer_jobs_for_a_mother_with_childcare(trained):
    mother = person("JS-MOM", skills=("menjahit", "obras"), max_travel_km=30.0,
                    availability="pagi saja (antar anak sekolah)")  # fmt: skip
    vacancies = [
        vacancy("V-FAR", "Operator jahit", ("sewing", "overlock"), kelurahan="Cilandak Timur",
                schedule="Senin-Jumat 07:00-12:00"),
        vacancy("V-NEAR", "Penjahit", ("sewing", "pattern making"),
                schedule="Senin-Jumat 07:00-12:00"),
    ]  # fmt: skip
    plain = MatchingEngine(encoder="tfidf", normaliser=fake_normalise).fit([mother], [], vacancies)
    learned = MatchingEngine(encoder="tfidf", normaliser=fake_normalise, ranker=trained).fit(
        [mother], [], vacancies
    )
    before = [r.item_id for r in plain.recommend_for_jobseeker("JS-MOM", OPTS).vacancies]
    after = [r.item_id for r in learned.recommend_for_jobseeker("JS-MOM", OPTS).vacancies]
    assert before == ["V-FAR", "V-NEAR"]
    assert after == ["V-NEAR", "V-FAR"]


# --- saving and loading ---------------------------------------------------------------


def test_saved_ranker_loads_back_with_identical_predictions(trained, world_engine, tmp_path):
    save_ranker(trained, tmp_path)
    loaded = load_ranker(tmp_path)
    assert loaded is not None and loaded.manifest == json.loads(
        (tmp_path / MANIFEST_FILE).read_text()
    )
    people, cat = world_engine.people_, world_engine.catalogs_[OpportunityKind.VACANCY]
    pidx, oidx = np.arange(len(people)), np.arange(len(cat))
    block = world_engine.score_block(OpportunityKind.VACANCY, people, pidx, None, OPTS)
    args = (block.parts, OpportunityKind.VACANCY, people, pidx, cat, oidx, block.score)
    np.testing.assert_array_equal(trained.rescore(*args), loaded.rescore(*args))


def test_absent_ranker_files_give_none_without_a_warning(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="matcher.ranking.ranker"):
        assert load_ranker(tmp_path / "nothing-here") is None
    assert not caplog.records


@pytest.mark.parametrize(
    ("field", "value"),
    [("versions", {"sklearn": "0.24.2"}), ("feature_schema", 999),
     ("feature_names", ["semantic", "skills"]),
     ("hand_weights", {"semantic": 0.9})],
)  # fmt: skip
def test_incompatible_manifest_gives_none_with_a_warning(trained, tmp_path, caplog, field, value):
    save_ranker(trained, tmp_path)
    manifest = json.loads((tmp_path / MANIFEST_FILE).read_text())
    manifest[field] = {**manifest[field], **value} if isinstance(value, dict) else value
    (tmp_path / MANIFEST_FILE).write_text(json.dumps(manifest))
    with caplog.at_level(logging.WARNING, logger="matcher.ranking.ranker"):
        assert load_ranker(tmp_path) is None
    assert any(r.levelno == logging.WARNING for r in caplog.records)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "missing", "wrong-object"])
def test_corrupt_model_file_gives_none_with_a_warning(trained, tmp_path, caplog, damage):
    import joblib

    save_ranker(trained, tmp_path)
    model = tmp_path / MODEL_FILE
    if damage == "garbage":
        model.write_bytes(b"not a joblib file at all")
    elif damage == "truncated":
        model.write_bytes(model.read_bytes()[:200])
    elif damage == "missing":
        model.unlink()
    else:
        joblib.dump({"coef_": [1, 2, 3]}, model)
    with caplog.at_level(logging.WARNING, logger="matcher.ranking.ranker"):
        assert load_ranker(tmp_path) is None
    assert any("ignored" in r.getMessage() for r in caplog.records)


def test_service_without_a_trained_ranker_ranks_with_hand_set_weights(monkeypatch, tmp_path):
    from matcher import config
    from matcher.service import _load_ranker

    monkeypatch.setattr(config, "MODELS_DIR", tmp_path)
    assert _load_ranker() is None


# --- retraining -----------------------------------------------------------------------


def test_retrain_from_db_reads_the_decision_table_and_saves_a_ranker(
    db_engine, decisions, records, tmp_path
):
    from matcher.db import DecisionRepository, JobseekerRepository, import_records, session_scope

    people, items = records
    with session_scope(db_engine) as session:
        # Simulated people, stored as sample data with consent (the engine's rule too).
        import_records(session, jobseekers=list(people.values()), programs=[],
                       vacancies=[v for (_, _), v in items.items()], who="tester",
                       sample=True)  # fmt: skip
    with session_scope(db_engine) as session:
        repo = DecisionRepository(session)
        for d in decisions[:400]:
            repo.add(d.jobseeker_id, d.action, who=d.who, opportunity_kind=d.opportunity_kind,
                     opportunity_id=d.opportunity_id, reason_code=d.reason_code,
                     rank_before=d.rank_before, rank_after=d.rank_after,
                     score_parts=d.score_parts, details=d.details)  # fmt: skip
        # A person who withdrew consent is no training data any more.
        withdrawn = decisions[0].jobseeker_id
        people_repo = JobseekerRepository(session)
        people_repo.set_consent(withdrawn, False, who="tester",
                                expected_version=people_repo.get(withdrawn).version_id)  # fmt: skip
    theirs = sum(d.jobseeker_id == withdrawn for d in decisions[:400])
    with session_scope(db_engine) as session:
        report = retrain_from_db(session, out=tmp_path)
    assert report.ok, report.message
    assert theirs > 0 and report.n_decisions == 400 - theirs and report.source == "db"
    assert load_ranker(tmp_path) is not None
    assert report.weights["minor_x_night"] < 0


def test_retrain_from_db_with_no_decisions_reports_instead_of_saving(db_engine, tmp_path):
    from matcher.db import session_scope

    with session_scope(db_engine) as session:
        report = retrain_from_db(session, out=tmp_path)
    assert not report.ok and "need at least" in report.message
    assert not (tmp_path / MODEL_FILE).exists()


def test_only_admins_may_retrain(db_engine, tmp_path):
    from matcher.db import PermissionDenied, Role, session_scope
    from matcher.db.records import User

    counselor = User(id=1, username="konselor", role=Role.COUNSELOR, display_name="K")
    with session_scope(db_engine) as session, pytest.raises(PermissionDenied):
        retrain_from_db(session, out=tmp_path, user=counselor)


def test_retrain_command_trains_on_simulated_decisions(tmp_path, capsys):
    from matcher.cli import main

    assert main(["retrain", "--simulate", "300", "--out", str(tmp_path)]) == 0
    assert "held-out nDCG@10" in capsys.readouterr().out
    manifest = json.loads((tmp_path / MANIFEST_FILE).read_text())
    assert manifest["source"] == "simulated:300" and manifest["n_decisions"] <= 300


def test_night_and_context_come_from_the_records_as_the_engine_reads_them(world_engine):
    cat = world_engine.catalogs_[OpportunityKind.VACANCY]
    people = world_engine.people_
    assert night_hours(cat.schedules).tolist() == [s.has_night_hours for s in cat.schedules]
    assert catalog_night(cat).tolist() == night_hours(cat.schedules).tolist()
    assert 0 < night_hours(cat.schedules).sum() < len(cat)
    ctx = person_context(people.records)
    assert ctx[:, 2].tolist() == (people.age < 18).tolist()


def test_decisions_without_score_parts_are_not_learned_from(
    db_engine, decisions, records, tmp_path
):
    from matcher.db import DecisionRepository, import_records, session_scope

    people, items = records
    with session_scope(db_engine) as session:
        import_records(session, jobseekers=list(people.values()), programs=[],
                       vacancies=list(items.values()), who="tester")  # fmt: skip
    with session_scope(db_engine) as session:
        repo = DecisionRepository(session)
        for d in decisions[:100]:  # like the demo history: no parts stored
            repo.add(d.jobseeker_id, d.action, who="demo", opportunity_kind=d.opportunity_kind,
                     opportunity_id=d.opportunity_id, reason_code=d.reason_code)  # fmt: skip
    with session_scope(db_engine) as session:
        report = retrain_from_db(session, out=tmp_path)
        assert decision_count(session) == 0
    assert not report.ok and "no stored score parts" in report.message


@pytest.mark.integration
def test_with_the_default_encoder_the_learned_ranker_beats_hand_set_weights(tmp_path):
    from matcher.ranking.retrain import retrain_simulated

    report = retrain_simulated(800, out=tmp_path, encoder="default")
    assert report.ok, report.message
    m = report.metrics
    assert m["heldout_ndcg_learned"] > m["heldout_ndcg_hand"]
    assert load_ranker(tmp_path) is not None
