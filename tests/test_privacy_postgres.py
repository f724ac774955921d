"""The personal-data checks of tests/test_privacy.py, rerun against a real PostgreSQL server.

Erasure moves rows between ids through the schema's foreign keys and finds audit
entries by searching JSON as text; both are dialect-sensitive, so they run here too::

    export MATCHER_TEST_DATABASE_URL="$(.ci/postgres.sh)"
    .venv/bin/pytest tests/test_privacy_postgres.py
"""

# Fixtures imported from other modules are used as arguments, which pyflakes reads as
# redefinitions.
# ruff: noqa: F811
from __future__ import annotations

from tests.db_fixtures import (  # noqa: F401
    PG_URL_ENV,
    POSTGRES_ONLY,
    cheap_password_hashing,
    db_engine,
    postgres_empty_engine,
    postgres_schema_engine,
)
from tests.test_privacy import (  # noqa: F401
    test_an_erased_person_s_id_is_never_given_to_someone_registered_later,
    test_an_erasure_between_a_registration_s_reads_does_not_hand_out_its_id,
    test_candidate_tokens_are_random_stored_and_not_derivable_from_ids,
    test_erasing_an_id_with_a_wildcard_character_leaves_look_alike_ids_alone,
    test_erasure_blanks_the_employer_s_question_and_the_hub_s_answer_about_the_person,
    test_erasure_leaves_no_copy_of_the_person_in_any_audit_entry,
    test_erasure_pseudonymises_in_place_where_a_raw_delete_is_blocked,
    test_monitoring_indicators_count_an_erased_person_as_before,
    test_only_an_admin_may_export_or_erase_a_persons_data,
    test_subject_export_holds_every_record_about_the_person_and_nothing_about_others,
    test_the_audit_trail_stores_no_name_phone_or_free_text_only_a_keyed_hash,
    test_the_id_floor_keeps_the_highest_erased_number,
    test_the_migration_redacts_names_and_phones_already_in_the_audit_trail,
    test_withdrawn_consent_takes_the_person_out_of_every_list_and_hides_earlier_referrals,
    ws,
)

pytestmark = [
    *POSTGRES_ONLY,
]


def test_postgres_is_really_the_backend_of_these_checks(empty_engine):
    assert empty_engine.dialect.name == "postgresql"
