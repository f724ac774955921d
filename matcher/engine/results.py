"""What every recommendation carries: its score parts, skills, distance and rule checks.

These are codes and values (part names, rules, skill concepts with their labels, km,
order notes); their words are in ``app/i18n`` (:mod:`app.i18n.explain`), for the app and
the CLI alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace

from matcher.errors import OptionEnum
from matcher.scoring.arrays import RAW as RAW_PREFIX  # a phrase ESCO does not cover
from matcher.scoring.rules import Rule
from matcher.scoring.weights import Part


@dataclass(frozen=True)
class SkillLabel:
    """One skill concept as a person reads it.

    ``key`` is the ESCO URI, or ``raw:<words>`` for words ESCO does not cover; ``text`` is
    ESCO's English label, or those words as written; ``label_id`` is the project's
    Indonesian label (:mod:`matcher.text.concept_labels`), None when it has none yet;
    ``words`` is what the person wrote that maps to it, when known.

    Indonesian shows ``label_id``; without one, the English label with the person's own
    words beside it. A person's own unmapped words are always shown as written.

    Examples
    --------
    >>> s = SkillLabel("http://data.europa.eu/esco/skill/x", "iron textiles", "menyetrika pakaian")
    >>> s.shown("id"), s.shown("en")
    ('menyetrika pakaian', 'iron textiles')
    >>> SkillLabel("http://data.europa.eu/esco/skill/y", "load cargo", words="angkat barang").shown()
    'load cargo (angkat barang)'
    >>> SkillLabel("raw:jaga toko", "jaga toko").shown("en")
    'jaga toko'
    """

    key: str
    text: str
    label_id: str | None = None
    words: str | None = None

    @property
    def uri(self) -> str | None:
        """The ESCO URI; None for a person's own words."""
        return None if self.key.startswith(RAW_PREFIX) else self.key

    @property
    def esco_label(self) -> str | None:
        """ESCO's English label; None for a person's own words."""
        return None if self.key.startswith(RAW_PREFIX) else self.text

    def shown(self, lang: str = "id") -> str:
        """The label a person reads in ``lang`` (``"id"`` or ``"en"``)."""
        if self.uri is None or lang == "en":
            return self.text
        if self.label_id:
            return self.label_id
        if self.words and self.words.casefold() != self.text.casefold():
            return f"{self.text} ({self.words})"
        return self.text

    def __str__(self) -> str:
        return self.shown("id")

    def to_dict(self) -> dict:
        return {"uri": self.uri, "label": self.shown("id"), "esco_label": self.esco_label}


def distinct_labels(
    labels: Iterable[SkillLabel], seen: set[str] | None = None
) -> tuple[SkillLabel, ...]:
    """``labels`` without repeats: a concept, or a label already shown in either language
    (two concepts with one label read as one skill). ``seen`` carries what earlier lists
    of the same card showed, and is updated."""
    seen = set() if seen is None else seen
    out = []
    for s in labels:
        names = {s.key, *(f"label:{s.shown(lang).casefold()}" for lang in ("id", "en"))}
        if names & seen:
            continue
        seen |= names
        out.append(s)
    return tuple(out)


def shown_labels(labels: Sequence[SkillLabel | str], lang: str = "id") -> list[str]:
    """The labels as read in ``lang`` (plain strings are shown as they are)."""
    return [s.shown(lang) if isinstance(s, SkillLabel) else str(s) for s in labels]


class OrderNote(OptionEnum):
    """Why a card sits below one with a lower score (the words: ``order.<code>`` in
    ``app/i18n``)."""

    __option__ = "order_note"
    DIVERSITY = "diversity"  # the engine's MMR put a different kind of item first
    PINNED_ABOVE = "pinned_above"  # a counselor pinned the card above
    PIN_ORDER = "pin_order"  # both pinned: pinned cards keep the order they were pinned in
    MOVED = "moved"  # a counselor moved a card


def note_order(
    recs: Sequence[Recommendation], reason: OrderNote = OrderNote.DIVERSITY
) -> list[Recommendation]:
    """``recs`` in their shown order, each one scored above the one before it marked
    with ``reason`` (the engine's own ranking: only its diversity step does that)."""
    out = list(recs)
    for i in range(1, len(out)):
        if out[i].score > out[i - 1].score:
            out[i] = replace(out[i], order_note=reason)
    return out


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
    # Concepts with their English and Indonesian labels (or the person's own words), each
    # shown once per card (distinct_labels).
    skills_matched: tuple[SkillLabel, ...] = ()
    skills_missing: tuple[SkillLabel, ...] = ()
    skills_bonus: tuple[SkillLabel, ...] = ()  # the nice-to-have ones, last in skills_matched
    # Matched through a nearest concept only (a skill ESCO does not cover and the concept
    # nearest it, ``PeopleArrays.padded``): counted at half weight, marked on the card.
    skills_near: tuple[SkillLabel, ...] = ()
    skills_new: tuple[SkillLabel, ...] = ()  # what a training teaches that the person lacks
    distance_km: float | None = None
    schedule_fit: float | None = None
    failed_rules: tuple[Rule, ...] = ()  # rules that exclude it (empty when eligible)
    relaxed_rules: tuple[Rule, ...] = ()  # rules that would exclude it, relaxed by a counselor
    # What each of those rules compared, by rule code (matcher.scoring.rule_facts): the
    # person's age and the item's limits, the distance and the person's travel limit...
    rule_facts: dict[str, dict] = field(default_factory=dict)
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
        for name in ("skills_matched", "skills_missing", "skills_bonus", "skills_near",
                     "skills_new"):  # fmt: skip
            out[name] = [_skill_dict(s) for s in getattr(self, name)]
        out["parts"] = {p.part.value: round(p.value, 4) for p in self.parts}
        out["contributions"] = {p.part.value: round(p.contribution, 4) for p in self.parts}
        out["failed_rules"] = [r.value for r in self.failed_rules]
        out["relaxed_rules"] = [r.value for r in self.relaxed_rules]
        for name in ("facts", "rule_facts"):
            if not out[name]:
                del out[name]
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
    order_note: OrderNote | None = None  # why it sits below a lower score (see note_order)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "rank": self.rank,
            "id": self.item_id,
            "title": self.title,
            "subtitle": self.subtitle,
            "score": round(self.score, 4),
            "order_note": self.order_note.value if self.order_note else None,
            "explanation": self.explanation.to_dict(),
            "why": self.explanation.summary(),
        }


@dataclass(frozen=True)
class Pathway:
    """ "Job via training": a vacancy that fits but for skills, and trainings that teach them."""

    vacancy: Recommendation
    trainings: tuple[Recommendation, ...]
    skills_closed: tuple[SkillLabel, ...]
    skills_still_missing: tuple[SkillLabel, ...]
    score_now: float
    score_after: float

    def to_dict(self) -> dict:
        return {
            "vacancy": self.vacancy.to_dict(),
            "trainings": [t.to_dict() for t in self.trainings],
            "skills_closed": [_skill_dict(s) for s in self.skills_closed],
            "skills_still_missing": [_skill_dict(s) for s in self.skills_still_missing],
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
    # Items a hard rule excludes that the person would be offered if it gave way (they
    # pass the relevance floor and own-trade evidence): each kind's best few, by kind.
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


@dataclass
class PeopleForItem:
    """Everyone an employer's vacancy or a trainer's programme is shown with.

    ``ranked``: eligible people whose own list could carry the item (relevance floor and
    own-trade evidence, as on a person's lists), best first. ``unlisted``: the best of
    the eligible people those leave off, for a "show the others too" view, best first;
    ``below_floor`` counts all of them. ``excluded``: the best people a hard rule
    excludes whose own list could carry the item if the rule gave way, with the rule.
    """

    ranked: list[Recommendation] = field(default_factory=list)
    excluded: list[Recommendation] = field(default_factory=list)
    unlisted: list[Recommendation] = field(default_factory=list)
    below_floor: int = 0

    def to_dict(self) -> dict:
        return {
            "below_floor": self.below_floor,
            "jobseekers": [r.to_dict() for r in self.ranked],
            "unlisted": [r.to_dict() for r in self.unlisted],
            "excluded": [r.to_dict() for r in self.excluded],
        }


def _skill_dict(s: SkillLabel | str) -> dict:
    """A skill for JSON; a plain string (an Explanation built by hand) is its own label."""
    if isinstance(s, SkillLabel):
        return s.to_dict()
    return {"uri": None, "label": str(s), "esco_label": None}
