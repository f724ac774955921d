"""Storage tests on SQLite in a temporary folder.

The tests whose names start with ``test_storage_`` are backend-neutral: the PostgreSQL
module imports and reruns them against a real server.
"""

# Fixtures imported from db_fixtures are used as arguments, which pyflakes reads as
# redefinitions.
# ruff: noqa: F811
from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from db_fixtures import (  # noqa: F401
    catalog_engine,
    db_engine,
    empty_engine,
    make_jobseeker,
    make_program,
    make_vacancy,
)
from sqlalchemy import inspect, select

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
    head_revision,
    session_scope,
    upgrade_to_head,
)
from matcher.db.models import Base, JobseekerRow, UserRow
from matcher.domain import OpportunityKind
from matcher.errors import MatcherError, OptionError, UnknownRecordError, ValidationError

# --- migrations ------------------------------------------------------------------------


def test_storage_upgrade_on_an_empty_database_gives_exactly_the_model_tables(empty_engine):
    assert current_revision(empty_engine) is None
    upgrade_to_head(empty_engine)
    assert current_revision(empty_engine) == head_revision()
    tables = set(inspect(empty_engine).get_table_names()) - {"alembic_version"}
    assert tables == set(Base.metadata.tables)
    with empty_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_storage_upgrade_again_keeps_the_data(catalog_engine):
    upgrade_to_head(catalog_engine)
    with session_scope(catalog_engine) as session:
        assert JobseekerRepository(session).count() == 2
        assert VacancyRepository(session).count() == 3


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
    assert entry.before["phone"] == "0812-1111-2222"
    assert entry.after["phone"] == "0813-0000-9999"
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
        user = UserRepository(session).add("ani", "rahasia-ani", "counselor", who="admin")
    with session_scope(db_engine) as session:
        stored = session.scalar(select(UserRow.password_hash).where(UserRow.id == user.id))
        audit = AuditRepository(session).list(entity="user")
    assert "rahasia-ani" not in stored and stored.startswith("$argon2id$")
    assert all("password_hash" not in (e.after or {}) for e in audit)


def test_storage_accounts_need_their_provider_or_employer(db_engine):
    with session_scope(db_engine) as session:
        users = UserRepository(session)
        with pytest.raises(ValidationError, match="provider"):
            users.add("tr", "password1", "trainer", who="admin")
        with pytest.raises(ValidationError, match="employer"):
            users.add("em", "password1", "employer", who="admin")
        with pytest.raises(ValidationError, match="at least 8"):
            users.add("pendek", "abc", "counselor", who="admin")
        with pytest.raises(OptionError, match="counselor_lead"):
            users.add("x", "password1", "boss", who="admin")
        users.add("dup", "password1", "admin", who="admin")
        with pytest.raises(ValidationError, match="not yet taken"):
            users.add("dup", "password2", "admin", who="admin")


# --- SQLite specifics ---------------------------------------------------------------------


def test_default_database_is_a_sqlite_file_at_matcher_db_path(tmp_path, monkeypatch):
    from matcher.db import database_url, get_engine

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
    from sqlalchemy.exc import IntegrityError

    from matcher.db.models import OutcomeEventRow

    with pytest.raises(IntegrityError), session_scope(catalog_engine) as session:
        session.add(
            OutcomeEventRow(referral_id=999, status="applied", event_date=date(2027, 1, 1), who="x")
        )


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
