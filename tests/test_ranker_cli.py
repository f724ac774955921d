"""``python -m matcher retrain`` is the admin page's ranker service on the command line:
a candidate beside the active model, both models' held-out figures printed, activation
only when confirmed, rollback, and the same audit entries in the name given with --as."""

from __future__ import annotations

import io
import json

import pytest

from matcher import config
from matcher.cli import main
from matcher.db import AuditRepository, session_scope
from matcher.ranking.lifecycle import slots
from matcher.workspace.ranker_admin import AUDIT_ENTITY, model_id
from tests.db_fixtures import store_simulated_decisions
from tests.needs_fixtures import seeded_db_template, seeded_engine  # noqa: F401


@pytest.fixture
def db(seeded_engine, monkeypatch, tmp_path):  # noqa: F811
    monkeypatch.setenv("MATCHER_NORMALISER", "raw")
    monkeypatch.setattr(config, "MODELS_DIR", tmp_path / "models")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: nobody to ask
    return seeded_engine


@pytest.fixture
def decisions(db):
    with session_scope(db) as s:
        return store_simulated_decisions(s)


def run(db, *args: str) -> int:
    return main(["retrain", "--db-url", str(db.url), *args])


def audit(db) -> list[tuple[str, str]]:
    with session_scope(db) as s:
        return [(e.action, e.who) for e in AuditRepository(s).list(entity=AUDIT_ENTITY)][::-1]


def active_dir():
    return config.MODELS_DIR / "ranker"


def test_training_without_confirmation_leaves_a_candidate_and_prints_both_models_figures(
    db, decisions, capsys
):
    assert run(db, "--as", "admin") == 0
    out = capsys.readouterr().out
    assert "held-out nDCG@10" in out and "candidate " in out and "hand-set weights" in out
    assert "not activated" in out
    assert not active_dir().exists() and slots(active_dir()).candidate is not None
    assert audit(db) == [("train", "admin")]


def test_activate_trains_then_activates_with_the_pages_audit_entries_and_can_roll_back(
    db, decisions, capsys
):
    assert run(db, "--as", "admin", "--activate") == 0
    first = slots(active_dir()).active
    assert first is not None and slots(active_dir()).previous_is_hand
    assert run(db, "--as", "admin", "--activate", "--seed", "1", "--json") == 0
    out = capsys.readouterr().out
    figures = json.loads(out[out.index("{") : out.rindex("}") + 1])
    # The second candidate is measured against the model active at the time.
    assert figures["active"] == model_id(first)
    assert figures["heldout_ndcg_at_10"]["active"] is not None
    assert run(db, "--as", "admin", "--rollback", "--yes") == 0
    assert model_id(slots(active_dir()).active) == model_id(first)
    assert audit(db) == [("train", "admin"), ("activate", "admin"), ("train", "admin"),
                         ("activate", "admin"), ("rollback", "admin")]  # fmt: skip


def test_waiting_candidate_is_activated_only_with_yes(db, decisions, capsys):
    assert run(db, "--as", "admin") == 0
    assert run(db, "--as", "admin", "--activate-candidate") == 0  # no terminal, no --yes
    assert not active_dir().exists()
    assert run(db, "--as", "admin", "--activate-candidate", "--yes") == 0
    assert active_dir().exists() and slots(active_dir()).candidate is None
    assert [a for a, _ in audit(db)] == ["train", "activate"]


def test_an_interactive_ya_activates_and_anything_else_does_not(db, decisions, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal("tidak\n"))
    assert run(db, "--as", "admin") == 0
    assert not active_dir().exists()
    monkeypatch.setattr("sys.stdin", Terminal("ya\n"))
    assert run(db, "--as", "admin", "--activate-candidate") == 0
    assert active_dir().exists()


@pytest.mark.parametrize(
    "args, message",
    [
        ((), "--as is missing"),
        (("--as", "nobody"), "'nobody' is not an account in this database"),
        (("--as", "konselor"), "role 'counselor', which may not retrain the ranker; allowed roles: admin"),
        (("--as", "admin", "--rollback", "--yes"), "no previous model"),
        (("--as", "admin", "--activate-candidate", "--yes"), "no candidate model is waiting"),
        (("--simulate", "5"), "--simulate needs --out"),
        (("--simulate", "0", "--out", "x"), "--simulate 0; allowed"),
    ],
)  # fmt: skip
def test_bad_input_gets_a_clear_message_and_no_traceback(db, capsys, args, message):
    assert run(db, *args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert audit(db) == []


@pytest.mark.parametrize(
    "url, message",
    [("nonsense", "--db-url is not a database URL"),
     ("postgresql+psycopg://u:secret@localhost:1/none", "cannot open the database")],
)  # fmt: skip
def test_a_bad_database_url_gets_a_message_without_the_password(capsys, url, message):
    assert main(["retrain", "--as", "admin", "--status", "--db-url", url]) == 2
    err = capsys.readouterr().err
    assert message in err and "secret" not in err and "Traceback" not in err


def test_simulate_never_writes_the_active_model(db, capsys):
    assert run(db, "--simulate", "5", "--out", str(active_dir())) == 2
    assert "active model's folder" in capsys.readouterr().err
    assert not active_dir().exists()


def test_too_few_decisions_changes_nothing(db, capsys):
    assert run(db, "--as", "admin", "--activate") == 1
    assert "not trained" in capsys.readouterr().err
    assert slots(active_dir()).candidate is None and audit(db) == []


def test_a_deactivated_admin_is_refused(db, capsys):
    from matcher.db import UserRepository

    with session_scope(db) as s:
        repo = UserRepository(s)
        admin = repo.get_by_username("admin")
        repo.update(admin.id, who="test", active=False)
    assert run(db, "--as", "admin", "--status") == 2
    assert "deactivated" in capsys.readouterr().err
