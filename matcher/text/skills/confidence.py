"""How sure the normaliser is that a phrase means an ESCO concept: a calibrated probability.

Each candidate concept of a phrase (:mod:`matcher.text.skills.candidates`) gets the
evidence features below. A logistic model over them
(:class:`matcher.text.skills.rerank.SkillReranker`), fitted by
:mod:`matcher.text.skills.calibrate` on data that is *not* the informal evaluation set
(ESCO's own alternative labels as pseudo-queries, some rendered into Indonesian through
the glossary, the project's Indonesian dev skills and the public skill-span validation
split), turns them into P(the concept is right). Candidates are ranked by that
probability, and a concept is claimed only above the confidence bar ``bar``, which is
chosen on the informal dev set by cross-validation (the only thing that set decides).

The fitted coefficients live in ``resources/skill_confidence.json`` (a few numbers,
reviewed like code); ``python -m matcher calibrate-skills`` rebuilds them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matcher.text.skills.phrases import label_key

CONFIDENCE_JSON = Path(__file__).resolve().parents[2] / "resources" / "skill_confidence.json"

FEATURES = (
    "lexical",  # char n-gram TF-IDF cosine x label-word coverage, best name of the concept
    "use_written",  # USE cosine of the phrase as written, best name
    "use_rendered",  # USE cosine of the glossary rendering, best name
    "minilm",  # MiniLM cosine of the glossary rendering, best name
    "lexical_gap",  # each score minus the best concept's score under the same evidence
    "use_written_gap",
    "use_rendered_gap",
    "minilm_gap",
    "votes",  # mean reciprocal rank of the concept under the four kinds of evidence
    "phrase_said",  # share of the phrase's content words one of the concept's names says
    "label_best",  # the best USE name is the preferred label (not an alternative label)
    "length_ratio",  # log(words in the preferred label / words in the rendering)
    "knowledge",  # 1 for an ESCO knowledge concept
    "knowledge_asked",  # knowledge concept and the phrase names a field ("ilmu", "teori")
    "transversal",  # ESCO reuse level (sector-specific is the reference)
    "cross_sector",
    "occupation_specific",
    "popularity",  # how many ESCO occupations need the skill, log-scaled to 0..1
)

# Words that say the person means a field of knowledge, not a practical skill.
FIELD_MARKERS = frozenset(
    ("ilmu", "pengetahuan", "teori", "knowledge", "theory", "studi", "jurusan", "paham")
)


def asks_for_knowledge(phrase: str) -> bool:
    """The phrase names a field of knowledge ("ilmu gizi", "teori musik").

    >>> asks_for_knowledge("ilmu gizi"), asks_for_knowledge("masak")
    (True, False)
    """
    return bool(FIELD_MARKERS & set(label_key(phrase).split()))


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
    # Each further concept of one phrase (a phrase naming two skills) needs this much.
    extra_bar: float = 1.0

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
            "extra_bar": round(float(self.extra_bar), 4),
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
                   body.get("fitted_on", ""), float(body.get("extra_bar", 1.0)))  # fmt: skip
