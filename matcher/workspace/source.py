"""The database as a record source, and the engine rebuilt only when the data changed.

:class:`DbSource` implements :class:`matcher.service.RecordSource` over the matcher.db
repositories. :class:`EngineCache` keeps one :class:`~matcher.service.MatcherService`
per *data version*: a cheap fingerprint (row counts and latest change time of people,
programmes and vacancies) read from the database, so a write made by any process or
any browser tab is picked up on the next request, and nothing else triggers a rebuild.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher.db import JobseekerRepository, ProgramRepository, VacancyRepository, VacancyStatus
from matcher.db.models import ErasureRow, JobseekerRow, ProgramRow, VacancyRow
from matcher.errors import OptionError
from matcher.service import MatcherService, Records
from matcher.text import forgetting

log = logging.getLogger(__name__)

SessionFactory = Callable[[], AbstractContextManager[Session]]

ENCODER_ENV = "MATCHER_ENCODER"  # "default" (MiniLM + USE + TF-IDF) or "tfidf"
NORMALISER_ENV = "MATCHER_NORMALISER"  # "esco" (default) or "raw" (fast tests)


class NormaliserChoice(StrEnum):
    ESCO = "esco"
    RAW = "raw"


def raw_normaliser(phrases: list[str]) -> list[list[tuple[str, str]]]:
    """Each skill phrase is its own concept: no ESCO mapping (fast, for tests and demos)."""
    return [[("raw:" + p.strip().lower(), p.strip())] for p in phrases]


@dataclass(frozen=True)
class DbSource:
    """Records from the database: every programme, open vacancies, and the jobseekers
    whose consent to data processing is on file (withdrawn consent or an erasure takes a
    person out of the engine, so out of every shortlist, suggestion and batch run).

    Parameters
    ----------
    session_factory : callable
        Returns a context manager yielding a session (e.g. ``lambda: session_scope(engine)``).
    """

    session_factory: SessionFactory

    def load(self) -> Records:
        # Taken before the query: an engine built from these records caches nothing of
        # theirs after an erasure that comes later (matcher.text.forgetting).
        read_at = forgetting.epoch()
        with self.session_factory() as session:
            return Records(
                read_at=read_at,
                jobseekers=[
                    r.jobseeker for r in JobseekerRepository(session).list(consented_only=True)
                ],
                programs=[r.program for r in ProgramRepository(session).list()],
                vacancies=[
                    r.posting for r in VacancyRepository(session).list(status=VacancyStatus.OPEN)
                ],
            )


def data_version(session: Session) -> str:
    """A fingerprint that changes whenever a person, programme or vacancy is added or saved."""
    return "|".join(data_versions(session))


def data_versions(session: Session) -> tuple[str, str, str]:
    """:func:`data_version` per table: people, programmes, vacancies."""
    parts = []
    for row_cls in (JobseekerRow, ProgramRow, VacancyRow):
        count, latest, versions = session.execute(
            select(func.count(), func.max(row_cls.updated_at), func.sum(row_cls.version_id))
        ).one()
        parts.append(f"{count}:{latest}:{versions}")
    return parts[0], parts[1], parts[2]


def _env_choice(name: str, default: str, allowed: list[str]) -> str:
    value = os.environ.get(name, default).strip().lower() or default
    if value not in allowed:
        raise OptionError(name, value, allowed)
    return value


# A refit keeps the catalogue's text index, whose memo keeps every profile text it read
# (an edited profile's old text too): a full build now and then lets that memo go.
REFITS_BEFORE_BUILD = 100


class EngineCache:
    """One :class:`MatcherService` for the current data version, rebuilt lazily.

    Parameters
    ----------
    session_factory : callable
        As for :class:`DbSource`.
    encoder : str, optional
        Text encoder; default from ``MATCHER_ENCODER`` (``default`` or ``tfidf``).
    normaliser : str or object, optional
        ``"esco"``, ``"raw"`` or a fitted normaliser; default from ``MATCHER_NORMALISER``.
    """

    def __init__(
        self,
        session_factory: SessionFactory,
        encoder: str | None = None,
        normaliser: str | object | None = None,
    ):
        self.session_factory = session_factory
        self.encoder = encoder or _env_choice(ENCODER_ENV, "default", ["default", "tfidf"])
        self.normaliser = normaliser or _env_choice(
            NORMALISER_ENV, "esco", [c.value for c in NormaliserChoice]
        )
        self._lock = threading.Lock()
        self._service: MatcherService | None = None
        self._versions_built: tuple[str, str] | None = None
        self._normaliser_obj: object | None = None
        self.builds = 0  # full builds
        self.refits = 0  # the people alone refitted (MatchingEngine.with_people)
        self._refits_in_a_row = 0
        self.last_build_seconds = 0.0

    def _versions(self) -> tuple[str, str]:
        """The data's version in two: the people's part, and everything else (catalogue,
        the learned ranker's files, so a retrain applies at once, and erasures). When
        only the first changed, the people are refitted into the catalogue's index
        (:meth:`MatchingEngine.with_people`)."""
        from matcher.ranking.ranker import default_dir

        stamps = [
            f"{p.name}:{p.stat().st_mtime_ns}" for p in sorted(default_dir().glob("ranker.*"))
        ]
        with self.session_factory() as session:
            people, programs, vacancies = data_versions(session)
            # Erasures as the database counts them, committed with the erasure itself: the
            # epoch below is written after the commit, and may fail to be.
            erasures = session.scalar(select(func.count()).select_from(ErasureRow))
        # The erasure epoch too: an engine built between an erasure's commit and its new
        # epoch holds an old mark and would never cache again; it is rebuilt, and so is
        # the text index, which remembers the texts it has read.
        rest = "|".join([programs, vacancies, ",".join(stamps), f"erasures:{erasures}",
                         forgetting.epoch()])  # fmt: skip
        return people, rest

    def _fitted_normaliser(self) -> object:
        # The ESCO normaliser costs seconds to fit; fit it once per process, not per build.
        if self._normaliser_obj is None:
            if self.normaliser == NormaliserChoice.RAW:
                self._normaliser_obj = raw_normaliser
            elif self.normaliser == NormaliserChoice.ESCO:
                from matcher.text.skills import SkillNormaliser

                # Fitted by the engine on first need: a fully cached build never fits it.
                self._normaliser_obj = SkillNormaliser()
            else:
                self._normaliser_obj = self.normaliser
        return self._normaliser_obj

    def get(self) -> MatcherService:
        """The service for the data as stored now: rebuilt if the catalogue, the ranker
        or the erasures changed, or someone left the people it serves; the people refitted
        if they were only edited or added."""
        versions = self._versions()
        with self._lock:
            if self._service is None or versions != self._versions_built:
                started = time.perf_counter()
                records = DbSource(self.session_factory).load()
                refit = (
                    self._service is not None
                    and versions[1] == self._versions_built[1]
                    and self._refits_in_a_row < REFITS_BEFORE_BUILD
                    # Someone gone (consent withdrawn, erased): their texts leave the index.
                    and set(self._service.engine.people_.ids) <= {p.id for p in records.jobseekers}
                )
                if refit:
                    self._service = self._service.with_people(records)
                    self.refits += 1
                    self._refits_in_a_row += 1
                else:
                    self._service = MatcherService.from_records(
                        records, encoder=self.encoder, normaliser=self._fitted_normaliser()
                    )
                    self.builds += 1
                    self._refits_in_a_row = 0
                self._versions_built = versions
                self.last_build_seconds = time.perf_counter() - started
                log.info("engine %s in %.1fs (version %s)", "refitted" if refit else "rebuilt",
                         self.last_build_seconds, "|".join(versions))  # fmt: skip
            return self._service

    def build_in_background(self) -> threading.Thread:
        """Start building the engine now (e.g. at app start), so the first page is quick,
        then load the encoders' models, so the first upload or new profile is too."""

        def build() -> None:
            self.get().engine.load_models()

        thread = threading.Thread(target=build, daemon=True, name="engine-build")
        thread.start()
        return thread
