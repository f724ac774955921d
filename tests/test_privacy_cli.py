"""``python -m matcher subject-export``, ``erase`` and ``batch --from-db`` on a real database."""

# Fixtures imported from db_fixtures are used as arguments, which pyflakes reads as
# redefinitions.
# ruff: noqa: F811

from __future__ import annotations

import json
import stat

import pandas as pd
import pytest

from matcher.cli import main
from matcher.db import JobseekerRepository, Role, UserRepository, import_records, session_scope
from tests.conftest import fake_normalise, person, vacancy
from tests.db_fixtures import (  # noqa: F401 - fixtures
    cheap_password_hashing,
    db_engine,
    empty_engine,
    sqlite_template,
)


@pytest.fixture
def db_url(db_engine, cheap_password_hashing, private_caches):  # noqa: F811 - fixture
    with session_scope(db_engine) as s:
        import_records(
            s,
            jobseekers=[person("JS-1", name="Siti Rahmawati", phone="0812-3456-7890",
                               skills=("kasir",)),
                        person("JS-2", name="Budi Santoso", skills=("kasir",))],
            vacancies=[vacancy("JV-1", "Kasir", ("kasir",))],
            sample=True,
        )  # fmt: skip
        UserRepository(s).add("boss", "kopi-susu-pagi", Role.ADMIN, who="test")
        UserRepository(s).add("k1", "kopi-susu-pagi", Role.COUNSELOR, who="test")
    return db_engine.url.render_as_string(hide_password=False)


def test_export_writes_private_json_and_excel_as_the_only_admin(db_url, tmp_path, capsys):
    out = tmp_path / "exports"
    assert main(["subject-export", "--jobseeker", "JS-1", "--out", str(out), "--db", db_url]) == 0
    data = json.loads((out / "JS-1.json").read_text())
    assert data["profile"]["phone"] == "0812-3456-7890" and data["exported_by"] == "boss"
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()} == {0o600}
    assert "exported by boss" in capsys.readouterr().out


def test_erase_shows_what_it_would_change_and_erases_only_with_yes(db_url, db_engine, capsys):
    assert main(["erase", "--jobseeker", "JS-1", "--db", db_url]) == 1
    assert "add --yes" in capsys.readouterr().out
    with session_scope(db_engine) as s:
        assert JobseekerRepository(s).get("JS-1").jobseeker.name == "Siti Rahmawati"
    assert main(["erase", "--jobseeker", "JS-1", "--yes", "--db", db_url]) == 0
    printed = capsys.readouterr().out
    assert "Erased JS-1: pseudonym X-" in printed and "by boss" in printed
    with session_scope(db_engine) as s:
        assert not JobseekerRepository(s).exists("JS-1")


def test_erase_deletes_the_drafts_beside_the_database_it_names(db_url, db_engine, monkeypatch):
    """The drafts folder followed the app's default database, not ``--db``."""
    from pathlib import Path

    from matcher.workspace.drafts import DraftStore

    if db_engine.dialect.name != "sqlite":
        pytest.skip("drafts sit beside an SQLite file only")
    monkeypatch.delenv("MATCHER_DRAFTS_DIR", raising=False)
    store = DraftStore(Path(db_engine.url.database).parent / "drafts")
    store.save("k1", "register", {"reg_name": "Siti Rahmawati", "reg_phone": "0812-3456-7890"})
    assert main(["erase", "--jobseeker", "JS-1", "--yes", "--db", db_url]) == 0
    assert store.load("k1", "register") == {}


def test_erase_warns_and_fails_when_the_text_caches_cannot_be_cleared(db_url, monkeypatch, capsys):
    from matcher.text import forgetting

    def fails():
        raise PermissionError(13, "Permission denied", "models/cache")

    monkeypatch.setattr(forgetting, "forget_people_texts", fails)
    assert main(["erase", "--jobseeker", "JS-1", "--yes", "--db", db_url]) == 1
    printed = capsys.readouterr().out
    assert "Erased JS-1" in printed and "could not be cleared" in printed
    assert "models/embeddings/queries" in printed


def test_a_counselor_cannot_erase_from_the_command_line_either(db_url, capsys):
    assert main(["erase", "--jobseeker", "JS-1", "--yes", "--user", "k1", "--db", db_url]) == 2
    assert "may not manage_personal_data" in capsys.readouterr().err


def test_with_several_admins_the_command_asks_which_one(db_url, db_engine, capsys):
    with session_scope(db_engine) as s:
        UserRepository(s).add("boss2", "kopi-susu-pagi", Role.ADMIN, who="test")
    assert main(["erase", "--jobseeker", "JS-1", "--db", db_url]) == 2
    assert "--user is needed" in capsys.readouterr().err


def test_the_batch_over_the_database_ranks_only_people_whose_consent_stands(
    db_url, db_engine, tmp_path, monkeypatch
):
    from matcher.service import MatcherService

    build = MatcherService.from_records.__func__
    # The test's skill mapping instead of fitting ESCO (seconds); the rest is the real path.
    monkeypatch.setattr(MatcherService, "from_records", classmethod(
        lambda cls, records, **kw: build(cls, records, normaliser=fake_normalise, **kw)))  # fmt: skip
    with session_scope(db_engine) as s:
        repo = JobseekerRepository(s)
        repo.set_consent("JS-1", False, expected_version=repo.get("JS-1").version_id, who="k1")
    out = tmp_path / "batch.csv"
    args = ["batch", "--from-db", db_url, "--encoder", "tfidf", "--out", str(out)]
    assert main(args) == 0
    assert set(pd.read_csv(out)["jobseeker_id"]) == {"JS-2"}
