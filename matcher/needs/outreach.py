"""Outreach texts for a programme or vacancy: a WhatsApp message and a printable flyer.

Deterministic templates in Bahasa Indonesia (no language model). The message stays
under :data:`WHATSAPP_LIMIT` characters: when it is too long, the skills list and then
the description are shortened, never the schedule, place or how to register. Text that
came from users is cleaned for WhatsApp (its ``*_~`` markers would restyle the message)
and HTML-escaped in the flyer.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from matcher.db.enums import parse
from matcher.domain import (
    Education,
    JobPosting,
    TargetGender,
    TargetSegment,
    TrainingProgram,
    WorkType,
)

WHATSAPP_LIMIT = 700
HUB = "Pusat Layanan Terpadu Kelurahan Tanjung Barat"
HUB_HOW = f"datang ke {HUB} (Senin-Jumat 08.00-15.00)"
_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember")  # fmt: skip
_WORK = {WorkType.FULL_TIME: "penuh waktu", WorkType.PART_TIME: "paruh waktu",
         WorkType.SHIFT: "shift", WorkType.HOME_BASED: "dari rumah"}  # fmt: skip


class Paper(StrEnum):
    A5 = "A5"
    A4 = "A4"


@dataclass(frozen=True)
class OutreachText:
    item_id: str
    text: str
    limit: int
    shortened: bool  # skills or description were cut to fit

    @property
    def length(self) -> int:
        return len(self.text)

    @property
    def fits(self) -> bool:
        return self.length <= self.limit


def clean(text: object) -> str:
    """One line of user text, without control characters or WhatsApp style markers."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", str(text or ""))
    return " ".join(re.sub(r"[*_~`]", "", text).split())


def tanggal(d: date | None) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}" if d else ""


def rupiah(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")


def _age(lo: int | None, hi: int | None) -> str:
    if lo and hi:
        return f"usia {lo}-{hi} tahun"
    if lo:
        return f"usia minimal {lo} tahun"
    if hi:
        return f"usia maksimal {hi} tahun"
    return ""


def _who_program(p: TrainingProgram) -> str:
    parts = []
    if p.target_segment is TargetSegment.WOMAN_ENTREPRENEUR:
        parts.append("perempuan pelaku usaha")
    elif p.target_segment is TargetSegment.YOUTH:
        parts.append("pemuda pencari kerja")
    elif p.target_gender is TargetGender.FEMALE:
        parts.append("perempuan")
    elif p.target_gender is TargetGender.MALE:
        parts.append("laki-laki")
    else:
        parts.append("warga umum")
    parts.append(_age(p.min_age, p.max_age))
    if p.min_education > Education.TIDAK_SEKOLAH:
        parts.append(f"pendidikan minimal {p.min_education.label}")
    return ", ".join(x for x in parts if x)


def _who_vacancy(v: JobPosting) -> str:
    parts = [_age(v.min_age, v.max_age)]
    if v.min_education > Education.TIDAK_SEKOLAH:
        parts.append(f"pendidikan minimal {v.min_education.label}")
    return ", ".join(x for x in parts if x) or "terbuka untuk umum"


def _skills(items: tuple[str, ...], keep: int) -> str:
    shown = [clean(s) for s in items[:keep] if clean(s)]
    more = len(items) - len(shown)
    return ", ".join(shown) + (f" (+{more} lagi)" if more > 0 and shown else "")


def _cut(text: str, n: int) -> str:
    text = clean(text)
    if len(text) <= n:
        return text
    return text[: max(n - 1, 0)].rsplit(" ", 1)[0] + "…" if n > 1 else ""


def program_lines(p: TrainingProgram, contact: str, keep: int, desc: int) -> list[str]:
    place = "Online" if p.online or not p.kelurahan else f"Kel. {clean(p.kelurahan)}"
    if p.online and p.kelurahan:
        place = f"Online / Kel. {clean(p.kelurahan)}"
    start = f", mulai {tanggal(p.start_date)}" if p.start_date else ""
    length = f", {p.duration_days} hari" if p.duration_days else ""
    lines = [
        f"*{clean(p.title)}*",
        f"oleh {clean(p.provider)}",
        _cut(p.description, desc),
        "",
        f"👥 Untuk: {_who_program(p)}",
        f"🗓️ Jadwal: {clean(p.schedule) or 'menyusul'}{start}{length}",
        f"📍 Tempat: {place}",
        f"💰 Biaya: {'GRATIS' if p.cost == 0 else rupiah(p.cost)}",
    ]
    if p.seats:
        lines.append(f"🎟️ Kuota: {p.seats_left} kursi tersisa")
    if p.skills_taught and keep:
        lines.append(f"📚 Materi: {_skills(p.skills_taught, keep)}")
    how = f"hubungi {clean(contact)} atau {HUB_HOW}" if contact else HUB_HOW
    lines += ["", f"✅ Cara daftar: {how}. Sebut kode {clean(p.id)}."]
    return lines


def vacancy_lines(v: JobPosting, contact: str, keep: int, desc: int) -> list[str]:
    lines = [
        f"*Lowongan: {clean(v.title)}*",
        f"di {clean(v.employer)}",
        _cut(v.description, desc),
        "",
        f"👥 Untuk: {_who_vacancy(v)}",
        f"🧑‍🔧 Dibutuhkan: {v.openings} orang",
        f"🗓️ Jadwal: {clean(v.schedule) or 'menyusul'} ({_WORK[v.work_type]})",
        f"📍 Lokasi: {'dari rumah' if v.work_type is WorkType.HOME_BASED else ''}"
        f"{'' if v.work_type is WorkType.HOME_BASED else 'Kel. ' + clean(v.kelurahan)}",
    ]
    if v.wage:
        lines.append(f"💰 Gaji: {rupiah(v.wage)}/bulan")
    if v.required_skills and keep:
        lines.append(f"🛠️ Keahlian: {_skills(v.required_skills, keep)}")
    if v.closing_date:
        lines.append(f"⏳ Lamar sebelum: {tanggal(v.closing_date)}")
    how = f"hubungi {clean(contact)} atau {HUB_HOW}" if contact else HUB_HOW
    lines += ["", f"✅ Cara melamar: {how}. Sebut kode {clean(v.id)}."]
    return lines


def message(
    item: TrainingProgram | JobPosting, *, contact: str = "", limit: int = WHATSAPP_LIMIT
) -> OutreachText:
    """The WhatsApp / social-media text for ``item``, shortened to fit ``limit``."""
    build = program_lines if isinstance(item, TrainingProgram) else vacancy_lines
    # Shorten in steps: fewer skills, then a shorter description, then none of either.
    for step, (keep, desc) in enumerate(((6, 160), (4, 100), (3, 60), (2, 0), (0, 0))):
        text = "\n".join(line for line in build(item, contact, keep, desc) if line is not None)
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
        if len(text) <= limit:
            return OutreachText(item.id, text, limit, shortened=step > 0)
    return OutreachText(item.id, text, limit, shortened=True)


_FLYER_CSS = """
@page { size: %(paper)s; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", Arial, sans-serif; color: #1a1a1a; margin: 0; }
.flyer { max-width: %(width)s; margin: 0 auto; padding: 8mm; border: 3px solid #0b6e4f; }
h1 { font-size: %(h1)s; margin: 0 0 4px; color: #0b6e4f; }
.org { font-size: 1.05em; margin: 0 0 10px; }
.desc { font-size: 1em; margin: 0 0 10px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 10px; margin: 0 0 10px; }
dt { font-weight: bold; } dd { margin: 0; }
.how { background: #e8f5ef; padding: 8px; font-size: 1.1em; font-weight: bold; }
.code { font-family: monospace; }
footer { margin-top: 10px; font-size: 0.8em; color: #555; }
@media print { .flyer { border-width: 2px; } }
"""


def flyer_html(
    item: TrainingProgram | JobPosting, *, contact: str = "", paper: Paper | str = Paper.A5
) -> str:
    """A one-page printable flyer (HTML with print CSS); every user text is escaped."""
    paper = parse(Paper, paper, "paper")
    lines = (program_lines if isinstance(item, TrainingProgram) else vacancy_lines)(
        item, contact, 8, 400
    )
    e = html.escape
    title, org, desc = (clean(x).strip("*") for x in lines[:3])
    rows = []
    how = ""
    for line in lines[3:]:
        if not line:
            continue
        label, _, value = line.partition(": ")
        label = re.sub(r"^[^\w]+", "", label).strip()
        if label.startswith("Cara"):
            how = f"<p class='how'>{e(label)}: {e(value)}</p>"
        else:
            rows.append(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>")
    css = _FLYER_CSS % {
        "paper": paper.value,
        "width": "128mm" if paper is Paper.A5 else "186mm",
        "h1": "1.7em" if paper is Paper.A5 else "2.2em",
    }
    return (
        "<!DOCTYPE html>\n<html lang='id'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{e(title)}</title><style>{css}</style></head><body>"
        f"<article class='flyer'><h1>{e(title)}</h1><p class='org'>{e(org)}</p>"
        f"<p class='desc'>{e(desc)}</p><dl>{''.join(rows)}</dl>{how}"
        f"<footer>{e(HUB)} · kode <span class='code'>{e(clean(item.id))}</span></footer>"
        "</article></body></html>\n"
    )


def load_item(session, item_id: str) -> tuple[TrainingProgram | JobPosting, str]:
    """The programme or vacancy with this id and its partner's contact line."""
    from matcher.db.repository import ProgramRepository, VacancyRepository
    from matcher.errors import UnknownRecordError
    from matcher.needs.partners import PartnerRepository, contact_line

    programs, vacancies = ProgramRepository(session), VacancyRepository(session)
    if programs.exists(item_id):
        item = programs.get(item_id).program
        owner = item.provider
    elif vacancies.exists(item_id):
        item = vacancies.get(item_id).posting
        owner = item.employer
    else:
        raise UnknownRecordError("programme or vacancy", item_id)
    return item, contact_line(PartnerRepository(session).find(owner))
