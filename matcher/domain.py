"""The domain: people, programs and vacancies as plain frozen dataclasses.

Everything else (loaders, the database, the engine) speaks in these types. Lists are
tuples so that records stay hashable and immutable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum


class Education(IntEnum):
    """Highest completed education, ordered so that ``>=`` means "at least"."""

    TIDAK_SEKOLAH = 0  # no schooling / SD not completed
    SD = 1
    SMP = 2
    SMA = 3  # SMA, SMK, MA, Paket C
    DIPLOMA = 4  # D1-D3
    S1 = 5  # S1 / D4
    S2 = 6

    @property
    def label(self) -> str:
        return {
            0: "Tidak sekolah",
            1: "SD",
            2: "SMP",
            3: "SMA/SMK",
            4: "Diploma (D1-D3)",
            5: "S1/D4",
            6: "S2/S3",
        }[int(self)]


class Gender(StrEnum):
    FEMALE = "P"  # perempuan
    MALE = "L"  # laki-laki


class TargetGender(StrEnum):
    ANY = "semua"
    FEMALE = "P"
    MALE = "L"


class Segment(StrEnum):
    YOUTH = "pemuda"  # young jobseeker, roughly 16-29
    WOMAN_ENTREPRENEUR = "perempuan_wirausaha"


class TargetSegment(StrEnum):
    ANY = "semua"
    YOUTH = "pemuda"
    WOMAN_ENTREPRENEUR = "perempuan_wirausaha"


class BusinessStage(StrEnum):
    IDEA = "ide"
    STARTING = "rintisan"  # started, under a year or informal
    GROWING = "berkembang"


class ProgramType(StrEnum):
    VOCATIONAL = "vokasi"  # PPKD/BLK-style vocational course
    ENTREPRENEURSHIP = "kewirausahaan"  # Jakpreneur-style business programme


class ProgramCategory(StrEnum):
    """Finer kind of programme; the three entrepreneurship kinds come from the brief."""

    COURSE = "kursus"  # vocational course
    MENTORING = "pendampingan"
    BUSINESS_TRAINING = "pelatihan_usaha"
    MARKET_ACCESS = "akses_pasar"


class WorkType(StrEnum):
    FULL_TIME = "penuh_waktu"
    PART_TIME = "paruh_waktu"
    SHIFT = "shift"
    HOME_BASED = "dari_rumah"


class OpportunityKind(StrEnum):
    VACANCY = "vacancy"
    TRAINING = "training"
    ENTREPRENEURSHIP = "entrepreneurship"


@dataclass(frozen=True)
class Jobseeker:
    id: str  # pseudonymous, e.g. "JS-0001"
    age: int
    gender: Gender
    kelurahan: str
    education: Education
    segment: Segment
    skills: tuple[str, ...] = ()
    experience: str = ""
    interests: str = ""
    availability: str = ""  # free text, e.g. "pagi saja karena antar anak sekolah"
    max_travel_km: float = 10.0
    expected_wage: int | None = None  # rupiah per month, optional
    languages: tuple[str, ...] = ("Bahasa Indonesia",)
    disability: str = ""  # accommodations needed, empty if none
    business_description: str = ""
    business_stage: BusinessStage | None = None
    name: str = ""  # personal data: never shown to employers before referral
    phone: str = ""
    registered_on: date | None = None

    def profile_text(self) -> str:
        """The text that stands for this person in semantic matching."""
        parts = [
            ", ".join(self.skills),
            self.experience,
            self.interests,
            self.business_description,
        ]
        return ". ".join(p.strip() for p in parts if p and p.strip())


@dataclass(frozen=True)
class TrainingProgram:
    id: str
    provider: str
    title: str
    program_type: ProgramType
    description: str = ""
    skills_taught: tuple[str, ...] = ()
    category: ProgramCategory = ProgramCategory.COURSE
    min_age: int | None = None
    max_age: int | None = None
    target_gender: TargetGender = TargetGender.ANY
    target_segment: TargetSegment = TargetSegment.ANY
    min_education: Education = Education.TIDAK_SEKOLAH
    schedule: str = ""  # e.g. "Senin-Jumat 08:00-12:00"
    kelurahan: str = ""  # empty when online only
    online: bool = False
    cost: int = 0  # rupiah; most hub programmes are free
    seats: int = 0
    seats_filled: int = 0
    start_date: date | None = None
    duration_days: int | None = None

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.seats_filled, 0)

    @property
    def kind(self) -> OpportunityKind:
        if self.program_type is ProgramType.ENTREPRENEURSHIP:
            return OpportunityKind.ENTREPRENEURSHIP
        return OpportunityKind.TRAINING

    def text(self) -> str:
        return ". ".join(
            p for p in (self.title, self.description, ", ".join(self.skills_taught)) if p
        )


@dataclass(frozen=True)
class JobPosting:
    id: str
    employer: str
    title: str
    description: str = ""
    required_skills: tuple[str, ...] = ()
    nice_skills: tuple[str, ...] = ()
    min_education: Education = Education.TIDAK_SEKOLAH
    kelurahan: str = ""
    work_type: WorkType = WorkType.FULL_TIME
    schedule: str = ""  # e.g. "Senin-Sabtu 07:00-15:00" or "shift malam 22:00-06:00"
    wage: int | None = None  # rupiah per month
    openings: int = 1
    closing_date: date | None = None
    min_age: int | None = None
    max_age: int | None = None
    title_aliases: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> OpportunityKind:
        return OpportunityKind.VACANCY

    def text(self) -> str:
        return ". ".join(
            p
            for p in (
                self.title,
                self.description,
                ", ".join(self.required_skills),
                ", ".join(self.nice_skills),
            )
            if p
        )


Opportunity = JobPosting | TrainingProgram
