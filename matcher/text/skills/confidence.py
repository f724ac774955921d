"""How sure the normaliser is that a phrase means an ESCO concept: a calibrated probability.

Each candidate concept of a phrase gets a few evidence features (character n-gram
similarity with coverage, the multilingual USE cosine on the phrase as written and on its
glossary rendering, MiniLM on the rendering, its lead over the next candidate, whether it
is a knowledge concept, how many ESCO occupations need it). Dense cosines are the best of
the concept's preferred label and its "document" (preferred label plus its first
alternative labels): "cook" and "masak" are closer to "use cooking techniques; cook; prepare
food" than to the label alone. A logistic regression over them, fitted by
:mod:`matcher.skills.calibrate` on public and project dev phrases that are *not* the
informal evaluation set, turns them into P(the concept is right). Candidates are ranked
by that probability, and a concept is claimed only above the confidence bar.

The fitted coefficients live in ``resources/skill_confidence.json`` (a few numbers,
reviewed like code); ``python -m matcher calibrate-skills`` rebuilds them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CONFIDENCE_JSON = Path(__file__).resolve().parents[2] / "resources" / "skill_confidence.json"

FEATURES = (
    "lexical",  # char n-gram TF-IDF cosine x label-word coverage, best label of the concept
    "use",  # USE cosine, best of the phrase as written and its glossary rendering
    "minilm",  # MiniLM cosine of the glossary rendering with the preferred label
    "lead",  # this candidate's dense+lexical evidence minus the best other candidate's
    "knowledge",  # 1 for an ESCO knowledge concept
    "knowledge_asked",  # knowledge concept and the phrase names a field ("ilmu", "teori")
    "popularity",  # how many ESCO occupations need the skill, log-scaled to 0..1
)

# Words that say the person means a field of knowledge, not a practical skill.
FIELD_MARKERS = frozenset(
    ("ilmu", "pengetahuan", "teori", "knowledge", "theory", "studi", "jurusan", "paham")
)


@dataclass(frozen=True)
class SkillConfidence:
    """A fitted logistic model: ``P = sigmoid(features @ coef + intercept)``.

    ``bar`` is the smallest probability at which a concept is claimed, chosen at
    calibration for a target precision of claimed concepts.
    """

    coef: tuple[float, ...]
    intercept: float
    bar: float
    fitted_on: str = ""

    def probability(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        z = x @ np.asarray(self.coef, dtype=np.float64) + float(self.intercept)
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self, path: str | Path) -> None:
        body = {
            "features": list(FEATURES),
            "coef": [round(float(c), 6) for c in self.coef],
            "intercept": round(float(self.intercept), 6),
            "bar": round(float(self.bar), 4),
            "fitted_on": self.fitted_on,
        }
        Path(path).write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def from_json(cls, path: str | Path = CONFIDENCE_JSON) -> SkillConfidence:
        body = json.loads(Path(path).read_text(encoding="utf-8"))
        if tuple(body.get("features", ())) != FEATURES:
            raise ValueError(
                f"{path}: features {body.get('features')} do not match {list(FEATURES)}; "
                "rebuild it with `python -m matcher calibrate-skills`"
            )
        return cls(tuple(body["coef"]), float(body["intercept"]), float(body["bar"]),
                   body.get("fitted_on", ""))  # fmt: skip
