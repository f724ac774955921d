"""Schedule part: how much of the item's hours the person is available for."""

from __future__ import annotations

import re

import numpy as np

from matcher.scoring.parts.base import BlockInputs, PairView, ScorePart, StandIn
from matcher.scoring.schedule import UNKNOWN_FIT, schedule_fit_arrays, schedule_fit_pairs


class SchedulePart(ScorePart):
    name = "schedule"
    default_weight = 0.12
    neutral = UNKNOWN_FIT

    def block(self, inputs: BlockInputs) -> np.ndarray:
        # Kept with the block: the hard rule ``schedule`` reads the same fit.
        fit = inputs.__dict__.get("_schedule_fit")
        if fit is None:
            fit = inputs.__dict__["_schedule_fit"] = self._fit(inputs)
        return fit

    @staticmethod
    def _fit(inputs: BlockInputs) -> np.ndarray:
        masks, known = inputs.people.schedule_masks()
        pidx, jobs = inputs.pidx, inputs.catalog.job_masks()
        if inputs.pairs:
            return schedule_fit_pairs(masks[pidx], known[pidx], jobs, inputs.oidx)
        jobs = jobs if inputs.whole else jobs.take(inputs.oidx)
        return schedule_fit_arrays(masks[pidx], known[pidx], jobs)

    def stand_in(self, engine, kind, items) -> StandIn:
        # The person's weekly hours against the mean of the job's alternatives, per hour
        # needed (the exact part takes the best alternative).
        jobs = engine.catalog(kind).job_masks()
        hours = (jobs.alts / jobs.need[:, :, None]).mean(axis=0)[items]
        flexible = jobs.flexible[items]
        hours[flexible] = 0.0
        cols = np.hstack([hours, flexible[:, None], ~flexible[:, None]]).astype(np.float32)
        people = engine.people_

        def person_cols(pidx: np.ndarray, w: float) -> np.ndarray:
            masks, known = people.schedule_masks()
            hours = np.where(known[pidx, None], masks[pidx], 0.0) * w
            unknown = np.where(known[pidx], 0.0, UNKNOWN_FIT) * w
            return np.hstack([hours, np.full((len(pidx), 1), w), unknown[:, None]])

        return StandIn(cols, person_cols)

    def explain(self, pair: PairView) -> dict:
        facts = {"schedule_fit": round(pair.value, 3)}
        hours = live_class_hours(pair)
        if hours is not None and pair.value < 1.0:
            # A live online class is never ruled out by its hours (the person's free time
            # was written for work; :func:`parse_programme_schedule`): the card says
            # when it meets and how much of it falls in their free time, to ask about.
            facts["online_hours"] = {"hours": hours, "share": int(round(pair.value * 100))}
        return facts


_ONLINE_WORD = re.compile(r"^\s*(?:online|daring|zoom)\b\s*[,:;-]?\s*", re.IGNORECASE)


def live_class_hours(pair: PairView) -> str | None:
    """The written hours of an online programme that meets at them (a live class), as
    the card shows them ("Selasa dan Kamis 19:00-21:00"); None for anything else or for
    a person whose free time is not known."""
    record = pair.catalog.records[pair.j]
    if not getattr(record, "online", False) or pair.catalog.job_masks().flexible[pair.j]:
        return None
    if not pair.people.schedule_masks()[1][pair.pi]:
        return None
    return _ONLINE_WORD.sub("", record.schedule or "").strip() or None
