"""People who can work or learn only from home, and the items that ask them to come in.

A wheelchair user, a mother of a baby, a woman whose family keeps her at home: some
people write that they can only work from home ("dr rumah aja", "hanya bisa kerja dari
rumah", "ga bisa keluar rumah", "WFH only"). A job on site or a class in a room is not
theirs to take, however well it fits: the hard rule ``home_only``
(:mod:`matcher.scoring.rules`), which a counselor can relax for one person. Home-based
vacancies and online programmes are never on site (``CatalogArrays.remote``).

Read in the availability, the interests and the disability note, never the experience
("jualan dari rumah 3 th" says how she worked, not what she will take). Saying home is
not saying *only* home: "dr rumah, fleksibel" or "bisa dari rumah" leave her free to go
out, and so does an alternative in the same clause ("butuh kerja dr rumah atau tempat yg
aksesibel", "dari rumah aja / kantor dekat"). Words are matched, not parsed; the cues
are general Indonesian wording, with the negation words of the live-in reader.
"""

from __future__ import annotations

import re

from matcher.domain import Jobseeker
from matcher.scoring.live_in import _MODAL, _NOT

_HOME = r"(?:(?:dari|dr|di)\s*(?:rumah|rmh)|drumah|drmh)"
_ONLY_AFTER = r"(?:aja|aj|ajah|saja|sj|doang|doank|ja|only|thok|tok)"
_ONLY_BEFORE = r"(?:hanya|cuma|cuman|cm|only|just)"
_LEAVE = r"(?:keluar|kluar|ninggalin|tinggalin|meninggalkan|pergi\s+dari|jauh\s+dari)"
_REMOTE = r"(?:wfh|work\s+from\s+home|remote)"

_ONLY_HOME = re.compile(
    rf"(?<!\w){_HOME}\s+{_ONLY_AFTER}(?!\w)"  # "dr rumah aja"
    rf"|(?<!\w){_ONLY_BEFORE}\s+(?:{_MODAL}\s+)?(?:kerja\s+|krj\s+|belajar\s+)?{_HOME}(?!\w)"
    rf"|(?<!\w){_NOT}[\s-]*(?:{_MODAL}\s+)?{_LEAVE}\s+(?:rumah|rmh)(?!\w)"  # "ga bisa keluar rumah"
    rf"|(?<!\w){_REMOTE}\s+{_ONLY_AFTER}(?!\w)"  # "WFH only"
    rf"|(?<!\w){_ONLY_BEFORE}\s+{_REMOTE}(?!\w)",  # "only remote"
    re.IGNORECASE,
)
# An alternative in the same clause leaves her free to go out: "dr rumah aja atau kantor
# dekat", "butuh kerja dr rumah atau tempat yg aksesibel"; so does "also" ("juga bisa").
_ALTERNATIVE = re.compile(r"(?<!\w)(?:atau|ato|or|juga|jg)(?!\w)|/", re.IGNORECASE)
_CLAUSES = re.compile(r"[,;.\n]+")


def home_only(person: Jobseeker) -> bool:
    """Whether a person says she can work or learn only from home."""
    texts = (person.availability, person.interests, person.disability)
    for text in texts:
        for clause in _CLAUSES.split(text or ""):
            if _ONLY_HOME.search(clause) and not _ALTERNATIVE.search(clause):
                return True
    return False
