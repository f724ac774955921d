"""The ranker admin page: train a candidate, compare it on held-out people, activate it only
after a confirming click, roll back; each step leaves an audit entry. Admins only."""

from __future__ import annotations

import pytest

from matcher.db import AuditRepository, session_scope
from matcher.workspace.ranker_admin import AUDIT_ENTITY
from tests.app.conftest import texts
from tests.app.test_english_leaks import assert_no_developer_text
from tests.db_fixtures import store_simulated_decisions


@pytest.fixture
def models_dir(tmp_path, monkeypatch):
    from matcher import config

    folder = tmp_path / "models"
    monkeypatch.setattr(config, "MODELS_DIR", folder)
    return folder


@pytest.fixture
def with_decisions(db):
    """Simulated counselor decisions about the sample people, stored as real rows."""
    with session_scope(db) as session:
        return store_simulated_decisions(session)


def audit_actions(db) -> list[str]:
    with session_scope(db) as s:
        return [e.action for e in AuditRepository(s).list(entity=AUDIT_ENTITY)][::-1]


def button(at, key):
    return next(b for b in at.button if b.key == key)


def test_admin_sees_that_no_model_is_trained_yet(open_page, models_dir):
    at = open_page("ranker_admin", "admin")
    assert not at.exception
    assert at.title[0].value == "Model peringkat dari keputusan konselor"
    assert "Belum ada model" in texts(at)
    # The demo history's decisions carry no score parts: nothing to learn from yet.
    assert at.metric[0].value == "0"
    assert_no_developer_text(at)


def test_candidate_is_compared_then_activated_only_after_confirming_then_rolled_back(
    open_page, models_dir, with_decisions, db
):
    at = open_page("ranker_admin", "admin")
    assert at.metric[0].value == str(with_decisions)
    button(at, "rk_train").click().run()
    assert not at.exception
    shown = texts(at)
    assert "Model kandidat siap" in shown
    assert "Belum ada model" in shown  # trained, but nobody uses it yet
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["Kandidat", "Dipakai sekarang", "Bobot tetap"]
    assert table.iloc[0, 1] != "–" and table.iloc[1, 1] == "–"  # no model in use yet
    assert not (models_dir / "ranker").exists()
    assert audit_actions(db) == ["train"]
    assert_no_developer_text(at)

    # First click only asks; the model is not active yet.
    button(at, "rk_activate").click().run()
    assert "akan mengurutkan rekomendasi untuk semua konselor" in texts(at)
    assert not (models_dir / "ranker").exists()
    button(at, "rk_confirm_no").click().run()
    assert not (models_dir / "ranker").exists()
    assert audit_actions(db) == ["train"]

    button(at, "rk_activate").click().run()
    button(at, "rk_confirm_yes").click().run()
    assert not at.exception
    shown = texts(at)
    assert "Model kandidat sekarang dipakai." in shown and "Model aktif" in shown
    assert (models_dir / "ranker" / "ranker.json").exists()
    assert audit_actions(db) == ["train", "activate"]

    button(at, "rk_rollback").click().run()
    assert not at.exception
    assert "Model sebelumnya dipakai lagi." in texts(at)
    assert "Belum ada model" in texts(at)  # back to the fixed weights
    assert audit_actions(db) == ["train", "activate", "rollback"]
    assert_no_developer_text(at)


def test_training_without_decisions_says_why_beside_the_button(open_page, models_dir, db):
    at = open_page("ranker_admin", "admin", lang="en")
    button(at, "rk_train").click().run()
    assert not at.exception
    assert "not enough to train" in texts(at)
    assert not (models_dir / "ranker_candidate").exists()
    assert audit_actions(db) == []


@pytest.mark.parametrize("username", ["konselor", "koordinator", "pelatih", "pemberi_kerja"])
def test_other_roles_cannot_open_the_ranker_page(open_page, models_dir, username):
    at = open_page("ranker_admin", username)
    assert not at.exception
    assert not at.title and not at.button
