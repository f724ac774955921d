"""Field intake: the XLSForm and the import of its messy KoboToolbox export."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from matcher.auth import PermissionDenied
from matcher.db import JobseekerRepository, UserRepository, session_scope
from matcher.errors import FileFormatError
from matcher.loaders import JOBSEEKER_FIELDS, load_jobseekers
from matcher.needs.intake import (
    DuplicateAction,
    DuplicateReason,
    commit_intake,
    find_duplicate,
    next_ids,
    normalise_phone,
    preview_intake,
)
from matcher.needs.intake_form import SURVEY
from tests.needs_fixtures import (  # noqa: F401  (fixtures)
    ROOT,
    kobo_export_dir,
    load_script,
    seeded_db_template,
    seeded_engine,
)

AS_OF = date(2026, 11, 27)


@pytest.fixture(scope="module")
def sample_people():
    return load_jobseekers(ROOT / "data" / "sample" / "jobseekers.csv").records


@pytest.fixture(scope="module")
def preview(kobo_export_dir, sample_people):  # noqa: F811
    return preview_intake(kobo_export_dir / "sample_kobo_export.xlsx", sample_people, as_of=AS_OF)


def by_row(preview, n):
    return next(r for r in preview.rows if r.row == n)


# --- the form ----------------------------------------------------------------------------


def test_form_asks_every_jobseeker_field_and_consent():
    names = {q.name for q in SURVEY}
    wanted = {f.name for f in JOBSEEKER_FIELDS} - {"id"}  # ids are given on import
    assert wanted <= names
    consent = next(q for q in SURVEY if q.name == "consent")
    assert consent.required and consent.type == "select_one yes_no"


def test_built_xlsform_has_survey_choices_and_settings(tmp_path):
    path = load_script("build_xlsform").build(tmp_path / "form.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["survey", "choices", "settings"]
    header = [c.value for c in wb["survey"][1]]
    assert header[:2] == ["type", "name"]
    lists = {r[0] for r in wb["choices"].iter_rows(min_row=2, values_only=True)}
    assert {"yes_no", "gender", "kelurahan", "skills"} <= lists


def test_shipped_xlsform_is_the_built_one(tmp_path):
    built = load_script("build_xlsform").build(tmp_path / "form.xlsx")
    shipped = ROOT / "data" / "intake" / "jobseeker_intake_xlsform.xlsx"

    def cells(p):
        wb = load_workbook(p)
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb}

    assert cells(built) == cells(shipped)


def test_xlsform_converts_to_xform_with_pyxform(tmp_path):
    xls2xform = pytest.importorskip("pyxform.xls2xform")
    path = load_script("build_xlsform").build(tmp_path / "form.xlsx")
    out = tmp_path / "form.xml"
    # ODK Validate needs Java; pyxform's own checks still run.
    warnings = xls2xform.xls2xform_convert(path, out, validate=False)
    assert warnings == []
    xml = out.read_text(encoding="utf-8")
    assert "<consent" in xml and "tb_jobseeker_intake" in xml


# --- validation --------------------------------------------------------------------------


def test_rows_without_consent_are_rejected_and_keep_no_personal_data(preview):
    refused, missing = by_row(preview, 7), by_row(preview, 8)
    for r in (refused, missing):
        assert r.person is None and r.no_consent
        assert r.problems[0].column == "persetujuan/consent"
    table = preview.table()
    assert set(table.loc[table["row"].isin([7, 8]), "name"]) == {""}


def test_day_first_birth_date_gives_the_age_on_the_submission_day(preview):
    fajar = by_row(preview, 4).person  # born 3/4/2007 = 3 April 2007, submitted Nov 2026
    assert fajar.age == 19


def test_rupiah_written_as_2_jt_is_two_million(preview):
    nur = by_row(preview, 3).person
    assert "omzet sekitar Rp 2.000.000/bulan" in nur.business_description
    assert "harapan gaji Rp 2.000.000/bulan" in by_row(preview, 4).person.interests


def test_kelurahan_typo_is_corrected_and_said_so(preview):
    fajar = by_row(preview, 4)
    assert fajar.person.kelurahan == "Tanjung Barat"
    assert any("Tanjung Brat" in n for n in fajar.notes)


def test_unknown_kelurahan_and_impossible_date_are_row_errors(preview):
    bad_date, bad_place = by_row(preview, 9), by_row(preview, 10)
    p = bad_date.problems[0]
    assert (p.file, p.row, p.column, p.value) == (
        "sample_kobo_export.xlsx", 9, "identitas/birth_date", "31/02/2005")  # fmt: skip
    assert "calendar date" in p.allowed
    assert bad_place.problems[0].value == "Bojong Gede"
    assert "kelurahan" in bad_place.problems[0].allowed


def test_select_multiple_codes_become_the_skill_labels(preview):
    sri = by_row(preview, 12).person
    assert sri.skills == ("menjahit", "obras", "permak pakaian")
    assert sri.languages == ("Bahasa Indonesia", "Bahasa Jawa")
    assert normalise_phone(sri.phone) == "085677770011"  # written 62856...


def test_flags_duplicates_of_sample_jobseekers(preview, sample_people):
    exact, near = by_row(preview, 5), by_row(preview, 6)
    assert (exact.duplicate_of, exact.duplicate_reason) == (
        "JS-0002",
        DuplicateReason.NAME_AND_PHONE,
    )
    assert (near.duplicate_of, near.duplicate_reason) == ("JS-0003", DuplicateReason.SIMILAR_NAME)
    assert exact.default_action is DuplicateAction.SKIP
    assert by_row(preview, 2).duplicate_of is None


def test_same_submission_sent_twice_is_not_read_twice(preview):
    again = by_row(preview, 11)
    assert again.person is None and again.duplicate_reason is DuplicateReason.SAME_SUBMISSION


def test_same_submission_is_said_with_a_code_and_the_first_row(preview):
    again = by_row(preview, 11)
    (note,) = again.notes
    assert (note.code, note.params) == ("intake_same_submission", {"row": 2})
    (problem,) = again.problems  # listed with the row errors, so the page says why
    assert problem.allowed.code == "intake_same_submission_problem"
    assert problem.allowed.params == {"row": 2} and problem.value == again.uuid


def test_every_note_and_problem_of_the_sample_carries_a_code(preview):
    from app.i18n import STRINGS

    notes = [n for r in preview.rows for n in r.notes]
    allowed = [p.allowed for p in preview.problems]
    assert len(notes) == 2 and len(allowed) == 5
    codes = [getattr(m, "code", "") for m in notes + allowed]
    assert all(codes), [str(m) for m in notes + allowed if not getattr(m, "code", "")]
    assert all(f"msg_{c}" in STRINGS for c in codes), codes
    fixed = by_row(preview, 4).notes[0]
    assert fixed.code == "intake_kelurahan_fixed"
    assert fixed.params == {"typed": "Tanjung Brat", "kelurahan": "Tanjung Barat"}


def test_intake_messages_read_in_indonesian_and_english(preview):
    from app.i18n.uploads import tr

    note = by_row(preview, 11).notes[0]
    assert tr(note, "id") == "kiriman yang sama dengan baris 2"
    assert tr(note, "en") == "same submission as row 2"
    consent = by_row(preview, 7).problems[0].allowed
    assert tr(consent, "id") == "'ya': tanpa persetujuan, data tidak disimpan"


def test_a_missing_required_answer_and_a_bad_cell_keep_their_codes(tmp_path):
    frame = pd.DataFrame([{"persetujuan/consent": "ya", "identitas/name": "Siti",
                           "identitas/birth_date": "2001-01-01", "identitas/gender": "",
                           "alamat/kelurahan": "tanjung_barat", "identitas/segment": "pemuda",
                           "pendidikan/education": "SMA", "keahlian/max_travel_km": "jauh"}])  # fmt: skip
    path = tmp_path / "one.csv"
    frame.to_csv(path, index=False)
    got = preview_intake(path, as_of=AS_OF)
    codes = {p.column: p.allowed.code for p in got.problems}
    assert codes == {"identitas/gender": "intake_required", "keahlian/max_travel_km": "number"}


def test_phone_alone_is_a_possible_duplicate_but_a_new_phone_and_name_is_not(sample_people):
    from dataclasses import replace

    other = sample_people[0]
    clone = replace(other, id="x", name="Someone Else Entirely")
    assert find_duplicate(clone, sample_people) == (other.id, DuplicateReason.PHONE)
    fresh = replace(clone, phone="0800-0000-0000")
    assert find_duplicate(fresh, sample_people) is None


def test_csv_export_reads_the_same_as_xlsx(kobo_export_dir, sample_people, preview):  # noqa: F811
    csv = preview_intake(kobo_export_dir / "sample_kobo_export.csv", sample_people, as_of=AS_OF)
    assert [r.person for r in csv.rows] == [r.person for r in preview.rows]
    assert len(csv.problems) == len(preview.problems) == 5


def test_resaved_export_with_underscored_headers_still_reads(kobo_export_dir, tmp_path):  # noqa: F811
    frame = pd.read_csv(kobo_export_dir / "sample_kobo_export.csv", sep=";", dtype=str,
                        keep_default_na=False)  # fmt: skip
    frame.columns = [c.replace("/", "_") for c in frame.columns]
    path = tmp_path / "resaved.csv"
    frame.to_csv(path, index=False)
    got = preview_intake(path, as_of=AS_OF)
    assert by_row(got, 12).person.skills == ("menjahit", "obras", "permak pakaian")


def test_a_file_that_is_not_the_intake_export_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("nama,umur\nSiti,20\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="consent") as caught:
        preview_intake(path)
    assert caught.value.message.code == "intake_not_export"
    assert "consent" in caught.value.message.params["missing"]


def test_next_ids_continue_after_the_highest():
    assert next_ids(["JS-0009", "JS-0320", "X-1"], 2) == ["JS-0321", "JS-0322"]


# --- saving ------------------------------------------------------------------------------


def _user(session, name):
    return UserRepository(session).get_by_username(name)


def test_commit_saves_new_people_with_consent_and_skips_duplicates(seeded_engine, kobo_export_dir):  # noqa: F811
    with session_scope(seeded_engine) as s:
        repo = JobseekerRepository(s)
        before = repo.count()
        existing = [r.jobseeker for r in repo.list()]
        pv = preview_intake(kobo_export_dir / "sample_kobo_export.xlsx", existing, as_of=AS_OF)
        result = commit_intake(s, pv, _user(s, "konselor"))
    assert len(result.created) == 5  # rows 2, 3, 4, 12, 13
    assert sorted(result.skipped_rows) == [5, 6] and result.rejected_rows == [7, 8, 9, 10, 11]
    with session_scope(seeded_engine) as s:
        repo = JobseekerRepository(s)
        assert repo.count() == before + 5
        rec = repo.get(result.created[0])
        assert rec.consent_given and rec.consent_by == "konselor" and not rec.is_sample


def test_merge_adds_new_skills_to_the_existing_record(seeded_engine, kobo_export_dir):  # noqa: F811
    with session_scope(seeded_engine) as s:
        existing = [r.jobseeker for r in JobseekerRepository(s).list()]
        old = JobseekerRepository(s).get("JS-0002").jobseeker
        pv = preview_intake(kobo_export_dir / "sample_kobo_export.xlsx", existing, as_of=AS_OF)
        result = commit_intake(s, pv, _user(s, "konselor"), {5: "merge", 6: "new"})
    assert result.merged == ["JS-0002"] and len(result.created) == 6
    with session_scope(seeded_engine) as s:
        merged = JobseekerRepository(s).get("JS-0002").jobseeker
    assert merged.skills[: len(old.skills)] == old.skills
    assert "servis motor" in merged.skills and merged.name == old.name


def test_only_roles_that_edit_jobseekers_may_import(seeded_engine, kobo_export_dir):  # noqa: F811
    with session_scope(seeded_engine) as s:
        pv = preview_intake(kobo_export_dir / "sample_kobo_export.xlsx", as_of=AS_OF)
        with pytest.raises(PermissionDenied):
            commit_intake(s, pv, _user(s, "pelatih"))
