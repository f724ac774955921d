"""What a hard rule compared for one pair, in figures a reader can act on.

A card that only says "age outside the required range" leaves the counselor to look up
both ages; "umur 17 th; syarat 18-35 th" says at once whether the rule is worth relaxing,
and "11.1 km; batas jarak tempuhnya 6.0 km" how far past her own travel limit it is. Each
fact is a plain value (numbers, codes, ISO dates) for the rule that failed or was
relaxed; the words are in ``app/i18n`` (:func:`app.i18n.explain.rule_reason`).

Keys that describe the *person* (:data:`PERSON_KEYS`: age, education, the distance and
her travel limit, the licences she holds or lacks, the share of hours she can keep) are
kept apart from those that describe the *item*, so a page for trainers and employers can
show an item's requirement without the person's details.
Built only for the few pairs an explanation is made for, never per block.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from matcher.domain import JobPosting, OpportunityKind
from matcher.scoring import rules
from matcher.scoring.licences import Licence
from matcher.scoring.rules import Rule

if TYPE_CHECKING:
    from matcher.scoring.arrays import CatalogArrays, PeopleArrays

# Facts about the person, left out where the reader is not the person's counselor.
PERSON_KEYS = frozenset({"age", "education", "km", "max_km", "held", "needs", "fit"})


def licence_codes(mask: int) -> list[str]:
    """``["sim_a", "motorbike"]``: the licences of a mask, lower-case flag names, in bit
    order (their words are ``licence.<code>`` in ``app/i18n``)."""
    return [flag.name.lower() for flag in Licence if mask & flag]


def rule_facts(
    rule: Rule,
    kind: OpportunityKind,
    people: PeopleArrays,
    pi: int,
    catalog: CatalogArrays,
    j: int,
    *,
    km: float,
    schedule_fit: float | None,
) -> dict:
    """The values ``rule`` compared for person ``pi`` and item ``j`` (see the module)."""
    person = people.records[pi]
    item = catalog.records[j]
    if rule is Rule.AGE:
        return {"age": int(person.age), "min": item.min_age, "max": item.max_age}
    if rule in (Rule.GENDER, Rule.SEGMENT):
        target = item.target_gender if rule is Rule.GENDER else item.target_segment
        return {"target": str(target.value)}
    if rule is Rule.EDUCATION:
        return {"education": int(person.education), "min": int(item.min_education)}
    if rule is Rule.CLOSING_DATE:
        day = item.closing_date if isinstance(item, JobPosting) else item.start_date
        # A programme's registration closes when it starts.
        return {"closed_on": day.isoformat() if day else None,
                "started": not isinstance(item, JobPosting)}  # fmt: skip
    if rule is Rule.TRAVEL:
        # As the distance part gives it (to 0.01 km): the card shows the same figure.
        far = round(float(km), 2) if np.isfinite(km) else None
        return {"km": far, "max_km": float(people.max_km[pi])}
    if rule is Rule.MINOR_NIGHT_SHIFT:
        return {"age": int(person.age)}
    if rule is Rule.LICENCE:
        lacking = int(rules.licences_required(catalog)[j]) & ~int(rules.licences_held(people)[pi])
        return {"needs": licence_codes(lacking)}
    if rule is Rule.LICENCE_HELD:
        return {"held": licence_codes(int(rules.licences_granted(catalog)[j]))}
    if rule is Rule.SCHEDULE:
        bar = rules.SCHEDULE_MIN.get(kind)
        return {"fit": None if schedule_fit is None else round(float(schedule_fit), 2),
                "min": bar}  # fmt: skip
    return {}  # seats, live-in: the rule's own words say it all


def item_side(facts: dict) -> dict:
    """``facts`` without what they say about the person (:data:`PERSON_KEYS`)."""
    return {k: v for k, v in facts.items() if k not in PERSON_KEYS}
