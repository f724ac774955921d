"""The partner directory: who is in the collaboration, what they offer, what they run.

Every programme belongs to its provider and every vacancy to its employer, linked by
name (case and spacing ignored). :func:`ensure_partners` creates a partner for every
provider and employer already stored, plus the community groups, the manpower office
and a university that the sample data do not name, so the directory is never empty.
Only admins edit partners (``Permission.MANAGE_PARTNERS``); every write is audited.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import select

from matcher.auth import Permission, require_permission
from matcher.db.audit import AuditedRepository
from matcher.db.enums import parse
from matcher.db.records import ProgramRecord, User, VacancyRecord
from matcher.db.repository import ProgramRepository, VacancyRepository
from matcher.db.types import utcnow
from matcher.errors import UnknownRecordError
from matcher.needs.models import PartnerRow, PartnerType

SYSTEM_USER = "system"
EDITABLE = ("name", "partner_type", "contact_person", "phone", "email", "kelurahan",
            "offers", "notes", "active")  # fmt: skip


@dataclass(frozen=True)
class Partner:
    id: int
    name: str
    partner_type: PartnerType
    contact_person: str
    phone: str
    email: str
    kelurahan: str
    offers: str
    notes: str
    active: bool
    version_id: int
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True)
class PartnerListing:
    """A partner with the programmes and vacancies that carry its name."""

    partner: Partner
    programs: tuple[ProgramRecord, ...]
    vacancies: tuple[VacancyRecord, ...]


def name_key(name: str) -> str:
    """How names are compared: case-folded, inner spaces collapsed."""
    return " ".join(str(name).casefold().split())


def _record(row: PartnerRow) -> Partner:
    return Partner(**{f.name: getattr(row, f.name) for f in fields(Partner)})


class PartnerRepository(AuditedRepository):
    entity = "partner"

    def _row(self, partner_id: int) -> PartnerRow:
        row = self.session.get(PartnerRow, partner_id)
        if row is None:
            raise UnknownRecordError("partner", str(partner_id))
        return row

    def get(self, partner_id: int) -> Partner:
        return _record(self._row(partner_id))

    def find(self, name: str) -> Partner | None:
        row = self.session.scalar(select(PartnerRow).where(PartnerRow.name_key == name_key(name)))
        return _record(row) if row is not None else None

    def list(
        self, *, partner_type: PartnerType | str | None = None, active_only: bool = False
    ) -> list[Partner]:
        query = select(PartnerRow).order_by(PartnerRow.partner_type, PartnerRow.name)
        if partner_type is not None:
            query = query.where(
                PartnerRow.partner_type == parse(PartnerType, partner_type, "partner_type")
            )
        if active_only:
            query = query.where(PartnerRow.active.is_(True))
        return [_record(r) for r in self.session.scalars(query)]

    def add(self, name: str, partner_type: PartnerType | str, *, who: str, **values) -> Partner:
        """Store a new partner; ``values`` are any of the other editable fields."""
        clean = _clean({"name": name, "partner_type": partner_type, **values})
        if self.find(clean["name"]) is not None:
            raise ValueError(f"a partner named {clean['name']!r} already exists; edit it instead")
        now = utcnow()
        row = PartnerRow(
            name_key=name_key(clean["name"]),
            created_at=now, updated_at=now, created_by=who, updated_by=who,
            **{k: clean.get(k, "") for k in EDITABLE if k != "active"},
            active=clean.get("active", True),
        )  # fmt: skip
        return _record(self._insert(row, who=who))

    def update(self, partner_id: int, *, expected_version: int, who: str, **changes) -> Partner:
        """Change editable fields under the optimistic lock (``ConcurrentEditError``)."""
        clean = _clean(changes)
        row = self._row(partner_id)
        if "name" in clean:
            other = self.find(clean["name"])
            if other is not None and other.id != partner_id:
                raise ValueError(f"another partner is already named {clean['name']!r}")

        def apply() -> None:
            for key, value in clean.items():
                setattr(row, key, value)
            row.name_key = name_key(row.name)

        self._update(row, apply, who=who, expected_version=expected_version)
        return _record(row)


def _clean(values: dict) -> dict:
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise ValueError(f"unknown partner field(s) {unknown}; allowed: {', '.join(EDITABLE)}")
    out = {}
    for key, value in values.items():
        if key == "partner_type":
            out[key] = parse(PartnerType, value, "partner_type")
        elif key == "active":
            out[key] = bool(value)
        else:
            text = str(value or "")
            # Free-text fields keep their line breaks; names and contacts are one line.
            out[key] = text.strip() if key in ("offers", "notes") else " ".join(text.split())
    if "name" in out and not out["name"]:
        raise ValueError("name='' is not allowed; a partner needs a name")
    return out


# --- first run -------------------------------------------------------------------------

# Partners the sample files do not name; fictional but shaped like the real ones.
EXTRA_PARTNERS: tuple[dict, ...] = (
    dict(name="Sudinakertrans Jakarta Selatan", partner_type=PartnerType.GOVERNMENT,
         contact_person="Bapak Hendra Wijaya (fiktif)", kelurahan="Kebagusan",
         offers="Informasi pasar kerja, bursa kerja, rujukan ke PPKD, kartu kuning (AK/1)"),
    dict(name="Kelurahan Tanjung Barat", partner_type=PartnerType.GOVERNMENT,
         contact_person="Ibu Ratna Sari (fiktif)", kelurahan="Tanjung Barat",
         offers="Ruang pertemuan, data warga, surat pengantar, koordinasi RW"),
    dict(name="PKK Kelurahan Tanjung Barat", partner_type=PartnerType.COMMUNITY,
         contact_person="Ibu Yuli Astuti (fiktif)", kelurahan="Tanjung Barat",
         offers="Jaringan kader PKK per RW, sosialisasi ke ibu rumah tangga, bazar UMKM"),
    dict(name="Karang Taruna RW 05 Tanjung Barat", partner_type=PartnerType.COMMUNITY,
         contact_person="Dimas Pratama (fiktif)", kelurahan="Tanjung Barat",
         offers="Penjangkauan pemuda putus sekolah, ruang belajar, relawan pendataan"),
    dict(name="Karang Taruna Kelurahan Lenteng Agung", partner_type=PartnerType.COMMUNITY,
         contact_person="Rizky Ramadhan (fiktif)", kelurahan="Lenteng Agung",
         offers="Relawan pendataan, info lowongan lewat grup WhatsApp pemuda"),
    dict(name="Universitas Cendekia Jagakarsa (fiktif)", partner_type=PartnerType.UNIVERSITY,
         contact_person="Dr. Anita Kusumawati (fiktif)", kelurahan="Srengseng Sawah",
         offers="Mahasiswa KKN sebagai mentor, pelatihan literasi digital, riset evaluasi"),
    dict(name="LSM Jaringan Pemuda Mandiri (fiktif)", partner_type=PartnerType.NGO,
         contact_person="Sri Wulandari (fiktif)", kelurahan="Jagakarsa",
         offers="Konseling karier, pendampingan Paket C, kelas soft skill"),
)  # fmt: skip

_GIVEN = ("Agus", "Budi", "Dewi", "Eka", "Fitri", "Joko", "Lestari", "Maya", "Nur",
          "Putri", "Rahmat", "Siti", "Taufik", "Wati", "Yanto", "Indah")  # fmt: skip
_FAMILY = ("Saputra", "Hidayat", "Lubis", "Nasution", "Rahayu", "Santoso", "Kurniawan",
           "Permata", "Setiawan", "Wibowo", "Susanti", "Harahap")  # fmt: skip


def guess_type(name: str, *, employer: bool = False) -> PartnerType:
    """The partner type a provider's name suggests; an employer is always an employer.

    (A koperasi or yayasan that posts vacancies is there as an employer.)
    """
    if employer:
        return PartnerType.EMPLOYER
    key = name_key(name)
    rules = (
        # Community first: "PKK Kelurahan X" is a community group, not the kelurahan.
        (("pkk", "karang taruna", "koperasi", "rw ", "posyandu"), PartnerType.COMMUNITY),
        (("sudin", "ppkd", "blk ", "jakpreneur", "kelurahan ", "dinas "), PartnerType.GOVERNMENT),
        (("universitas", "politeknik", "institut", "sekolah tinggi"), PartnerType.UNIVERSITY),
        (("yayasan", "lsm", "perkumpulan"), PartnerType.NGO),
    )
    for words, kind in rules:
        if any(key.startswith(w) or f" {w}" in f" {key}" for w in words):
            return kind
    return PartnerType.TRAINING_PROVIDER


def _fictional_contact(name: str) -> str:
    # Deterministic, so a re-created demo database shows the same contacts.
    h = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    return f"{_GIVEN[h % len(_GIVEN)]} {_FAMILY[(h // 97) % len(_FAMILY)]} (fiktif)"


def _fictional_phone(name: str) -> str:
    h = int(hashlib.sha256(("tel" + name).encode()).hexdigest(), 16)
    return f"0812-{h % 10000:04d}-{(h // 10000) % 10000:04d}"


def ensure_partners(session, *, who: str = SYSTEM_USER) -> list[str]:
    """Create the partners that are missing; return their names (idempotent).

    One partner per provider and employer stored in ``programs`` / ``vacancies``, plus
    :data:`EXTRA_PARTNERS`. Existing partners (matched by name) are left untouched.
    """
    repo = PartnerRepository(session)
    programs = ProgramRepository(session).list()
    vacancies = VacancyRepository(session).list()
    wanted: dict[str, dict] = {}
    for extra in EXTRA_PARTNERS:
        wanted.setdefault(name_key(extra["name"]), dict(extra))
    by_provider: dict[str, list[str]] = {}
    for rec in programs:
        by_provider.setdefault(rec.program.provider, []).append(rec.program.title)
    for provider, titles in by_provider.items():
        wanted.setdefault(name_key(provider), dict(
            name=provider, partner_type=guess_type(provider),
            offers="Pelatihan: " + "; ".join(sorted(set(titles))[:6]),
        ))  # fmt: skip
    by_employer: dict[str, list[str]] = {}
    for rec in vacancies:
        by_employer.setdefault(rec.employer, []).append(rec.posting.title)
    for employer, titles in by_employer.items():
        wanted.setdefault(name_key(employer), dict(
            name=employer, partner_type=guess_type(employer, employer=True),
            offers="Lowongan kerja: " + "; ".join(sorted(set(titles))[:6]),
        ))  # fmt: skip
    known = set(session.scalars(select(PartnerRow.name_key)))
    created = []
    for key, values in wanted.items():
        if key in known:
            continue
        values.setdefault("contact_person", _fictional_contact(values["name"]))
        values.setdefault("phone", _fictional_phone(values["name"]))
        repo.add(who=who, **values)
        created.append(values["name"])
    return created


# --- reading and editing from the app ---------------------------------------------------


def partner_directory(
    session, *, partner_type: PartnerType | str | None = None
) -> list[PartnerListing]:
    """Every partner with its programmes and vacancies (linked by name)."""
    programs: dict[str, list[ProgramRecord]] = {}
    for rec in ProgramRepository(session).list():
        programs.setdefault(name_key(rec.program.provider), []).append(rec)
        if rec.partner:
            programs.setdefault(name_key(rec.partner), []).append(rec)
    vacancies: dict[str, list[VacancyRecord]] = {}
    for rec in VacancyRepository(session).list():
        vacancies.setdefault(name_key(rec.employer), []).append(rec)
    return [
        PartnerListing(p, tuple(programs.get(name_key(p.name), ())),
                       tuple(vacancies.get(name_key(p.name), ())))
        for p in PartnerRepository(session).list(partner_type=partner_type)
    ]  # fmt: skip


def unlinked_names(session) -> dict[str, list[str]]:
    """Providers and employers that no partner carries (run :func:`ensure_partners`)."""
    known = {name_key(p.name) for p in PartnerRepository(session).list()}
    providers = {r.program.provider for r in ProgramRepository(session).list()}
    employers = {r.employer for r in VacancyRepository(session).list()}
    return {
        "providers": sorted(n for n in providers if name_key(n) not in known),
        "employers": sorted(n for n in employers if name_key(n) not in known),
    }


def save_partner(
    session, user: User | None, *, partner_id: int | None = None,
    expected_version: int | None = None, **values,
) -> Partner:  # fmt: skip
    """Create (``partner_id=None``) or edit a partner; only admins may."""
    user = require_permission(user, Permission.MANAGE_PARTNERS)
    repo = PartnerRepository(session)
    if partner_id is None:
        name, kind = values.pop("name", ""), values.pop("partner_type", PartnerType.COMMUNITY)
        return repo.add(name, kind, who=user.username, **values)
    if expected_version is None:
        raise ValueError("editing a partner needs expected_version (the version loaded)")
    return repo.update(partner_id, expected_version=expected_version, who=user.username, **values)


def providers_by_name(session) -> dict[str, Partner]:
    """Partners keyed by :func:`name_key`, for looking up contacts of a programme."""
    return {name_key(p.name): p for p in PartnerRepository(session).list()}


def contact_line(partner: Partner | None) -> str:
    """ "Name (phone)" of the contact person, or '' when unknown."""
    if partner is None or not partner.contact_person:
        return ""
    return partner.contact_person + (f" ({partner.phone})" if partner.phone else "")


def types_in(partners: Iterable[Partner]) -> dict[PartnerType, int]:
    counts = {t: 0 for t in PartnerType}
    for p in partners:
        counts[p.partner_type] += 1
    return counts
