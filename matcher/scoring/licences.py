"""Driving licences, vehicles and certificates: what a vacancy requires, what a course
leads to, and what a person states.

Couriers, drivers and ride-hailing jobs list a licence or an own motorbike among their
required skills ("SIM A", "punya SIM C", "motor sendiri"). A counselor does not send a
person to such a job unless the person has it, so the hard rule ``licence``
(:mod:`matcher.scoring.rules`) excludes a vacancy that requires one the person's skills
and experience do not state. A counselor who knows better relaxes the rule for that
person.

Each side is read as a bit mask of :class:`Licence`:

- ``SIM A`` (cars); ``SIM B I``/``B II`` (heavier vehicles) count as ``SIM A`` too;
- ``SIM C`` (motorbikes);
- an own motorbike (``motor sendiri``, ``punya motor``, ``kendaraan pribadi``...);
- certificates a course leads to: the security guard's ``Gada Pratama``, ``Gada Madya``
  and ``Gada Utama`` (each level includes the ones below it: a course admits to a level
  only with the one below) and an operator's ``SIO`` (*Surat Izin Operator*, e.g. for a
  forklift).

Several classes may follow one "SIM" ("SIM A & C", "SIM A/C", "SIM A dan C"). A person
who drives for a ride-hailing app (``ojol``, ``ngojek``, ``driver Gojek``) rides their own
motorbike with a SIM C, which the apps require to register. A statement after a negation
("belum punya SIM", "ga ada motor") or with a lapsed licence ("SIM C mati") does not
count. The cues are general Indonesian wording, not taken from any evaluation profile.

Only a vacancy's *required* skills are read, and only for driving licences and
motorbikes: a licence among its nice-to-have skills lowers nothing and excludes nothing,
and a certificate a vacancy asks for ("sertifikat Gada Pratama") is a skill gap that a
course closes (the "job via training" plan), not a reason to hide the job. Programmes
require none (a driving course teaches "SIM A"). A vocational training whose *title* names the licence it leads to ("Pelatihan
Mengemudi dan Pembuatan SIM A") is excluded by the hard rule ``licence_held`` for a
person who already states every licence or certificate it leads to: a counselor does not
send a driver with a SIM A to the SIM A course, nor a guard who holds Gada Pratama to the
Gada Pratama course (:func:`granted`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from enum import IntFlag

from matcher.domain import JobPosting, Jobseeker


class Licence(IntFlag):
    """A licence or vehicle a vacancy may require (bits of one int per record)."""

    SIM_A = 1  # car (SIM B I / B II count too)
    SIM_C = 2  # motorbike
    MOTORBIKE = 4  # an own motorbike
    GADA_PRATAMA = 8  # security guard, basic level
    GADA_MADYA = 16  # security supervisor
    GADA_UTAMA = 32  # security manager
    SIO = 64  # operator's licence (Surat Izin Operator: forklift, crane...)


# What a vacancy's required skills are read for (the hard rule ``licence``).
DRIVING = Licence.SIM_A | Licence.SIM_C | Licence.MOTORBIKE
# What a course's title can lead to (the hard rule ``licence_held``).
GRANTABLE = (
    Licence.SIM_A
    | Licence.SIM_C
    | Licence.GADA_PRATAMA
    | Licence.GADA_MADYA
    | Licence.GADA_UTAMA
    | Licence.SIO
)


_NEGATION = frozenset(
    [
        "ga",
        "gak",
        "gk",
        "g",
        "nggak",
        "ngga",
        "enggak",
        "engga",
        "tidak",
        "tdk",
        "tak",
        "belum",
        "blm",
        "blom",
        "bukan",
    ]
)
_CLASS = r"[abcd]\s*(?:i{1,2}|1|2)?(?:\s*umum)?"
_JOIN = r"\s*(?:&|/|,|\+|\bdan\b|\bsama\b|\bsm\b)\s*"
_SIM = re.compile(rf"\bsim\s*({_CLASS}(?:{_JOIN}{_CLASS})*)(?!\w)", re.IGNORECASE)
_LAPSED = re.compile(r"\s*(?:sudah\s+|udah\s+|udh\s+)?(?:mati|habis|expired|kadaluarsa|kedaluwarsa)",
                     re.IGNORECASE)  # fmt: skip
_MOTORBIKE = re.compile(
    r"\b(?:motor|kendaraan|sepeda motor)\s+(?:sendiri|pribadi)\b"
    r"|\b(?:punya|ada|bawa|pakai|pake)\s+(?:sepeda\s+)?motor\b",
    re.IGNORECASE,
)
# A level includes the ones below it.
_GADA_LEVELS = {
    "pratama": Licence.GADA_PRATAMA,
    "madya": Licence.GADA_PRATAMA | Licence.GADA_MADYA,
    "utama": Licence.GADA_PRATAMA | Licence.GADA_MADYA | Licence.GADA_UTAMA,
}
_GADA = re.compile(r"\bgada\s*(pratama|madya|utama)\b", re.IGNORECASE)
_SIO = re.compile(r"\bsio\b", re.IGNORECASE)
_RIDE_HAILING = re.compile(
    r"\b(?:ojol|ngojol|ngojek|ojek online|driver ojek|gojek|grab\s*bike|maxim)\b", re.IGNORECASE
)


def _negated(text: str, start: int) -> bool:
    """A negation among the three words before ``start``."""
    words = re.findall(r"\w+", text[max(0, start - 30) : start].lower())[-3:]
    return any(w in _NEGATION for w in words)


def _classes(spec: str) -> Licence:
    found = Licence(0)
    for cls in (part.strip()[:1] for part in re.split(_JOIN, spec.lower())):
        if cls in ("a", "b"):
            found |= Licence.SIM_A
        elif cls == "c":
            found |= Licence.SIM_C
    return found


def _affirmed(pattern: re.Pattern[str], text: str, can_lapse: bool) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` not after a negation, nor (a document) followed by a lapse."""
    for m in pattern.finditer(text):
        if not _negated(text, m.start()) and not (can_lapse and _LAPSED.match(text, m.end())):
            yield m


def stated(text: str) -> Licence:
    """The licences, vehicles and certificates a text states (not after a negation, not
    lapsed)."""
    text = text or ""
    found = Licence(0)
    for m in _affirmed(_SIM, text, can_lapse=True):
        found |= _classes(m.group(1))
    for _ in _affirmed(_MOTORBIKE, text, can_lapse=False):
        found |= Licence.MOTORBIKE
    for _ in _affirmed(_RIDE_HAILING, text, can_lapse=False):
        found |= Licence.SIM_C | Licence.MOTORBIKE
    for m in _affirmed(_GADA, text, can_lapse=True):
        found |= _GADA_LEVELS[m.group(1).lower()]
    for _ in _affirmed(_SIO, text, can_lapse=True):
        found |= Licence.SIO
    return found


def held(person: Jobseeker) -> Licence:
    """What a person states in their skills and experience."""
    return stated(" ; ".join([*person.skills, person.experience]))


def required(item: object) -> Licence:
    """The driving licences and vehicles a vacancy's required skills ask for; nothing for
    programmes."""
    if not isinstance(item, JobPosting):
        return Licence(0)
    return stated(" ; ".join(item.required_skills)) & DRIVING


def granted(item: object) -> Licence:
    """The licences and certificates a vocational training's title says it leads to;
    nothing for other items. The title, not the skills taught: a courier course may list
    "SIM C" among what its learners bring."""
    from matcher.domain import ProgramType, TrainingProgram

    if not isinstance(item, TrainingProgram) or item.program_type is not ProgramType.VOCATIONAL:
        return Licence(0)
    return stated(item.title) & GRANTABLE


def masks(values: Iterable[Licence]) -> list[int]:
    return [int(v) for v in values]
