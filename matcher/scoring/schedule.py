"""Free-text schedules and availability as weekly hour masks.

"Senin-Jumat 08:00-12:00", "pagi saja (antar anak sekolah)", "shift malam 22:00-06:00",
"mornings only because of childcare" all become a 7x24 grid of hours (Monday first),
flattened to 168 values. Schedule fit is then the share of a job's hours the person is
available for, and for many people at once it is a single matrix product.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from matcher.scoring.distinct import distinct_rows

HOURS = 168
_DAYS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5,
    "minggu": 6, "ahad": 6, "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "wednesday": 2,
    "wed": 2, "thursday": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_DAY_WORD = "|".join(sorted(_DAYS, key=len, reverse=True)).replace("'", "'?")
_DAY_RANGE = re.compile(rf"\b({_DAY_WORD})\s*(?:-|–|s/d|sampai|to|until)\s*({_DAY_WORD})\b")
_DAY_SINGLE = re.compile(rf"\b({_DAY_WORD})\b")
_TIME_RANGE = re.compile(
    r"(\d{1,2})(?:[:.](\d{2}))?\s*(?:-|–|s/d|sampai|to)\s*(\d{1,2})(?:[:.](\d{2}))?"
)
# Parts of the day as counselors use them; hours are [start, end).
_PARTS = {
    "pagi": (6, 12), "morning": (6, 12), "mornings": (6, 12),
    "siang": (11, 15), "afternoon": (12, 17), "afternoons": (12, 17),
    "sore": (15, 18), "evening": (17, 22), "evenings": (17, 22),
    "malam": (18, 22), "night": (22, 30), "nights": (22, 30),
}  # fmt: skip
_ANYTIME = re.compile(r"kapan saja|fleksibel|flexible|bebas|anytime|any time|kapanpun|full day")
_WEEKDAYS = re.compile(r"hari kerja|weekdays?|senin\s*-\s*jumat")
_WEEKEND = re.compile(r"akhir pekan|weekends?|sabtu\s*-\s*minggu")
_NIGHT_SHIFT = re.compile(r"shift malam|night shift|malam hari")
NIGHT_HOURS = frozenset(range(22, 24)) | frozenset(range(0, 5))


@dataclass(frozen=True)
class Schedule:
    """A parsed schedule: alternatives (e.g. morning or night shift), each a 168-hour mask."""

    text: str
    alternatives: tuple[np.ndarray, ...]
    flexible: bool = False  # "fleksibel", home-based: fits any availability
    known: bool = True

    @property
    def mask(self) -> np.ndarray:
        """Union of the alternatives as float32 (168,)."""
        if not self.alternatives:
            return np.zeros(HOURS, dtype=np.float32)
        return np.max(np.stack(self.alternatives), axis=0).astype(np.float32)

    @property
    def has_night_hours(self) -> bool:
        grid = self.mask.reshape(7, 24)
        return bool(grid[:, sorted(NIGHT_HOURS)].any())

    @property
    def only_night(self) -> bool:
        """Every alternative works night hours (nothing a minor could take)."""
        return bool(self.alternatives) and all(
            a.reshape(7, 24)[:, sorted(NIGHT_HOURS)].any() for a in self.alternatives
        )


def _grid(days: list[int], hours: list[tuple[int, int]]) -> np.ndarray:
    grid = np.zeros((7, 24), dtype=bool)
    for day in days:
        for start, end in hours:
            for h in range(start, end):
                grid[(day + h // 24) % 7, h % 24] = True
    return grid.reshape(-1)


def _days(text: str) -> list[int]:
    if _WEEKEND.search(text) and not _DAY_RANGE.search(text.replace("sabtu-minggu", "")):
        days = {5, 6}
    else:
        days = set()
    if _WEEKDAYS.search(text):
        days |= {0, 1, 2, 3, 4}
    for a, b in _DAY_RANGE.findall(text):
        start, end = _DAYS[a.replace("'", "")], _DAYS[b.replace("'", "")]
        days |= {(start + i) % 7 for i in range((end - start) % 7 + 1)}
    stripped = _DAY_RANGE.sub(" ", text)
    days |= {_DAYS[d.replace("'", "")] for d in _DAY_SINGLE.findall(stripped)}
    return sorted(days)


def _hours(text: str) -> list[tuple[int, int]]:
    hours = []
    for h1, _m1, h2, m2 in _TIME_RANGE.findall(text):
        start, end = int(h1), int(h2) + (1 if m2 and int(m2) > 0 else 0)
        if start > 24 or end > 25:
            continue
        if end <= start:
            end += 24  # crosses midnight
        hours.append((start, end))
    if hours:
        return hours
    if _NIGHT_SHIFT.search(text):
        return [(22, 30)]
    for word, span in _PARTS.items():
        if re.search(rf"\b{word}\b", text):
            hours.append(span)
    return hours


def parse_schedule(
    text: str | None, *, default_days: tuple[int, ...] = tuple(range(7))
) -> Schedule:
    """Parse a schedule or an availability text.

    ``default_days`` applies when the text names no day: every day for a person's
    availability, Monday-Saturday for a job (see :func:`parse_job_schedule`).
    """
    raw = (text or "").strip()
    low = raw.lower()
    if not low:
        return Schedule(raw, (_grid(list(range(7)), [(6, 22)]),), flexible=True, known=False)
    if _ANYTIME.search(low) and not _TIME_RANGE.search(low):
        days = _days(low) or list(range(7))
        return Schedule(raw, (_grid(days, [(0, 24)]),), flexible=True)
    alternatives = []
    for part in re.split(r"\s/\s|\batau\b|\bor\b", low):
        days = _days(part) or _days(low) or list(default_days)
        hours = _hours(part) or _hours(low)
        if not hours:
            hours = [(8, 17)] if default_days != tuple(range(7)) else [(6, 22)]
        alternatives.append(_grid(days, hours))
    return Schedule(raw, tuple(alternatives))


def parse_job_schedule(text: str | None, home_based: bool = False) -> Schedule:
    schedule = parse_schedule(text, default_days=(0, 1, 2, 3, 4, 5))
    if home_based:
        return Schedule(schedule.text, schedule.alternatives, flexible=True, known=schedule.known)
    return schedule


UNKNOWN_FIT = 0.7  # neither rewarded nor ruled out when someone left availability empty


def schedule_fit(availability: Schedule, job: Schedule) -> float:
    """Share of the job's hours the person can work (best alternative), in [0, 1]."""
    if job.flexible:
        return 1.0
    if not availability.known:
        return UNKNOWN_FIT
    avail = availability.mask
    best = 0.0
    for alt in job.alternatives:
        need = float(alt.sum())
        if need:
            best = max(best, float((alt * avail).sum()) / need)
    return best


def stack_availability(avail: list[Schedule]) -> tuple[np.ndarray, np.ndarray]:
    """People's masks as one (n, 168) float32 array, and which of them are known."""
    masks = np.stack([s.mask for s in avail]) if avail else np.zeros((0, HOURS), np.float32)
    return masks.astype(np.float32), np.array([s.known for s in avail], dtype=bool)


@dataclass(frozen=True)
class JobMasks:
    """Jobs' schedules stacked once: alternative k of job j is ``alts[k, j]``.

    A job with fewer alternatives repeats its last one, which leaves the best-alternative
    maximum unchanged.
    """

    alts: np.ndarray  # (k, n, 168) float32
    need: np.ndarray  # (k, n) float32, hours per alternative (at least 1)
    flexible: np.ndarray  # (n,) bool
    # Jobs share a few dozen distinct schedules: job j's are distinct.alts[:, inverse[j]].
    distinct: JobMasks | None = None
    inverse: np.ndarray | None = None

    def take(self, idx: np.ndarray) -> JobMasks:
        return JobMasks(self.alts[:, idx], self.need[:, idx], self.flexible[idx])


def stack_jobs(jobs: list[Schedule]) -> JobMasks:
    max_alts = max((len(j.alternatives) for j in jobs), default=0)
    alts = np.zeros((max_alts, len(jobs), HOURS), dtype=np.float32)
    for k in range(max_alts):
        for i, j in enumerate(jobs):
            if j.alternatives:
                alts[k, i] = j.alternatives[min(k, len(j.alternatives) - 1)]
    need = np.maximum(alts.sum(axis=2), 1.0)
    flexible = np.array([j.flexible for j in jobs], dtype=bool)
    if not len(jobs):
        return JobMasks(alts, need, flexible)
    # One key per job: its alternatives' hours and whether it is flexible.
    keys = np.concatenate(
        [alts.transpose(1, 0, 2).reshape(len(jobs), -1), flexible[:, None]], axis=1
    )
    first, inverse = distinct_rows(keys)
    distinct = JobMasks(alts[:, first], need[:, first], flexible[first])
    return JobMasks(alts, need, flexible, distinct, inverse)


def schedule_fit_arrays(masks: np.ndarray, known: np.ndarray, jobs: JobMasks) -> np.ndarray:
    """:func:`schedule_fit_matrix` on pre-stacked masks (see :func:`stack_availability`)."""
    if jobs.distinct is not None and len(jobs.distinct.flexible) < len(jobs.flexible):
        # Each distinct schedule once, then gathered to its jobs.
        return schedule_fit_arrays(masks, known, jobs.distinct)[:, jobs.inverse]
    out = np.zeros((len(masks), len(jobs.flexible)), dtype=np.float32)
    for k in range(len(jobs.alts)):
        out = np.maximum(out, (masks @ jobs.alts[k].T) / jobs.need[k])
    out[~known, :] = UNKNOWN_FIT
    out[:, jobs.flexible] = 1.0
    return out


def schedule_fit_pairs(
    masks: np.ndarray, known: np.ndarray, jobs: JobMasks, oidx: np.ndarray
) -> np.ndarray:
    """:func:`schedule_fit_arrays` for person i against jobs ``oidx[i]`` only, (p, m)."""
    out = np.zeros(oidx.shape, dtype=np.float32)
    for k in range(len(jobs.alts)):
        hours = np.einsum("ph,pmh->pm", masks, jobs.alts[k][oidx])
        out = np.maximum(out, hours / jobs.need[k][oidx])
    out[~known, :] = UNKNOWN_FIT
    out[jobs.flexible[oidx]] = 1.0
    return out


def schedule_fit_matrix(avail: list[Schedule], jobs: list[Schedule]) -> np.ndarray:
    """:func:`schedule_fit` for every (person, job) pair as one matrix product per alternative."""
    masks, known = stack_availability(avail)
    return schedule_fit_arrays(masks, known, stack_jobs(jobs))
