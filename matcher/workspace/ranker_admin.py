"""The ranker service: train a candidate, compare it, activate it on purpose, roll back.

Admins only (``RETRAIN_MODEL``). Nothing a counselor sees changes when a model is
trained: the candidate waits until an admin activates it, naming the candidate they
looked at (a newer one trained meanwhile is refused). Training, activating and rolling
back each write one ``ranker_model`` audit entry with who, when, and the models before
and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matcher.db import AuditEntry, AuditRepository, User
from matcher.ranking.lifecycle import (
    Candidate,
    ModelSlots,
    NoModelToActivate,
    activate_candidate,
    rollback,
    slots,
    train_candidate,
)
from matcher.ranking.retrain import RankerStatus, decision_count, ranker_status, training_data
from matcher.ranking.train import NotEnoughDecisions
from matcher.workspace.access import PageService

__all__ = [
    "AUDIT_ENTITY",
    "NoModelToActivate",
    "NotEnoughDecisions",
    "RankerOverview",
    "RankerService",
    "model_id",
]

AUDIT_ENTITY = "ranker_model"


@dataclass(frozen=True)
class RankerOverview:
    status: RankerStatus  # what the engine does with the active folder
    slots: ModelSlots
    available: int  # stored decisions training can use


def model_id(manifest: dict[str, Any] | None) -> str:
    """A model's name in the audit trail: when it was trained and on what data."""
    if not manifest:
        return "hand_weights"
    sha = str(manifest.get("training_data_sha256", ""))[:10]
    return f"{manifest.get('trained_at', '?')}/{sha}"


def _summary(manifest: dict[str, Any] | None) -> dict[str, Any] | None:
    if not manifest:
        return None
    m = manifest.get("metrics") or {}
    return {
        "model": model_id(manifest),
        "n_decisions": manifest.get("n_decisions"),
        "source": manifest.get("source"),
        **{k: m[k] for k in sorted(m) if k.startswith("heldout_")},
    }


class RankerService(PageService):
    """Parameters: ``session_factory``; ``folder`` is the active model's folder
    (default ``models/ranker``, read at each call so tests can move it)."""

    def __init__(self, session_factory, folder: Path | str | None = None):
        super().__init__(session_factory)
        self.folder = folder

    def overview(self, user: User) -> RankerOverview:
        self._allow(user, "ranker")
        with self.session_factory() as session:
            available = decision_count(session)
        return RankerOverview(ranker_status(self.folder), slots(self.folder), available)

    def train(self, user: User, *, seed: int = 0) -> Candidate:
        """Train a candidate on the stored decisions and measure it on held-out people.

        Raises
        ------
        NotEnoughDecisions
            With the reason; nothing is saved.
        """
        self._allow(user, "ranker")
        with self.session_factory() as session:
            decisions, people, items = training_data(session)
        candidate = train_candidate(decisions, people, items, active=self.folder, seed=seed)
        with self.session_factory() as session:
            AuditRepository(session).add(
                who=user.username, entity=AUDIT_ENTITY, entity_id=model_id(candidate.manifest),
                action="train", before=_summary(slots(self.folder).active),
                after=_summary(candidate.manifest) | {"figures": candidate.figures},
            )  # fmt: skip
        return candidate

    def activate(self, user: User, candidate: str) -> ModelSlots:
        """Activate the candidate named ``candidate`` (its :func:`model_id`)."""
        self._allow(user, "ranker")
        before = slots(self.folder)
        if before.candidate is None or model_id(before.candidate) != candidate:
            raise NoModelToActivate(
                f"candidate {candidate!r} is not the one waiting "
                f"({model_id(before.candidate) if before.candidate else 'none'}); "
                "allowed: reload and confirm the current candidate"
            )
        after = activate_candidate(self.folder)
        self._audit(user, "activate", before.active, after.active)
        return after

    def rollback(self, user: User) -> ModelSlots:
        """Bring back the previous model (or the hand-set weights)."""
        self._allow(user, "ranker")
        before = slots(self.folder)
        after = rollback(self.folder)
        self._audit(user, "rollback", before.active, after.active)
        return after

    def history(self, user: User, limit: int = 20) -> list[AuditEntry]:
        """The latest train / activate / rollback entries, newest first."""
        self._allow(user, "ranker")
        with self.session_factory() as session:
            return AuditRepository(session).list(entity=AUDIT_ENTITY, limit=limit)

    def _audit(self, user: User, action: str, before, after) -> None:
        with self.session_factory() as session:
            AuditRepository(session).add(
                who=user.username, entity=AUDIT_ENTITY, entity_id=model_id(after),
                action=action, before=_summary(before) or {"model": "hand_weights"},
                after=_summary(after) or {"model": "hand_weights"},
            )  # fmt: skip
