"""People who can work or learn only from home, and the items that ask them to come in.

A wheelchair user, a mother of a baby, a woman whose family keeps her at home: some
people write that they can only work from home ("dr rumah aja", "hanya bisa kerja dari
rumah", "ga bisa keluar rumah", "WFH only"). A job on site or a class in a room is not
theirs to take, however well it fits: the hard rule ``home_only``
(:mod:`matcher.scoring.rules`), which a counselor can relax for one person. Home-based
vacancies and online programmes are never on site (``CatalogArrays.remote``).

Read in the availability, the interests and the disability note, never the experience
("jualan dari rumah 3 th" says how she worked, not what she will take). The rule hides
every on-site item, so the reading is strict; it takes a statement about where she can
work, made as such:

- a clause that *is* the statement: "dr rumah aja", "hanya bisa kerja dari rumah",
  "kerja di rumah saja krn ada bayi" (a reason may follow), not a clause that mentions
  home on the way ("lagi nganggur di rumah aja", "bawa bekal dari rumah aja", "usaha
  catering dari rumah saja", "dari rumah aja jam 7");
- or a refusal to leave home: "ga bisa keluar rumah", "tidak mau ninggalin rumah", but not
  one limited to a time ("ga bisa keluar rumah malam": the schedule rule's business);
- never "rumah sakit", "rumah makan" and other compounds, "dekat rumah" (a travel wish),
  a negated only ("tidak hanya dari rumah", "ga harus dari rumah aja"), an alternative
  ("dr rumah atau tempat yg aksesibel", "dr rumah aja / kantor deket"), a preference or
  a concession anywhere in the same field ("lebih suka", "kalau bisa", "sesekali",
  "tp klo deket gpp").

Words are matched, not parsed; the cues are general Indonesian wording, with the
negation words of the live-in reader.
"""

from __future__ import annotations

import re

from matcher.domain import Jobseeker
from matcher.scoring.live_in import _MODAL, _NOT

# "rumah" as a place of its own, not the head of a compound ("rumah sakit" a hospital).
_RUMAH = (
    r"(?:rumah|rmh)(?!\s+(?:sakit|makan|tangga|susun|potong|duka|ibadah|kos|kost|kontrakan|"
    r"produksi|jahit|cantik|singgah|sewa|dinas|adat|kaca|rt|sakit2))"
)
_ONLY_AFTER = r"(?:aja|aj|ajah|saja|sj|doang|doank|only|thok|tok)"
_ONLY_BEFORE = r"(?:hanya|cuma|cuman|cm|only|just)"
_DO = r"(?:kerja|krj|bekerja|belajar|kursus)"
_LEAVE = r"(?:keluar|kluar|ninggalin|tinggalin|meninggalkan)(?:\s+(?:dari|dr))?"
_REMOTE = r"(?:wfh|work\s+from\s+home|remote)"
# What may open the statement: who, can, want, work ("saya hanya bisa kerja dari rumah").
_LEAD = rf"(?:(?:saya|aku|sy|gw|gue|{_ONLY_BEFORE}|{_MODAL}|mau|maunya|pengen|pengennya|{_DO})\s+)*"
# A reason may follow the statement ("... krn ada bayi"); the rest of the clause is not read.
_BECAUSE = r"\s+(?:krn|karena|karna|krna|soalnya|soale|sebab|sbb|coz|biar|utk|untuk)(?!\w)"
_REASON = rf"(?:{_BECAUSE}.*)?"

_STATEMENT = re.compile(
    rf"^{_LEAD}(?:"
    rf"(?:dari|dr|di)\s*{_RUMAH}\s+{_ONLY_AFTER}"  # "dr rumah aja", "kerja di rumah saja"
    rf"|(?:{_ONLY_BEFORE}\s+(?:{_MODAL}\s+)?(?:{_DO}\s+)?(?:di|dari|dr)\s*{_RUMAH})"  # "hanya ..."
    rf"|{_REMOTE}\s+{_ONLY_AFTER}|{_ONLY_BEFORE}\s+{_REMOTE}"  # "WFH only", "only remote"
    rf"){_REASON}$",
    re.IGNORECASE,
)
_TIMES = (
    r"(?:malam|malem|mlm|pagi|siang|sore|hari|jam|sblm|sebelum|setelah|stlh|habis|abis|"
    r"lewat|weekend|minggu|sabtu|senin|selasa|rabu|kamis|jumat|lama|jauh)"
)
_REFUSAL = re.compile(
    rf"(?<!\w){_NOT}[\s-]*(?:{_MODAL}\s+)?{_LEAVE}\s+{_RUMAH}(?!\w)(?!\s+{_TIMES}\b)",
    re.IGNORECASE,
)
# "tidak hanya dari rumah", "ga harus dari rumah aja": the opposite.
_NEGATED_ONLY = re.compile(
    rf"(?<!\w){_NOT}\s+(?:{_ONLY_BEFORE}|harus|hrs|mesti|musti|perlu|wajib)(?!\w)",
    re.IGNORECASE,
)
# An alternative in the statement: "dr rumah atau tempat yg aksesibel", "... / kantor".
_ALTERNATIVE = re.compile(r"(?<!\w)(?:atau|ato|or)(?!\w)|/", re.IGNORECASE)
# A preference or a concession anywhere in the field: the person can go out after all.
_CONCESSION = re.compile(
    r"(?<!\w)(?:lebih\s+suka|lbh\s+suka|prefer|diutamakan|utamain|kalau\s+bisa|kalo\s+bisa|"
    r"klo\s+bisa|kl\s+bisa|kalau\s+bs|klo\s+bs|sesekali|kadang|gpp|ga\s*papa|gak\s*papa|"
    r"nggak\s+apa|tidak\s+apa|juga\s+bisa|jg\s+bisa|jg\s+bs|boleh\s+juga)(?!\w)",
    re.IGNORECASE,
)
_CLAUSES = re.compile(r"[,;.\n]+")
_BRACKETS = re.compile(r"\([^)]*\)")


def _says_home_only(text: str) -> bool:
    text = _BRACKETS.sub(" ", text or "")  # "(senin/selasa)" is no alternative
    if _CONCESSION.search(text):
        return False
    for clause in _CLAUSES.split(text):
        clause = " ".join(clause.split())
        if not clause or _NEGATED_ONLY.search(clause):
            continue
        statement = re.split(_BECAUSE, clause, maxsplit=1, flags=re.IGNORECASE)[0]
        if _ALTERNATIVE.search(statement):
            continue
        if _STATEMENT.search(clause) or _REFUSAL.search(clause):
            return True
    return False


def home_only(person: Jobseeker) -> bool:
    """Whether a person says she can work or learn only from home."""
    return any(
        _says_home_only(text) for text in (person.availability, person.interests, person.disability)
    )
