"""What a business asks of an entrepreneurship programme.

A programme serves a business in one of two ways (docs/evaluation.md, "Profiles"):

- **general-purpose**: it teaches what any small business may need (bookkeeping,
  capital, permits, packaging, online selling, market access, customer service, starting
  out). Each such skill hits a topic of ``resources/business_topics_id.csv``; the
  programme serves a person whose own words (interests, business description) name one of
  its topics: those its title names, or when the title names none, its skills'
  (:func:`programme_topics`);
- **trade-specific**: it also teaches a trade (cakes, sewing, laundry...): one of its
  skills names no general topic. It serves only a business its skills or text link it to
  (:mod:`matcher.scoring.evidence`).

A programme whose *title* names a sector ("Pendampingan UMKM Kuliner", "Usaha Jahit &
Fashion") is for businesses of that sector: it serves a business whose text names sectors
only if one of them is the programme's (:func:`sectors`, ``resources/business_sectors_id.csv``;
the rule is in :func:`matcher.scoring.evidence.programme_bits`). A business whose words
name no sector, and a programme whose title names none, are not judged by sector.

A programme whose *title* is about selling products (a marketplace, product photos,
packaging, a bazaar or fair: ``goods_programme`` cues of ``resources/business_goods_id.csv``)
does not serve a business that only gives a service: one whose words name only service
sectors (``SERVICE_SECTORS``: beauty, household services, repairs) and no goods it sells
(``sells`` cues). A laundry needs no marketplace onboarding; a salon that also sells
skincare may.

People who do not describe a business but write that they want to start one ("pengen
buka usaha sendiri", "mau mulai jualan online") are read here too: their wish is the
business a programme may serve, and starting out is their need.

The topic cues and the wish phrases are general Indonesian business wording (informal
spellings included), not words taken from any evaluation profile. The sector cues (what
a business makes or sells, or the service it gives) and the goods cues were written by
helpers that had read neither the evaluation profiles nor the sample catalogue.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from matcher.domain import BusinessStage, Jobseeker, TrainingProgram

TOPICS_CSV = Path(__file__).resolve().parents[1] / "resources" / "business_topics_id.csv"
SECTORS_CSV = Path(__file__).resolve().parents[1] / "resources" / "business_sectors_id.csv"
GOODS_CSV = Path(__file__).resolve().parents[1] / "resources" / "business_goods_id.csv"
# Sectors whose businesses give a service rather than sell goods (business_sectors_id.csv).
SERVICE_SECTORS = frozenset({"kecantikan", "jasa_rumah_tangga", "otomotif_servis"})
START = "mulai"  # the topic of starting a business: an idea-stage owner's need
# Indonesian suffixes a cue may carry ("pembukuannya", "promosikan").
_SUFFIX = r"(?:nya|an|kan|in)?"
# A word repeated as people type it ("toko oleh2", "toko oleh-oleh", "kue2an") is read as
# the word: the plural still names the topic or sector.
_REPEATED = re.compile(r"\b([^\W\d_]+)(?:2|-\1)(?=\w*\b)", re.IGNORECASE)


def _read_cues(path: str | Path, key: str) -> dict[str, tuple[str, ...]]:
    cues: dict[str, list[str]] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            name, cue = (row.get(key) or "").strip(), (row.get("cue") or "").strip().lower()
            if not name or not cue:
                raise ValueError(
                    f"{path}, row {line}: {key}={name!r}, cue={cue!r}; allowed: both filled"
                )
            cues.setdefault(name, []).append(cue)
    return {t: tuple(c) for t, c in cues.items()}


def _compile(cues: dict[str, tuple[str, ...]]) -> dict[str, re.Pattern]:
    return {
        name: re.compile(
            r"(?<![\w-])(?:"
            + "|".join(re.escape(c) for c in sorted(cs, key=len, reverse=True))
            + r")"
            + _SUFFIX
            + r"(?![\w-])",
            re.IGNORECASE,
        )  # fmt: skip
        for name, cs in cues.items()
    }


@lru_cache(maxsize=1)
def topic_cues(path: str | Path = TOPICS_CSV) -> dict[str, tuple[str, ...]]:
    """topic -> its cue phrases (lower case), from the project's topic file."""
    return _read_cues(path, "topic")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    return _compile(topic_cues())


def _named(patterns: dict[str, re.Pattern], text: str) -> frozenset[str]:
    """The names (topics, sectors) whose cue pattern occurs in ``text``."""
    text = _REPEATED.sub(r"\1", text or "")
    return frozenset(name for name, rx in patterns.items() if rx.search(text))


def topics(text: str) -> frozenset[str]:
    """The general business topics a text names."""
    return _named(_patterns(), text)


@lru_cache(maxsize=1)
def sector_cues(path: str | Path = SECTORS_CSV) -> dict[str, tuple[str, ...]]:
    """sector -> its cue words (lower case), from the project's sector file: what a
    business makes or sells, or the service it gives ("kue", "jahit", "laundry")."""
    return _read_cues(path, "sector")


@lru_cache(maxsize=1)
def _sector_patterns() -> dict[str, re.Pattern]:
    return _compile(sector_cues())


def sectors(text: str) -> frozenset[str]:
    """The business sectors a text names."""
    return _named(_sector_patterns(), text)


def programme_sectors(program: TrainingProgram) -> frozenset[str]:
    """The sectors a programme's title names ("Pendampingan UMKM Kuliner": food): a
    programme that names its sectors is for businesses of those sectors."""
    return sectors(program.title)


@lru_cache(maxsize=1)
def _goods_patterns() -> dict[str, re.Pattern]:
    return _compile(_read_cues(GOODS_CSV, "kind"))


def gives_services_only(text: str) -> bool:
    """Whether a business text names only service sectors (``SERVICE_SECTORS``) and no
    goods it sells ("laundry kiloan", not "salon + jual skincare"); a sale after a
    negation sells nothing ("salon, belum mulai jualan")."""
    named = sectors(text)
    sells = _goods_patterns().get("sells")
    said = _REPEATED.sub(r"\1", text or "")
    if not named or not named <= SERVICE_SECTORS:
        return False
    # "belum mulai jualan", "ga jual apa2": a denied sale sells nothing.
    sales = sells.finditer(said) if sells else ()
    return not any(not _DENIED.search(said[: m.start()]) for m in sales)


def sells_goods(program: TrainingProgram) -> bool:
    """Whether a programme's title says it is about selling products (a marketplace,
    product photos, packaging, a bazaar): the title is its purpose, as for its topics."""
    cues = _goods_patterns().get("goods_programme")
    return bool(cues and cues.search(_REPEATED.sub(r"\1", program.title or "")))


def trade_skills(skills: Sequence[str]) -> list[str]:
    """The skills taught that name no general business topic: a trade."""
    return [s for s in skills if s.strip() and not topics(s)]


def programme_topics(program: TrainingProgram) -> frozenset[str]:
    """What a programme is for, as topics: those its title names; when the title names
    none, those of the skills it teaches. A title says the programme's purpose, its skills
    its curriculum: a marketplace onboarding that also files the NIB is not a permit
    programme, a bazaar that also labels products not a packaging one."""
    return topics(program.title) or topics(" ; ".join(program.skills_taught))


def is_general(program: TrainingProgram) -> bool:
    """Whether every skill a programme teaches is a general business topic."""
    return not trade_skills(program.skills_taught)


# ---------------------------------------------------------------- the wish to start one
_NOT = r"(?:ga|gak|nggak|ngga|enggak|engga|gk|tidak|tdk|tak|belum|blm)"
_WANT = (
    r"(?:pengen|pengin|pingin|pgn|kepengen|ingin|mau|mo|rencana|rencananya|berencana|"
    r"niat|cita2|cita-cita|bercita-cita|mimpi|target|harap|berharap|plan|want)"
)
_START = (
    r"(?:buka|membuka|bikin|membuat|mulai|memulai|punya|memiliki|rintis|merintis|bangun|"
    r"membangun|jalanin|menjalankan|coba|nyoba|start|open)"
)
_BUSINESS = (
    r"(?:usaha|bisnis|business|warung|toko|olshop|online shop|jualan|dagang|berdagang|"
    r"kedai|lapak|booth|gerai|kios|katering|catering|jasa|brand|produksi)"
)
_GAP1 = r"(?:\W+\w+)??\W+"  # at most one word between
_GAP2 = r"(?:\W+\w+){0,2}?\W+"  # at most two words between
_WISH = re.compile(
    r"(?<!\w)" + _WANT + _GAP1 + _START + _GAP2 + _BUSINESS + r"(?!\w)"
    + r"|(?<!\w)" + _WANT + r"\W+(?:jualan|dagang|berdagang|berjualan|wirausaha|berwirausaha|"
    r"bisnis|usaha)(?!\w)"
    + r"|(?<!\w)(?:usaha|bisnis) sendiri(?!\w)"
    + r"|(?<!\w)jadi (?:pengusaha|wirausaha|wirausahawan|entrepreneur)(?!\w)",
    re.IGNORECASE,
)  # fmt: skip
_NEGATED = re.compile(r"(?<!\w)" + _NOT + r"\W+(?:\w+\W+)?$", re.IGNORECASE)
# A sale denied: the negation right before it, or one word before it, in the same clause
# ("belum mulai jualan"); not "gak cuma jualan" (not only), "tak lupa jual" (not forget).
_DENIED = re.compile(
    r"(?<!\w)" + _NOT + r"(?:\s+(?!(?:cuma|hanya|sekedar|sekadar|saja|lupa)\b)\w+)?\s+$",
    re.IGNORECASE,
)


def states_wish(text: str) -> bool:
    """Whether a text says its writer wants to start a business ("pengen buka usaha kue",
    "rencana jualan online"), and does not deny it ("ga mau buka usaha")."""
    text = text or ""
    return any(not _NEGATED.search(text[: m.start()]) for m in _WISH.finditer(text))


def runs_business(person: Jobseeker) -> bool:
    """Whether a person describes a business (a description or a business stage)."""
    return bool((person.business_description or "").strip() or person.business_stage)


def wants_business(person: Jobseeker) -> bool:
    """Whether a person without a business writes (interests, experience) that they want
    to start one."""
    return not runs_business(person) and states_wish(
        ". ".join([person.interests or "", person.experience or ""])
    )


def business_text(person: Jobseeker) -> str:
    """The text that stands for a person's business: its description; for one who wants to
    start a business, the interests and experience that say so; else ""."""
    if (person.business_description or "").strip():
        return person.business_description.strip()
    if wants_business(person):
        return ". ".join(p.strip() for p in (person.interests, person.experience) if p.strip())
    return ""


def needs(person: Jobseeker) -> frozenset[str]:
    """The general topics a person's business asks for: those her interests and business
    description name; starting out for an idea-stage business or a wish to start one."""
    found = set(topics(". ".join([person.interests or "", person.business_description or ""])))
    if person.business_stage is BusinessStage.IDEA or wants_business(person):
        found.add(START)
    return frozenset(found)
