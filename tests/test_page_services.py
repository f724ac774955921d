"""The page services refuse every role their use case does not name, and do their job.

Each service (monitoring, needs, outreach, partners, field intake, ranker) takes the
signed-in user first; these tests call them directly, without a page, so hiding a menu
item is never the only guard.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from matcher import config
from matcher.db import (
    AuditRepository,
    PermissionDenied,
    Role,
    UserRepository,
    session_scope,
)
from matcher.ranking.lifecycle import NoModelToActivate
from matcher.ranking.train import NotEnoughDecisions
from matcher.workspace.intake import IntakeService
from matcher.workspace.monitoring import MonitoringService
from matcher.workspace.needs import NeedsService
from matcher.workspace.outreach import OutreachService
from matcher.workspace.partners import PartnerService
from matcher.workspace.ranker_admin import AUDIT_ENTITY, RankerService, model_id
from tests.db_fixtures import store_simulated_decisions
from tests.needs_fixtures import seeded_db_template, seeded_engine  # noqa: F401

C, T, E, A, L = Role.COUNSELOR, Role.TRAINER, Role.EMPLOYER, Role.ADMIN, Role.COUNSELOR_LEAD
SAMPLE_EXPORT = config.DATA_DIR / "intake" / "sample_kobo_export.xlsx"


@pytest.fixture
def factory(seeded_engine, monkeypatch):  # noqa: F811
    monkeypatch.setenv("MATCHER_NORMALISER", "raw")
    return lambda: session_scope(seeded_engine)


@pytest.fixture
def users(factory):
    with factory() as s:
        return {r: UserRepository(s).list(role=r)[0] for r in Role}


@pytest.fixture
def models(tmp_path, monkeypatch):
    folder = tmp_path / "models"
    monkeypatch.setattr(config, "MODELS_DIR", folder)
    return folder


# (use case, how to call it, roles allowed); every other role must be refused.
CASES = {
    "monitoring": (lambda f, u: MonitoringService(f).scope(u), {A, L}),
    "needs_map": (lambda f, u: NeedsService(f).overview(u, top=3), {A, L, C}),
    "needs_map_points": (lambda f, u: NeedsService(f).map_data(u), {A, L, C}),
    "outreach_programs": (lambda f, u: OutreachService(f).items(u, "program"), {A, C, T}),
    "outreach_vacancies": (lambda f, u: OutreachService(f).items(u, "vacancy"), {A, C}),
    "partners_view": (lambda f, u: PartnerService(f).directory(u), {A, L}),
    "partners_edit": (
        lambda f, u: PartnerService(f).save(
            u, name="Karang Taruna RW 09", partner_type="komunitas"
        ),
        {A},
    ),
    "field_intake": (
        lambda f, u: IntakeService(f).preview(u, SAMPLE_EXPORT.name, SAMPLE_EXPORT.read_bytes()),
        {A, C},
    ),
    "ranker": (lambda f, u: RankerService(f).overview(u), {A}),
}
MATRIX = [(case, role, role in allowed) for case, (_, allowed) in CASES.items() for role in Role]


@pytest.mark.parametrize(
    "case, role, allowed", MATRIX, ids=[f"{c}-{r.value}" for c, r, _ in MATRIX]
)
def test_each_role_is_let_in_or_refused_by_the_service_itself(
    case, role, allowed, factory, users, models
):
    call = CASES[case][0]
    if allowed:
        assert call(factory, users[role]) is not None
    else:
        with pytest.raises(PermissionDenied):
            call(factory, users[role])


@pytest.mark.parametrize("case", list(CASES))
def test_nobody_signed_in_and_deactivated_accounts_are_refused_everywhere(
    case, factory, users, models
):
    call = CASES[case][0]
    with pytest.raises(PermissionDenied):
        call(factory, None)
    with pytest.raises(PermissionDenied):
        call(factory, replace(users[A], active=False))


def test_a_trainer_advertises_only_their_own_providers_programmes(factory, users):
    service = OutreachService(factory)
    trainer = users[T]
    mine = service.items(trainer, "program")
    assert mine and {i.owner for i in mine} == {trainer.provider}
    everyone = service.items(users[A], "program")
    other = next(i for i in everyone if i.owner != trainer.provider)
    with pytest.raises(PermissionDenied):
        service.message(trainer, "program", other.id)
    assert service.kinds(trainer) == ["program"]
    text = service.message(trainer, "program", mine[0].id)
    assert mine[0].record.title in text.text


def test_needs_figures_are_remembered_until_the_data_changes(factory, users):
    service = NeedsService(factory)
    first = service.overview(users[C], top=5)
    assert service.overview(users[C], top=5) is first
    from matcher.db import JobseekerRepository

    with factory() as s:
        repo = JobseekerRepository(s)
        rec = repo.list()[0]
        repo.update(replace(rec.jobseeker, skills=(*rec.jobseeker.skills, "las listrik")),
                    expected_version=rec.version_id, who="konselor")  # fmt: skip
    again = service.overview(users[C], top=5)
    assert again is not first and again.version != first.version


def test_map_reference_layer_names_every_kelurahan_in_view_and_marks_the_hub(factory, users):
    data, reference = NeedsService(factory).map_data(users[L])
    assert len(reference) >= data.points["kelurahan"].nunique()
    assert reference["hub"].sum() == 1
    assert reference.loc[reference["hub"], "kelurahan"].item() == "Tanjung Barat"


# --- the ranker: candidate, held-out comparison, confirm, activate, rollback, audit ------


@pytest.fixture
def decisions(factory):
    with factory() as s:
        return store_simulated_decisions(s)


def _audit(factory) -> list[tuple[str, str]]:
    with factory() as s:
        return [(e.action, e.who) for e in AuditRepository(s).list(entity=AUDIT_ENTITY)][::-1]


def test_training_makes_a_candidate_that_nobody_uses_until_it_is_activated(
    factory, users, models, decisions
):
    service = RankerService(factory)
    admin = users[A]
    candidate = service.train(admin)
    figures = candidate.figures
    # Measured on people it never saw: fewer decisions trained on than stored.
    assert 0 < candidate.manifest["n_decisions"] < decisions
    assert figures["n_people"] > 0 and figures["ndcg_candidate"] is not None
    assert figures["ndcg_current"] is None  # no model was active
    overview = service.overview(admin)
    assert overview.status.state == "absent" and overview.slots.candidate is not None
    assert _audit(factory) == [("train", "admin")]

    with pytest.raises(NoModelToActivate):
        service.activate(admin, "someone-else's-model")
    slots = service.activate(admin, model_id(candidate.manifest))
    assert slots.active["trained_at"] == candidate.manifest["trained_at"]
    assert slots.candidate is None and slots.previous_is_hand
    assert service.overview(admin).status.state == "active"

    second = service.train(admin, seed=1)
    # The active model is measured on the new candidate's held-out people too.
    assert second.figures["ndcg_current"] is not None
    service.activate(admin, model_id(second.manifest))
    back = service.rollback(admin)
    assert model_id(back.active) == model_id(candidate.manifest)
    assert model_id(back.previous) == model_id(second.manifest)
    back = service.rollback(admin)  # a rollback can itself be undone
    assert model_id(back.active) == model_id(second.manifest)
    assert [a for a, _ in _audit(factory)] == [
        "train",
        "activate",
        "train",
        "activate",
        "rollback",
        "rollback",
    ]


def test_rollback_of_the_first_model_returns_to_the_hand_set_weights(
    factory, users, models, decisions
):
    service = RankerService(factory)
    admin = users[A]
    with pytest.raises(NoModelToActivate):
        service.rollback(admin)
    service.activate(admin, model_id(service.train(admin).manifest))
    slots = service.rollback(admin)
    assert slots.active is None
    assert service.overview(admin).status.state == "absent"


def test_training_without_usable_decisions_saves_nothing_and_writes_no_audit(
    factory, users, models
):
    with pytest.raises(NotEnoughDecisions):
        RankerService(factory).train(users[A])
    assert not (models / "ranker_candidate").exists()
    assert _audit(factory) == []
