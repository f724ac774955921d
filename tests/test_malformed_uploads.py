"""The malformed-file corpus (tests/malformed_files.py): no crash, no silent drop, no
silent misparse, and every row that loads also saves.

Each of the ~300 seeded files is either refused as a whole with a domain error (a
:class:`FileFormatError` with a known code naming the file) or read into a report in
which every data row is loaded or reported; rows built from known values load with
exactly those values; every loaded record is stored and read back unchanged. The
storage half runs on SQLite here and on PostgreSQL in
tests/test_malformed_uploads_postgres.py.
"""

# Fixtures imported from db_fixtures are used as arguments, which pyflakes reads as
# redefinitions.
# ruff: noqa: F811
from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from matcher.db import JobseekerRepository, VacancyRepository
from matcher.errors import FileFormatError, LoadReport
from matcher.loaders import load_records
from tests.db_fixtures import db_engine, empty_engine, sqlite_template  # noqa: F401
from tests.malformed_files import Case, corpus

CASES = corpus()


def _load(case: Case) -> LoadReport | FileFormatError:
    try:
        return load_records(case.name, case.kind, data=case.data, sheet=case.sheet)
    except FileFormatError as exc:
        return exc


def test_the_corpus_has_at_least_200_files_of_every_kind_of_damage():
    assert len(CASES) >= 200
    assert sum(c.file_error is True for c in CASES) >= 50
    assert sum(bool(c.must_fail) for c in CASES) >= 50
    assert sum(not c.exact or c.file_error is None for c in CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_malformed_file_is_refused_by_name_or_every_row_is_loaded_or_reported(case: Case):
    result = _load(case)  # anything but a FileFormatError fails the test here
    if isinstance(result, FileFormatError):
        code = result.message.code
        assert case.file_error is not False, f"refused, but it is readable: {result}"
        assert code and code != "file_unexpected", f"no clear reason: {result}"
        if case.error_codes:
            assert code in case.error_codes, f"{code}: {result}"
        assert str(result).startswith(case.name)
        return
    report = result
    assert case.file_error is not True, f"read, but must be refused ({case.error_codes})"
    loaded = dict(zip(report.record_rows, report.records, strict=True))
    bad = set(report.bad_rows)
    # No silent drop: every data row is loaded or reported, never both.
    assert not loaded.keys() & bad
    assert len(loaded) + len(bad) == report.rows_read
    for p in report.problems:
        assert p.row is not None and p.file == case.name and str(p.allowed)
    problems_of = {}
    for p in report.problems:
        problems_of.setdefault(p.row, []).append(str(p))
    # No silent misparse: rows made from known values load with exactly those values.
    for row, want in case.expected.items():
        assert row in loaded, f"row {row} was not loaded: {problems_of.get(row)}"
        got = {k: getattr(loaded[row], k) for k in want}
        assert got == want, f"row {row}"
    assert case.must_fail <= bad, f"rows {sorted(case.must_fail - bad)} were not reported"
    if case.exact:
        phantom = loaded.keys() - case.expected.keys() - case.open_rows
        assert not phantom, f"rows {sorted(phantom)} loaded but are not in the file"
    codes = {getattr(w, "code", "") for w in report.warnings}
    assert set(case.warning_codes) <= codes, report.warnings


def test_every_problem_of_a_row_is_listed_not_only_the_first():
    for kind in ("vacancy", "jobseeker"):
        case = next(c for c in CASES if c.name == f"{kind}_three_problems_one_row.csv")
        report = _load(case)
        assert len([p for p in report.problems if p.row == 3]) == 3


def test_every_row_the_corpus_loads_is_saved_and_reads_back_unchanged(db_engine):
    failures, saved = [], 0
    for case in CASES:
        report = _load(case)
        if isinstance(report, FileFormatError) or not report.records:
            continue
        with Session(db_engine, expire_on_commit=False) as session:
            try:
                if case.kind == "vacancy":
                    repo = VacancyRepository(session)
                    for record in report.records:
                        repo.add(record, who="corpus")
                    session.flush()
                    session.expire_all()
                    back = [repo.get(r.id).posting for r in report.records]
                else:
                    repo = JobseekerRepository(session)
                    for record in report.records:
                        repo.add(record, who="corpus")
                    session.flush()
                    session.expire_all()
                    back = [repo.get(r.id).jobseeker for r in report.records]
            except Exception as exc:  # noqa: BLE001 - collected, so one run names every file
                failures.append(f"{case.name}: {type(exc).__name__}: {str(exc)[:200]}")
            else:
                if back != report.records:
                    failures.append(f"{case.name}: read back differently")
                saved += len(back)
            finally:
                session.rollback()
    assert not failures, "\n".join(failures)
    assert saved >= 500
