"""The service layer: the one entry point the CLI, the Streamlit app and the tests call.

It loads records from a :class:`RecordSource` (CSV folder or database), builds the
engine once, and answers requests in domain terms. It raises domain errors only; callers
decide how to show them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd

from matcher import config
from matcher.domain import JobPosting, Jobseeker, OpportunityKind, TrainingProgram
from matcher.engine import MatchingEngine, MatchOptions
from matcher.engine.options import DIVERSITY, RELEVANCE_FLOOR
from matcher.engine.results import PeopleForItem, RecommendationSet
from matcher.errors import FileFormatError, LoadReport
from matcher.loaders import load_jobseekers, load_programs, load_vacancies
from matcher.scoring.rules import Rule
from matcher.scoring.weights import Weights

log = logging.getLogger(__name__)


@dataclass
class Records:
    jobseekers: list[Jobseeker] = field(default_factory=list)
    programs: list[TrainingProgram] = field(default_factory=list)
    vacancies: list[JobPosting] = field(default_factory=list)
    reports: list[LoadReport] = field(default_factory=list)
    # The erasure epoch before the people were read from a database (None: from files);
    # an engine built from them caches nothing of theirs after a later erasure.
    read_at: str | None = None


class RecordSource(Protocol):
    """Where records come from; a CSV folder here, the database in the workspace."""

    def load(self) -> Records: ...


@dataclass(frozen=True)
class CsvSource:
    """``jobseekers``, ``programs`` and ``vacancies`` as .csv or .xlsx files in one folder."""

    directory: Path = config.SAMPLE_DATA_DIR

    def _file(self, stem: str) -> Path:
        for suffix in (".csv", ".xlsx"):
            path = Path(self.directory) / f"{stem}{suffix}"
            if path.exists():
                return path
        raise FileFormatError(
            str(Path(self.directory) / f"{stem}.csv"), "not found (expected .csv or .xlsx)"
        )

    def load(self) -> Records:
        reports = [
            load_jobseekers(self._file("jobseekers")),
            load_programs(self._file("programs")),
            load_vacancies(self._file("vacancies")),
        ]
        return Records(
            jobseekers=reports[0].records,
            programs=reports[1].records,
            vacancies=reports[2].records,
            reports=reports,
        )


BATCH_COLUMNS = ("jobseeker_id", "rank", "kind", "item_id", "title", "score")
BATCH_BACKENDS = ("local", "ray")  # in-process (the default), or partitions on Ray worker actors


def make_options(
    *,
    weights: Weights | dict[str, float] | None = None,
    relaxed_rules: Iterable[str | Rule] = (),
    top_k: int = 10,
    diversity: float = DIVERSITY,
    as_of: date | None = None,
    relevance_floor: float = RELEVANCE_FLOOR,
    default_weights: Weights | None = None,
    own_trade: bool = True,
    text_agreement: bool = True,
) -> MatchOptions:
    """Validated request options; bad values raise errors that list what is allowed."""
    if not isinstance(weights, Weights):
        base = (default_weights or Weights()).to_dict()
        weights = Weights.from_dict({**base, **(weights or {})})
    if not 1 <= int(top_k) <= 500:
        raise ValueError(f"top_k={top_k!r}; allowed: 1 to 500")
    if not 0.0 <= float(diversity) <= 1.0:
        raise ValueError(f"diversity={diversity!r}; allowed: a number from 0 to 1")
    if not 0.0 <= float(relevance_floor) <= 1.0:
        raise ValueError(f"relevance_floor={relevance_floor!r}; allowed: a number from 0 to 1")
    return MatchOptions(
        weights=weights,
        relaxed_rules=frozenset(Rule.parse(r) for r in relaxed_rules),
        top_k=int(top_k),
        diversity=float(diversity),
        as_of=as_of,
        relevance_floor=float(relevance_floor),
        own_trade=bool(own_trade),
        text_agreement=bool(text_agreement),
    )


class MatcherService:
    """Recommendations in every direction over one set of records.

    Examples
    --------
    >>> service = MatcherService.from_source(CsvSource())  # doctest: +SKIP
    >>> service.recommend_for_jobseeker("JS-0001").vacancies[0].explanation.summary()  # doctest: +SKIP
    """

    def __init__(self, engine: MatchingEngine, records: Records, build_seconds: float = 0.0):
        self.engine = engine
        self.records = records
        self.build_seconds = build_seconds

    @classmethod
    def from_source(
        cls,
        source: RecordSource | None = None,
        *,
        encoder: object = "default",
        normaliser: object | None = None,
        ranker: object | None = "auto",
        weights: Weights | None = None,
    ) -> MatcherService:
        source = source or CsvSource()
        records = source.load()
        return cls.from_records(
            records, encoder=encoder, normaliser=normaliser, ranker=ranker, weights=weights
        )

    @classmethod
    def from_records(
        cls,
        records: Records,
        *,
        encoder: object = "default",
        normaliser: object | None = None,
        ranker: object | None = "auto",
        weights: Weights | None = None,
    ) -> MatcherService:
        if ranker == "auto":
            ranker = _load_ranker()
        from matcher.text import forgetting

        started = time.perf_counter()
        # Under the epoch of these records alone: a build started inside a request that
        # read a profile earlier does not take that request's mark for good.
        with forgetting.reading(records.read_at, alone=True):
            engine = MatchingEngine(
                encoder=encoder, normaliser=normaliser, weights=weights, ranker=ranker
            ).fit(records.jobseekers, records.programs, records.vacancies)
        return cls(engine, records, time.perf_counter() - started)

    def with_people(self, records: Records) -> MatcherService:
        """A new service over this one's catalogue and the people of ``records`` (whose
        programmes and vacancies are this one's): :meth:`MatchingEngine.with_people`,
        read under the records' epoch as :meth:`from_records` reads them."""
        from matcher.text import forgetting

        started = time.perf_counter()
        with forgetting.reading(records.read_at, alone=True):
            engine = self.engine.with_people(records.jobseekers)
        return type(self)(engine, records, time.perf_counter() - started)

    # ----------------------------------------------------------------- queries
    def options(self, **kw) -> MatchOptions:
        return make_options(default_weights=self.engine.weights, **kw)

    def jobseeker(self, jobseeker_id: str) -> Jobseeker:
        return self.engine.jobseeker(jobseeker_id)

    def recommend_for_jobseeker(self, person: Jobseeker | str, **kw) -> RecommendationSet:
        """Vacancies, trainings, entrepreneurship programmes (for women entrepreneurs
        mainly; the eligibility rules decide) and pathways, each with its explanation."""
        return self.engine.recommend_for_jobseeker(person, self.options(**kw))

    def recommend_for_program(self, program_id: str, **kw) -> PeopleForItem:
        """Jobseekers to enrol, ranked; the best of those the relevance floor leaves off;
        the best excluded ones with the excluding rule."""
        kind, _ = self.engine.find_item(program_id)
        if kind is OpportunityKind.VACANCY:
            raise ValueError(f"{program_id!r} is a vacancy; use recommend_for_vacancy")
        return self.engine.recommend_for_item(program_id, self.options(**kw), kind)

    def recommend_for_vacancy(self, vacancy_id: str, **kw) -> PeopleForItem:
        """Jobseekers for a vacancy, ranked; the best of those the relevance floor leaves
        off; the best excluded ones."""
        self.engine.item(OpportunityKind.VACANCY, vacancy_id)
        return self.engine.recommend_for_item(
            vacancy_id, self.options(**kw), OpportunityKind.VACANCY
        )

    def rank_everyone(
        self,
        kind: OpportunityKind | str = OpportunityKind.VACANCY,
        top_k: int = 10,
        shortlist: int | None = None,
        backend: str = "local",
        workers: int = 2,
        **kw,
    ) -> pd.DataFrame:
        """Top-k eligible items of one kind for every jobseeker (the nightly batch).

        Rows ``jobseeker_id, rank, kind, item_id, title, score``, best first; a person
        with fewer eligible items has fewer rows. ``shortlist`` is passed to
        :meth:`MatchingEngine.rank_all` (``None``: shortlist large vacancy catalogs).
        ``backend="ray"`` runs partitions of people on Ray worker actors, ``workers`` at a time
        (:mod:`matcher.scale.ray_batch`), with the same rows; the default runs in-process.
        No explanations: ask ``recommend_for_jobseeker`` for the people a counselor opens.
        """
        if backend not in BATCH_BACKENDS:
            raise ValueError(f"backend={backend!r}; allowed: {', '.join(BATCH_BACKENDS)}")
        allowed = [k.value for k in OpportunityKind]
        if str(kind) not in allowed:
            raise ValueError(f"kind={kind!r}; allowed: {', '.join(allowed)}")
        kind = OpportunityKind(kind)
        if int(top_k) < 1:
            raise ValueError(f"top_k={top_k}; allowed: an integer >= 1")
        if not len(self.engine.catalogs_[kind]):
            return pd.DataFrame(columns=list(BATCH_COLUMNS))
        options = self.options(**kw)
        if backend == "ray":
            from matcher.scale.ray_batch import rank_all_ray

            got = rank_all_ray(self.engine, kind, int(top_k), options, shortlist, int(workers))
            idx, scores = got.indices, got.scores
        else:
            idx, scores = self.engine.rank_all(kind, int(top_k), options, shortlist=shortlist)
        cat = self.engine.catalogs_[kind]
        people, ranks = np.nonzero(idx >= 0)
        items = idx[people, ranks]
        return pd.DataFrame(
            {
                "jobseeker_id": np.asarray(self.engine.people_.ids, dtype=object)[people],
                "rank": ranks + 1,
                "kind": kind.value,
                "item_id": np.asarray(cat.ids, dtype=object)[items],
                "title": [cat.records[j].title for j in items],
                "score": np.round(scores[people, ranks].astype(float), 4),
            }
        )


def _load_ranker() -> object | None:
    """The learned ranker under models/, when present and compatible; else None."""
    try:
        from matcher.ranking.ranker import load_ranker
    except ImportError:
        return None
    return load_ranker()
