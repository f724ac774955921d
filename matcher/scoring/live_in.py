"""Live-in work: vacancies where the worker stays at the employer's home, and people who
say they will not.

Household work in Jakarta is offered two ways: *menginap* (live-in, with a day or two off
a month) and *pulang pergi* (going home every day). A person who writes "ga nginep",
"tidak bisa menginap" or "pulang pergi aja" in her availability or interests is not
shown live-in vacancies: the hard rule ``live_in`` (:mod:`matcher.scoring.rules`), which
a counselor can relax for one person. Her experience is not read: "ART pulang pergi 3 th"
says how she worked, not what she will take.

A vacancy is live-in when its schedule or description says the worker stays ("menginap",
"nginep", "tinggal di rumah majikan", "live-in") and does not deny it ("pulang pergi,
tidak menginap"). Words are matched, not parsed, with the negation words of the
availability reader's kind; the cues are general Indonesian wording of household work.
"""

from __future__ import annotations

import re

from matcher.domain import JobPosting, Jobseeker, TrainingProgram

_STAY = (
    r"(?:menginap|nginep|nginap|nginepin|nginapin|mondok|live[- ]?in|stay[- ]?in|"
    r"tinggal (?:di |dengan |dgn |bersama |bareng )?(?:rumah )?(?:majikan|keluarga|user|"
    r"pemberi kerja))"
)
_NOT = (
    r"(?:ga|gak|gk|g|nggak|ngga|nggk|enggak|engga|tidak|tdk|tak|ndak|kagak|bukan|bkn|no|non|"
    r"not|gabisa|gbs|gamau|gmau|gakmau|belum|blm|jangan|jgn|ogah|tanpa|without)"
)
# "ga bisa nginep", "tidak perlu menginap", "gak mau tinggal di rumah majikan".
_MODAL = (
    r"(?:bisa|bs|mau|boleh|dibolehin|diizinkan|siap|bersedia|sanggup|dapat|perlu|harus|"
    r"wajib|usah|pakai|pake)"
)
_GOING_HOME = r"(?:pulang[- ]pergi|pulang hari|pulang tiap hari|\bpp\b|live[- ]?out)"
_REFUSED = re.compile(
    rf"(?<!\w){_NOT}[\s-]+(?:{_MODAL}\s+)?{_STAY}(?!\w)"  # "ga nginep", "non-live in"
    # "nginep ga bisa", but not "nginep gak masalah" (no problem)
    rf"|(?<!\w){_STAY}\s+(?:{_NOT})(?!\s+(?:masalah|papa|apa|pp))(?:\s+{_MODAL})?(?!\w)",
    re.IGNORECASE,
)
# A guest who stays is not the worker: "membersihkan kamar tamu yang menginap".
_GUEST = re.compile(rf"(?<!\w)tamu\s+(?:yang\s+|yg\s+)?{_STAY}(?!\w)", re.IGNORECASE)
_STAYS = re.compile(rf"(?<!\w){_STAY}(?!\w)", re.IGNORECASE)
_HOME = re.compile(rf"(?<!\w){_GOING_HOME}(?!\w)", re.IGNORECASE)
# "tidak bisa pulang pergi": going home denied, which is no refusal to live in.
_HOME_DENIED = re.compile(rf"(?<!\w){_NOT}\s+(?:{_MODAL}\s+)?{_GOING_HOME}(?!\w)", re.IGNORECASE)


def _offered(text: str) -> bool:
    """Whether ``text`` says the worker stays, other than in a denial or of a guest."""
    return bool(_STAYS.search(_REFUSED.sub(" ", _GUEST.sub(" ", text))))


def _goes_home(text: str) -> bool:
    """Whether ``text`` says the worker goes home every day (not "tidak bisa pulang pergi")."""
    return bool(_HOME.search(_HOME_DENIED.sub(" ", text)))


def refuses(person: Jobseeker) -> bool:
    """Whether a person says she will not live in: a denied stay ("ga nginep"), or going
    home every day ("pulang pergi aja") where she offers no stay."""
    text = ". ".join([person.availability or "", person.interests or ""])
    if _REFUSED.search(_GUEST.sub(" ", text)):
        return True
    return _goes_home(text) and not _offered(text)


def requires(item: JobPosting | TrainingProgram) -> bool:
    """Whether an item is live-in work: a vacancy whose schedule or description says the
    worker stays, and does not say she goes home. Programmes never are."""
    if not isinstance(item, JobPosting):
        return False
    text = ". ".join([item.schedule or "", item.description or ""])
    return _offered(text) and not _goes_home(text)
