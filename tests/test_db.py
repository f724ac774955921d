"""Storage tests on SQLite in a temporary folder.

The tests whose names start with ``test_storage_`` are backend-neutral: the PostgreSQL
module imports and reruns them against a real server.
"""

# Fixtures imported from db_fixtures are used as arguments, which pyflakes reads as
# redefinitions.
# ruff: noqa: F811
from __future__ import annotations

import dataclasses
import shutil
import threading
from datetime import UTC, date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from matcher.db import (
    AuditRepository,
    ConcurrentEditError,
    ConsentRequiredError,
    DecisionAction,
    DecisionRepository,
    JobseekerRepository,
    ProgramRepository,
    ReasonCode,
    ReferralRepository,
    ReferralStatus,
    SettingsRepository,
    UserRepository,
    VacancyRepository,
    VacancyStatus,
    current_revision,
    get_engine,
    head_revision,
    session_scope,
    upgrade_to_head,
)
from matcher.db.metadata import all_metadata
from matcher.db.migrate import MIGRATIONS_DIR, alembic_config
from matcher.db.models import Base, JobseekerRow, UserRow
from matcher.domain import OpportunityKind
from matcher.errors import MatcherError, OptionError, UnknownRecordError, ValidationError
from tests.db_fixtures import (  # noqa: F401
    catalog_engine,
    cheap_password_hashing,
    db_engine,
    empty_engine,
    make_jobseeker,
    make_program,
    make_vacancy,
    sqlite_template,
)

pytestmark = pytest.mark.usefixtures("cheap_password_hashing")


# --- migrations ------------------------------------------------------------------------


def test_storage_upgrade_on_an_empty_database_gives_exactly_the_model_tables(empty_engine):
    assert current_revision(empty_engine) is None
    upgrade_to_head(empty_engine)
    assert current_revision(empty_engine) == head_revision()
    metadata = all_metadata()  # ours plus tables other packages declare on Base
    assert set(Base.metadata.tables) <= set(metadata.tables)
    tables = set(inspect(empty_engine).get_table_names()) - {"alembic_version"}
    assert tables == set(metadata.tables)
    with empty_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_storage_upgrade_again_keeps_the_data(catalog_engine):
    upgrade_to_head(catalog_engine)
    with session_scope(catalog_engine) as session:
        assert JobseekerRepository(session).count() == 2
        assert VacancyRepository(session).count() == 3


def test_people_stored_without_a_registration_date_get_the_day_their_row_was_made(
    empty_engine,
):
    """The workspace's form stored no date, and the monitoring missed those people."""
    from alembic import command

    from tests.conftest import person

    command.upgrade(alembic_config(empty_engine), "ids_0001")
    with session_scope(empty_engine) as session:
        repo = JobseekerRepository(session)
        repo.add(person("JS-1", name="Rina", registered_on=None), who="k1", consent_given=True)
        repo.add(person("JS-2", name="Dewi", registered_on=date(2026, 3, 1)), who="k1",
                 consent_given=True)  # fmt: skip
    with empty_engine.begin() as conn:
        conn.execute(text("UPDATE jobseekers SET created_at = '2026-11-30 22:15:00'"))
    upgrade_to_head(empty_engine)
    with session_scope(empty_engine) as session:
        dates = {r.id: r.registered_on for r in session.scalars(select(JobseekerRow))}
    assert dates == {"JS-1": date(2026, 11, 30), "JS-2": date(2026, 3, 1)}


LATER_MIGRATION = '''"""A later change to jobseekers, as a future revision would make it."""

import sqlalchemy as sa
from alembic import op

revision = "9999_later"
down_revision = {down!r}
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("jobseekers") as batch:
        batch.add_column(sa.Column("nickname", sa.String(50), nullable=False, server_default=""))
        batch.alter_column(
            "phone", type_=sa.String(80), existing_type=sa.String(50), existing_nullable=False
        )


def downgrade():
    with op.batch_alter_table("jobseekers") as batch:
        batch.drop_column("nickname")
'''


def test_storage_a_later_migration_that_rebuilds_a_table_keeps_every_row(catalog_engine, tmp_path):
    # SQLite rebuilds the altered table by copy-and-drop; rows in other tables that
    # point at it (referrals, decisions) must survive, and so must the rows themselves.
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    later = LATER_MIGRATION.format(down=head_revision())
    (scripts / "versions" / "9999_later.py").write_text(later, encoding="utf-8")
    with session_scope(catalog_engine) as session:
        before = JobseekerRepository(session).get("JS-T01")
        ReferralRepository(session).add(
            "JS-T01", "vacancy", "VAC-T01", who="konselor", consent_recorded=True
        )
        DecisionRepository(session).add("JS-T01", "note", who="konselor", note="catatan")

    assert upgrade_to_head(catalog_engine, script_location=scripts) == "9999_later"

    assert current_revision(catalog_engine) == "9999_later"
    columns = {c["name"] for c in inspect(catalog_engine).get_columns("jobseekers")}
    assert "nickname" in columns
    with session_scope(catalog_engine) as session:
        after = JobseekerRepository(session).get("JS-T01")
        assert JobseekerRepository(session).count() == 2
        assert len(ReferralRepository(session).list(jobseeker_id="JS-T01")) == 1
        assert len(DecisionRepository(session).list(jobseeker_id="JS-T01")) == 1
    assert after == before


def test_migrations_form_a_single_line_of_revisions():
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, (
        f"migrations branched into heads {heads}; set the newer revision's "
        "down_revision to the other one (or add an `alembic merge` revision)"
    )


# --- round trips -------------------------------------------------------------------------


def test_storage_jobseeker_round_trips_every_domain_field(db_engine):
    person = make_jobseeker()
    with session_scope(db_engine) as session:
        JobseekerRepository(session).add(person, who="konselor")
    with session_scope(db_engine) as session:
        record = JobseekerRepository(session).get(person.id)
    assert record.jobseeker == person
    assert record.version_id == 1 and record.updated_by == "konselor"
    assert record.created_at.tzinfo is not None
    assert record.consent_given is False and record.consent_at is None


def test_storage_program_and_vacancy_round_trip_every_domain_field(db_engine):
    program, vacancy = make_program(), make_vacancy()
    with session_scope(db_engine) as session:
        ProgramRepository(session).add(program, who="pelatih", partner="Sudin Nakertrans")
        VacancyRepository(session).add(vacancy, who="pemberi_kerja")
    with session_scope(db_engine) as session:
        stored_program = ProgramRepository(session).get(program.id)
        stored_vacancy = VacancyRepository(session).get(vacancy.id)
    assert stored_program.program == program and stored_program.partner == "Sudin Nakertrans"
    assert stored_vacancy.posting == vacancy and stored_vacancy.status is VacancyStatus.OPEN


def test_storage_adding_an_existing_id_is_refused(catalog_engine):
    with session_scope(catalog_engine) as session, pytest.raises(ValueError, match="JS-T01"):
        JobseekerRepository(session).add(make_jobseeker("JS-T01"), who="konselor")


def test_storage_unknown_ids_raise_a_domain_error_naming_the_id(catalog_engine):
    with session_scope(catalog_engine) as session:
        with pytest.raises(UnknownRecordError, match="JS-NOPE"):
            JobseekerRepository(session).get("JS-NOPE")
        with pytest.raises(UnknownRecordError, match="VAC-NOPE"):
            ReferralRepository(session).add(
                "JS-T01", "vacancy", "VAC-NOPE", who="konselor", consent_recorded=True
            )


def test_storage_lists_filter_by_owner_and_status(catalog_engine):
    with session_scope(catalog_engine) as session:
        vacancies = VacancyRepository(session)
        assert [v.id for v in vacancies.list(employer="Toko Roti Makmur")] == [
            "VAC-T01",
            "VAC-T02",
        ]
        vacancies.set_status("VAC-T01", "closed", expected_version=1, who="pemberi_kerja")
        assert [v.id for v in vacancies.list(status=VacancyStatus.OPEN)] == ["VAC-T02", "VAC-T03"]
        assert vacancies.employer_counts() == {"Toko Roti Makmur": 2, "Bengkel Jaya": 1}
        programs = ProgramRepository(session).list(provider="LKP Lain")
        assert [p.id for p in programs] == ["PRG-T02"]
        consented = JobseekerRepository(session).list(consented_only=True)
        assert [j.id for j in consented] == ["JS-T01"]
        with pytest.raises(OptionError, match="open, closed"):
            vacancies.list(status="archived")


# --- optimistic locking and audit ---------------------------------------------------------


def test_storage_update_bumps_the_version_and_audits_before_and_after(catalog_engine):
    with session_scope(catalog_engine) as session:
        repo = JobseekerRepository(session)
        loaded = repo.get("JS-T02")
        changed = dataclasses.replace(loaded.jobseeker, phone="0813-0000-9999")
        saved = repo.update(changed, expected_version=loaded.version_id, who="konselor")
    assert saved.version_id == loaded.version_id + 1 and saved.updated_by == "konselor"
    with session_scope(catalog_engine) as session:
        entry = AuditRepository(session).list(entity="jobseeker", entity_id="JS-T02")[0]
    assert entry.who == "konselor" and entry.action == "update"
    # Phones are personal data: the trail keeps a keyed hash that shows the change only.
    assert entry.before["phone"].startswith("⟨redacted:") and "0812" not in entry.before["phone"]
    assert entry.after["phone"].startswith("⟨redacted:") and "0813" not in entry.after["phone"]
    assert "phone" in entry.changed and "name" not in entry.changed
    assert entry.at.tzinfo is not None


def test_storage_saving_without_changes_writes_nothing(catalog_engine):
    with session_scope(catalog_engine) as session:
        repo = JobseekerRepository(session)
        loaded = repo.get("JS-T02")
        again = repo.update(loaded.jobseeker, expected_version=loaded.version_id, who="konselor")
        audit = AuditRepository(session).list(entity="jobseeker", entity_id="JS-T02")
    assert again.version_id == loaded.version_id
    assert [e.action for e in audit] == ["create"]


def test_storage_two_editors_of_one_jobseeker_the_second_gets_a_conflict(catalog_engine):
    # Both counselors open the same profile (version 1) in their own sessions.
    with session_scope(catalog_engine) as first, session_scope(catalog_engine) as second:
        repo_a, repo_b = JobseekerRepository(first), JobseekerRepository(second)
        seen_a, seen_b = repo_a.get("JS-T02"), repo_b.get("JS-T02")
        assert seen_a.version_id == seen_b.version_id == 1
        repo_a.update(
            dataclasses.replace(seen_a.jobseeker, phone="0811-AAAA"),
            expected_version=seen_a.version_id,
            who="ani",
        )
        first.commit()
        with pytest.raises(ConcurrentEditError) as err:
            repo_b.update(
                dataclasses.replace(seen_b.jobseeker, phone="0822-BBBB"),
                expected_version=seen_b.version_id,
                who="budi",
            )
    message = str(err.value)
    assert "changed by ani at" in message and "reload and try again" in message
    assert err.value.changed_at is not None and err.value.changed_at.tzinfo is UTC
    assert isinstance(err.value, MatcherError)
    with session_scope(catalog_engine) as session:
        kept = JobseekerRepository(session).get("JS-T02")
        whos = [e.who for e in AuditRepository(session).list(entity_id="JS-T02")]
    assert kept.jobseeker.phone == "0811-AAAA" and kept.version_id == 2
    assert "budi" not in whos


def test_storage_a_write_racing_past_the_version_check_is_refused_by_the_database(
    catalog_engine,
):
    # A long-lived session still holds version 1 in memory, so the repository's own
    # check passes; the UPDATE ... WHERE version_id = 1 then matches no row.
    with session_scope(catalog_engine) as first, session_scope(catalog_engine) as second:
        held = second.get(JobseekerRow, "JS-T02")
        stale = JobseekerRepository(second).get("JS-T02")
        ours = JobseekerRepository(first).get("JS-T02")
        JobseekerRepository(first).update(
            dataclasses.replace(ours.jobseeker, age=40), expected_version=1, who="ani"
        )
        first.commit()
        assert held.version_id == 1
        with pytest.raises(ConcurrentEditError, match="changed by ani") as err:
            JobseekerRepository(second).update(
                dataclasses.replace(stale.jobseeker, age=50), expected_version=1, who="budi"
            )
    assert err.value.current_version == 2
    with session_scope(catalog_engine) as session:
        assert JobseekerRepository(session).get("JS-T02").jobseeker.age == 40


def test_storage_an_outdated_expected_version_is_refused_before_writing(catalog_engine):
    with session_scope(catalog_engine) as session:
        repo = JobseekerRepository(session)
        loaded = repo.get("JS-T02")
        repo.update(dataclasses.replace(loaded.jobseeker, age=23), expected_version=1, who="ani")
    with (
        session_scope(catalog_engine) as session,
        pytest.raises(ConcurrentEditError, match="changed by ani") as err,
    ):
        JobseekerRepository(session).update(
            dataclasses.replace(loaded.jobseeker, age=30), expected_version=1, who="budi"
        )
    assert (err.value.expected_version, err.value.current_version) == (1, 2)


def test_storage_vacancy_and_program_edits_are_version_checked_too(catalog_engine):
    with session_scope(catalog_engine) as session:
        vacancies, programs = VacancyRepository(session), ProgramRepository(session)
        vacancies.set_status("VAC-T03", VacancyStatus.CLOSED, expected_version=1, who="a")
        with pytest.raises(ConcurrentEditError, match="vacancy"):
            vacancies.update(make_vacancy("VAC-T03", "Bengkel Jaya"), expected_version=1, who="b")
        program = make_program("PRG-T01", seats_filled=6)
        assert programs.update(program, expected_version=1, who="a").version_id == 2
        with pytest.raises(ConcurrentEditError, match="program"):
            programs.update(program, expected_version=1, who="b")


def test_storage_person_settings_are_created_then_version_checked(catalog_engine):
    with session_scope(catalog_engine) as session:
        settings = SettingsRepository(session)
        assert settings.get("JS-T01") is None
        made = settings.save(
            "JS-T01",
            weights={"skills": 0.6, "distance": 0.4},
            relaxed_rules=["max_travel"],
            expected_version=None,
            who="konselor",
        )
        assert made.version_id == 1 and made.relaxed_rules == ("max_travel",)
        settings.save(
            "JS-T01", weights={"skills": 1.0}, relaxed_rules=[], expected_version=1, who="ani"
        )
        with pytest.raises(ConcurrentEditError, match="changed by ani"):
            settings.save(
                "JS-T01", weights={"skills": 0.2}, relaxed_rules=[], expected_version=1, who="b"
            )
    with session_scope(catalog_engine) as session:
        assert SettingsRepository(session).get("JS-T01").weights == {"skills": 1.0}


# --- consent, decisions, referrals -------------------------------------------------------


def test_storage_consent_is_stamped_with_who_and_when_and_audited(catalog_engine):
    with session_scope(catalog_engine) as session:
        record = JobseekerRepository(session).get("JS-T01")
        actions = [e.action for e in AuditRepository(session).list(entity_id="JS-T01")]
    assert record.consent_given and record.consent_by == "tester"
    assert record.consent_at is not None
    assert actions == ["consent_given", "create"]


def test_storage_referral_without_consent_is_refused(catalog_engine):
    with session_scope(catalog_engine) as session, pytest.raises(ConsentRequiredError):
        ReferralRepository(session).add(
            "JS-T02", OpportunityKind.VACANCY, "VAC-T01", who="konselor", consent_recorded=True
        )


def test_storage_referral_status_changes_are_kept_as_outcome_events(catalog_engine):
    with session_scope(catalog_engine) as session:
        referrals = ReferralRepository(session)
        ref = referrals.add("JS-T01", "vacancy", "VAC-T01", who="konselor", consent_recorded=True)
        referrals.update_status(ref.id, "applied", who="konselor", on=date(2027, 1, 5))
        now = referrals.update_status(ref.id, ReferralStatus.HIRED, who="konselor")
        events = referrals.events(ref.id)
        audit = AuditRepository(session).list(entity="referral", entity_id=ref.id)
    assert now.status is ReferralStatus.HIRED and now.consent_recorded
    assert [e.status.value for e in events] == ["referred", "applied", "hired"]
    assert events[1].event_date == date(2027, 1, 5)
    assert [e.action for e in audit] == ["status_hired", "status_applied", "create"]
    assert audit[0].before["status"] == "applied" and audit[0].after["status"] == "hired"


def test_storage_decisions_keep_ranks_score_parts_and_who(catalog_engine):
    with session_scope(catalog_engine) as session:
        decisions = DecisionRepository(session)
        decisions.add(
            "JS-T01",
            DecisionAction.REJECT,
            who="konselor",
            opportunity_kind="vacancy",
            opportunity_id="VAC-T03",
            reason_code=ReasonCode.TOO_FAR,
            note="terlalu jauh, 2x angkot",
            rank_before=1,
            rank_after=None,
            score_parts={"skills": 0.7, "distance": 0.1},
        )
        decisions.add("JS-T01", "relax_rule", who="konselor", details={"rule": "max_travel_km"})
        stored = decisions.list(jobseeker_id="JS-T01")
        rejects = decisions.list(actions=["reject"])
    assert [d.action for d in stored] == [DecisionAction.REJECT, DecisionAction.RELAX_RULE]
    first = stored[0]
    assert first.reason_code is ReasonCode.TOO_FAR and first.rank_before == 1
    assert first.score_parts == {"skills": 0.7, "distance": 0.1} and first.who == "konselor"
    assert len(rejects) == 1 and stored[1].details == {"rule": "max_travel_km"}


def test_storage_a_restore_is_its_own_action_and_the_database_refuses_an_unknown_one(
    catalog_engine,
):
    # restore_0001 widened the CHECK constraint; anything outside the enum still fails,
    # even as SQL written by hand.
    with session_scope(catalog_engine) as session:
        DecisionRepository(session).add(
            "JS-T01", "restore", who="konselor", opportunity_kind="vacancy",
            opportunity_id="VAC-T03",
        )  # fmt: skip
        assert [d.action for d in DecisionRepository(session).list(actions=["restore"])] == [
            DecisionAction.RESTORE
        ]
    sql = text(
        "INSERT INTO recommendation_decisions (jobseeker_id, action, note, who, at, "
        "list_version) VALUES ('JS-T01', 'undo', '', 'k', CURRENT_TIMESTAMP, 99)"
    )
    with (
        pytest.raises(IntegrityError, match="ck_recommendation_decisions_action"),
        catalog_engine.begin() as conn,
    ):
        conn.execute(sql)


def test_storage_item_decisions_need_an_opportunity(catalog_engine):
    with session_scope(catalog_engine) as session:
        with pytest.raises(ValidationError, match="action 'pin'"):
            DecisionRepository(session).add("JS-T01", "pin", who="konselor")
        with pytest.raises(OptionError, match="too_far"):
            DecisionRepository(session).add(
                "JS-T01", "reject", who="k", opportunity_kind="vacancy",
                opportunity_id="VAC-T01", reason_code="mahal",
            )  # fmt: skip


# --- users ---------------------------------------------------------------------------------


def test_storage_passwords_are_stored_hashed_and_never_audited(db_engine):
    with session_scope(db_engine) as session:
        user = UserRepository(session).add("ani", "kopi-susu-pagi", "counselor", who="admin")
    with session_scope(db_engine) as session:
        stored = session.scalar(select(UserRow.password_hash).where(UserRow.id == user.id))
        audit = AuditRepository(session).list(entity="user")
    assert "kopi-susu-pagi" not in stored and stored.startswith("$argon2id$")
    assert all("password_hash" not in (e.after or {}) for e in audit)


def test_storage_accounts_need_their_provider_or_employer(db_engine):
    with session_scope(db_engine) as session:
        users = UserRepository(session)
        with pytest.raises(ValidationError, match="provider"):
            users.add("tr", "lima-kata-sandi", "trainer", who="admin")
        with pytest.raises(ValidationError, match="employer"):
            users.add("em", "lima-kata-sandi", "employer", who="admin")
        with pytest.raises(ValidationError, match="at least 10"):
            users.add("pendek", "abc", "counselor", who="admin")
        with pytest.raises(OptionError, match="counselor_lead"):
            users.add("x", "lima-kata-sandi", "boss", who="admin")
        users.add("dup", "lima-kata-sandi", "admin", who="admin")
        with pytest.raises(ValidationError, match="not yet taken") as caught:
            users.add("dup", "kata-sandi-dua", "admin", who="admin")
        # Coded, so the admin page says the name is taken (msg_username_taken), not "invalid".
        assert caught.value.problems[0].allowed.code == "username_taken"


# --- SQLite specifics ---------------------------------------------------------------------


def test_default_database_is_a_sqlite_file_at_matcher_db_path(tmp_path, monkeypatch):
    from matcher.db import database_url

    target = tmp_path / "nested" / "dir" / "app.sqlite"
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("MATCHER_DB_PATH", str(target))
    assert database_url() == f"sqlite:///{target}"
    engine = get_engine()
    upgrade_to_head(engine)
    engine.dispose()
    assert target.exists()


def test_database_url_prefers_database_url_and_uses_psycopg(monkeypatch):
    from matcher.db import database_url

    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db:5432/hub")
    assert database_url() == "postgresql+psycopg://u:p@db:5432/hub"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_sqlite_enforces_foreign_keys(catalog_engine):
    from matcher.db.models import OutcomeEventRow

    with pytest.raises(IntegrityError), session_scope(catalog_engine) as session:
        session.add(
            OutcomeEventRow(referral_id=999, status="applied", event_date=date(2027, 1, 1), who="x")
        )


def test_a_second_engine_on_the_same_sqlite_file_keeps_another_process_s_writes_visible(
    tmp_path,
):
    """Opening and closing the database file drops every POSIX lock the process's SQLite
    connections hold on it; another process then deletes the WAL under them, and the two
    go on with different views of the data (the app stopped seeing a CLI's writes, and
    the CLI the app's). ``get_engine`` on an existing file must not open it."""
    import subprocess
    import sys

    path = tmp_path / "m.sqlite"
    app = get_engine(f"sqlite:///{path}")
    with app.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")
    get_engine(f"sqlite:///{path}")  # e.g. default_engine() beside the app's own engine

    def other(sql: str) -> str:
        code = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                "r = c.execute(sys.argv[2]).fetchall(); c.commit(); c.close(); print(r)")  # fmt: skip
        run = subprocess.run([sys.executable, "-c", code, str(path), sql], check=True,
                             capture_output=True, text=True)  # fmt: skip
        return run.stdout.strip()

    other("INSERT INTO t VALUES (2)")
    with app.begin() as conn:
        conn.exec_driver_sql("INSERT INTO t VALUES (3)")
    assert other("SELECT max(x) FROM t") == "[(3,)]"
    other("INSERT INTO t VALUES (4)")
    with app.connect() as conn:
        assert conn.exec_driver_sql("SELECT max(x) FROM t").scalar() == 4
    app.dispose()


def test_sessions_in_threads_can_share_one_sqlite_engine(catalog_engine):
    # Streamlit runs each browser session in its own thread.
    results = []

    def read() -> None:
        with session_scope(catalog_engine) as session:
            results.append(JobseekerRepository(session).count())

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [2, 2, 2, 2]


# --- sign-in and permissions ----------------------------------------------------------------


def test_storage_sign_in_accepts_only_the_right_password_of_an_active_account(db_engine):
    from matcher.auth import authenticate

    with session_scope(db_engine) as session:
        users = UserRepository(session)
        ani = users.add("ani", "kopi-susu-pagi", "counselor", who="admin")
        off = users.add("lama", "teh-manis-sore", "counselor", who="admin")
        users.update(off.id, active=False, who="admin")
    with session_scope(db_engine) as session:
        signed_in = authenticate(session, "ani", "kopi-susu-pagi")
        assert signed_in is not None and signed_in.id == ani.id
        assert signed_in.last_login_at is not None
        assert authenticate(session, "ani", "KOPI-SUSU-PAGI") is None
        assert authenticate(session, "ani", "") is None
        assert authenticate(session, "tidak-ada", "kopi-susu-pagi") is None
        assert authenticate(session, "lama", "teh-manis-sore") is None
        logins = AuditRepository(session).list(entity="user", who="ani")
    assert [e.action for e in logins] == ["login"]


def test_storage_password_change_takes_effect_and_is_audited_without_the_hash(db_engine):
    from matcher.auth import authenticate

    with session_scope(db_engine) as session:
        users = UserRepository(session)
        ani = users.add("ani", "kopi-susu-pagi", "counselor", who="admin")
        users.set_password(ani.id, "baru-sekali", who="ani")
    with session_scope(db_engine) as session:
        assert authenticate(session, "ani", "kopi-susu-pagi") is None
        assert authenticate(session, "ani", "baru-sekali") is not None
        change = AuditRepository(session).list(entity="user", entity_id=ani.id)[1]
    assert change.action == "password_changed" and change.after is None


def test_the_same_password_hashes_differently_each_time_and_both_verify():
    # Runs with the cheap test parameters; the next test checks the real ones.
    from matcher.auth import hash_password, verify_password

    first, second = hash_password("konselor123"), hash_password("konselor123")
    assert first != second and first.startswith("$argon2id$")
    assert verify_password(first, "konselor123") and verify_password(second, "konselor123")
    assert not verify_password(first, "konselor124")
    assert not verify_password("not-a-hash", "konselor123")
    assert not verify_password(None, "konselor123")


def test_the_deployed_hasher_uses_argon2id_with_at_least_the_owasp_minimum_cost():
    from argon2 import Type

    from matcher.db import passwords

    hasher = passwords.make_hasher()
    assert hasher.type is Type.ID and hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2


def _user(role: str, **kw):
    from matcher.db import Role, User

    return User(id=1, username=f"u_{role}", role=Role(role), display_name="", **kw)


@pytest.mark.parametrize(
    ("role", "permission", "allowed"),
    [
        ("counselor", "edit_jobseekers", True),
        ("counselor", "manage_referrals", True),
        ("counselor", "adjust_recommendations", True),
        ("counselor", "retrain_model", False),
        ("counselor", "manage_own_vacancies", False),
        ("trainer", "manage_own_programs", True),
        ("trainer", "view_enrolment_suggestions", True),
        ("trainer", "view_personal_data", False),
        ("employer", "manage_own_vacancies", True),
        ("employer", "view_anonymised_shortlist", True),
        ("employer", "view_personal_data", False),
        ("employer", "view_jobseekers", False),
        ("counselor_lead", "view_dashboard", True),
        ("counselor_lead", "edit_jobseekers", False),
        ("admin", "retrain_model", True),
        ("admin", "manage_partners", True),
        ("admin", "view_dashboard", True),
    ],
)
def test_each_role_has_exactly_its_listed_permissions(role, permission, allowed):
    from matcher.auth import can

    assert can(_user(role), permission) is allowed


def test_require_role_names_the_allowed_roles_when_it_refuses():
    from matcher.auth import PermissionDenied, require_permission, require_role

    counselor = _user("counselor")
    assert require_role(counselor, "counselor", "admin") is counselor
    with pytest.raises(PermissionDenied, match="allowed roles: admin, trainer"):
        require_role(counselor, "trainer", "admin")
    with pytest.raises(PermissionDenied, match="retrain_model; allowed roles: admin"):
        require_permission(counselor, "retrain_model")
    with pytest.raises(PermissionDenied, match="not signed in"):
        require_role(None, "counselor")
    with pytest.raises(PermissionDenied, match="deactivated"):
        require_role(_user("admin", active=False), "admin")


def test_employers_may_only_touch_their_own_vacancies():
    from matcher.auth import PermissionDenied, check_vacancy_owner

    posting = make_vacancy("VAC-T01", "Toko Roti Makmur")
    check_vacancy_owner(_user("employer", employer="toko roti  makmur"), posting)
    check_vacancy_owner(_user("admin"), posting)
    with pytest.raises(PermissionDenied, match="VAC-T01 of 'Toko Roti Makmur'"):
        check_vacancy_owner(_user("employer", employer="Bengkel Jaya"), posting)
    with pytest.raises(PermissionDenied):
        check_vacancy_owner(_user("employer", employer=None), posting)
    with pytest.raises(PermissionDenied):
        check_vacancy_owner(_user("counselor"), posting)


def test_trainers_may_only_touch_their_own_providers_programs():
    from matcher.auth import PermissionDenied, check_program_owner

    program = make_program("PRG-T01", provider="PPKD Jakarta Selatan")
    check_program_owner(_user("trainer", provider="PPKD Jakarta Selatan"), program)
    with pytest.raises(PermissionDenied, match="PRG-T01"):
        check_program_owner(_user("trainer", provider="LKP Lain"), program)
    with pytest.raises(PermissionDenied):
        check_program_owner(_user("employer", employer="PPKD Jakarta Selatan"), program)


# --- first run ------------------------------------------------------------------------------


def test_first_run_creates_the_demo_accounts_and_links_the_busiest_employer(tmp_path, monkeypatch):
    from matcher.auth import authenticate

    monkeypatch.setenv("MATCHER_DEMO", "1")
    from matcher.db import import_records, init_db
    from matcher.db.bootstrap import create_demo_accounts

    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    empty_samples = tmp_path / "no-samples"
    empty_samples.mkdir()
    engine = get_engine(url)
    upgrade_to_head(engine)
    with session_scope(engine) as session:
        import_records(
            session,
            vacancies=[
                make_vacancy("V1", "Bengkel Jaya"),
                make_vacancy("V2", "Toko Roti Makmur"),
                make_vacancy("V3", "Toko Roti Makmur"),
            ],
        )
        created, warnings = create_demo_accounts(session)
    assert created == ["konselor", "pelatih", "pemberi_kerja", "admin", "koordinator"]
    assert warnings == []
    expected = {
        ("konselor", "konselor123"): ("counselor", None, None),
        ("pelatih", "pelatih123"): ("trainer", "PPKD Jakarta Selatan", None),
        ("pemberi_kerja", "kerja123"): ("employer", None, "Toko Roti Makmur"),
        ("admin", "admin123"): ("admin", None, None),
        ("koordinator", "koord123"): ("counselor_lead", None, None),
    }
    with session_scope(engine) as session:
        for (username, password), (role, provider, employer) in expected.items():
            user = authenticate(session, username, password)
            assert (user.role.value, user.provider, user.employer) == (role, provider, employer)
    report = init_db(engine=engine, sample_dir=empty_samples)
    assert report.seeded is False  # the database already had data
    engine.dispose()


def test_init_db_seeds_only_a_fresh_database(tmp_path):
    from matcher.db import init_db

    samples = tmp_path / "samples"
    samples.mkdir()
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    first = init_db(url, sample_dir=samples, demo_accounts=True)
    assert first.seeded and first.revision == head_revision()
    assert len(first.users_created) == 5
    assert any("jobseekers.csv" in w for w in first.warnings)
    assert any("no vacancies stored" in w for w in first.warnings)
    second = init_db(url, sample_dir=samples)
    assert not second.seeded and second.users_created == []
    first.engine.dispose()
    second.engine.dispose()


def test_demo_accounts_are_created_only_in_demo_mode(tmp_path, monkeypatch):
    from matcher.db import init_db

    monkeypatch.delenv("MATCHER_DEMO", raising=False)
    report = init_db(f"sqlite:///{tmp_path / 'x.sqlite'}", sample_dir=tmp_path)
    assert report.seeded and report.users_created == []
    report.engine.dispose()
    monkeypatch.setenv("MATCHER_DEMO", "1")
    report = init_db(f"sqlite:///{tmp_path / 'y.sqlite'}", sample_dir=tmp_path)
    assert len(report.users_created) == 5
    report.engine.dispose()


def test_init_db_imports_the_bundled_sample_as_consented_sample_data(tmp_path):
    from matcher import config
    from matcher.db import init_db

    assert (config.SAMPLE_DATA_DIR / "jobseekers.csv").exists()  # committed with the repo
    report = init_db(f"sqlite:///{tmp_path / 'sample.sqlite'}", demo_accounts=True)
    assert report.imported["jobseekers"] > 0 and report.imported["programs"] > 0
    with session_scope(report.engine) as session:
        people = JobseekerRepository(session).list()
        demo_employer = UserRepository(session).get_by_username("pemberi_kerja").employer
        counts = VacancyRepository(session).employer_counts()
    assert all(p.consent_given and p.is_sample for p in people)
    assert counts[demo_employer] == max(counts.values())
    report.engine.dispose()


def test_a_decision_is_built_by_field_name_only():
    from matcher.db.records import Decision

    with pytest.raises(TypeError):
        Decision(1, "JS-1", None, None, "accept", None, "", None, None, None, None, "k", None)


# --- the db layer does not depend on the layers above it ---------------------------------

HIGHER_LAYERS = ("matcher.needs", "matcher.monitoring", "matcher.workspace", "matcher.ranking",
                 "matcher.engine", "matcher.cli", "matcher.service", "app")  # fmt: skip


def _imports(path: Path) -> set[str]:
    import ast

    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_the_db_layer_imports_no_higher_layer():
    root = Path(__file__).resolve().parents[1] / "matcher" / "db"
    found = {
        f"{path.relative_to(root)}: {name}"
        for path in root.rglob("*.py")
        for name in _imports(path)
        if name.startswith(HIGHER_LAYERS)
    }
    assert not found


def test_the_import_check_sees_a_lazy_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from matcher.needs.partners import ensure_partners\n")
    assert "matcher.needs.partners" in _imports(module)


def test_seed_steps_run_first_only_on_a_fresh_database_and_every_start_ones_always(tmp_path):
    from matcher.db import SeedStep, init_db

    ran: list[tuple[str, int]] = []

    def counting(name):
        def step(session):
            ran.append((name, JobseekerRepository(session).count()))

        return step

    steps = [SeedStep("first", counting("first")),
             SeedStep("always", counting("always"), every_start=True)]  # fmt: skip
    url = f"sqlite:///{tmp_path / 'steps.sqlite'}"
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "jobseekers.csv").write_text(
        "id,age,gender,kelurahan,education,segment\nJS-1,20,P,Tanjung Barat,SMA,pemuda\n",
        encoding="utf-8",
    )
    first = init_db(url, sample_dir=samples, steps=steps)
    # The first-run step sees the imported samples (same transaction), then the other runs.
    assert ran == [("first", 1), ("always", 1)] and first.steps_run == ["first", "always"]
    second = init_db(url, sample_dir=samples, steps=steps)
    assert ran[2:] == [("always", 1)] and second.steps_run == ["always"]
    bare = init_db(url, sample_dir=samples)  # no steps: the db layer alone
    assert bare.steps_run == []
    for report in (first, second, bare):
        report.engine.dispose()


def test_the_apps_start_still_adds_demo_history_and_partners(tmp_path, monkeypatch):
    from sqlalchemy import func, select

    from matcher.db.models import ReferralRow
    from matcher.needs.models import PartnerRow
    from matcher.workspace.startup import init_app_db

    monkeypatch.delenv("MATCHER_DEMO_HISTORY", raising=False)
    report = init_app_db(f"sqlite:///{tmp_path / 'app.sqlite'}", demo_accounts=True)
    assert report.steps_run == ["demo_history", "partners"]
    with session_scope(report.engine) as s:
        assert s.scalar(select(func.count(ReferralRow.id))) > 0  # the simulated year
        assert s.scalar(select(func.count(PartnerRow.id))) > 0
    again = init_app_db(engine=report.engine)
    assert again.steps_run == ["partners"]
    quiet = init_app_db(f"sqlite:///{tmp_path / 'quiet.sqlite'}", demo_history=False)
    with session_scope(quiet.engine) as s:
        assert quiet.steps_run == ["partners"] and not s.scalar(select(func.count(ReferralRow.id)))
    report.engine.dispose()
    quiet.engine.dispose()
