"""Admin use cases on one person's data (UU PDP 27/2022): export and erasure.

Both are admin-only, checked here (not only in the menu) with
:attr:`~matcher.auth.Permission.MANAGE_PERSONAL_DATA`, and both leave an audit entry
that names the person by id only. The export is JSON (complete, machine-readable) and
Excel (one sheet per table, for the person to read); files are written ``0600`` in a
``0700`` folder. See :mod:`matcher.workspace.subject` for what is collected and erased.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from matcher.auth import Permission
from matcher.db import AuditRepository, JobseekerRepository, User
from matcher.db.session import FILE_MODE, private_directory
from matcher.exports import safe_cell
from matcher.text import forgetting
from matcher.workspace import subject
from matcher.workspace.base import WorkspaceBase
from matcher.workspace.drafts import DraftStore
from matcher.workspace.subject import ErasureResult, SubjectData

log = logging.getLogger(__name__)

EXPORT_ENTITY = "subject_export"


def export_json_bytes(data: SubjectData) -> bytes:
    return json.dumps(data.to_json(), ensure_ascii=False, indent=2, sort_keys=False).encode()


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return safe_cell(value)


def export_xlsx_bytes(data: SubjectData) -> bytes:
    """One sheet per table (profile first), text cells never formulas."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheets: list[tuple[str, list[dict[str, Any]]]] = [("profile", [data.profile])]
    sheets += list(data.tables.items()) + [("audit_log", data.audit)]
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title[:31])
        columns = list(rows[0]) if rows else ["(none)"]
        sheet.append(columns)
        for row in rows:
            sheet.append([_cell(row.get(c)) for c in columns])
        for line in sheet.iter_rows():
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never "f", whatever the text looks like
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_private(path: Path, payload: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)
    os.chmod(path, FILE_MODE)  # an existing file keeps its old mode through O_CREAT


def write_export(data: SubjectData, out_dir: str | Path) -> tuple[Path, Path]:
    """``<id>.json`` and ``<id>.xlsx`` in ``out_dir`` (0700), both 0600."""
    folder = private_directory(out_dir)
    paths = (folder / f"{data.jobseeker_id}.json", folder / f"{data.jobseeker_id}.xlsx")
    _write_private(paths[0], export_json_bytes(data))
    _write_private(paths[1], export_xlsx_bytes(data))
    return paths


class PrivacyMixin(WorkspaceBase):
    def export_subject(self, user: User, jobseeker_id: str) -> SubjectData:
        """Every record about one person (admin only); the export itself is audited."""
        self._allow(user, Permission.MANAGE_PERSONAL_DATA)
        with self.session_factory() as session:
            data = subject.collect(session, jobseeker_id, who=user.username)
            AuditRepository(session).add(
                who=user.username, entity=EXPORT_ENTITY, entity_id=jobseeker_id, action="export"
            )
        return data

    def erasure_preview(self, user: User, jobseeker_id: str) -> SubjectData:
        """What an erasure would touch (admin only); nothing is written, not even audit."""
        self._allow(user, Permission.MANAGE_PERSONAL_DATA)
        with self.session_factory() as session:
            return subject.collect(session, jobseeker_id, who=user.username)

    def erase_subject(
        self, user: User, jobseeker_id: str, *, confirm: str, drafts: DraftStore | None = None
    ) -> ErasureResult:
        """Pseudonymise the person in place (admin only); ``confirm`` must repeat the id.

        Drafts about the person (their id, name or phone, however written) are deleted
        too (:meth:`~matcher.workspace.drafts.DraftStore.purge_person`), and so are the
        disk caches of people's texts (:func:`~matcher.text.forgetting.
        forget_people_texts`).
        """
        self._allow(user, Permission.MANAGE_PERSONAL_DATA)
        if confirm.strip() != jobseeker_id:
            raise ValueError(
                f"erasing {jobseeker_id} needs the confirmation {jobseeker_id!r} "
                f"(got {confirm.strip()!r}); nothing was erased"
            )
        with self.session_factory() as session:
            if subject.is_erased(session, jobseeker_id):
                raise ValueError(f"{jobseeker_id} is the pseudonym of an erasure already done")
            person = JobseekerRepository(session).get(jobseeker_id).jobseeker
            result = subject.erase(session, jobseeker_id, who=user.username)
        # At once after the commit: the disk caches keep what people wrote (vectors of
        # profiles, skill phrases as typed); which entries were this person's is not
        # recorded, so all people's entries go and the next engine build makes them
        # again (an engine built in between holds the old epoch and is rebuilt).
        try:
            forgetting.forget_people_texts()
            cleared = True
        except OSError as exc:
            log.error("erasure of %s: could not clear the text caches: %s",
                      result.pseudonym, exc)  # fmt: skip
            cleared = False
        with self.session_factory() as session:
            flushed = subject.flush_old_pages(session)
        store = drafts if drafts is not None else DraftStore()
        store.purge_person(jobseeker_id, person.name, person.phone)
        return replace(result, log_flushed=flushed, caches_cleared=cleared)

    def flush_erased_pages(self) -> bool:
        """Empty the SQLite write-ahead log if nothing reads an older snapshot (no
        wait): what an erasure could not flush goes at the next call. No permission
        needed: it writes nothing new and reveals nothing."""
        try:
            with self.session_factory() as session:
                return subject.flush_old_pages(session, wait_ms=0)
        except OperationalError as exc:  # a maintenance step: never an error on a page
            log.warning("could not empty the SQLite write-ahead log: %s", exc)
            return False

    def erasure_log(self, user: User) -> list[ErasureResult]:
        self._allow(user, Permission.MANAGE_PERSONAL_DATA)
        with self.session_factory() as session:
            return subject.erasures(session)
