"""A ranker's life: trained as a candidate, compared, activated on purpose, rolled back.

Three folders side by side (``models/``):

* ``ranker/``: the active model, the only one the engine loads;
* ``ranker_candidate/``: trained, measured, not used by anybody yet;
* ``ranker_previous/``: what was active before the last activation (or a
  ``HAND_WEIGHTS`` marker when that was "no model"), so it can be brought back.

:func:`train_candidate` holds out a share of jobseekers, fits on the others, and
measures the candidate, the active model and the hand-set weights on the same held-out
lists. The candidate saved is that model (not a refit on everything), so the figures
shown are the figures of exactly the model that gets activated.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from matcher.db.records import Decision
from matcher.domain import Jobseeker
from matcher.ranking.dataset import LABEL_ACTIONS, build_dataset, decisions_hash
from matcher.ranking.ranker import (
    Ranker,
    default_dir,
    load_ranker,
    make_manifest,
    read_manifest,
    save_ranker,
)
from matcher.ranking.train import Items, NotEnoughDecisions, evaluate, fit, split_by_jobseeker

__all__ = [
    "Candidate",
    "ModelSlots",
    "NoModelToActivate",
    "activate_candidate",
    "discard_candidate",
    "rollback",
    "slots",
    "train_candidate",
]

HAND_MARKER = "HAND_WEIGHTS"
MIN_HELDOUT_LISTS = 10  # fewer held-out lists than this: figures shown with a warning


class NoModelToActivate(ValueError):
    """Activate without a candidate, or roll back without a previous model."""


@dataclass(frozen=True)
class Candidate:
    """A trained, not yet active model and its held-out figures (None: not measurable)."""

    manifest: dict[str, Any]
    figures: dict[str, float | int | None] = field(default_factory=dict)

    @property
    def few_heldout(self) -> bool:
        return int(self.figures.get("n_lists") or 0) < MIN_HELDOUT_LISTS


@dataclass(frozen=True)
class ModelSlots:
    active: dict[str, Any] | None  # manifests; None when the slot is empty
    candidate: dict[str, Any] | None
    previous: dict[str, Any] | None
    previous_is_hand: bool  # rolling back returns to the hand-set weights

    @property
    def can_rollback(self) -> bool:
        return self.previous is not None or self.previous_is_hand


def _folders(active: Path | str | None = None) -> tuple[Path, Path, Path]:
    folder = Path(active) if active else default_dir()
    return (
        folder,
        folder.with_name(folder.name + "_candidate"),
        folder.with_name(folder.name + "_previous"),
    )


def slots(active: Path | str | None = None) -> ModelSlots:
    a, c, p = _folders(active)
    return ModelSlots(read_manifest(a), read_manifest(c), read_manifest(p),
                      (p / HAND_MARKER).exists())  # fmt: skip


def _nan_none(value: float) -> float | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else value


def train_candidate(
    decisions: Sequence[Decision],
    people: Mapping[str, Jobseeker],
    items: Items,
    *,
    active: Path | str | None = None,
    source: str = "db",
    test_share: float = 0.3,
    seed: int = 0,
    C: float = 1.0,
) -> Candidate:
    """Fit on the training jobseekers, measure on the held-out ones, save as candidate.

    Raises
    ------
    NotEnoughDecisions
        Too few decisions to train, or to keep some out for measuring.
    """
    decisions = list(decisions)
    data = build_dataset(decisions, people, items)
    if not len(data):
        raise NotEnoughDecisions(
            f"no usable judged pairs ({data.skipped} decisions without stored score parts)"
        )
    split = split_by_jobseeker(data, test_share, seed)
    test = data.subset(split.test)
    if not split.train.any() or not split.test.any() or len(np.unique(test.y)) < 2:
        raise NotEnoughDecisions(
            f"{len(data)} judged pairs about {len(np.unique(data.jobseeker))} jobseekers: "
            "too few to keep some out for a fair measurement"
        )
    model = fit(data.subset(split.train), C)
    mine = evaluate(model, test)
    current = load_ranker(_folders(active)[0])
    figures: dict[str, float | int | None] = {
        "ndcg_candidate": _nan_none(mine["ndcg_learned"]),
        "ndcg_current": _nan_none(evaluate(current.model, test)["ndcg_learned"])
        if current is not None else None,
        "ndcg_hand": _nan_none(mine["ndcg_hand"]),
        "auc_candidate": _nan_none(mine["auc_learned"]),
        "n_pairs": mine["n_pairs"],
        "n_lists": mine["n_lists"],
        "n_people": int(len(np.unique(test.jobseeker))),
    }  # fmt: skip
    train_people = set(data.jobseeker[split.train].tolist())
    used = [d for d in decisions if d.jobseeker_id in train_people
            and d.action in LABEL_ACTIONS and d.opportunity_id and d.score_parts]  # fmt: skip
    manifest = make_manifest(
        data_hash=decisions_hash(used), n_decisions=len(used),
        metrics={f"heldout_{k}": v for k, v in figures.items()}
        | {"heldout_ndcg_learned": figures["ndcg_candidate"],
           "heldout_ndcg_hand": figures["ndcg_hand"]},
        source=source, params={"C": C, "test_share": test_share, "seed": seed,
                               "skipped_decisions": data.skipped},
    )  # fmt: skip
    manifest["weights"] = [float(w) for w in model.coef_]
    manifest["intercept"] = float(model.intercept_)
    candidate_dir = _folders(active)[1]
    shutil.rmtree(candidate_dir, ignore_errors=True)
    save_ranker(Ranker(model=model, manifest=manifest), candidate_dir)
    return Candidate(read_manifest(candidate_dir) or manifest, figures)


def activate_candidate(active: Path | str | None = None) -> ModelSlots:
    """Make the candidate the active model; the active one becomes the previous."""
    a, c, p = _folders(active)
    if read_manifest(c) is None:
        raise NoModelToActivate("no candidate model; allowed: train one first")
    shutil.rmtree(p, ignore_errors=True)
    if a.exists():
        os.replace(a, p)
    else:
        p.mkdir(parents=True)
        (p / HAND_MARKER).write_text("the engine used the hand-set weights\n", encoding="utf-8")
    os.replace(c, a)
    return slots(active)


def rollback(active: Path | str | None = None) -> ModelSlots:
    """Bring the previous model (or the hand-set weights) back; the active one becomes
    the previous, so a rollback can itself be undone."""
    a, _, p = _folders(active)
    state = slots(active)
    if not state.can_rollback:
        raise NoModelToActivate("no previous model; allowed: roll back after an activation")
    swap = p.with_name(p.name + "_swap")
    shutil.rmtree(swap, ignore_errors=True)
    os.replace(p, swap)
    if a.exists():
        os.replace(a, p)
    else:
        p.mkdir(parents=True)
        (p / HAND_MARKER).write_text("the engine used the hand-set weights\n", encoding="utf-8")
    if (swap / HAND_MARKER).exists():
        shutil.rmtree(swap)
    else:
        os.replace(swap, a)
    return slots(active)


def discard_candidate(active: Path | str | None = None) -> None:
    shutil.rmtree(_folders(active)[1], ignore_errors=True)
