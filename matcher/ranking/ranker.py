"""The learned re-ranker the engine uses when one has been trained: load, save, rescore.

A trained ranker lives in ``models/ranker/``: ``ranker.joblib`` (a fitted
:class:`~matcher.ranking.estimator.CounselorRanker`) and ``ranker.json`` (the manifest:
versions of python, scikit-learn, numpy and matcher, the feature names and schema, a
sha256 of the decision rows it learned from, when, how well, from how many decisions).

:func:`load_ranker` never breaks the engine: no files means no ranker (quietly); a
manifest written by another scikit-learn or for other features, or a file that does not
load, means no ranker and a WARNING in the log. The engine then ranks with the hand-set
weights. Only load models this deployment trained: joblib files can run code.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn

from matcher import config
from matcher.domain import OpportunityKind
from matcher.ranking.estimator import CounselorRanker, sigmoid
from matcher.ranking.features import (
    FEATURE_NAMES,
    FEATURE_SCHEMA,
    catalog_night,
    linear_scores,
    people_context,
)
from matcher.scoring.weights import Weights

log = logging.getLogger(__name__)

MODEL_FILE = "ranker.joblib"
MANIFEST_FILE = "ranker.json"


def default_dir() -> Path:
    return config.MODELS_DIR / "ranker"


def matcher_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tanjung-barat-matcher")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+source"


def runtime_versions() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "matcher": matcher_version(),
    }


@dataclass
class Ranker:
    """A fitted :class:`CounselorRanker` plus how to turn it into engine scores.

    Parameters
    ----------
    model : CounselorRanker
        Fitted on features in :data:`~matcher.ranking.features.FEATURE_NAMES` order.
    blend : float
        Share of the learned probability in the score; ``1 - blend`` comes from the
        hand-weighted score the engine passes in (``base``), so a counselor's per-person
        weights still count when ``blend < 1``.
    manifest : dict
    """

    model: CounselorRanker
    blend: float = 1.0
    manifest: dict[str, Any] = field(default_factory=dict)

    def rescore(self, parts, kind, people, pidx, catalog, oidx, base) -> np.ndarray:
        """Scores in [0, 1] for a (p, o) block (higher is better), vectorised.

        ``people``/``pidx`` and ``catalog``/``oidx`` say who and what the pairs are;
        ``base`` is the hand-weighted score of the same block.
        """
        ctx = people_context(people)[np.asarray(pidx)]
        night = catalog_night(catalog)[np.asarray(oidx)]
        z = linear_scores(self.model.coef_, self.model.intercept_, parts,
                          OpportunityKind(kind), ctx, night)  # fmt: skip
        proba = sigmoid(z)
        if self.blend < 1.0:
            proba = self.blend * proba + (1.0 - self.blend) * np.asarray(base, np.float32)
        return np.clip(proba, 0.0, 1.0).astype(np.float32)

    def weights(self) -> dict[str, float]:
        """The learned weight of every feature (raw units), for display."""
        return dict(zip(FEATURE_NAMES, map(float, self.model.coef_), strict=True))


def make_manifest(
    *, data_hash: str, n_decisions: int, metrics: dict[str, Any], source: str,
    params: dict[str, Any] | None = None, blend: float = 1.0,
) -> dict[str, Any]:  # fmt: skip
    return {
        "format": 1,
        "versions": runtime_versions(),
        "feature_schema": FEATURE_SCHEMA,
        "feature_names": list(FEATURE_NAMES),
        "hand_weights": Weights().to_dict(),  # what the hand_score feature means
        "training_data_sha256": data_hash,
        "n_decisions": int(n_decisions),
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": source,
        "metrics": metrics,
        "params": params or {},
        "blend": blend,
    }


def save_ranker(ranker: Ranker, path: Path | str | None = None) -> Path:
    """Write ``ranker.joblib`` then ``ranker.json`` into ``path`` (a folder), atomically
    each, so a reader never sees half a file. Returns the folder."""
    folder = Path(path) if path else default_dir()
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {**ranker.manifest, "blend": ranker.blend}
    _atomic(folder / MODEL_FILE, lambda f: joblib.dump(ranker.model, f))
    _atomic(folder / MANIFEST_FILE,
            lambda f: f.write(json.dumps(manifest, indent=2, default=str).encode()))  # fmt: skip
    return folder


def _atomic(target: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_manifest(path: Path | str | None = None) -> dict[str, Any] | None:
    """The manifest in ``path`` (a folder), or None when there is none or it is unreadable."""
    file = (Path(path) if path else default_dir()) / MANIFEST_FILE
    if not file.exists():
        return None
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def incompatibility(manifest: dict[str, Any]) -> str | None:
    """Why a manifest cannot be used with this runtime, or None when it can."""
    saved = (manifest.get("versions") or {}).get("sklearn")
    if saved != sklearn.__version__:
        return f"trained with scikit-learn {saved}, running {sklearn.__version__}"
    if manifest.get("feature_schema") != FEATURE_SCHEMA:
        return f"feature schema {manifest.get('feature_schema')}, expected {FEATURE_SCHEMA}"
    if list(manifest.get("feature_names") or []) != list(FEATURE_NAMES):
        return "feature names differ from this version's"
    if manifest.get("hand_weights") != Weights().to_dict():
        return "the hand-set weights behind the hand_score feature have changed"
    return None


def load_ranker(path: Path | str | None = None) -> Ranker | None:
    """The ranker saved in ``path`` (default ``models/ranker``), or None.

    None without a word when there are no files; None with a WARNING when the manifest
    is unreadable or incompatible, or the model file fails to load or is not a fitted
    :class:`CounselorRanker` with one weight per feature.
    """
    folder = Path(path) if path else default_dir()
    model_file, manifest_file = folder / MODEL_FILE, folder / MANIFEST_FILE
    if not model_file.exists() and not manifest_file.exists():
        return None
    manifest = read_manifest(folder)
    if manifest is None:
        log.warning("learned ranker ignored: %s is missing or unreadable", manifest_file)
        return None
    reason = incompatibility(manifest)
    if reason:
        log.warning("learned ranker in %s ignored: %s; retrain it", folder, reason)
        return None
    try:
        model = joblib.load(model_file)
    except Exception as exc:  # corrupt, truncated or missing: the engine must still run
        log.warning("learned ranker ignored: %s failed to load (%s)", model_file, exc)
        return None
    coef = np.asarray(getattr(model, "coef_", ()))
    if not isinstance(model, CounselorRanker) or coef.shape != (len(FEATURE_NAMES),):
        log.warning("learned ranker ignored: %s is not a fitted CounselorRanker", model_file)
        return None
    return Ranker(model=model, blend=float(manifest.get("blend", 1.0)), manifest=manifest)
