"""Retrain the ranker in one call: from the database's decisions, or from simulated ones.

:func:`retrain_from_db` trains and saves in one step, for library use and tests; the
admin page and ``python -m matcher retrain`` go through
:class:`matcher.workspace.ranker_admin.RankerService` instead (candidate, comparison,
confirmed activation, audit). :func:`retrain_simulated` proves the path on simulated
counselors over the sample data (the CLI's ``--simulate``, never into the active
folder). Both write ``out`` only when training succeeded, and return a
:class:`RetrainReport` either way.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matcher.db.records import Decision
from matcher.domain import JobPosting, Jobseeker, OpportunityKind, ProgramType, TrainingProgram
from matcher.ranking.dataset import LABEL_ACTIONS
from matcher.ranking.ranker import default_dir, save_ranker
from matcher.ranking.train import Items, NotEnoughDecisions, train_ranker

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetrainReport:
    """What a retrain did: saved or not, why, on how much data, how well."""

    ok: bool
    message: str
    n_decisions: int = 0
    source: str = ""
    path: str | None = None
    seconds: float = 0.0
    metrics: dict[str, Any] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    manifest: dict[str, Any] | None = None


@dataclass(frozen=True)
class RankerStatus:
    """Whether the engine will use a saved ranker: ``active``, ``absent`` or ``ignored``."""

    state: str
    manifest: dict[str, Any] | None = None
    reason: str = ""


def ranker_status(path: Path | str | None = None) -> RankerStatus:
    """What :func:`matcher.ranking.ranker.load_ranker` would do with ``path``, and the manifest."""
    from matcher.ranking.ranker import MODEL_FILE, incompatibility, load_ranker, read_manifest

    folder = Path(path) if path else default_dir()
    manifest = read_manifest(folder)
    if manifest is None and not (folder / MODEL_FILE).exists():
        return RankerStatus("absent")
    if manifest is None:
        return RankerStatus("ignored", None, "manifest missing or unreadable")
    reason = incompatibility(manifest)
    if reason:
        return RankerStatus("ignored", manifest, reason)
    if load_ranker(folder) is None:
        return RankerStatus("ignored", manifest, "model file does not load")
    return RankerStatus("active", manifest)


def decision_count(session) -> int:
    """Item decisions (accept, reject, pin, unpin, moves) that carry the score parts the
    counselor saw, i.e. that training can use. Imported demo history has no parts."""
    from sqlalchemy import select

    from matcher.db.models import DecisionRow

    query = select(DecisionRow.score_parts).where(DecisionRow.action.in_(LABEL_ACTIONS))
    return sum(1 for parts in session.scalars(query) if parts)


def catalog_items(programs: Sequence[TrainingProgram], vacancies: Sequence[JobPosting]) -> Items:
    """``{(kind, id): record}`` the way the engine sorts programmes into kinds."""
    items: dict = {(OpportunityKind.VACANCY, v.id): v for v in vacancies}
    for p in programs:
        kind = (
            OpportunityKind.TRAINING
            if p.program_type is ProgramType.VOCATIONAL
            else OpportunityKind.ENTREPRENEURSHIP
        )
        items[(kind, p.id)] = p
    return items


def retrain(
    decisions: Sequence[Decision],
    people: dict[str, Jobseeker],
    items: Items,
    *,
    source: str,
    out: Path | str | None = None,
    C: float = 1.0,
    seed: int = 0,
) -> RetrainReport:
    """Train on ``decisions`` and save to ``out`` (default ``models/ranker``)."""
    started = time.perf_counter()
    try:
        ranker = train_ranker(decisions, people, items, source=source, C=C, seed=seed)
    except NotEnoughDecisions as exc:
        return RetrainReport(ok=False, message=str(exc), source=source,
                             seconds=time.perf_counter() - started)  # fmt: skip
    folder = save_ranker(ranker, out)
    m = ranker.manifest
    learned, hand = (m["metrics"].get(f"heldout_ndcg_{x}") for x in ("learned", "hand"))
    summary = (
        f"held-out nDCG@10 {learned:.3f} (hand-set weights {hand:.3f})"
        if learned is not None and hand is not None
        else "too few jobseekers to hold some out"
    )
    log.info("ranker trained on %d decisions; %s; saved to %s", m["n_decisions"], summary, folder)
    return RetrainReport(
        ok=True,
        message=f"trained on {m['n_decisions']} decisions; {summary}",
        n_decisions=m["n_decisions"],
        source=source,
        path=str(folder),
        seconds=time.perf_counter() - started,
        metrics=m["metrics"],
        weights=ranker.weights(),
        manifest=m,
    )


def retrain_from_db(session, *, out: Path | str | None = None, user=None) -> RetrainReport:
    """Retrain from every item decision in ``recommendation_decisions``.

    Parameters
    ----------
    session : sqlalchemy.orm.Session
    out : path, optional
        Folder to write; default ``models/ranker``.
    user : matcher.db.User, optional
        When given, must hold the ``retrain_model`` permission (admins).
    """
    from matcher import auth
    from matcher.auth import Permission

    if user is not None:
        auth.require_permission(user, Permission.RETRAIN_MODEL)
    decisions, people, items = training_data(session)
    return retrain(decisions, people, items, source="db", out=out)


def training_data(session) -> tuple[list[Decision], dict[str, Jobseeker], Items]:
    """Every stored item decision, and the people and items (closed vacancies too: a
    decision about one is still a judgement) they are about."""
    from matcher.db import (
        DecisionRepository,
        JobseekerRepository,
        ProgramRepository,
        VacancyRepository,
    )

    decisions = DecisionRepository(session).list(actions=LABEL_ACTIONS)
    # Withdrawn consent (or an erasure) means the person's decisions are no training data.
    people = {r.id: r.jobseeker for r in JobseekerRepository(session).list(consented_only=True)}
    # Closed vacancies too: a decision about one is still a judgement.
    items = catalog_items(
        [r.program for r in ProgramRepository(session).list()],
        [r.posting for r in VacancyRepository(session).list()],
    )
    return list(decisions), people, items


def simulated_decisions(
    n: int | None,
    *,
    data_dir: Path | str | None = None,
    encoder: object = "tfidf",
    normaliser: object | None = None,
    seed: int = 0,
    preference=None,
):
    """Simulated decisions over the sample data, and the records they are about."""
    from matcher.engine import MatchOptions
    from matcher.ranking.sim import CounselorSimulator, HiddenPreference, shown_lists
    from matcher.service import CsvSource, MatcherService
    from matcher.workspace.source import raw_normaliser

    source = CsvSource(Path(data_dir)) if data_dir else CsvSource()
    service = MatcherService.from_source(
        source, encoder=encoder, normaliser=normaliser or raw_normaliser, ranker=None
    )
    engine = service.engine
    lists = list(shown_lists(engine, options=MatchOptions(weights=engine.weights, diversity=0.0)))
    sim = CounselorSimulator(preference or HiddenPreference(), seed=seed)
    records = service.records
    people = {p.id: p for p in records.jobseekers}
    return sim.run(lists, n), people, catalog_items(records.programs, records.vacancies)


def retrain_simulated(
    n: int, *, out: Path | str | None = None, data_dir: Path | str | None = None,
    encoder: object = "tfidf", seed: int = 0,
) -> RetrainReport:  # fmt: skip
    """Simulate ``n`` counselor decisions on the sample data and train on them."""
    decisions, people, items = simulated_decisions(n, data_dir=data_dir, encoder=encoder,
                                                   seed=seed)  # fmt: skip
    return retrain(decisions, people, items, source=f"simulated:{n}", out=out or default_dir())
