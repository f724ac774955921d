"""The storage checks of tests/test_db.py, rerun against a real PostgreSQL server.

Each test gets a new empty schema on the database named by MATCHER_TEST_DATABASE_URL
(dropped afterwards), so the migration runs from nothing every time. To run locally::

    export MATCHER_TEST_DATABASE_URL="$(.ci/postgres.sh)"
    .venv/bin/pytest tests/test_db_postgres.py
"""

# Fixtures imported from db_fixtures are used as arguments, which pyflakes reads as
# redefinitions.
# ruff: noqa: F811
from __future__ import annotations

import dataclasses
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from matcher.db import ConcurrentEditError, JobseekerRepository, session_scope
from tests.db_fixtures import (  # noqa: F401
    PG_URL_ENV,
    POSTGRES_ONLY,
    catalog_engine,
    cheap_password_hashing,
    db_engine,
    postgres_empty_engine,
    postgres_schema_engine,
)

# Every backend-neutral check, collected here a second time with the fixtures below.
from tests.test_db import (  # noqa: F401
    test_storage_a_later_migration_that_rebuilds_a_table_keeps_every_row,
    test_storage_a_restore_is_its_own_action_and_the_database_refuses_an_unknown_one,
    test_storage_a_write_racing_past_the_version_check_is_refused_by_the_database,
    test_storage_accounts_need_their_provider_or_employer,
    test_storage_adding_an_existing_id_is_refused,
    test_storage_an_outdated_expected_version_is_refused_before_writing,
    test_storage_consent_is_stamped_with_who_and_when_and_audited,
    test_storage_decisions_keep_ranks_score_parts_and_who,
    test_storage_item_decisions_need_an_opportunity,
    test_storage_jobseeker_round_trips_every_domain_field,
    test_storage_lists_filter_by_owner_and_status,
    test_storage_password_change_takes_effect_and_is_audited_without_the_hash,
    test_storage_passwords_are_stored_hashed_and_never_audited,
    test_storage_person_settings_are_created_then_version_checked,
    test_storage_program_and_vacancy_round_trip_every_domain_field,
    test_storage_referral_status_changes_are_kept_as_outcome_events,
    test_storage_referral_without_consent_is_refused,
    test_storage_saving_without_changes_writes_nothing,
    test_storage_sign_in_accepts_only_the_right_password_of_an_active_account,
    test_storage_two_editors_of_one_jobseeker_the_second_gets_a_conflict,
    test_storage_unknown_ids_raise_a_domain_error_naming_the_id,
    test_storage_update_bumps_the_version_and_audits_before_and_after,
    test_storage_upgrade_again_keeps_the_data,
    test_storage_upgrade_on_an_empty_database_gives_exactly_the_model_tables,
    test_storage_vacancy_and_program_edits_are_version_checked_too,
)

pytestmark = [
    *POSTGRES_ONLY,
    pytest.mark.usefixtures("cheap_password_hashing"),
]


def test_postgres_is_really_the_backend(empty_engine):
    assert empty_engine.dialect.name == "postgresql"
    assert empty_engine.dialect.driver == "psycopg"


def test_postgres_database_refuses_a_role_outside_the_enum(db_engine):
    # The CHECK constraint guards the table even against SQL written by hand.
    with pytest.raises(IntegrityError, match="ck_users_role"), db_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (username, password_hash, role, display_name, active, "
                "created_at) VALUES ('x', 'h', 'boss', 'x', true, now())"
            )
        )


def test_postgres_timestamps_are_stored_with_time_zone(db_engine):
    with db_engine.connect() as conn:
        kind = conn.scalar(
            text(
                "SELECT data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() "
                "AND table_name = 'audit_log' AND column_name = 'at'"
            )
        )
    assert kind == "timestamp with time zone"


def test_postgres_concurrent_editors_in_threads_keep_exactly_one_write(catalog_engine):
    # Eight counselors save the same profile at once, all from version 1: one wins.
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def edit(n: int) -> None:
        try:
            with session_scope(catalog_engine) as session:
                repo = JobseekerRepository(session)
                seen = repo.get("JS-T02")
                barrier.wait(timeout=30)
                repo.update(
                    dataclasses.replace(seen.jobseeker, phone=f"08{n}"),
                    expected_version=seen.version_id,
                    who=f"user{n}",
                )
            outcomes.append("saved")
        except ConcurrentEditError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 7 + ["saved"]
    with session_scope(catalog_engine) as session:
        final = JobseekerRepository(session).get("JS-T02")
    assert final.version_id == 2 and final.jobseeker.phone == f"08{final.updated_by[4:]}"
