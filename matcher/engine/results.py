"""What every recommendation carries: its score parts, skills, distance and rule checks.

These are codes and values (part names, rules, skill labels, km); their words are in
``app/i18n`` (:mod:`app.i18n.explain`), for the app and the CLI alike.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from matcher.scoring.rules import Rule
from matcher.scoring.weights import Part


@dataclass(frozen=True)
class ScorePart:
    part: Part
    value: float  # in [0, 1]
    weight: float  # normalised so the weights sum to 1
    contribution: float  # value * weight

    def label(self, lang: str = "id") -> str:
        from app.i18n.explain import part_label

        return part_label(self.part, lang)


@dataclass(frozen=True)
class Explanation:
    parts: tuple[ScorePart, ...]
    skills_matched: tuple[str, ...] = ()  # ESCO labels (or the person's words if unmapped)
    skills_missing: tuple[str, ...] = ()
    skills_bonus: tuple[str, ...] = ()  # the nice-to-have ones, last in skills_matched
    skills_new: tuple[str, ...] = ()  # what a training teaches that the person lacks
    distance_km: float | None = None
    schedule_fit: float | None = None
    failed_rules: tuple[Rule, ...] = ()  # rules that exclude it (empty when eligible)
    relaxed_rules: tuple[Rule, ...] = ()  # rules that would exclude it, relaxed by a counselor
    notes: tuple[str, ...] = ()  # free text, shown as is
    learned_adjustment: float | None = None  # set when a learned ranker re-scored it
    facts: dict = field(default_factory=dict)  # other parts' facts, e.g. the two wages

    def part(self, name: str) -> ScorePart:
        """The named part (``"semantic"``, ``"skills"``...)."""
        return next(p for p in self.parts if p.part == name)

    @property
    def eligible(self) -> bool:
        return not self.failed_rules

    def summary(self, lang: str = "id") -> str:
        """One readable sentence-list for a counselor; the words live in ``app/i18n``
        (:func:`app.i18n.explain.summary`)."""
        from app.i18n.explain import summary

        return summary(self, lang)

    def to_dict(self) -> dict:
        out = asdict(self)
        out["parts"] = {p.part.value: round(p.value, 4) for p in self.parts}
        out["contributions"] = {p.part.value: round(p.contribution, 4) for p in self.parts}
        out["failed_rules"] = [r.value for r in self.failed_rules]
        out["relaxed_rules"] = [r.value for r in self.relaxed_rules]
        if not self.facts:
            del out["facts"]
        return out


@dataclass(frozen=True)
class Recommendation:
    """One ranked opportunity for a person, or one ranked person for an opportunity."""

    kind: str  # "vacancy" | "training" | "entrepreneurship" | "jobseeker"
    item_id: str
    title: str
    score: float
    rank: int
    explanation: Explanation
    subtitle: str = ""  # employer or provider, or the person's kelurahan

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "rank": self.rank,
            "id": self.item_id,
            "title": self.title,
            "subtitle": self.subtitle,
            "score": round(self.score, 4),
            "explanation": self.explanation.to_dict(),
            "why": self.explanation.summary(),
        }


@dataclass(frozen=True)
class Pathway:
    """ "Job via training": a vacancy that fits but for skills, and trainings that teach them."""

    vacancy: Recommendation
    trainings: tuple[Recommendation, ...]
    skills_closed: tuple[str, ...]
    skills_still_missing: tuple[str, ...]
    score_now: float
    score_after: float

    def to_dict(self) -> dict:
        return {
            "vacancy": self.vacancy.to_dict(),
            "trainings": [t.to_dict() for t in self.trainings],
            "skills_closed": list(self.skills_closed),
            "skills_still_missing": list(self.skills_still_missing),
            "score_now": round(self.score_now, 4),
            "score_after": round(self.score_after, 4),
        }


@dataclass
class RecommendationSet:
    """Everything a counselor sees for one person."""

    jobseeker_id: str
    vacancies: list[Recommendation] = field(default_factory=list)
    trainings: list[Recommendation] = field(default_factory=list)
    entrepreneurship: list[Recommendation] = field(default_factory=list)
    pathways: list[Pathway] = field(default_factory=list)
    excluded: list[Recommendation] = field(default_factory=list)
    # Per list ("vacancy", "training", "entrepreneurship"): eligible items left out because
    # their relevance is below the floor. A short list with a count says "no more good
    # matches" instead of padding.
    below_floor: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "jobseeker_id": self.jobseeker_id,
            "below_floor": dict(self.below_floor),
            "vacancies": [r.to_dict() for r in self.vacancies],
            "trainings": [r.to_dict() for r in self.trainings],
            "entrepreneurship": [r.to_dict() for r in self.entrepreneurship],
            "pathways": [p.to_dict() for p in self.pathways],
            "excluded": [r.to_dict() for r in self.excluded],
        }
