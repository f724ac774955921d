"""The ranker admin page: status, metrics and a retrain button, for admins only."""

from __future__ import annotations

import pytest

from matcher.db import DecisionRepository, session_scope
from tests.app.conftest import texts


@pytest.fixture
def models_dir(tmp_path, monkeypatch):
    from matcher import config

    folder = tmp_path / "models"
    monkeypatch.setattr(config, "MODELS_DIR", folder)
    return folder


@pytest.fixture
def with_decisions(db):
    """Simulated counselor decisions about the sample people, stored as real rows."""
    from matcher.ranking.retrain import simulated_decisions

    decisions, _, _ = simulated_decisions(300, seed=3)
    with session_scope(db) as session:
        repo = DecisionRepository(session)
        for d in decisions:
            repo.add(d.jobseeker_id, d.action, who="konselor", opportunity_kind=d.opportunity_kind,
                     opportunity_id=d.opportunity_id, reason_code=d.reason_code,
                     rank_before=d.rank_before, rank_after=d.rank_after,
                     score_parts=d.score_parts, details=d.details)  # fmt: skip
    return len(decisions)


def test_admin_sees_that_no_model_is_trained_yet(open_page, models_dir):
    at = open_page("ranker_admin", "admin")
    assert not at.exception
    assert at.title[0].value == "Model peringkat dari keputusan konselor"
    assert "Belum ada model" in texts(at)
    # The demo history's decisions carry no score parts: nothing to learn from yet.
    assert at.metric[0].value == "0"


def test_retrain_button_trains_on_stored_decisions_and_shows_the_metrics(
    open_page, models_dir, with_decisions
):
    at = open_page("ranker_admin", "admin", lang="en")
    assert at.metric[0].value == str(with_decisions)
    at.button[0].click().run()
    assert not at.exception
    shown = texts(at)
    assert f"Model retrained on {with_decisions} decisions." in shown
    assert "Model active" in shown
    labels = [m.label for m in at.metric]
    assert "nDCG@10 model (held out)" in labels
    assert (models_dir / "ranker" / "ranker.json").exists()
    assert not at.dataframe[0].value.empty


def test_retrain_without_decisions_explains_why_nothing_was_saved(open_page, models_dir):
    at = open_page("ranker_admin", "admin", lang="en")
    at.button[0].click().run()
    assert not at.exception
    assert "Model not trained" in texts(at)
    assert not (models_dir / "ranker" / "ranker.joblib").exists()


@pytest.mark.parametrize("username", ["konselor", "koordinator", "pelatih", "pemberi_kerja"])
def test_other_roles_cannot_open_the_ranker_page(open_page, models_dir, username):
    at = open_page("ranker_admin", username)
    assert not at.exception
    assert not at.title and not at.button
