"""Supply and demand of skills per kelurahan, the largest gaps, and trainings to ask for.

For every skill concept (ESCO, via :mod:`matcher.needs.skillmap`) and every kelurahan:

* ``jobseekers``: people registered there who list the skill;
* ``vacancies`` / ``openings``: open vacancies located there that require it, and the
  number of people they want (a vacancy may hire several);
* ``training_seats``: seats still free in trainings that teach it and have not
  started, located there or online (online seats count in every kelurahan).

``gap = max(openings - jobseekers - training_seats, 0)``: jobs nobody local can fill
yet and no training is preparing for. The area view sums kelurahan, with each online
seat counted once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from matcher.domain import JobPosting, Jobseeker, TrainingProgram
from matcher.needs.skillmap import ConceptSets, Normalise, as_normalise, interest_phrases
from matcher.text.concept_labels import ESCO_PREFIX, default_concept_labels

AREA = ""  # the kelurahan value that means "the whole area"
# "skill" is the label a person reads (the project's Indonesian label of an ESCO concept,
# else ESCO's English one, or the words as written); "esco_label" ESCO's English label
# ("" for words ESCO does not cover), for tooltips and exports.
COLUMNS = ["concept", "skill", "esco_label", "openings", "vacancies", "employers",
           "jobseekers", "interested", "training_seats", "trainings", "gap"]  # fmt: skip
_COUNTS = COLUMNS[3:-1]
MAX_SUGGESTED_SEATS = 25  # one class; a larger gap is a second class next round


@dataclass(frozen=True)
class TrainingSuggestion:
    """A training the hub could ask partners to open, with the numbers behind it."""

    concept: str
    skill: str
    kelurahan: str  # "" for the whole area
    openings: int
    vacancies: int
    employers: int
    jobseekers: int
    interested: int
    training_seats: int
    gap: int
    suggested_seats: int
    partners: tuple[str, ...]  # providers that already teach related skills

    def reason(self, lang: str = "id") -> str:
        """The numbers in one sentence, e.g. for a planning meeting."""
        where = self.kelurahan or ("seluruh wilayah" if lang == "id" else "the whole area")
        if lang == "id":
            return (
                f"{self.openings} lowongan terbuka ({self.vacancies} iklan, {self.employers} "
                f"pemberi kerja) di {where} butuh '{self.skill}'; {self.jobseekers} pencari "
                f"kerja sudah punya, {self.interested} berminat; {self.training_seats} kursi "
                f"pelatihan. Kekurangan {self.gap}: usulkan kelas {self.suggested_seats} kursi."
            )
        return (
            f"{self.openings} open positions ({self.vacancies} vacancies, {self.employers} "
            f"employers) in {where} need '{self.skill}'; {self.jobseekers} jobseekers have it, "
            f"{self.interested} are interested; {self.training_seats} training seats. "
            f"Gap {self.gap}: suggest a class of {self.suggested_seats} seats."
        )


def is_open_vacancy(v: JobPosting, as_of: date) -> bool:
    return v.openings > 0 and (v.closing_date is None or v.closing_date >= as_of)


def is_open_training(p: TrainingProgram, as_of: date) -> bool:
    return p.seats_left > 0 and (p.start_date is None or p.start_date >= as_of)


class SupplyDemand:
    """Skill counts for every kelurahan, computed once.

    Parameters
    ----------
    jobseekers, programs, vacancies : sequences of domain records
        Vacancies should be the open ones (status); closing dates are checked here.
    normalise : Normalise, SkillNormaliser or None
        Phrase -> concept mapping; None fits the ESCO normaliser.
    as_of : date, optional
        The day vacancies must still be open and trainings not yet started; default today.
    """

    def __init__(
        self,
        jobseekers: Sequence[Jobseeker],
        programs: Sequence[TrainingProgram],
        vacancies: Sequence[JobPosting],
        normalise: Normalise | object | None = None,
        *,
        as_of: date | None = None,
    ):
        self.as_of = as_of or date.today()
        self.concepts = ConceptSets(as_normalise(normalise))
        self.jobseekers = list(jobseekers)
        self.programs = [p for p in programs if is_open_training(p, self.as_of)]
        self.vacancies = [v for v in vacancies if is_open_vacancy(v, self.as_of)]
        c = self.concepts
        self.person_skills = c.many([p.skills for p in self.jobseekers])
        self.person_interests = c.many(
            [interest_phrases(p.interests, p.business_description) for p in self.jobseekers]
        )
        self.program_skills = c.many([p.skills_taught for p in self.programs])
        self.vacancy_skills = c.many([v.required_skills for v in self.vacancies])
        self._long = self._count()

    def _count(self) -> pd.DataFrame:
        rows: list[tuple] = []
        for p, skills, wants in zip(
            self.jobseekers, self.person_skills, self.person_interests, strict=True
        ):
            rows += [(p.kelurahan, k, "jobseekers", 1, "") for k in skills]
            rows += [(p.kelurahan, k, "interested", 1, "") for k in wants - skills]
        for v, skills in zip(self.vacancies, self.vacancy_skills, strict=True):
            for k in skills:
                rows += [(v.kelurahan, k, "openings", v.openings, v.employer),
                         (v.kelurahan, k, "vacancies", 1, v.employer)]  # fmt: skip
        for p, skills in zip(self.programs, self.program_skills, strict=True):
            where = AREA if p.online or not p.kelurahan else p.kelurahan
            for k in skills:
                rows += [(where, k, "training_seats", p.seats_left, p.provider),
                         (where, k, "trainings", 1, p.provider)]  # fmt: skip
        return pd.DataFrame(rows, columns=["kelurahan", "concept", "measure", "n", "who"])

    def kelurahan_names(self) -> list[str]:
        return sorted({k for k in self._long["kelurahan"] if k})

    def table(self, kelurahan: str | None = None) -> pd.DataFrame:
        """One row per skill with :data:`COLUMNS`, largest gap first.

        ``kelurahan=None`` (or "") is the whole area; a name restricts people and
        vacancies to that kelurahan, trainings to those held there or online.
        """
        long = self._long
        if kelurahan:
            long = long[long["kelurahan"].isin([kelurahan, AREA])]
        if long.empty:
            return pd.DataFrame(columns=COLUMNS)
        wide = long.pivot_table(
            index="concept", columns="measure", values="n", aggfunc="sum", fill_value=0
        )
        employers = long[long["measure"] == "openings"].groupby("concept")["who"].nunique()
        for col in _COUNTS:
            if col not in wide:
                wide[col] = 0
        wide["employers"] = employers.reindex(wide.index).fillna(0)
        wide = wide.astype(int)
        supply = wide["jobseekers"] + wide["training_seats"]
        wide["gap"] = (wide["openings"] - supply).clip(lower=0)
        english = [self.concepts.labels.get(k, k) for k in wide.index]
        indonesian = default_concept_labels().indonesian
        esco = [k.startswith(ESCO_PREFIX) for k in wide.index]
        wide["skill"] = [
            (indonesian(k) or e) if is_esco else e
            for k, e, is_esco in zip(wide.index, english, esco, strict=True)
        ]
        wide["esco_label"] = [
            e if is_esco else "" for e, is_esco in zip(english, esco, strict=True)
        ]
        out = wide.reset_index()[COLUMNS]
        return out.sort_values(
            ["gap", "openings", "jobseekers", "skill"], ascending=[False, False, False, True]
        ).reset_index(drop=True)

    def gaps(self, kelurahan: str | None = None, top: int = 20) -> pd.DataFrame:
        """The ``top`` skills with a positive gap."""
        table = self.table(kelurahan)
        return table[table["gap"] > 0].head(int(top)).reset_index(drop=True)

    def related_providers(self, concept: str, top: int = 3) -> tuple[str, ...]:
        """Providers teaching this skill, or skills vacancies ask for together with it.

        Teaching the skill itself scores 3 per programme; each co-required skill a
        provider teaches scores 1. Providers with no score are not suggested.
        """
        together: set[str] = set()
        for skills in self.vacancy_skills:
            if concept in skills:
                together |= skills
        together.discard(concept)
        scores: dict[str, int] = {}
        for p, skills in zip(self.programs, self.program_skills, strict=True):
            s = 3 * (concept in skills) + len(skills & together)
            if s:
                scores[p.provider] = scores.get(p.provider, 0) + s
        # Programmes already full still show who has the know-how.
        if not scores:
            return ()
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return tuple(name for name, _ in ranked[: int(top)])

    def suggestions(self, kelurahan: str | None = None, top: int = 5) -> list[TrainingSuggestion]:
        """Trainings to ask partners for: the largest gaps, with who could run them."""
        out = []
        for row in self.gaps(kelurahan, top).itertuples(index=False):
            out.append(
                TrainingSuggestion(
                    concept=row.concept, skill=row.skill, kelurahan=kelurahan or AREA,
                    openings=row.openings, vacancies=row.vacancies, employers=row.employers,
                    jobseekers=row.jobseekers, interested=row.interested,
                    training_seats=row.training_seats, gap=row.gap,
                    suggested_seats=min(row.gap, MAX_SUGGESTED_SEATS),
                    partners=self.related_providers(row.concept),
                )
            )  # fmt: skip
        return out

    def by_kelurahan(self, concept: str | None = None) -> pd.DataFrame:
        """Per kelurahan totals (or for one skill): jobseekers, openings, seats, gap."""
        names = self.kelurahan_names()
        rows = []
        for name in names:
            t = self.table(name)
            if concept is not None:
                t = t[t["concept"] == concept]
            rows.append(
                (name, int(t["jobseekers"].sum()), int(t["openings"].sum()),
                 int(t["training_seats"].sum()), int(t["gap"].sum()))
            )  # fmt: skip
        return pd.DataFrame(
            rows, columns=["kelurahan", "jobseekers", "openings", "training_seats", "gap"]
        )
