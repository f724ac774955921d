"""Free-text schedules and availability as weekly hour masks.

"Senin-Jumat 08:00-12:00", "pagi saja (antar anak sekolah)", "shift malam 22:00-06:00",
"mornings only because of childcare" all become a 7x24 grid of hours (Monday first),
flattened to 168 values. Schedule fit is then the share of a job's hours the person is
available for, and for many people at once it is a single matrix product.

Two readers share the grid:

* Job schedules (:func:`parse_job_schedule`) are formal and read as they always were: day
  ranges, clock ranges (a range ending before it starts runs past midnight), "shift
  malam", parts of the day, alternatives split on " / " and "atau"; no day means
  Monday-Saturday and no hour 08-17.
* People's availability (:func:`parse_schedule`) is typed on a phone in Jakarta
  Indonesian and read as a counselor would. It understands
  - informal spellings: malem/mlm, pagi2, sore2, subuh, sen-jum, senen, rebo, sbtu,
    weekend/wiken/wikend, weekday/hari biasa/hari kerja, tiap hari, jam kerja/jam kantor
    (Monday-Friday 08-17), "malam minggu" (Saturday evening), English words;
  - "only" words (doang, aja, saja, cuma, hanya, only): beside them another plain
    statement of the same kind does not add availability;
  - ranges between parts of the day or prayer times (pagi sampe sore, siang-malem, abis
    subuh sampe dzuhur), clock times (jam 8-5 is 08-17, jam 7 pagi - 3 sore, abis jam 5,
    sebelum jam 10, jam 5 ke atas, abis maghrib, pulang kerja);
  - negations before or after the word (ga/gak/nggak/tidak/tdk/bukan/kecuali/selain/asal
    bukan/di luar/no/not/except): the negated days or hours come off what the rest of the
    text allows, or off the default 06-22 when it says nothing else; a negated "malam"
    takes the whole night (18-06), so "kapan aja asal bukan malam" is 06-18;
  - busy statements ("senin-jumat kerja", "pagi kuliah", "minggu ke gereja"): with hours
    those hours come off; with days only those days, or only their daytime 06-18 when the
    person also names hours they can do ("senin-jumat kerja, bisa malem"); days the
    person names as free are never taken off, nor are hours the person offers ("pagi
    aja, siang jemput anak" is the whole morning, though "siang" starts at 11). "ga
    kerja" is free, not busy;
  - "juga" (also) adds to the rest; with nothing else said, to the usual day ("sore
    juga oke" is 06-22);
  - willing to work shifts ("siap shift", "shift malem gpp", "bersedia kerja shift
    malam") is any time, unless denied ("ga bisa shift") or the text names days or says
    "only" ("weekend aja, siap shift" is the weekend); "gpp"/"ga papa"/"ga masalah" are
    willingness words, not the negation they begin with;
  - "libur": alone a day set (weekend); beside a day, that day is free time when the text
    has busy statements or nothing else ("kerja senin-sabtu, libur minggu") and a day kept
    free of work when the person offers other days ("senin sampe sabtu, minggu libur");
  - "bebas", "kapan aja", "fleksibel" are any time (00-24) unless something is taken off;
    "seharian"/"full day" is 06-22; "dari rumah" is about place, not time; no day named
    means every day and no hour named 06-22; an empty text is unknown, and so is a text
    that leaves no hour at all.

  Limits: words are matched, not parsed. A negation or busy word binds to the days and
  hours next to it within a clause (split at commas, "tapi", "karena", before "kecuali"
  and after "aja"); "weekends and weekday evenings" gives evenings on all days (the part
  of the day is shared by both day sets); frequencies ("3x seminggu", "2 hari
  seminggu"), dates, durations and "jam 4an" are not read; an unknown word is ignored, so
  a text with no readable word is the default 06-22 every day, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

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
    # A job's hours were written (clock times, parts of the day), not the reader's default
    # 08-17 ("part time", "sesuai kesepakatan", "Senin-Jumat"): the schedule rule judges
    # only written hours (matcher.scoring.rules).
    stated: bool = True

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


# ---------------------------------------------------------------------------------------
# People's availability, typed informally ("weekend doang, senin-jumat kerja").
#
# The text is normalised (spellings, reduplication, English), cut into clauses (commas,
# "tapi", "karena", before "kecuali"/"asal bukan", after "aja"/"doang"), and each clause into
# items (days, day sets, parts of the day, clock times, "kapan aja") and the words between
# them. Items next to each other form a group ("senin-jumat pagi"); the words before a group
# (when the clause starts with such words: "ga bisa malem") or after it ("malem ga bisa")
# say whether the group is available, negated or busy. See _resolve for how they combine.

_DEFAULT_HOURS = (6, 22)
_DAYTIME = (6, 18)  # what a day of work or school takes when it names no hours
# Parts of the day for availability, [start, end); a negated part may reach further:
# "ga bisa malem" rules out the whole night, not only 18-22.
_INF_PARTS = {
    "subuh": (4, 7), "dini": (0, 5), "pagi": (6, 12), "morning": (6, 12),
    "siang": (11, 15), "afternoon": (12, 17), "sore": (15, 18), "malam": (18, 22),
    "evening": (17, 22), "night": (22, 30), "nightshift": (22, 30),
}  # fmt: skip
_NEG_PARTS = {"malam": (18, 30), "evening": (17, 30), "night": (18, 30)}
# Prayer times as clock anchors: "abis maghrib", "sampe ashar".
_PRAYERS = {"subuh": 5, "dzuhur": 12, "zuhur": 12, "lohor": 12, "ashar": 15, "asar": 15,
            "maghrib": 18, "magrib": 18, "isya": 19}  # fmt: skip
_INF_DAYS = _DAYS | {
    "senen": 0, "sen": 0, "sel": 1, "slasa": 1, "rebo": 2, "rab": 2, "kemis": 3, "kam": 3,
    "jum": 4, "jmt": 4, "jmat": 4, "jumaat": 4, "sab": 5, "sbt": 5, "sbtu": 5, "saptu": 5,
    "mgg": 6, "mgu": 6, "mingu": 6, "mnggu": 6, "snin": 0, "slsa": 1, "rbu": 2, "kmis": 3,
    "mondays": 0, "tues": 1, "tuesdays": 1, "weds": 2, "wednesdays": 2, "thur": 3,
    "thurs": 3, "thursdays": 3, "fridays": 4, "saturdays": 5, "sundays": 6,
}  # fmt: skip
_DAY_SETS = {"weekend": {5, 6}, "weekday": {0, 1, 2, 3, 4}, "everyday": set(range(7))}


def _words(*alts: str) -> str:
    """A regex for any of the words (longest first); an argument may hold several, "a|b"."""
    words = {w for alt in alts for w in alt.split("|")}
    return r"\b(?:" + "|".join(sorted(words, key=lambda w: (-len(w), w))) + r")\b"


# Spellings and phrases rewritten to one word before reading ("|" separates variants).
_RESPELL = {
    "malam": "malem|mlm|mlem|malm|malaman", "pagi": "pgi|pagii|pagian",
    "siang": "siank|siangan|siyang", "sore": "sorean|soree|soreh",
    "subuh": "shubuh|subu|shubu", " ": "sholat|solat|shalat|salat",
    "dzuhur": "zhuhur|dhuhur|duhur", "morning": "mornings", "afternoon": "afternoons",
    "evening": "evenings", "night": "nights",
    "nightshift": "night shift|shift malam|malam shift|tengah malam|larut malam|begadang|"
                  "graveyard",
    "dini": "dini hari",
    "weekend": "akhir pekan|akhir minggu|weekends|wiken|wikend|wekend|weekand|wkend|wknd|"
               "wiknd|sabmin",
    "weekday": "weekdays|wikdei|hari kerja|hr kerja|hari biasa|hr biasa|hari kantor",
    "everyday": "tiap hari|setiap hari|tiap hr|stiap hari|every day|daily|semua hari|7 hari|"
                "full seminggu|seminggu full",
    "officehours": "jam kerja|jam kantor|jam kantoran|office hours|working hours|"
                   "business hours",
    # "no problem": read as a willingness word, not as the negation "ga" it starts with.
    "gpp": "gapapa|ga papa|gak papa|gk papa|g papa|nggak papa|ngga papa|gpapa|ga apa|"
           "gak apa|nggak apa|tidak apa|tdk apa|ga masalah|gak masalah|nggak masalah|"
           "tidak masalah|tdk masalah|no problem|no prob|noprob|ga pp|gak pp|gk pp|ndak papa|"
           "tidak papa|tdk papa",
}  # fmt: skip
_RESPELL_TO = {v: word for word, variants in _RESPELL.items() for v in variants.split("|")}
_RESPELL_RE = re.compile(_words(*_RESPELL_TO))
_WILLING = "siap|bisa|bs|mau|oke|ok|okay|okey|gpp|bersedia|sanggup|boleh|ready|available|can"
_SHIFT = r"(?:shift|shif|sif|nightshift)(?:\s+nightshift)?"
_SHIFT_WILLING_BEFORE = re.compile(
    rf"\b(?:{_WILLING})\s+(?:(?:kerja|krj|work)\s+)?{_SHIFT}\b"
    r"(?!\s*(?:aja|ajah|aj|doang|doank|saja|sj|only)\b)"
)
_SHIFT_WILLING_AFTER = re.compile(rf"\b{_SHIFT}\s+(?:juga\s+|jg\s+)?(?:{_WILLING})\b")


def _shift_willing(m: re.Match) -> str:
    """ "siap shift", "shift malem gpp": any time ("bebas"), unless denied ("ga bisa shift")
    or the text names days or says "only" ("weekend aja, siap shift"): then as written."""
    before = m.string[: m.start()]
    if re.search(rf"(?:{_NEG}|{_NEG_PRE})\W*$", before):
        return m.group(0)
    if re.search("|".join((_INF_DAY_WORD, _SET_WORD, _ONLY, _ONLY_PRE)), m.string):
        return m.group(0)
    return " bebas "


_SPELLINGS = [
    # "s/d", "s.d."; a bare "sd" only after a number or a day ("SD" is primary school).
    (r"\bs\s*[./]\s*d\b\.?", " sampai "),
    (
        r"(\d|\b(?:senin|selasa|rabu|kamis|jumat|sabtu|sen|sel|rab|kam|jum|sab))\s*sd\b",
        r"\1 sampai",
    ),
    (r"[&+]", " dan "),
    (r"\bkapan\s*(?:2|-\s*kapan)\b", "kapan aja"),
    (r"\b([a-z]{3,})(?:2|-\1)\b", r"\1"),  # pagi2, pagi-pagi, sore2
    (r"\b(pagi|siang|sore|malam|malem|subuh)nya\b", r"\1"),
    # Twice: "shift malem" -> "shift malam" -> "nightshift".
    (_RESPELL_RE, lambda m: _RESPELL_TO[m.group(0)]),
    (_RESPELL_RE, lambda m: _RESPELL_TO[m.group(0)]),
    # Willing to work shifts ("siap shift", "shift malem gpp", "bersedia kerja shift
    # malam") is any time: shift work takes the night and the day. "shift malem aja" and
    # "shift malem no" stay what they say.
    (_SHIFT_WILLING_BEFORE, _shift_willing),
    (_SHIFT_WILLING_AFTER, _shift_willing),
    # "minggu" as a week, not Sunday.
    (r"\b(tiap|setiap|per|dalam|kali|x|\d+)\s*minggu\b", r"\1 pekan"),
    (r"\bminggu\s+(depan|ini|lalu|kemarin|kemaren)\b", r"pekan \1"),
    # Place, not time.
    (_words("dari rumah|from home|wfh|work from home"), " "),
]
_SPELLINGS = [(re.compile(p), r) for p, r in _SPELLINGS]

_PART_WORD = _words(*_INF_PARTS)
_PRAYER_WORD = _words(*_PRAYERS)
_POINT_WORD = _words(*_INF_PARTS, *_PRAYERS)
_INF_DAY_WORD = _words(*_INF_DAYS)
_SET_WORD = _words(*_DAY_SETS)

# Marker words between items ("|" separates the words).
_ONLY = _words("doang|doank|aja|ajah|aj|saja|sj")  # ends a phrase: "weekend doang"
_ONLY_PRE = _words("cuma|cuman|cm|hanya|hny|only")
_NEG_PRE = _words(  # starts a phrase: "kecuali minggu", "asal bukan malam"
    "kecuali|kcuali|selain|slain|asal bukan|asal bkn|asal jangan|asal jgn|asal ga|asal gak|"
    "asal tidak|asal tdk|asalkan bukan|except|excluding|besides|unless|di luar|diluar|luar|"
    "no|not|jangan|jgn|tanpa|without|never|bukan|bkn"
)
_NEG = _words(
    "ga|gak|gk|g|nggak|ngga|nggk|enggak|engga|egak|gaa|tidak|tdk|tak|ndak|nda|kagak|kaga|"
    "gabisa|gbs|gabs|gbisa|cant|cannot|dont|ogah"
)
_POS = _words(
    "bisa|bs|bsa|bisaa|mau|siap|available|avail|free|kosong|luang|senggang|ready|ok|oke|okay|gpp|"
    "okey|boleh|dibolehin|dibolehkan|diizinkan|diizinin|cari|nyari|pengen|pingin|ingin|prefer|"
    "sedia|bersedia|can|asal|asalkan"
)
_BUSY = _words(  # "senin-jumat kerja": taken on those days
    "kerja|krj|kerjaan|ngantor|ngampus|kampus|kuliah|sekolah|skolah|sklh|les|ngajar|mengajar|"
    "jaga anak|jagain anak|ngurus anak|urus anak|ngasuh|momong|jemput|antar anak|anter anak|"
    "nganter anak|masuk|dinas|magang|pkl|praktek|jualan|dagang|narik|ngojek|sibuk|penuh|"
    "gereja|ibadah|pengajian|ngaji|acara|kumpul keluarga|busy|work|working|school|class|"
    "classes|college"
)
_ALSO = _words("juga|jg|also|too")
_DAYOFF = _words("libur|liburnya")  # "minggu libur": see _resolve
_ANY_MARKER = re.compile("|".join((_ONLY, _ONLY_PRE, _NEG_PRE, _NEG, _POS, _BUSY, _ALSO, _DAYOFF)))

_CLAUSE_BREAK = re.compile(
    r"[,;!?()\n]|[.:](?!\d)|"
    + _words("tapi", "tp", "tpi", "but", "namun", "krn", "karena", "karna", "krna", "soalnya",
             "soale", "sebab", "coz", "cuz", "cause", "because", "bcs", "since", "sedangkan",
             "sementara", "terus", "trus", "lalu", "abis itu")
)  # fmt: skip

_RANGE_TO = (r"\s*(?:-|sampai|sampe|smpe|smpai|sampek|ampe|ampek|smp|hingga|ke|to|until|"
             r"till|thru|through)\s*(?:jam\s*)?")  # fmt: skip
_CLOCK = r"(?<![\d.:])(\d{1,2})(?:[:.](\d{2}))?(?!\d)(?:\s*(am|pm|pagi|siang|sore|malam)\b)?"
_NOT_DURATION = (r"(?!\s*(?:hari|hr|x|kali|jam|pekan|minggu|bulan|bln|km|rb|ribu|jt|juta|"
                 r"tahun|thn|th|org|orang|anak|%))")  # fmt: skip
_AFTER = (r"(?:setelah|stlh|sesudah|ssdh|abis|habis|hbs|after|lewat|lepas|mulai|dari|from|"
          r"diatas|di atas)")  # fmt: skip
_BEFORE = (r"(?:sebelum|sblm|sebelom|before|sampai|sampe|smpe|ampe|until|till|hingga|max|"
           r"maks|maksimal)")  # fmt: skip
_INF_TIME_RANGE = re.compile(rf"(?:jam\s*)?{_CLOCK}{_RANGE_TO}{_CLOCK}{_NOT_DURATION}")
_CLOCK_TO_POINT = re.compile(rf"(?:jam\s*)?{_CLOCK}{_RANGE_TO}({_POINT_WORD})")
_AFTER_CLOCK = re.compile(rf"\b({_AFTER})\s+(?:jam\s*)?{_CLOCK}{_NOT_DURATION}")
_CLOCK_ONWARDS = re.compile(
    rf"(?:jam\s*)?{_CLOCK}\s*(?:an\s*)?(?:ke\s*atas|keatas|onwards?|or later)\b"
)
_BEFORE_CLOCK = re.compile(rf"\b{_BEFORE}\s+(?:jam\s*)?{_CLOCK}{_NOT_DURATION}")
_AFTER_PRAYER = re.compile(rf"\b{_AFTER}\s+({_PRAYER_WORD})")
_BEFORE_PRAYER = re.compile(rf"\b{_BEFORE}\s+({_PRAYER_WORD})")
_AFTER_ACTIVITY = re.compile(
    rf"\b(?:{_AFTER}|pulang|selesai|beres)\s+(?:pulang\s+)?"
    r"(kerja|ngantor|kantor|work|kuliah|ngampus|kampus|sekolah|school|class)\b"
)
_POINT_RANGE = re.compile(rf"({_POINT_WORD}){_RANGE_TO}({_POINT_WORD})")
_INF_DAY_RANGE = re.compile(rf"({_INF_DAY_WORD}){_RANGE_TO}({_INF_DAY_WORD})")
_OFFICE = re.compile(r"\bofficehours\b")
_LIBUR = re.compile(_words("hari libur|tanggal merah|tgl merah|libur") + r"(?!\s*\d)")
_INF_ANYTIME = re.compile(
    _words("kapan aja", "kapan ajah", "kapan aj", "kapan saja", "kapan pun", "kapanpun",
           "kpn aja", "kpn aj", "kpn saja", "kapan kapan", "bebas", "fleksibel", "flexible",
           "fleksible", "flexibel", "flexi", "fleksi", "anytime", "any time", "whenever",
           "24 jam", "terserah", "setiap saat", "tiap saat", "sewaktu waktu")
)  # fmt: skip
_ALL_DAY = re.compile(_words("full day|fullday|seharian|sehari penuh|all day|sepanjang hari"))
_ID_DAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
_EVE_OF = re.compile(
    rf"\bmalam\s+({'|'.join(_ID_DAYS)})\b"
    rf"(?!\s*(?:{_RANGE_TO}|dan|sama|ama|sm|,)?\s*{_INF_DAY_WORD})"
)
_DAY_LIST = re.compile(rf"({_INF_DAY_WORD})\s*,\s*(?={_INF_DAY_WORD})")
_ENDS_IN_RANGE = re.compile(rf"{_RANGE_TO}$")


@dataclass
class _Item:
    start: int
    end: int
    days: frozenset[int] | None = None
    hours: tuple[tuple[int, int], ...] | None = None
    neg_hours: tuple[tuple[int, int], ...] | None = None
    anytime: bool = False
    bound: tuple[str, int] | None = None  # ("after", 17): "abis jam 5"; ("before", 10)
    clock: bool = False  # a clock range ("08:00-17:00", "jam 8-5")

    @property
    def kind(self) -> str:
        return "b" if self.days and self.hours else "d" if self.days else "h"


@dataclass
class _Slot:
    """A group of items with what the words around it say about it."""

    polarity: str  # "pos", "neg", "busy" or "dayoff"
    days: frozenset[int] | None
    hours: tuple[tuple[int, int], ...] | None
    neg_hours: tuple[tuple[int, int], ...] | None
    anytime: bool
    also: bool = False  # "malem juga bisa": adds to the rest, whatever it says
    only: bool = False  # "weekend doang"
    marked: bool = False  # some word says it is available ("bisa", "aja", "juga")


def _list_day(m: re.Match) -> str:
    """ "senin, rabu" -> "senin rabu", but not "senin-jumat, sabtu" (a range ends there)."""
    if _ENDS_IN_RANGE.search(m.string[: m.start()]):
        return m.group(0)
    return m.group(1) + " "


def _normalise(low: str) -> str:
    text = low.replace("'", "").replace("\u2019", "").replace("\u2013", "-").replace("\u2014", "-")
    for pattern, repl in _SPELLINGS:
        text = pattern.sub(repl, text)
    # "malam minggu" is Saturday evening (the night before Sunday), not "senin-jumat malam".
    text = _EVE_OF.sub(lambda m: f"{_ID_DAYS[(_ID_DAYS.index(m.group(1)) - 1) % 7]} malam", text)
    # "senin, rabu, jumat" is a list, not clauses.
    for _ in range(3):
        text = _DAY_LIST.sub(_list_day, text)
    return re.sub(r"\s+", " ", text).strip()


def _clauses(text: str) -> list[str]:
    # A new clause starts at "kecuali", "asal bukan" (unless it ends the phrase: "malem no").
    text = re.sub(_NEG_PRE + r"(?=\s*\w)", lambda m: "\x00" + m.group(0), text)
    text = re.sub(_ONLY, lambda m: m.group(0) + "\x00", text)  # and ends after "aja"
    text = _CLAUSE_BREAK.sub("\x00", text)
    return [c.strip() for c in text.split("\x00") if c.strip()]


def _clock(hour: str, qual: str | None) -> int:
    h = int(hour)
    if qual in ("pm", "sore", "malam") and h < 12:
        return h + 12
    if qual == "siang" and h < 6:
        return h + 12
    if qual in ("am", "pagi") and h == 12:
        return 0
    return h


def _clock_range(h1, m1, q1, h2, m2, q2) -> tuple[int, int] | None:
    start, end = _clock(h1, q1), _clock(h2, q2) + (1 if m2 and int(m2) > 0 else 0)
    plain = not (q1 or q2 or m1 or m2)
    if plain and 1 <= start <= 4 and end <= 11 and end > start:
        start, end = start + 12, end + 12  # "jam 1-5" is the afternoon
    if start > 24 or end > 25:
        return None
    if end <= start:
        end += 12 if plain and start < 12 and end + 12 > start else 24  # "8-5", "22-06"
    return (start, end)


def _point(word: str) -> tuple[int, int]:
    if word in _PRAYERS and word != "subuh":
        return (_PRAYERS[word], _PRAYERS[word])
    return _INF_PARTS[word]


def _items(clause: str) -> list[_Item]:
    """Days, day sets, parts of the day and clock times in a clause, in order."""
    items: list[_Item] = []
    text = clause

    def take(pattern: re.Pattern, make) -> None:
        nonlocal text
        for m in list(pattern.finditer(text)):
            item = make(m)
            if item is not None:
                items.append(item)
                text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]

    def hours_item(m, spans, neg=None):
        spans = tuple(spans)
        return _Item(m.start(), m.end(), hours=spans, neg_hours=tuple(neg or spans))

    def after_activity(m):
        start = 17 if m.group(1) in ("kerja", "ngantor", "kantor", "work") else 15
        return hours_item(m, [(start, 22)])

    def time_range(m):
        span = _clock_range(*m.groups())
        if not span:
            return None
        item = hours_item(m, [span])
        item.clock = True
        return item

    def clock_to_point(m):
        start, end = _clock(m.group(1), m.group(3)), _point(m.group(4))[1]
        if not m.group(3) and start <= 6 and end > 12:
            start += 12
        return hours_item(m, [(start, end)]) if start < end <= 30 else None

    def after(m, start):
        if start >= 24:
            return None
        item = hours_item(m, [(start, 22 if start < 21 else 24)])
        item.bound = ("after", start)
        return item

    def before(m, end):
        if not 6 < end <= 24:
            return None
        item = hours_item(m, [(6, end)])
        item.bound = ("before", end)
        return item

    def after_clock(m):
        start = _clock(m.group(2), m.group(4))
        if not m.group(4) and start <= 6 and m.group(1) not in ("mulai", "dari", "from"):
            start += 12  # "abis jam 5" is 17:00
        return after(m, start)

    def clock_onwards(m):
        start = _clock(m.group(1), m.group(3))
        return after(m, start + 12 if not m.group(3) and start <= 6 else start)

    def before_clock(m):
        end = _clock(m.group(1), m.group(3)) + (1 if m.group(2) and int(m.group(2)) else 0)
        if not m.group(3) and end <= 6:
            end += 12  # "sampe jam 5" is 17:00
        return before(m, end)

    def point_range(m):
        (s1, e1), (s2, e2) = _point(m.group(1)), _point(m.group(2))
        if s2 < s1:  # "malam sampai pagi": until the morning starts
            return hours_item(m, [(s1, s2 + 24)])
        return hours_item(m, [(s1, max(e2, e1))])

    def day_range(m):
        a, b = _INF_DAYS[m.group(1)], _INF_DAYS[m.group(2)]
        return _Item(
            m.start(), m.end(), days=frozenset((a + i) % 7 for i in range((b - a) % 7 + 1))
        )

    take(_AFTER_ACTIVITY, after_activity)
    take(_INF_TIME_RANGE, time_range)
    take(_CLOCK_TO_POINT, clock_to_point)
    take(_AFTER_PRAYER, lambda m: after(m, _PRAYERS[m.group(1)]))
    take(_BEFORE_PRAYER, lambda m: before(m, _PRAYERS[m.group(1)]))
    take(_CLOCK_ONWARDS, clock_onwards)
    take(_AFTER_CLOCK, after_clock)
    take(_BEFORE_CLOCK, before_clock)
    take(_OFFICE, lambda m: _Item(m.start(), m.end(), frozenset(range(5)), ((8, 17),), ((8, 17),)))
    take(_POINT_RANGE, point_range)
    take(_INF_DAY_RANGE, day_range)
    take(
        re.compile(_SET_WORD), lambda m: _Item(m.start(), m.end(), frozenset(_DAY_SETS[m.group(0)]))
    )
    take(
        re.compile(_INF_DAY_WORD),
        lambda m: _Item(m.start(), m.end(), frozenset({_INF_DAYS[m.group(0)]})),
    )
    if not any(i.days for i in items):  # "pas libur" alone: days off; "minggu libur": a marker
        take(_LIBUR, lambda m: _Item(m.start(), m.end(), frozenset({5, 6})))
    take(
        re.compile(_PART_WORD),
        lambda m: hours_item(
            m, [_INF_PARTS[m.group(0)]], [_NEG_PARTS.get(m.group(0), _INF_PARTS[m.group(0)])]
        ),
    )
    take(_ALL_DAY, lambda m: hours_item(m, [_DEFAULT_HOURS]))
    take(_INF_ANYTIME, lambda m: _Item(m.start(), m.end(), anytime=True))
    return sorted(items, key=lambda i: i.start)


def _polarity(words: str) -> str:
    neg = bool(re.search(_NEG, words) or re.search(_NEG_PRE, words))
    pos, busy = bool(re.search(_POS, words)), bool(re.search(_BUSY, words))
    if neg and busy and not pos:
        return "pos"  # "sabtu ga kerja": free on Saturday
    if neg:
        return "neg"
    if busy and not pos:
        return "busy"
    if re.search(_DAYOFF, words) and not pos:
        return "dayoff"
    return "pos"


def _group_hours(group: list[_Item], attr: str) -> tuple[tuple[int, int], ...] | None:
    """Hours of a group; a bound narrows or stretches the parts it stands with.

    "pagi sebelum jam 10" is 06-10, "pagi sampe jam 3" 06-15, "sore abis jam 4" 16-18.
    """
    # Clock times say it exactly: "shift pagi 07:00-15:00" is 07-15, whatever "pagi" is.
    exact = any(i.clock for i in group)
    spans = [
        s
        for i in group
        if not i.bound and (i.clock or not exact) and getattr(i, attr)
        for s in getattr(i, attr)
    ]
    bounds = [i for i in group if i.bound]
    if not spans:
        after = [i.bound[1] for i in bounds if i.bound[0] == "after"]
        before = [i.bound[1] for i in bounds if i.bound[0] == "before"]
        if after and before and min(after) < max(before):  # "abis subuh sampe dzuhur"
            return ((min(after), max(before)),)
        return tuple(s for i in bounds for s in getattr(i, attr)) or None
    out = []
    for start, end in spans:
        for kind, hour in (i.bound for i in bounds):
            if hour < start < hour + 12 < end + 2:
                hour += 12  # "malem abis jam 7" is 19:00, "malem sampe jam 10" 22:00
            if kind == "after" and hour < end:
                start = hour
            elif kind == "before" and hour > start:
                end = hour
        out.append((start, end))
    return tuple(out)


def _slots(clause: str) -> list[_Slot]:
    items = _items(clause)
    if not items:
        return []
    # Items next to each other form a group unless marker words stand between them, or a
    # second day-and-hours pair starts ("senin-jumat malem sabtu pagi").
    groups: list[list[_Item]] = [[items[0]]]
    for prev, item in zip(items, items[1:], strict=False):
        gap = clause[prev.end : item.start]
        group = groups[-1]
        kinds = {i.kind for i in group}
        both = ("b" in kinds) or {"d", "h"} <= kinds
        if _ANY_MARKER.search(gap) or (both and item.kind != prev.kind):
            groups.append([item])
        else:
            group.append(item)
    starts = [g[0].start for g in groups]
    ends = [g[-1].end for g in groups]
    prefix = bool(_ANY_MARKER.search(clause[: starts[0]]))
    if prefix:  # "ga bisa malem": the words before each group
        words = [clause[(ends[k - 1] if k else 0) : starts[k]] for k in range(len(groups))]
    else:  # "malem ga bisa": the words after each group
        words = [clause[ends[k] : (starts[k + 1] if k + 1 < len(groups) else len(clause))]
                 for k in range(len(groups))]  # fmt: skip
        if len(groups) > 1 and not _ANY_MARKER.search(words[-1]):
            # "senin-jumat kuliah pagi": a trailing group belongs to the one before it.
            groups[-2].extend(groups.pop())
            words.pop()
    slots = []
    for group, said in zip(groups, words, strict=True):
        only = bool(re.search(_ONLY, said) or re.search(_ONLY_PRE, said))
        also = bool(re.search(_ALSO, said))
        marked = only or also or bool(re.search(_POS, said))
        days = frozenset().union(*(i.days for i in group if i.days)) or None
        hours = _group_hours(group, "hours")
        neg_hours = _group_hours(group, "neg_hours")
        anytime = any(i.anytime for i in group) and hours is None
        slots.append(_Slot(_polarity(said), days, hours, neg_hours, anytime, also, only, marked))
    return slots


# Hours since 0:00 of each day, for hour h of the week: _SINCE_DAY[h, d].
_SINCE_DAY = (np.arange(HOURS)[:, None] - np.arange(7)[None, :] * 24) % HOURS


def _mask(days, hours) -> np.ndarray:
    """:func:`_grid` as (168,) bool, without the loop over hours."""
    day_start = np.zeros(7, dtype=bool)
    day_start[sorted(days)] = True
    out = np.zeros(HOURS, dtype=bool)
    for start, end in hours:
        # Hour h of the week is in the span when it lies start..end after a chosen day's 0:00.
        inside = (start <= _SINCE_DAY) & (end > _SINCE_DAY) & day_start[None, :]
        out |= inside.any(axis=1)
    return out


def _kind(slot: _Slot) -> str:
    return ("d" if slot.days else "") + ("h" if slot.hours or slot.anytime else "")


def _resolve(slots: list[_Slot], default_days: tuple[int, ...]) -> np.ndarray:
    """One mask from the slots.

    1. What the person says they can do (or, when they say nothing of it, the default
       06-22 on ``default_days``). Days said alone and hours said alone combine
       ("sabtu minggu, pagi aja" is weekend mornings) unless marked "juga" (also).
    2. Busy statements come off: with hours, those hours ("pagi kuliah"); with days only,
       those days ("senin-jumat kerja"), or only their daytime 06-18 when the person also
       named hours they can do ("senin-jumat kerja, bisa malem"). Days and hours the
       person names as available are never taken off by a busy statement.
    3. Negations come off last: "kapan aja asal bukan malam".
    """
    every = set(range(7))
    # A day off ("minggu libur") is free time beside a job or school ("kerja senin-sabtu,
    # libur minggu") or when nothing else is said, but a day kept free of work beside days
    # the person offers ("senin sampe sabtu, minggu libur").
    busy_said = any(s.polarity == "busy" for s in slots)
    offered = any(s.polarity == "pos" for s in slots)
    off = "pos" if busy_said or not offered else "neg"
    slots = [replace(s, polarity=off) if s.polarity == "dayoff" else s for s in slots]
    pos = [s for s in slots if s.polarity == "pos"]
    # "weekday doang, weekend kumpul keluarga": beside an "only", an unmarked statement of
    # the same kind (days beside days, hours beside hours) is not availability.
    only_kinds = {_kind(s) for s in pos if s.only}
    pos = [s for s in pos if s.marked or _kind(s) not in only_kinds]
    mask = np.zeros(HOURS, dtype=bool)
    day_only = [s for s in pos if s.days and not s.hours and not s.anytime and not s.also]
    hour_only = [s for s in pos if s.hours and not s.days and not s.also]
    if day_only and hour_only:
        days = frozenset().union(*(s.days for s in day_only))
        mask |= _mask(days, [h for s in hour_only for h in s.hours])
        combined = {id(s) for s in day_only + hour_only}
        rest = [s for s in pos if id(s) not in combined]
    else:
        rest = pos
    for s in rest:
        hours = s.hours or ([(0, 24)] if s.anytime else [_DEFAULT_HOURS])
        mask |= _mask(s.days or default_days, hours)
    if not pos or all(s.also for s in pos):
        # Nothing said, or only what comes on top ("sore juga oke"): the
        # usual day, and whatever "juga" adds.
        mask |= _mask(default_days, [_DEFAULT_HOURS])
    named_days = frozenset().union(*(s.days for s in pos if s.days))
    named_hours = any(s.hours for s in pos)
    busy = np.zeros(HOURS, dtype=bool)
    for s in (s for s in slots if s.polarity == "busy"):
        if s.hours:
            busy |= _mask(s.days or every, s.hours)
        elif s.days:
            busy |= _mask(s.days - named_days, [_DAYTIME if named_hours else (0, 24)])
    # Hours the person offers stay offered: parts of the day overlap by an hour ("pagi"
    # 06-12, "siang" 11-15), and "pagi aja, siang jemput anak" means the whole morning.
    offered_hours = [s for s in pos if s.hours]
    for s in offered_hours:
        busy &= ~_mask(s.days or every, s.hours)
    mask &= ~busy
    for s in (s for s in slots if s.polarity == "neg"):
        if s.days or s.neg_hours or s.anytime:
            mask &= ~_mask(s.days or every, s.neg_hours or [(0, 24)])
    return mask


def _parse_availability(text: str | None, default_days: tuple[int, ...]) -> Schedule:
    raw = (text or "").strip()
    if not re.search(r"\w", raw):
        return Schedule(raw, (_grid(list(range(7)), [(6, 22)]),), flexible=True, known=False)
    mask, flexible = _read_availability(raw.lower(), default_days)
    hours = np.frombuffer(mask, dtype=bool).copy()
    if not hours.any():
        # Nothing left: the words contradict each other or were misread ("ga bisa" of
        # every hour). Not "never available": unknown, as an empty text is.
        return Schedule(raw, (_grid(list(range(7)), [(6, 22)]),), flexible=True, known=False)
    return Schedule(raw, (hours,), flexible=flexible)


@lru_cache(maxsize=8192)
def _read_availability(low: str, default_days: tuple[int, ...]) -> tuple[bytes, bool]:
    """The mask (as bytes: many people type the same words) and whether it is "any time"."""
    slots = [s for clause in _clauses(_normalise(low)) for s in _slots(clause)]
    flexible = any(s.anytime and s.polarity == "pos" for s in slots) and all(
        s.polarity == "pos" for s in slots
    )
    return _resolve(slots, default_days).tobytes(), flexible


def parse_schedule(
    text: str | None, *, default_days: tuple[int, ...] = tuple(range(7))
) -> Schedule:
    """Parse a person's availability text (or, with other ``default_days``, a job's).

    ``default_days`` applies when the text names no day: every day for a person's
    availability, Monday-Saturday for a job (see :func:`parse_job_schedule`). Any other
    value than every day reads the text as a formal job schedule, as before.
    """
    if default_days != tuple(range(7)):
        return _parse_formal(text, default_days)
    return _parse_availability(text, default_days)


def _parse_formal(text: str | None, default_days: tuple[int, ...]) -> Schedule:
    """A formal schedule ("Senin-Jumat 08:00-17:00", "shift pagi ... / shift malam ...")."""
    raw = (text or "").strip()
    low = raw.lower()
    if not low:
        return Schedule(raw, (_grid(list(range(7)), [(6, 22)]),), flexible=True, known=False)
    if _ANYTIME.search(low) and not _TIME_RANGE.search(low):
        days = _days(low) or list(range(7))
        return Schedule(raw, (_grid(days, [(0, 24)]),), flexible=True)
    alternatives, stated = [], True
    for part in re.split(r"\s/\s|\batau\b|\bor\b", low):
        days = _days(part) or _days(low) or list(default_days)
        hours = _hours(part) or _hours(low)
        if not hours:
            stated = False
            hours = [(8, 17)] if default_days != tuple(range(7)) else [(6, 22)]
        alternatives.append(_grid(days, hours))
    return Schedule(raw, tuple(alternatives), stated=stated)


def parse_job_schedule(text: str | None, home_based: bool = False) -> Schedule:
    schedule = _parse_formal(text, (0, 1, 2, 3, 4, 5))
    if home_based:
        return Schedule(schedule.text, schedule.alternatives, flexible=True, known=schedule.known,
                        stated=schedule.stated)  # fmt: skip
    return schedule


def parse_programme_schedule(text: str | None, online: bool = False) -> Schedule:
    """A training or entrepreneurship programme's schedule.

    An online programme that writes its hours is a live class and meets at those hours:
    its schedule part is the share of them in the person's free time, as for a class in
    a room ("online, Selasa dan Kamis 19:00-21:00" is no fit for "pagi saja"), and the
    card says when it meets (``SchedulePart.explain``). Unlike a room's, its hours never
    rule it out (``stated`` False for the schedule rule): people write their free time
    for work ("senin-jumat jam kantor"), and two evening hours at home are for the
    counselor to ask about; the hand-judged profiles accept such a class for that
    person. An online programme that writes no hours, or "kapan saja"/"fleksibel", is
    followed at one's own pace and fits any availability. (A home-based job is flexible
    whatever it writes: :func:`parse_job_schedule`.)"""
    schedule = _parse_formal(text, (0, 1, 2, 3, 4, 5))
    if online:
        own_pace = schedule.flexible or not schedule.stated
        return Schedule(schedule.text, schedule.alternatives, flexible=own_pace,
                        known=schedule.known, stated=False)  # fmt: skip
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
    stated: np.ndarray | None = None  # (n,) bool: hours written (Schedule.stated); None: all

    def take(self, idx: np.ndarray) -> JobMasks:
        stated = None if self.stated is None else self.stated[idx]
        return JobMasks(self.alts[:, idx], self.need[:, idx], self.flexible[idx], stated=stated)

    def hours_stated(self) -> np.ndarray:
        """(n,) bool: which jobs wrote their hours."""
        if self.stated is None:
            return np.ones(len(self.flexible), dtype=bool)
        return self.stated


def stack_jobs(jobs: list[Schedule]) -> JobMasks:
    max_alts = max((len(j.alternatives) for j in jobs), default=0)
    alts = np.zeros((max_alts, len(jobs), HOURS), dtype=np.float32)
    for k in range(max_alts):
        for i, j in enumerate(jobs):
            if j.alternatives:
                alts[k, i] = j.alternatives[min(k, len(j.alternatives) - 1)]
    need = np.maximum(alts.sum(axis=2), 1.0)
    flexible = np.array([j.flexible for j in jobs], dtype=bool)
    stated = np.array([getattr(j, "stated", True) for j in jobs], dtype=bool)
    if not len(jobs):
        return JobMasks(alts, need, flexible, stated=stated)
    # One key per job: its alternatives' hours, whether it is flexible, whether its hours
    # were written.
    keys = np.concatenate(
        [alts.transpose(1, 0, 2).reshape(len(jobs), -1), flexible[:, None], stated[:, None]],
        axis=1,
    )
    first, inverse = distinct_rows(keys)
    distinct = JobMasks(alts[:, first], need[:, first], flexible[first], stated=stated[first])
    return JobMasks(alts, need, flexible, distinct, inverse, stated=stated)


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
